import Foundation
import GRDB

extension TrackingStore {
    /// Marks KILLED every RUNNING run whose owner is gone: on this host, its process no longer
    /// exists (or its pid now belongs to another process); on another host, its heartbeat is older
    /// than `options.staleAfter`. The run's end is its last heartbeat; what it flushed stays.
    /// Runs on every open (a read-only store opens a read-write one for the update); returns the ids
    /// it marked.
    @discardableResult
    public func markDeadRuns(now: Date = Date()) throws -> [Int64] {
        let host = RunContext.thisHost
        let staleBefore = Millis.from(now.addingTimeInterval(-options.staleAfter))
        let candidates = try read { db in
            try Row.fetchAll(db, sql: "SELECT id, host, pid, pid_started, heartbeat_ms FROM runs WHERE status = 'RUNNING'")
        }
        let dead: [Int64] = candidates.compactMap { row in
            let runHost: String = row["host"]
            let isDead: Bool
            if runHost == host, let pid: Int32 = row["pid"] {
                isDead = !ProcessLiveness.isAlive(pid: pid, started: row["pid_started"])
            } else {
                isDead = (row["heartbeat_ms"] as Int64) < staleBefore
            }
            return isDead ? row["id"] : nil
        }
        guard !dead.isEmpty else { return [] }
        if isReadOnly {
            var writable = options
            writable.readOnly = false
            try TrackingStore(location: location, options: writable).markDeadRuns(now: now)
            return dead
        }
        try write { db in
            for id in dead {
                try db.execute(sql: """
                    UPDATE runs SET status = 'KILLED', end_ms = heartbeat_ms WHERE id = ? AND status = 'RUNNING'
                    """, arguments: [id])
            }
        }
        return dead
    }
}
