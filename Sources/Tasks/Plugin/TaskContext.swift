import Foundation
import Specs
import Tracking
import ZooCore

/// What an action works with: its results folder, the model key, the tracking run that records
/// it, TAO's status.json, and where to print. `TaskContext.run` opens all of it, runs the action,
/// and ends the run FINISHED or FAILED — so a plugin action is only its own work.
public final class TaskContext: @unchecked Sendable {
    /// The task (`classification`).
    public let task: String
    /// The action (`train`, `evaluate`, …).
    public let action: String
    /// `-r/--results_dir`, created before the action starts.
    public let resultsDirectory: URL
    /// `-k/--key`, or nil when the action was given none.
    public let key: String?
    /// The tracking run this action is recorded in.
    public let run: RunLogger
    /// TAO's `status.json` in the results folder.
    public let status: StatusLogger
    private let quiet: Bool

    init(task: String, action: String, resultsDirectory: URL, key: String?, run: RunLogger, status: StatusLogger, quiet: Bool) {
        self.task = task
        self.action = action
        self.resultsDirectory = resultsDirectory
        self.key = key
        self.run = run
        self.status = status
        self.quiet = quiet
    }

    /// Prints a line of progress on stdout (TAO prints its progress there too).
    public func say(_ line: String) {
        guard !quiet else { return }
        Terminal.write(line + "\n", to: .standardOutput)
    }

    /// The key, or a usage error saying which flag gives it.
    public func requireKey() throws -> String {
        guard let key, !key.isEmpty else {
            throw ZooError.usage("\(task) \(action) needs the model key.", hint: "pass it with -k KEY (the key the model was saved with)")
        }
        return key
    }

    /// Records `file` as an input of this run (so lineage finds the run or download that made it).
    /// With `source` (a registry version the file came from), the delivery is recorded first, so
    /// the run's lineage starts at that version.
    public func recordInput(_ file: URL, source: String? = nil) throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        if let source {
            let (digest, size) = try SHA256Hasher.hash(file: file)
            try run.store.recordDelivery(source: source, files: [DeliveredFile(path: file.path, size: size, sha256: digest)])
        }
        try run.logArtifact(file, role: .input, source: source)
    }

    /// Records `file` as an output of this run.
    public func recordOutput(_ file: URL) throws {
        try run.logArtifact(file, role: .output)
    }

    /// Runs `body` as action `action` of `task`: creates the results folder, starts a tracking run
    /// (params from `spec`, the command line with `-k` redacted), writes status.json's STARTED
    /// and SUCCESS/FAILURE lines, and ends the run FINISHED, or FAILED when `body` throws.
    public static func run<Result>(task: String, action: String, resultsDirectory: String, key: String?,
                                   spec: [SpecParam] = [], trackingURI: String?, experiment: String? = nil,
                                   runName: String? = nil, quiet: Bool = false,
                                   _ body: (TaskContext) throws -> Result) throws -> Result {
        let results = URL(fileURLWithPath: resultsDirectory, isDirectory: true).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        } catch {
            throw ZooError.usage("Cannot create the results folder \(results.path).", hint: "pass a folder you may write with -r")
        }
        let store = try TrackingStore(uri: trackingURI)
        let logger = try store.startRun(RunSpec(experiment: experiment ?? task, name: runName, task: task,
                                                action: action, plugin: task))
        RunInterruption.install()
        let status = try StatusLogger(resultsDirectory: results)
        let context = TaskContext(task: task, action: action, resultsDirectory: results, key: key,
                                  run: logger, status: status, quiet: quiet)
        do {
            try logger.logParams(Dictionary(spec.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }))
            try status.write(status: .started, message: "Starting \(task) \(action).")
            let result = try body(context)
            try status.write(status: .success, message: "\(action.prefix(1).uppercased() + action.dropFirst()) finished successfully.")
            try logger.finish(.finished)
            context.say("Run \(logger.runID) recorded in \(store.location) (zoo runs show \(logger.runID)).")
            return result
        } catch {
            try? status.write(status: .failure, verbosity: "ERROR", message: "\(error)")
            try? logger.finish(.failed)
            throw error
        }
    }
}
