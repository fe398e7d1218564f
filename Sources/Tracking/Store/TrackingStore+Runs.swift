import Foundation
import GRDB
import ZooCore

extension TrackingStore {
    /// Creates a RUNNING run and returns it; log to it with `startRun` or `logger(forRun:)`.
    @discardableResult
    public func createRun(_ spec: RunSpec) throws -> RunRecord {
        try write { db in try Self.fetchRun(db, Self.insertRun(db, spec: spec, status: .running, source: nil)) }
    }

    /// Creates a RUNNING run owned by this process and returns its logger.
    public func startRun(_ spec: RunSpec, options: RunLogger.Options = RunLogger.Options()) throws -> RunLogger {
        let id = try write { db in try Self.insertRun(db, spec: spec, status: .running, source: nil) }
        return try RunLogger(store: self, runID: id, ownsRun: true, isNew: true, options: options)
    }

    /// A logger for an existing run (logging from another process: `zoo runs log ID`). It owns the
    /// run — so an interruption ends it as KILLED — only when the run's owner is this process.
    public func logger(forRun id: Int64, options: RunLogger.Options = RunLogger.Options()) throws -> RunLogger {
        let record = try run(id)
        let owned = record.pid == getpid() && record.host == RunContext.thisHost
        return try RunLogger(store: self, runID: id, ownsRun: owned, isNew: false, options: options)
    }

    /// One run, or a not-found error.
    public func run(_ id: Int64) throws -> RunRecord {
        try read { db in try Self.fetchRun(db, id) }
    }

    /// Everything about one run: params, tags, metric summaries, artifacts and children.
    public func detail(_ id: Int64) throws -> RunDetail {
        try read { db in
            let run = try Self.fetchRun(db, id)
            let params = try Row.fetchAll(db, sql: "SELECT key, value FROM params WHERE run_id = ?", arguments: [id])
            let tags = try Row.fetchAll(db, sql: "SELECT key, value FROM tags WHERE run_id = ?", arguments: [id])
            let children = try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE parent_run_id = ? ORDER BY id", arguments: [id])
            return RunDetail(run: run,
                             params: Dictionary(uniqueKeysWithValues: params.map { ($0["key"], $0["value"]) }),
                             tags: Dictionary(uniqueKeysWithValues: tags.map { ($0["key"], $0["value"]) }),
                             metrics: try Self.metricSummaries(db, runID: id),
                             artifacts: try Self.artifacts(db, runID: id),
                             children: children)
        }
    }

