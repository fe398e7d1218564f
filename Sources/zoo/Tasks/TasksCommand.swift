import ArgumentParser
import ClassificationPlugin
import Foundation
import Tasks
import ZooCore

/// The task plugins built into zoo, in the order `zoo tasks` lists them.
enum BuiltInPlugins {
    static let all: [any TaskPlugin] = [ClassificationPlugin()]
}

/// `zoo tasks`: the task plugins and their actions.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tasks", abstract: "List the task plugins and their actions.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let rows = BuiltInPlugins.all.flatMap { plugin in
            plugin.actions.map { [plugin.name, $0.name, $0.summary] }
        }
        CLIOutput.print(Table(columns: ["Task", "Action", "What it does"], rows: rows), format: global.format)
    }
}
