import Foundation
import ZooCore

/// A named group of runs.
public struct Experiment: Sendable, Equatable, Codable {
    /// The experiment's id.
    public var id: Int64
    /// Its unique name.
    public var name: String
    /// When it was created.
    public var created: Date
}

/// An experiment with the counts `zoo experiments list` prints.
public struct ExperimentSummary: Sendable, Equatable, Codable {
    /// The experiment.
    public var experiment: Experiment
    /// How many runs it holds.
    public var runCount: Int
    /// When its newest run started, if it has any.
    public var lastRunStart: Date?
}

/// One run as stored: who ran what, where, when, and how it ended.
public struct RunRecord: Sendable, Equatable, Codable {
    /// The run's id (`zoo runs show ID`).
    public var id: Int64
    /// The id of its experiment.
    public var experimentID: Int64
    /// The name of its experiment.
    public var experiment: String
    /// A human name (defaults to `<plugin>-<action>`).
    public var name: String
    /// The task family (`detectnet_v2`, `registry`, …), if any.
    public var task: String?
    /// The action (`train`, `prune`, `export`, `download`, …), if any.
    public var action: String?
    /// The plugin that ran it, if any.
    public var plugin: String?
    /// Its current state.
    public var status: RunStatus
    /// When it started.
    public var start: Date
    /// When it ended (nil while running).
    public var end: Date?
    /// The last sign of life its logger wrote.
    public var heartbeat: Date
    /// The command line, with secrets masked.
    public var commandLine: String?
    /// The host it ran on.
    public var host: String
    /// The process that owns it.
    public var pid: Int32?
    /// The git commit of the working directory, if it was a repository.
    public var gitCommit: String?
    /// Whether that working tree had uncommitted changes.
    public var gitDirty: Bool?
    /// The run it descends from: set explicitly, or found from an input artifact's digest.
    public var parentRunID: Int64?
    /// Where its outputs came from, for a registry delivery (`nvidia/tlt_vehicletypenet:unpruned_v1.0`).
    public var source: String?

    /// Wall-clock duration (up to now for a running run).
    public func duration(now: Date = Date()) -> TimeInterval {
        (end ?? now).timeIntervalSince(start)
    }
}

/// The per-key summary of a metric's series, kept up to date on every flush.
public struct MetricSummary: Sendable, Equatable, Codable {
    /// The metric's name.
    public var key: String
    /// How many steps were logged.
    public var count: Int
    /// The lowest step.
    public var firstStep: Int64
    /// The highest step.
    public var lastStep: Int64
    /// The value at the highest step (NaN is stored as a missing value: nil).
    public var last: Double?
    /// The smallest value logged.
    public var min: Double?
    /// The largest value logged.
    public var max: Double?
}

/// One point of a metric series.
public struct MetricPoint: Sendable, Equatable, Codable {
    /// The step (iteration or epoch) it belongs to.
    public var step: Int64
    /// When it was logged.
    public var timestamp: Date
    /// Its value (nil for NaN).
    public var value: Double?
}

/// A file a run read or wrote, identified by its SHA-256.
public struct ArtifactRecord: Sendable, Equatable, Codable {
    /// The run that logged it.
    public var runID: Int64
    /// Whether the run read it or wrote it.
    public var role: ArtifactRole
    /// The path as logged (absolute when logged from a file).
    public var path: String
    /// Its size in bytes.
    public var size: Int64
    /// Its SHA-256, lowercase hex.
    public var sha256: String
    /// Where it came from, such as a registry ref, if known.
    public var source: String?
    /// For an input: the run that wrote (or the registry delivery that brought) a file with the same digest.
    public var producerRunID: Int64?
}

/// A file a registry download delivered: what `recordDelivery` needs to know of it.
public struct DeliveredFile: Sendable, Equatable {
    /// Where it was written.
    public var path: String
    /// Its size in bytes.
    public var size: Int64
    /// Its verified SHA-256.
    public var sha256: SHA256Digest

    /// A delivered file.
    public init(path: String, size: Int64, sha256: SHA256Digest) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }
}

/// Everything stored about one run: `zoo runs show`.
public struct RunDetail: Sendable, Equatable, Codable {
    /// The run itself.
    public var run: RunRecord
    /// Its params (immutable once logged).
    public var params: [String: String]
    /// Its tags (mutable).
    public var tags: [String: String]
    /// The summary of each metric, by key.
    public var metrics: [MetricSummary]
    /// The files it read and wrote, in the order logged.
    public var artifacts: [ArtifactRecord]
    /// The runs whose parent it is.
    public var children: [Int64]
}

/// Milliseconds since 1970, the unit every timestamp is stored in.
enum Millis {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
    static var now: Int64 { from(Date()) }
}
