import Foundation
import GRDB
import GRDBSQLite
import ZooCore

/// Writes one logger batch inside a write transaction: metric points through one prepared
/// statement bound with raw SQLite calls (no per-point allocation), the per-key summaries, params,
/// tags and artifacts (resolving lineage from input digests), the heartbeat, and optionally the
/// run's end.
struct BatchWriter {
    let db: Database
    let runID: Int64

    /// What a logger attaching to a run needs to know: its params and each metric's last step.
    static func existingState(_ db: Database, runID: Int64) throws -> (params: [String: String], lastSteps: [(String, Int64)]) {
        let params = try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM params WHERE run_id = ?"), arguments: [runID])
        let steps = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT k.name, s.last_step FROM metric_summaries s JOIN metric_keys k ON k.id = s.key_id WHERE s.run_id = ?
            """), arguments: [runID])
        return (Dictionary(params.map { ($0["key"], $0["value"]) }, uniquingKeysWith: { first, _ in first }),
                steps.map { ($0["name"], $0["last_step"]) })
    }

    /// Writes `batch`; returns the database ids of every key name in it.
    func write(_ batch: PendingBatch, knownKeyIDs: [Int64], ending: (status: RunStatus, millis: Int64)?) throws -> [Int64] {
        guard try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM runs WHERE id = ?"), arguments: [runID]) != nil else {
            throw ZooError.notFound("Run \(runID) was deleted while it was logging.", hint: "start a new run")
        }
        let keyIDs = try resolveKeys(batch.keyNames, known: knownKeyIDs)
        if !batch.points.isEmpty { try writePoints(batch.points, keyIDs: keyIDs) }
        for (key, value) in batch.params {
            try execute("INSERT INTO params (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [runID, key, value])
        }
        for (key, value) in batch.tags { try TrackingStore.upsertTag(db, runID: runID, key: key, value: value) }
        for artifact in batch.artifacts { try writeArtifact(artifact) }
        let now = Millis.now
        if let ending {
            try execute("UPDATE runs SET status = ?, end_ms = ?, heartbeat_ms = ? WHERE id = ?",
                        [ending.status.rawValue, ending.status == .running ? nil : ending.millis, now, runID])
        } else {
            try execute("UPDATE runs SET heartbeat_ms = ? WHERE id = ?", [now, runID])
        }
        return keyIDs
    }

    /// Runs one statement, prepared once per connection.
    private func execute(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    // MARK: - Metric keys

    private func resolveKeys(_ names: [String], known: [Int64]) throws -> [Int64] {
        var ids = known
        for name in names.dropFirst(known.count) {
            try execute("INSERT INTO metric_keys (name) VALUES (?) ON CONFLICT (name) DO NOTHING", [name])
            guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM metric_keys WHERE name = ?"), arguments: [name]) else {
                throw ZooError("Could not record metric key '\(name)'.")
            }
            ids.append(id)
        }
        return ids
    }

    // MARK: - Metric points and summaries

    /// Running summary of one key's points in this batch.
    private struct BatchSummary {
        var count = 0
        var firstStep = Int64.max
        var lastStep = Int64.min
        var lastValue = 0.0
        var lastMillis: Int64 = 0
        var min = Double.nan
        var max = Double.nan
        var increasing = true   // no step repeated (points arrive ordered by step)

        mutating func add(_ point: PendingPoint) {
            if count > 0 && point.step <= lastStep { increasing = false }
            count &+= 1
            firstStep = Swift.min(firstStep, point.step)
            if point.step >= lastStep {
                lastStep = point.step
                lastValue = point.value
                lastMillis = point.millis
            }
            if !point.value.isNaN {
                min = min.isNaN ? point.value : Swift.min(min, point.value)
                max = max.isNaN ? point.value : Swift.max(max, point.value)
            }
        }
    }

    /// Rows per INSERT statement: one statement execution per 100 points, and the points ordered
    /// by key and step, so SQLite walks the B-tree forward instead of starting over for each point.
    static let rowsPerStatement = 100

    private func writePoints(_ points: [PendingPoint], keyIDs: [Int64]) throws {
        let order = Self.insertionOrder(points, keyIDs: keyIDs)
        let full = points.count >= Self.rowsPerStatement ? try db.cachedStatement(sql: Self.insertManySQL) : nil
        let single = try db.cachedStatement(sql: Self.insertOneSQL)
        var summaries = [BatchSummary](repeating: BatchSummary(), count: keyIDs.count)
        var start = 0
        while start < order.count {
            let rows = order.count - start >= Self.rowsPerStatement ? Self.rowsPerStatement : 1
            let handle = (rows == 1 ? single : full ?? single).sqliteStatement
            for row in 0..<rows {
                let point = points[Int(order[start + row])]
                let column = Int32(row * 5)
                sqlite3_bind_int64(handle, column + 1, runID)
                sqlite3_bind_int64(handle, column + 2, keyIDs[Int(point.key)])
                sqlite3_bind_int64(handle, column + 3, point.step)
                sqlite3_bind_int64(handle, column + 4, point.millis)
                if point.value.isNaN { sqlite3_bind_null(handle, column + 5) } else { sqlite3_bind_double(handle, column + 5, point.value) }
                summaries[Int(point.key)].add(point)
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            start += rows
        }
        for (key, summary) in summaries.enumerated() where summary.count > 0 {
            try updateSummary(keyID: keyIDs[key], with: summary)
        }
    }

    static let insertManySQL = insertSQL(rows: rowsPerStatement)
    static let insertOneSQL = insertSQL(rows: 1)

    /// `INSERT` of `rows` points; a step logged again replaces the stored value.
    static func insertSQL(rows: Int) -> String {
        "INSERT INTO metrics (run_id, key_id, step, timestamp_ms, value) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
            + " ON CONFLICT (run_id, key_id, step) DO UPDATE SET timestamp_ms = excluded.timestamp_ms, value = excluded.value"
    }

    /// Point indices ordered by database key id, then step, then logging order (so a step logged
    /// twice in one batch keeps its last value). A counting sort by key; a key's points are sorted
    /// only when their steps were not logged in order.
    static func insertionOrder(_ points: [PendingPoint], keyIDs: [Int64]) -> [Int32] {
        let keyCount = keyIDs.count
        var counts = [Int](repeating: 0, count: keyCount)
        for point in points { counts[Int(point.key)] &+= 1 }
        let keysByID = (0..<keyCount).sorted { keyIDs[$0] < keyIDs[$1] }
        var offsets = [Int](repeating: 0, count: keyCount)
        var total = 0
        for key in keysByID {
            offsets[key] = total
            total &+= counts[key]
        }
        var order = [Int32](repeating: 0, count: points.count)
        var inOrder = [Bool](repeating: true, count: keyCount)
        var lastStep = [Int64](repeating: .min, count: keyCount)
        for (index, point) in points.enumerated() {
            let key = Int(point.key)
            order[offsets[key]] = Int32(index)
            offsets[key] &+= 1
            if point.step < lastStep[key] { inOrder[key] = false }
            lastStep[key] = point.step
        }
        for key in 0..<keyCount where !inOrder[key] {
            let range = (offsets[key] - counts[key])..<offsets[key]
            order[range].sort { a, b in
                let (pa, pb) = (points[Int(a)].step, points[Int(b)].step)
                return pa != pb ? pa < pb : a < b
            }
        }
        return order
    }

    /// Merges a batch summary into the stored one. When the batch rewrote or reordered steps, the
    /// summary is recomputed from the stored series instead, so it stays exact.
    private func updateSummary(keyID: Int64, with batch: BatchSummary) throws {
        let stored = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT count, first_step, last_step, last_value, last_ms, min_value, max_value
            FROM metric_summaries WHERE run_id = ? AND key_id = ?
            """), arguments: [runID, keyID])
        if !batch.increasing || stored.map({ batch.firstStep <= ($0["last_step"] as Int64) }) == true {
            return try recomputeSummary(keyID: keyID)
        }
        func merge(_ old: Double?, _ new: Double, _ pick: (Double, Double) -> Double) -> Double? {
            if new.isNaN { return old }
            return old.map { pick($0, new) } ?? new
        }
        let count = batch.count + (stored?["count"] ?? 0)
        let firstStep = stored?["first_step"] ?? batch.firstStep
        let minimum = merge(stored?["min_value"], batch.min, Swift.min)
        let maximum = merge(stored?["max_value"], batch.max, Swift.max)
        let last: Double? = batch.lastValue.isNaN ? nil : batch.lastValue
        try execute("""
            INSERT OR REPLACE INTO metric_summaries (run_id, key_id, count, first_step, last_step, last_value, last_ms, min_value, max_value)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [runID, keyID, count, firstStep, batch.lastStep, last, batch.lastMillis, minimum, maximum])
    }

    private func recomputeSummary(keyID: Int64) throws {
        try execute("""
            INSERT OR REPLACE INTO metric_summaries (run_id, key_id, count, first_step, last_step, last_value, last_ms, min_value, max_value)
            SELECT ?1, ?2, COUNT(*), MIN(step), MAX(step),
                   (SELECT value FROM metrics WHERE run_id = ?1 AND key_id = ?2 ORDER BY step DESC LIMIT 1),
                   (SELECT timestamp_ms FROM metrics WHERE run_id = ?1 AND key_id = ?2 ORDER BY step DESC LIMIT 1),
                   MIN(value), MAX(value)
            FROM metrics WHERE run_id = ?1 AND key_id = ?2
            """, [runID, keyID])
    }

    // MARK: - Artifacts and lineage

    private func writeArtifact(_ artifact: PendingArtifact) throws {
        let record = artifact.record
        let producer = record.role == .input ? try producerRun(of: record.sha256) : nil
        try execute("""
            INSERT INTO artifacts (run_id, role, path, size, sha256, source, producer_run_id, logged_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [runID, record.role.rawValue, record.path, record.size, record.sha256, record.source,
                             producer, artifact.millis])
        if let producer {
            try execute("UPDATE runs SET parent_run_id = ? WHERE id = ? AND parent_run_id IS NULL", [producer, runID])
        }
    }

    /// The newest other run that wrote a file with this digest and does not descend from this run
    /// (which would make a cycle).
    private func producerRun(of sha256: String) throws -> Int64? {
        let candidates = try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT run_id FROM artifacts WHERE sha256 = ? AND role = 'output' AND run_id != ? ORDER BY run_id DESC
            """), arguments: [sha256, runID])
        for candidate in candidates where try !Lineage.descends(db, candidate, from: runID) {
            return candidate
        }
        return nil
    }
}
