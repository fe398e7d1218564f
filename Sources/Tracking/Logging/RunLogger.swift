import Foundation
import ZooCore

/// Logs one run: params, metrics, tags and artifacts are buffered in memory and written in
/// batched transactions — in the background when `batchSize` points are waiting (the logging
/// thread only waits when four batches are pending), every `flushInterval` on a background
/// timer, on `flush()`, at `finish`, and on SIGINT/SIGTERM once `RunInterruption.install()` was
/// called. A heartbeat is written at least every `heartbeatInterval` while the run lives.
///
/// Thread-safe: log from any thread. A write that fails (disk full, store locked for longer than
/// the busy timeout) keeps the batch in memory and makes the next logging call throw, so a task
/// stops cleanly; everything written before stays.
public final class RunLogger: @unchecked Sendable {
    /// Batching and timing.
    public struct Options: Sendable {
        /// Buffered metric points that start a background write; at four times as many, the
        /// logging call itself waits for the write.
        public var batchSize = 20_000
        /// How often the background timer writes what is buffered (seconds).
        public var flushInterval: TimeInterval = 1
        /// How often a heartbeat is written when nothing else is (seconds).
        public var heartbeatInterval: TimeInterval = 30
        /// Default options.
        public init() {}
    }

    /// The run this logger writes to.
    public let runID: Int64
    /// The store it writes into.
    public let store: TrackingStore
    /// Whether this process started the run (then an interruption marks it KILLED).
    public let ownsRun: Bool
    let options: Options

    private let lock = NSLock()        // guards the buffer and state below
    private let flushLock = NSLock()   // serialises writes, so batches land in order
    private var pending = PendingBatch()
    private var keyIndex: [String: Int32] = [:]
    private var nextStep: [Int64] = []
    private var knownParams: [String: String]
    private var failure: ZooError?
    private var ended = false
    private var flushScheduled = false
    private var lastWrite = Date()
    private var keyIDs: [Int64] = []   // database ids of `pending.keyNames`, known after a write; under flushLock
    private var timer: DispatchSourceTimer?

    /// A logger for run `runID`; one attaching to an existing run (`isNew` false) first reads
    /// its params and each metric's last step.
    init(store: TrackingStore, runID: Int64, ownsRun: Bool, isNew: Bool, options: Options) throws {
        self.store = store
        self.runID = runID
        self.ownsRun = ownsRun
        self.options = options
        let existing = isNew ? (params: [:], lastSteps: []) : try store.read { db in try BatchWriter.existingState(db, runID: runID) }
        knownParams = existing.params
        for (key, lastStep) in existing.lastSteps { _ = internKey(key, nextStep: lastStep + 1) }
        startTimer()
        ActiveRuns.shared.add(self)
    }

    deinit {
        timer?.cancel()
        if !ended { try? flush() }
        ActiveRuns.shared.remove(self)
    }

    // MARK: - Logging

    /// Logs one metric point. Without `step`, the key's previous step + 1 (0 for a new key).
    public func logMetric(_ key: String, _ value: Double, step: Int64? = nil, timestamp: Date? = nil) throws {
        let millis = timestamp.map(Millis.from) ?? Millis.now
        lock.lock()
        if let error = blockingError() { lock.unlock(); throw error }
        let index = keyIndex[key] ?? internKey(key, nextStep: 0)
        let chosen = step ?? nextStep[Int(index)]
        nextStep[Int(index)] = Swift.max(nextStep[Int(index)], chosen &+ 1)
        pending.points.append(PendingPoint(key: index, step: chosen, millis: millis, value: value))
        let count = pending.points.count
        let schedule = count >= options.batchSize && !flushScheduled
        if schedule { flushScheduled = true }
        lock.unlock()
        if count >= options.batchSize &* 4 {
            try flush()
        } else if schedule {
            DispatchQueue.global(qos: .utility).async { [weak self] in try? self?.flush() }
        }
    }

