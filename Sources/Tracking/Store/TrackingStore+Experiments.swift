import Foundation
import GRDB
import ZooCore

extension TrackingStore {
    /// The experiment runs go to when none is named.
    public static let defaultExperiment = "Default"

    /// Every experiment with its run count, oldest first.
    public func experiments() throws -> [ExperimentSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.id, e.name, e.created_ms,
                       (SELECT COUNT(*) FROM runs r WHERE r.experiment_id = e.id) AS runs,
                       (SELECT MAX(r.start_ms) FROM runs r WHERE r.experiment_id = e.id) AS last_ms
                FROM experiments e ORDER BY e.id
                """).map { row in
                ExperimentSummary(experiment: Experiment(id: row["id"], name: row["name"], created: Millis.date(row["created_ms"])),
                                  runCount: row["runs"], lastRunStart: (row["last_ms"] as Int64?).map(Millis.date))
            }
        }
    }

    /// The experiment named `reference`, or with that id when it is a number.
    public func experiment(_ reference: String) throws -> Experiment {
        try read { db in try Self.findExperiment(db, reference) }
    }

    /// Creates an experiment; an error if the name is taken or empty.
    @discardableResult
    public func createExperiment(_ name: String) throws -> Experiment {
        try Self.checkExperimentName(name)
        return try write { db in
            if try Self.experimentID(db, named: name) != nil {
                throw ZooError.usage("Experiment '\(name)' already exists.", hint: "choose another name, or log runs to it with --experiment \(name)")
            }
            return try Self.insertExperiment(db, name: name)
        }
    }

    /// Renames an experiment (named or numbered by `reference`).
    @discardableResult
    public func renameExperiment(_ reference: String, to newName: String) throws -> Experiment {
        try Self.checkExperimentName(newName)
        return try write { db in
            var experiment = try Self.findExperiment(db, reference)
            if let other = try Self.experimentID(db, named: newName), other != experiment.id {
                throw ZooError.usage("Experiment '\(newName)' already exists.", hint: "choose another name")
            }
            try db.execute(sql: "UPDATE experiments SET name = ? WHERE id = ?", arguments: [newName, experiment.id])
            experiment.name = newName
            return experiment
        }
    }

    /// Deletes an experiment. One that still holds runs is deleted only with `force`, runs and all.
    public func deleteExperiment(_ reference: String, force: Bool = false) throws {
        try write { db in
            let experiment = try Self.findExperiment(db, reference)
            let runIDs = try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE experiment_id = ?", arguments: [experiment.id])
            if !runIDs.isEmpty && !force {
                throw ZooError.usage("Experiment '\(experiment.name)' holds \(runIDs.count) run\(runIDs.count == 1 ? "" : "s").",
                                     hint: "pass --force to delete it with its runs")
            }
            for id in runIDs { try Self.deleteRunRows(db, id) }
            try db.execute(sql: "DELETE FROM experiments WHERE id = ?", arguments: [experiment.id])
        }
    }

    // MARK: - Helpers used inside transactions

    static func checkExperimentName(_ name: String) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ZooError.usage("An experiment name cannot be empty.")
        }
    }

    static func experimentID(_ db: Database, named name: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM experiments WHERE name = ?"), arguments: [name])
    }

    static func insertExperiment(_ db: Database, name: String) throws -> Experiment {
        let now = Millis.now
        try db.execute(sql: "INSERT INTO experiments (name, created_ms) VALUES (?, ?)", arguments: [name, now])
        return Experiment(id: db.lastInsertedRowID, name: name, created: Millis.date(now))
    }

    /// The id of the experiment named `name`, created if missing.
    static func ensureExperiment(_ db: Database, named name: String) throws -> Int64 {
        try checkExperimentName(name)
        if let id = try experimentID(db, named: name) { return id }
        return try insertExperiment(db, name: name).id
    }

    static func findExperiment(_ db: Database, _ reference: String) throws -> Experiment {
        var row = try Row.fetchOne(db, sql: "SELECT id, name, created_ms FROM experiments WHERE name = ?", arguments: [reference])
        if row == nil, let id = Int64(reference) {
            row = try Row.fetchOne(db, sql: "SELECT id, name, created_ms FROM experiments WHERE id = ?", arguments: [id])
        }
        guard let row else {
            throw ZooError.notFound("No experiment named '\(reference)'.", hint: "list them with `zoo experiments list`")
        }
        return Experiment(id: row["id"], name: row["name"], created: Millis.date(row["created_ms"]))
    }
}
