import Foundation
import GRDB
import ZooCore

/// The experiment store: one SQLite database in WAL mode that several processes read and write
/// at once. Opening it creates or migrates the schema (once, under SQLite's write lock) and
/// marks runs whose process died as KILLED.
///
/// ```swift
/// let store = try TrackingStore(uri: options.trackingLocation, paths: .fromEnvironment())
/// let run = try store.startRun(RunSpec(experiment: "peoplenet", task: "detectnet_v2", action: "train"))
/// try run.logParams(ParamFlattener.flatten(json: specJSON))
/// try run.logMetric("loss", 0.41, step: 3)
/// try run.finish(.finished)
/// ```
public final class TrackingStore: Sendable {
    /// Tunables for opening a store.
    public struct Options: Sendable {
        /// How long a write waits for another process's write lock before failing.
        public var busyTimeout: TimeInterval = 30
        /// A RUNNING run on another host whose heartbeat is older than this is marked KILLED.
        public var staleAfter: TimeInterval = 600
        /// Open for reading only (the query commands): an existing, current store is opened without
        /// the write transaction a read-write open costs. A store that does not exist yet or needs
        /// a migration is opened read-write instead; dead runs are still marked KILLED.
        public var readOnly = false
        /// Default options.
        public init() {}
    }

    /// Where the database is.
    public let location: StoreLocation
    /// The options it was opened with.
    public let options: Options
    let pool: DatabasePool

    /// Opens (creating if needed) the store named by a tracking URI, or the default under `paths`.
    public convenience init(uri: String?, paths: ZooPaths = .fromEnvironment(), options: Options = Options()) throws {
        try self.init(location: StoreLocation.resolve(uri: uri, paths: paths), options: options)
    }

    /// Opens (creating if needed) the store at `location`.
    public init(location: StoreLocation, options: Options = Options()) throws {
        self.location = location
        self.options = options
        let path = location.databaseURL.path
        try ZooPaths.ensureDirectory(location.databaseURL.deletingLastPathComponent())
        let exists = try Self.existingFileSize(location) > 0

        var configuration = Configuration()
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.journalMode = .wal
        configuration.maximumReaderCount = 2
        configuration.prepareDatabase { db in
            db.add(function: SQLFunctions.number)
        }
        do {
            if options.readOnly, exists, let pool = try Self.openForReading(location, configuration: configuration,
                                                                                         busyTimeout: options.busyTimeout) {
                self.pool = pool
            } else {
                if exists { try Self.checkExistingFile(location, busyTimeout: options.busyTimeout) }
                pool = try Self.retryingWhileBusy(timeout: options.busyTimeout) {
                    let pool = try DatabasePool(path: path, configuration: configuration)
                    let current = try pool.read { try Schema.probe($0) }
                    if current.userVersion != Schema.version || current.applicationID != Schema.applicationID {
                        try pool.write { try Schema.migrate($0, location: location) }
                    }
                    return pool
                }
            }
        } catch {
            throw StoreErrors.map(error, location: location)
        }
        try markDeadRuns()
    }

    /// Whether this store was opened read-only (see `Options.readOnly`).
    var isReadOnly: Bool { pool.configuration.readonly }

    /// A read-only pool on a current zoo store, or nil when the store needs a migration. Skips
    /// GRDB's WAL set-up, which writes (and syncs) a throwaway transaction whenever the WAL file is
    /// missing — as it is after the last process closed the store.
    private static func openForReading(_ location: StoreLocation, configuration: Configuration,
                                       busyTimeout: TimeInterval) throws -> DatabasePool? {
        var configuration = configuration
        configuration.readonly = true
        return try retryingWhileBusy(timeout: busyTimeout) {
            let pool = try DatabasePool(path: location.databaseURL.path, configuration: configuration)
            let probe = try pool.read { try Schema.probe($0) }
            try Schema.validate(probe, location: location)
            guard probe.userVersion == Schema.version, probe.applicationID == Schema.applicationID else {
                try pool.close()
                return nil
            }
            return pool
        }
    }

    /// Runs `body`, retrying while SQLite answers SQLITE_BUSY without waiting — which it does in a
    /// few cases around opening a WAL database that another process is creating, recovering or
    /// closing (busy timeouts cover everything else).
    static func retryingWhileBusy<T>(timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && Date() < deadline {
                usleep(UInt32.random(in: 5_000...50_000))
            }
        }
    }

    /// The size of the store's file (0 when there is none yet); a directory is refused.
    private static func existingFileSize(_ location: StoreLocation) throws -> Int64 {
        let path = location.databaseURL.path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return 0 }
        if attributes[.type] as? FileAttributeType == .typeDirectory {
            throw ZooError("\(path) is a directory, not an experiment store.",
                           hint: "point --tracking-uri at a database file, e.g. sqlite:///\(path)/experiments.db")
        }
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Refuses, without changing a byte, a file that is not SQLite, not a zoo store, or from a newer zoo.
    private static func checkExistingFile(_ location: StoreLocation, busyTimeout: TimeInterval) throws {
        let path = location.databaseURL.path
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        do {
            let probe = try retryingWhileBusy(timeout: busyTimeout) {
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                defer { try? queue.close() }
                return try queue.read { try Schema.probe($0) }
            }
            try Schema.validate(probe, location: location)
        } catch {
            throw StoreErrors.map(error, location: location)
        }
    }

    /// Runs `body` in a write transaction (IMMEDIATE), mapping SQLite errors to `ZooError`s.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw StoreErrors.map(error, location: location) }
    }

    /// Runs `body` on a consistent snapshot, mapping SQLite errors to `ZooError`s.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw StoreErrors.map(error, location: location) }
    }

    /// Closes the database connections (also done when the store is released).
    public func close() throws {
        do { try pool.close() } catch { throw StoreErrors.map(error, location: location) }
    }
}

/// SQL functions the store registers on every connection.
enum SQLFunctions {
    /// `zoo_number(text)`: the number a param or tag value spells, or NULL (so `params.lr > 0.001`
    /// compares numerically and never matches a non-numeric value).
    static let number = DatabaseFunction("zoo_number", argumentCount: 1, pure: true) { values in
        switch values[0].storage {
        case .int64(let value): return Double(value)
        case .double(let value): return value
        case .string(let text):
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)), !value.isNaN else { return nil }
            return value
        default: return nil
        }
    }
}
