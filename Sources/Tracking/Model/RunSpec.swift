import Foundation

/// What a new run is: where it is filed, what it does, and the context it runs in.
public struct RunSpec: Sendable {
    /// The experiment to file it under (created if missing).
    public var experiment: String
    /// A human name; nil gives `<plugin or task>-<action>`.
    public var name: String?
    /// The task family (`detectnet_v2`, `classification`, …).
    public var task: String?
    /// The action (`train`, `evaluate`, `prune`, `export`, …).
    public var action: String?
    /// The plugin that runs it.
    public var plugin: String?
    /// An explicit parent run; without one, the first input artifact whose digest another run
    /// wrote (or the registry delivered) sets it.
    public var parentRunID: Int64?
    /// Tags to start with.
    public var tags: [String: String]
    /// Host, owner process, command line and git state.
    public var context: RunContext
    /// When it starts.
    public var startTime: Date

    /// A run spec; `context` defaults to this process and its working directory.
    public init(experiment: String = TrackingStore.defaultExperiment, name: String? = nil, task: String? = nil,
                action: String? = nil, plugin: String? = nil, parentRunID: Int64? = nil, tags: [String: String] = [:],
                context: RunContext = .current(), startTime: Date = Date()) {
        self.experiment = experiment
        self.name = name
        self.task = task
        self.action = action
        self.plugin = plugin
        self.parentRunID = parentRunID
        self.tags = tags
        self.context = context
        self.startTime = startTime
    }

    /// The name stored when none is given.
    var resolvedName: String {
        if let name, !name.isEmpty { return name }
        let parts = [plugin ?? task, action].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? "run" : parts.joined(separator: "-")
    }
}
