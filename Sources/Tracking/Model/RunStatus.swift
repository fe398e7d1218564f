import ZooCore

/// The life-cycle state of a run. A run starts `RUNNING` and ends in exactly one of the others.
public enum RunStatus: String, Sendable, CaseIterable, Codable {
    /// Started and not yet ended.
    case running = "RUNNING"
    /// Ended normally.
    case finished = "FINISHED"
    /// Ended with an error.
    case failed = "FAILED"
    /// Interrupted (SIGINT/SIGTERM), or found dead: its process is gone or its heartbeat went stale.
    case killed = "KILLED"

    /// Parses a status name, case-insensitively; a usage error listing the choices otherwise.
    public init(parsing text: String) throws {
        guard let status = RunStatus(rawValue: text.uppercased()) else {
            throw ZooError.usage("Unknown run status '\(text)'.",
                                 hint: "use one of " + RunStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = status
    }
}

/// Whether a run read an artifact or wrote it.
public enum ArtifactRole: String, Sendable, CaseIterable, Codable {
    /// A file the run read (a pretrained model, a dataset, a spec).
    case input
    /// A file the run wrote (weights, an exported model, a calibration cache).
    case output

    /// Parses a role name, case-insensitively; a usage error otherwise.
    public init(parsing text: String) throws {
        guard let role = ArtifactRole(rawValue: text.lowercased()) else {
            throw ZooError.usage("Unknown artifact role '\(text)'.", hint: "use input or output")
        }
        self = role
    }
}
