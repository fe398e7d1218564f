import ArgumentParser

/// The contract every architecture implements. A plugin names its task (`classification`,
/// `detectnet_v2`, …), says what it does and which actions it has, and provides the
/// `zoo <task>` command group whose subcommands carry TAO's flags. The actions do their work
/// through a `TaskContext`, so tracking, status.json, keys and results folders are the same
/// for every plugin.
public protocol TaskPlugin: Sendable {
    /// The task name as TAO spells it; also the command name (`zoo classification …`).
    var name: String { get }
    /// One line for `zoo tasks`.
    var summary: String { get }
    /// The actions, in the order `zoo tasks` and `--help` list them.
    var actions: [TaskAction] { get }
    /// The `zoo <task>` command group.
    var command: any ParsableCommand.Type { get }
}

/// One action of a task: its name (`train`, `prune`, `calibration_tensorfile`) and a line of help.
public struct TaskAction: Sendable, Equatable {
    /// The subcommand name.
    public let name: String
    /// One line of help.
    public let summary: String

    /// An action called `name`.
    public init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}
