import Foundation
import GRDB
import ZooCore

extension TrackingStore {
    /// The experiment registry deliveries are filed under.
    public static let registryExperiment = "registry"

    /// Records the files a registry download delivered (`zoo download-version`) as a FINISHED
    /// `download` run whose outputs carry `source` (`nvidia/tlt_vehicletypenet:unpruned_v1.0`).
    /// A later run that logs one of these files as an input — same SHA-256, wherever it lives —
    /// gets this delivery as its parent, so `zoo runs lineage` starts at the registry version.
    /// Delivering the same files from the same source again returns the existing run's id.
    @discardableResult
    public func recordDelivery(source: String, files: [DeliveredFile], at time: Date = Date(),
                               context: RunContext = .current(captureGit: false)) throws -> Int64 {
        guard !files.isEmpty else {
            throw ZooError.usage("A registry delivery needs at least one file.")
        }
        let digests = Set(files.map(\.sha256.hex))
        return try write { db in
            let earlier = try Int64.fetchAll(db, sql: """
                SELECT id FROM runs WHERE source = ? AND action = 'download' ORDER BY id DESC
                """, arguments: [source])
            for id in earlier {
                let delivered = try String.fetchAll(db, sql: "SELECT sha256 FROM artifacts WHERE run_id = ? AND role = 'output'",
                                                    arguments: [id])
                if Set(delivered) == digests { return id }
            }
            let spec = RunSpec(experiment: Self.registryExperiment, name: source, task: "registry", action: "download",
                               context: context, startTime: time)
            let id = try Self.insertRun(db, spec: spec, status: .finished, source: source, end: time)
            for file in files {
                try db.execute(sql: """
                    INSERT INTO artifacts (run_id, role, path, size, sha256, source, logged_ms) VALUES (?, 'output', ?, ?, ?, ?, ?)
                    """, arguments: [id, file.path, file.size, file.sha256.hex, source, Millis.from(time)])
            }
            return id
        }
    }
}