    /// Every point of one metric of one run, by step.
    public func metricHistory(runID: Int64, key: String) throws -> [MetricPoint] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.step, m.timestamp_ms, m.value FROM metrics m
                WHERE m.run_id = ? AND m.key_id = (SELECT id FROM metric_keys WHERE name = ?) ORDER BY m.step
                """, arguments: [runID, key]).map {
                MetricPoint(step: $0["step"], timestamp: Millis.date($0["timestamp_ms"]), value: $0["value"])
            }
        }
    }

    /// Ends a run with `status` (any run, including one already ended or marked KILLED).
    public func endRun(_ id: Int64, status: RunStatus, at end: Date = Date()) throws {
        try write { db in try Self.setStatus(db, id, status, at: Millis.from(end)) }
    }

    /// Sets tags on a run; tags, unlike params, may change.
    public func setTags(_ id: Int64, _ tags: [String: String]) throws {
        try write { db in
            _ = try Self.fetchRun(db, id)
            for (key, value) in tags { try Self.upsertTag(db, runID: id, key: key, value: value) }
        }
    }

    /// Deletes a run with its params, tags, metrics and artifact records; its children keep
    /// existing without a parent.
    public func deleteRun(_ id: Int64) throws {
        try write { db in
            _ = try Self.fetchRun(db, id)
            try Self.deleteRunRows(db, id)
        }
    }

    // MARK: - Helpers used inside transactions

    static let runColumns = """
        r.id, r.experiment_id, e.name AS experiment, r.name, r.task, r.action, r.plugin, r.status, r.start_ms,
        r.end_ms, r.heartbeat_ms, r.command_line, r.host, r.pid, r.git_commit, r.git_dirty, r.parent_run_id, r.source
        """

    static func runRecord(_ row: Row) -> RunRecord {
        RunRecord(id: row["id"], experimentID: row["experiment_id"], experiment: row["experiment"], name: row["name"],
                  task: row["task"], action: row["action"], plugin: row["plugin"],
                  status: RunStatus(rawValue: row["status"]) ?? .failed,
                  start: Millis.date(row["start_ms"]), end: (row["end_ms"] as Int64?).map(Millis.date),
                  heartbeat: Millis.date(row["heartbeat_ms"]), commandLine: row["command_line"], host: row["host"],
                  pid: row["pid"], gitCommit: row["git_commit"], gitDirty: row["git_dirty"],
                  parentRunID: row["parent_run_id"], source: row["source"])
    }

    static func fetchRun(_ db: Database, _ id: Int64) throws -> RunRecord {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(runColumns) FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id = ?
            """), arguments: [id]) else {
            throw ZooError.notFound("No run with id \(id).", hint: "list runs with `zoo runs list`")
        }
        return runRecord(row)
    }

    static func insertRun(_ db: Database, spec: RunSpec, status: RunStatus, source: String?, end: Date? = nil) throws -> Int64 {
        let experimentID = try ensureExperiment(db, named: spec.experiment)
        if let parent = spec.parentRunID,
           try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM runs WHERE id = ?"), arguments: [parent]) == nil {
            throw ZooError.notFound("No run with id \(parent) to use as parent.", hint: "list runs with `zoo runs list`")
        }
        let start = Millis.from(spec.startTime)
        let context = spec.context
        try db.cachedStatement(sql: """
            INSERT INTO runs (experiment_id, name, task, action, plugin, status, start_ms, end_ms, heartbeat_ms, command_line,
                              host, pid, pid_started, git_commit, git_dirty, parent_run_id, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [experimentID, spec.resolvedName, spec.task, spec.action, spec.plugin, status.rawValue, start,
                             end.map(Millis.from), max(start, Millis.now), context.commandLine, context.host, context.pid,
                             ProcessLiveness.startTime(of: context.pid), context.gitCommit, context.gitDirty,
                             spec.parentRunID, source])
        let id = db.lastInsertedRowID
        for (key, value) in spec.tags { try upsertTag(db, runID: id, key: key, value: value) }
        return id
    }

    static func setStatus(_ db: Database, _ id: Int64, _ status: RunStatus, at end: Int64) throws {
        _ = try fetchRun(db, id)
        try db.execute(sql: "UPDATE runs SET status = ?, end_ms = ?, heartbeat_ms = MAX(heartbeat_ms, ?) WHERE id = ?",
                       arguments: [status.rawValue, status == .running ? nil : end, end, id])
    }

    static func upsertTag(_ db: Database, runID: Int64, key: String, value: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
            """).execute(arguments: [runID, key, value])
    }

    static func deleteRunRows(_ db: Database, _ id: Int64) throws {
        try db.execute(sql: "DELETE FROM metrics WHERE run_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM metric_summaries WHERE run_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
    }

    static func metricSummaries(_ db: Database, runID: Int64) throws -> [MetricSummary] {
        try Row.fetchAll(db, sql: """
            SELECT k.name, s.count, s.first_step, s.last_step, s.last_value, s.min_value, s.max_value
            FROM metric_summaries s JOIN metric_keys k ON k.id = s.key_id WHERE s.run_id = ? ORDER BY k.name
            """, arguments: [runID]).map {
            MetricSummary(key: $0["name"], count: $0["count"], firstStep: $0["first_step"], lastStep: $0["last_step"],
                          last: $0["last_value"], min: $0["min_value"], max: $0["max_value"])
        }
    }

    static func artifacts(_ db: Database, runID: Int64) throws -> [ArtifactRecord] {
        try Row.fetchAll(db, sql: """
            SELECT run_id, role, path, size, sha256, source, producer_run_id FROM artifacts WHERE run_id = ? ORDER BY id
            """, arguments: [runID]).map(artifactRecord)
    }

    static func artifactRecord(_ row: Row) -> ArtifactRecord {
        ArtifactRecord(runID: row["run_id"], role: ArtifactRole(rawValue: row["role"]) ?? .output, path: row["path"],
                       size: row["size"], sha256: row["sha256"], source: row["source"], producerRunID: row["producer_run_id"])
    }
}
