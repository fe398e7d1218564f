import GRDB
import ZooCore

/// The database schema and its migrations. The version lives in SQLite's `user_version`; the
/// `application_id` marks the file as a zoo experiment store. Migrations run inside one
/// IMMEDIATE transaction, so concurrent first opens serialise on SQLite's write lock and the
/// schema is created exactly once. Documented in docs/TRACKING.md.
enum Schema {
    /// The schema version this build writes and reads.
    static let version: Int32 = 1
    /// `application_id` of a zoo store: "zoo1".
    static let applicationID: Int32 = 0x7A6F_6F31

    /// Each migration, indexed by the version it produces (migrations[0] builds version 1).
    static let migrations: [String] = [version1]

    static let version1 = """
        CREATE TABLE experiments (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL UNIQUE,
            created_ms  INTEGER NOT NULL
        );
        CREATE TABLE runs (
            id            INTEGER PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
            name          TEXT NOT NULL,
            task          TEXT,
            action        TEXT,
            plugin        TEXT,
            status        TEXT NOT NULL CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED', 'KILLED')),
            start_ms      INTEGER NOT NULL,
            end_ms        INTEGER,
            heartbeat_ms  INTEGER NOT NULL,
            command_line  TEXT,
            host          TEXT NOT NULL,
            pid           INTEGER,
            pid_started   INTEGER,
            git_commit    TEXT,
            git_dirty     INTEGER,
            parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
            source        TEXT
        );
        CREATE INDEX runs_by_experiment ON runs(experiment_id, id);
        CREATE INDEX runs_by_parent ON runs(parent_run_id);
        CREATE INDEX runs_running ON runs(status) WHERE status = 'RUNNING';
        CREATE TABLE params (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            key    TEXT NOT NULL,
            value  TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE tags (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            key    TEXT NOT NULL,
            value  TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        ) WITHOUT ROWID;
        CREATE TABLE metric_keys (
            id   INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE metrics (
            run_id       INTEGER NOT NULL,
            key_id       INTEGER NOT NULL,
            step         INTEGER NOT NULL,
            timestamp_ms INTEGER NOT NULL,
            value        REAL,
            PRIMARY KEY (run_id, key_id, step)
        ) WITHOUT ROWID;
        CREATE TABLE metric_summaries (
            run_id     INTEGER NOT NULL,
            key_id     INTEGER NOT NULL,
            count      INTEGER NOT NULL,
            first_step INTEGER NOT NULL,
            last_step  INTEGER NOT NULL,
            last_value REAL,
            last_ms    INTEGER NOT NULL,
            min_value  REAL,
            max_value  REAL,
            PRIMARY KEY (run_id, key_id)
        ) WITHOUT ROWID;
        CREATE INDEX metric_summaries_by_key ON metric_summaries(key_id, last_value);
        CREATE TABLE artifacts (
            id              INTEGER PRIMARY KEY,
            run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            role            TEXT NOT NULL CHECK (role IN ('input', 'output')),
            path            TEXT NOT NULL,
            size            INTEGER NOT NULL,
            sha256          TEXT NOT NULL,
            source          TEXT,
            producer_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
            logged_ms       INTEGER NOT NULL
        );
        CREATE INDEX artifacts_by_run ON artifacts(run_id);
        CREATE INDEX artifacts_by_digest ON artifacts(sha256, role, run_id);
        CREATE INDEX artifacts_by_producer ON artifacts(producer_run_id);
        """

    /// What an existing file holds, read without changing it.
    struct Probe {
        var userVersion: Int32
        var applicationID: Int32
        var tableCount: Int
    }

    static func probe(_ db: Database) throws -> Probe {
        Probe(userVersion: try Int32.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
              applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
              tableCount: try Int.fetchOne(db, sql: """
                  SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  """) ?? 0)
    }

    /// Throws unless `probe` describes an empty database or a zoo store this build can read.
    static func validate(_ probe: Probe, location: StoreLocation) throws {
        if probe.applicationID != applicationID && (probe.applicationID != 0 || probe.tableCount > 0) {
            throw ZooError("\(location.databaseURL.path) is an SQLite database but not a zoo experiment store.",
                           hint: "choose another file with --tracking-uri or ZOO_TRACKING_URI", exitCode: ZooError.Code.integrity)
        }
        if probe.userVersion > version {
            throw ZooError("The experiment store \(location.databaseURL.path) has schema version \(probe.userVersion); this zoo reads version \(version) and older.",
                           hint: "upgrade zoo to open it; the file was left untouched", exitCode: ZooError.Code.integrity)
        }
    }

    /// Brings the schema up to `version` inside the current (IMMEDIATE) transaction.
    static func migrate(_ db: Database, location: StoreLocation) throws {
        let found = try probe(db)
        try validate(found, location: location)
        guard found.userVersion < version else { return }
        for index in Int(found.userVersion)..<Int(version) {
            try db.execute(sql: migrations[index])
        }
        try db.execute(sql: "PRAGMA user_version = \(version)")
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }
}
