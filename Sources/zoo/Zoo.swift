import ArgumentParser
import Tasks
import Foundation
import ZooCore

/// The `zoo` command: parses the command line, runs the chosen subcommand, and turns every error
/// into a one-line message with a hint (never a stack trace).
@main
struct Zoo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "A Swift-native transfer-learning toolkit: model zoo, task plugins, experiment tracking.",
        discussion: "zoo re-creates the TLT/TAO workflow on the CPU — list and download pretrained models, "
            + "train, evaluate, prune, retrain and export them — and records every run so runs can be compared.",
        subcommands: CommandRegistry.commands)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("version"), help: "Print zoo's version and exit (with --verbose: build and runtime details).")
    var version = false

    @Flag(name: .customLong("verbose"), help: "With --version: print build and runtime details.")
    var verbose = false

    mutating func run() async throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print("zoo \(ZooVersion.current)")
        if verbose {
            for (label, value) in CommandRegistry.versionDetails.flatMap({ $0() }) {
                print("  \(label): \(value)")
            }
        }
    }

    static func main() async {
        Log.bootstrap()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any ZooErrorConvertible {
            let error = error.zooError
            CLIOutput.report(error)
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
