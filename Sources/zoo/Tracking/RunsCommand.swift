import ArgumentParser

/// `zoo runs …`: query, compare and log experiment runs.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, show, compare and trace tracked runs; log to them from scripts.",
        discussion: "Filters use MLflow's grammar plus or, parentheses, in and like: "
            + "--filter \"metrics.mAP > 0.8 and params.model_config.arch = 'resnet'\". See docs/TRACKING.md.",
        subcommands: [List.self, Show.self, Compare.self, Lineage.self, Tag.self, Delete.self, Start.self, Log.self, End.self],
        defaultSubcommand: List.self)
}
