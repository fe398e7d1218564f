import ArgumentParser
import Tasks
import Foundation
import Tracking
import ZooCore

/// `zoo experiments list|create|rename|delete`.
struct ExperimentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiments",
        abstract: "List, create, rename and delete experiments (named groups of runs).",
        subcommands: [List.self, Create.self, Rename.self, Delete.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List experiments with their run counts.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let format = global.format
            var table = Table(columns: ["ID", "Name", "Runs", "Created", "Last Run"])
            for summary in try global.openStore(readOnly: true).experiments() {
                table.append([String(summary.experiment.id), summary.experiment.name, String(summary.runCount),
                              TrackingOutput.date(summary.experiment.created, format), TrackingOutput.date(summary.lastRunStart, format)])
            }
            CLIOutput.print(table, format: format)
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an experiment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The experiment's name.") var name: String

        func run() throws {
            let experiment = try global.openStore().createExperiment(name)
            CLIOutput.print(Table(columns: ["ID", "Name"], rows: [[String(experiment.id), experiment.name]]), format: global.format)
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rename", abstract: "Rename an experiment.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The experiment's name or id.") var experiment: String
        @Argument(help: "Its new name.") var newName: String

        func run() throws {
            let renamed = try global.openStore().renameExperiment(experiment, to: newName)
            CLIOutput.print(Table(columns: ["ID", "Name"], rows: [[String(renamed.id), renamed.name]]), format: global.format)
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an experiment (one that holds runs only with --force, runs and all).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The experiment's name or id.") var experiment: String
        @Flag(name: .customLong("force"), help: "Also delete the runs it holds.") var force = false

        func run() throws {
            try global.openStore().deleteExperiment(experiment, force: force)
            Terminal.write("Deleted experiment '\(experiment)'.\n", to: .standardError)
        }
    }
}