    /// Logs several metrics at one step.
    public func logMetrics(_ values: [String: Double], step: Int64? = nil, timestamp: Date? = nil) throws {
        let moment = timestamp ?? Date()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            try logMetric(key, value, step: step, timestamp: moment)
        }
    }

    /// Logs params. A param never changes: logging a key again with another value is an error
    /// (the same value is accepted). Nested specs: flatten them first with `ParamFlattener`.
    public func logParams(_ params: [String: String]) throws {
        lock.lock()
        defer { lock.unlock() }
        if let error = blockingError() { throw error }
        for (key, value) in params {
            try Self.checkKey(key, kind: "param")
            if let old = knownParams[key], old != value {
                throw ZooError.usage("Param '\(key)' of run \(runID) is already '\(old)'; params cannot change.",
                                     hint: "params describe how a run was started; use a tag for values that change, or start a new run")
            }
        }
        for (key, value) in params.sorted(by: { $0.key < $1.key }) where knownParams[key] == nil {
            knownParams[key] = value
            pending.params.append((key, value))
        }
    }

    /// Logs one param.
    public func logParam(_ key: String, _ value: String) throws { try logParams([key: value]) }

    /// Sets tags (they may change; the last value wins).
    public func setTags(_ tags: [String: String]) throws {
        lock.lock()
        defer { lock.unlock() }
        if let error = blockingError() { throw error }
        for key in tags.keys { try Self.checkKey(key, kind: "tag") }
        pending.tags.append(contentsOf: tags.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) })
    }

    /// Sets one tag.
    public func setTag(_ key: String, _ value: String) throws { try setTags([key: value]) }

    /// Logs a file the run read or wrote, hashing it now (SHA-256, streamed). An input whose
    /// digest another run wrote, or the registry delivered, makes that run this run's parent
    /// (when it has none yet) as the batch is written.
    @discardableResult
    public func logArtifact(_ file: URL, role: ArtifactRole, source: String? = nil) throws -> ArtifactRecord {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) else {
            throw ZooError.notFound("Artifact \(file.path) does not exist.", hint: "log files after they are written")
        }
        guard !isDirectory.boolValue else {
            throw ZooError.usage("Artifact \(file.path) is a directory.", hint: "log the files inside it one by one")
        }
        let (digest, size) = try SHA256Hasher.hash(file: file)
        return try logArtifact(path: file.standardizedFileURL.path, size: size, sha256: digest, role: role, source: source)
    }

    /// Logs an artifact whose digest and size are already known (a verified download, say).
    @discardableResult
    public func logArtifact(path: String, size: Int64, sha256: SHA256Digest, role: ArtifactRole, source: String? = nil) throws -> ArtifactRecord {
        let record = ArtifactRecord(runID: runID, role: role, path: path, size: size, sha256: sha256.hex, source: source, producerRunID: nil)
        lock.lock()
        defer { lock.unlock() }
        if let error = blockingError() { throw error }
        pending.artifacts.append(PendingArtifact(record: record, millis: Millis.now))
        return record
    }

    /// Applies one event of the JSON-lines format (`zoo runs log`, external plugins).
    public func log(_ event: LogEvent) throws {
        switch event {
        case .param(let key, let value): try logParam(key, value)
        case .params(let values): try logParams(values)
        case .metric(let key, let value, let step, let timestamp): try logMetric(key, value, step: step, timestamp: timestamp)
        case .metrics(let values, let step, let timestamp): try logMetrics(values, step: step, timestamp: timestamp)
        case .tag(let key, let value): try setTag(key, value)
        case .tags(let values): try setTags(values)
        case .artifact(let path, let role, let source): try logArtifact(URL(fileURLWithPath: path), role: role, source: source)
        }
    }

    /// The error of the last failed write (nil once a write succeeds again). While set, logging calls throw it.
    public var writeError: ZooError? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    // MARK: - Writing

    /// Writes everything buffered now, in one transaction.
    public func flush() throws {
        try write(ending: nil)
    }

    /// Writes what is buffered and ends the run with `status`, in one transaction. If that write
    /// fails, the run is still ended, as FAILED, when the store allows it; the error is rethrown.
    public func finish(_ status: RunStatus = .finished, at end: Date = Date()) throws {
        lock.lock()
        let alreadyEnded = ended
        lock.unlock()
        guard !alreadyEnded else { return }
        timer?.cancel()
        do {
            try write(ending: (status, Millis.from(end)))
        } catch {
            try? store.endRun(runID, status: .failed, at: end)
            markEnded()
            throw error
        }
        markEnded()
    }

    /// Called by the interruption handler: write what is buffered; end the run as KILLED if this
    /// process owns it.
    func interrupted() {
        if ownsRun { try? finish(.killed) } else { try? flush() }
    }

    private func markEnded() {
        lock.lock()
        ended = true
        lock.unlock()
        ActiveRuns.shared.remove(self)
    }

    private func write(ending: (status: RunStatus, millis: Int64)?) throws {
        flushLock.lock()
        defer { flushLock.unlock() }
        lock.lock()
        let batch = pending
        flushScheduled = false
        pending = PendingBatch(keyNames: batch.keyNames)
        pending.points.reserveCapacity(Swift.min(options.batchSize, Swift.max(batch.points.count, 64)))
        let heartbeatDue = Date().timeIntervalSince(lastWrite) >= options.heartbeatInterval
        lock.unlock()
        guard !batch.isEmpty || ending != nil || heartbeatDue else { return }
        do {
            let ids = keyIDs
            let newIDs = try store.write { db in
                try BatchWriter(db: db, runID: runID).write(batch, knownKeyIDs: ids, ending: ending)
            }
            keyIDs = newIDs
            lock.lock()
            failure = nil
            lastWrite = Date()
            lock.unlock()
        } catch {
            let zooError = ZooError.wrap(error)
            lock.lock()
            pending = batch.prepending(to: pending)
            failure = zooError
            lock.unlock()
            throw zooError
        }
    }

    // MARK: - Helpers (call with `lock` held)

    private func blockingError() -> ZooError? {
        if ended {
            return ZooError.usage("Run \(runID) has already ended.", hint: "start a new run to log more")
        }
        return failure
    }

    private func internKey(_ key: String, nextStep step: Int64) -> Int32 {
        let index = Int32(pending.keyNames.count)
        keyIndex[key] = index
        pending.keyNames.append(key)
        nextStep.append(step)
        return index
    }

    private static func checkKey(_ key: String, kind: String) throws {
        guard !key.isEmpty else { throw ZooError.usage("A \(kind) name cannot be empty.") }
    }

    private func startTimer() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        let interval = DispatchTimeInterval.milliseconds(Swift.max(1, Int(options.flushInterval * 1000)))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in try? self?.flush() }
        self.timer = timer
        timer.resume()
    }
}

/// A metric point waiting to be written; `key` indexes the logger's key names.
struct PendingPoint {
    var key: Int32
    var step: Int64
    var millis: Int64
    var value: Double
}

/// An artifact waiting to be written.
struct PendingArtifact {
    var record: ArtifactRecord
    var millis: Int64
}

/// Everything a logger holds between writes. `keyNames` is the logger's whole key list (never
/// emptied): points refer to keys by index into it.
struct PendingBatch {
    var keyNames: [String] = []
    var points: [PendingPoint] = []
    var params: [(String, String)] = []
    var tags: [(String, String)] = []
    var artifacts: [PendingArtifact] = []

    var isEmpty: Bool { points.isEmpty && params.isEmpty && tags.isEmpty && artifacts.isEmpty }

    /// This batch followed by `later` (used to put back a batch whose write failed).
    func prepending(to later: PendingBatch) -> PendingBatch {
        PendingBatch(keyNames: later.keyNames, points: points + later.points, params: params + later.params,
                     tags: tags + later.tags, artifacts: artifacts + later.artifacts)
    }
}
