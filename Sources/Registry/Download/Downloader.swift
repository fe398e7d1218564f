import Foundation
import Synchronization
import ZooCore

/// Downloads a version's files: several at once, each through the content-addressed cache
/// (`FileTransfer`: streamed, hashed, resumed, retried, verified), then linked (or copied) into
/// `{dest}/{name}_v{version}/{path}` with an atomic rename, so a user never finds a partial or
/// unverified file where models are loaded from.
public struct Downloader: Sendable {
    public let cache: DownloadCache
    public let settings: TransferSettings
    /// Draw a progress bar (bytes, rate, ETA) on stderr when it is a terminal.
    public let showsProgress: Bool

    public init(cache: DownloadCache, settings: TransferSettings = .fromEnvironment(), showsProgress: Bool = false) {
        self.cache = cache
        self.settings = settings
        self.showsProgress = showsProgress
    }

    /// The version `ref` names (or the model's latest when it names none) resolved against the
    /// registry, ready to download.
    public struct Plan: Sendable {
        public var ref: ModelRef
        /// The files the filters selected.
        public var files: [RegistryFile]
        /// Filter patterns (`--file`) that matched no file.
        public var unmatchedPatterns: [String]
    }

    /// `ref` at the model's latest version (NGC's `latestVersionIdStr`) when it names none.
    public static func latest(_ ref: ModelRef, from backend: any RegistryBackend) throws -> ModelRef {
        guard ref.version == nil else { return ref }
        guard let latest = try backend.model(ref).latestVersionIdStr, !latest.isEmpty else {
            throw ZooError.notFound("Target '\(ref)' has no version available for download.",
                                    hint: "list its versions with 'zoo list \(ref):*'")
        }
        return ref.at(latest)
    }

    /// Resolves the version (the latest when `ref` names none) and applies NGC's
    /// `--file`/`--exclude` globs (fnmatch: `*` crosses `/`).
    public func plan(_ ref: ModelRef, from backend: any RegistryBackend,
                     include: [String] = [], exclude: [String] = []) throws -> Plan {
        let ref = try Self.latest(ref, from: backend)
        let all = try backend.files(of: ref)
        guard !all.isEmpty else { throw ZooError.notFound("Files could not be found for target '\(ref.name):\(ref.version ?? "")'.") }
        let includes = include.map { Glob($0) }
        let excludes = exclude.map { Glob($0) }
        let selected = all.filter { file in
            (includes.isEmpty || includes.contains { $0.matches(file.path) }) && !excludes.contains { $0.matches(file.path) }
        }
        let unmatched = includes.filter { glob in !all.contains { glob.matches($0.path) } }.map(\.pattern)
        return Plan(ref: ref, files: selected, unmatchedPatterns: unmatched)
    }

    /// Downloads into `destination/{name}_v{version}`; `destination` must exist.
    public func download(_ plan: Plan, from backend: any RegistryBackend, into destination: URL) throws -> DownloadReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ZooError.usage("The path: '\(destination.path)' does not exist.", hint: "create it first, or pass an existing folder to --dest")
        }
        let folder = destination.appendingPathComponent(plan.ref.downloadFolderName ?? plan.ref.name, isDirectory: true)
        return try fetch(plan, from: backend, into: folder)
    }

    /// Resolves `ref` (and optionally only the files matching `glob`) to verified local files
    /// through the cache: a task's `pretrained_model_path: nvidia/tlt_pretrained_classification:resnet18`
    /// becomes paths under `$ZOO_HOME/cache/snapshots/nvidia/tlt_pretrained_classification/resnet18/`.
    /// Files already in the cache are not transferred again.
    public func resolve(_ ref: ModelRef, file glob: String? = nil, from backend: any RegistryBackend) throws -> DownloadResult {
        let plan = try self.plan(ref, from: backend, include: glob.map { [$0] } ?? [])
        guard !plan.files.isEmpty else {
            throw ZooError.notFound("No file of '\(plan.ref)' matches '\(glob ?? "*")'.",
                                    hint: "see its files with 'zoo info \(plan.ref) --files'")
        }
        let folder = [plan.ref.team, plan.ref.name, plan.ref.version].compactMap { $0 }
            .reduce(cache.snapshots.appendingPathComponent(plan.ref.org)) { $0.appendingPathComponent($1, isDirectory: true) }
        return try fetch(plan, from: backend, into: folder).get()
    }

    private func fetch(_ plan: Plan, from backend: any RegistryBackend, into folder: URL) throws -> DownloadReport {
        let started = Date()
        let sources = try plan.files.isEmpty ? [:] : backend.transferSources(for: plan.ref, paths: plan.files.map(\.path))
        let total = plan.files.reduce(0) { $0 + $1.sizeInBytes }
        let label = plan.ref.downloadFolderName ?? plan.ref.name
        let progress = showsProgress ? ProgressBar(label: label, total: total, unit: .bytes) : nil

        struct Slot { var delivered: DeliveredFile?; var transferred: Int64 = 0; var error: ZooError? }
        let slots = Mutex([Slot](repeating: Slot(), count: plan.files.count))
        let next = Mutex(0)
        let workers = max(1, min(settings.concurrency, plan.files.count))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                while true {
                    let index: Int = next.withLock { value in
                        defer { value += 1 }
                        return value
                    }
                    guard index < plan.files.count else { return }
                    let file = plan.files[index]
                    var slot = Slot()
                    do {
                        guard let source = sources[file.path] else {
                            throw ZooError.notFound("No download URL for '\(file.path)'.")
                        }
                        let done = try FileTransfer(file: file, source: source, cache: cache, settings: settings, progress: progress).run()
                        let target = try SafePath.join(folder, relative: file.path, what: "file")
                        try Self.install(done.blob, at: target, digest: done.digest)
                        slot.delivered = DeliveredFile(path: file.path, url: target, size: file.sizeInBytes,
                                                       sha256: done.digest, fromCache: done.fromCache)
                        slot.transferred = done.transferred
                    } catch {
                        slot.error = ZooError.wrap(error)
                    }
                    slots.withLock { $0[index] = slot }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        progress?.finish()

        let results = slots.withLock { $0 }
        let result = DownloadResult(
            ref: plan.ref, directory: folder, files: results.compactMap(\.delivered),
            transferID: label, startedAt: started, endedAt: Date(),
            transferredBytes: results.reduce(0) { $0 + $1.transferred })
        let failures = zip(plan.files, results).compactMap { file, slot in slot.error.map { (path: file.path, error: $0) } }
        return DownloadReport(result: result, failures: failures, notFound: plan.unmatchedPatterns)
    }

    /// Puts a verified blob at `target`: a hard link when the cache and the target share a
    /// filesystem, else a copy whose digest is checked again; either way through a temporary
    /// name and an atomic rename.
    static func install(_ blob: URL, at target: URL, digest: SHA256Digest) throws {
        let fm = FileManager.default
        try ZooPaths.ensureDirectory(target.deletingLastPathComponent())
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ZooError("Cannot write \(target.path): a folder is in the way.", hint: "move it away and download again")
        }
        let temporary = AtomicFile.temporaryURL(for: target)
        if link(blob.path, temporary.path) != 0 {
            do {
                let (copied, _) = try FileCopy.copy(blob, to: temporary)
                guard copied == digest else {
                    throw ZooError("The copy of \(target.lastPathComponent) does not match its SHA-256.",
                                   hint: "the disk may be failing; download again", exitCode: ZooError.Code.integrity)
                }
            } catch {
                try? fm.removeItem(at: temporary)
                throw error
            }
        }
        do {
            try AtomicFile.replace(target, with: temporary)
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
    }
}
