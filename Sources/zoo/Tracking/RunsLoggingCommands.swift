import ArgumentParser
import Tasks
import Foundation
import Tracking
import ZooCore

extension RunsCommand {
    /// `zoo runs start`: creates a run for a script or external plugin and prints its id.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start a run and print its id (for logging from scripts and other languages).",
            discussion: "The run belongs to the calling process (this command's parent): if that process dies "
                + "before `zoo runs end`, the run is marked KILLED.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("experiment"), help: "The experiment (created if missing).") var experiment = TrackingStore.defaultExperiment
        @Option(name: .customLong("name"), help: "A name for the run.") var name: String?
        @Option(name: .customLong("parent"), help: "The id of the run this one continues from.") var parent: Int64?
        @Option(name: .customLong("task"), help: "The task family (detectnet_v2, classification…).") var task: String?
        @Option(name: .customLong("action"), help: "The action (train, evaluate, prune, export…).") var action: String?
        @Option(name: .customLong("plugin"), help: "The plugin running it.") var plugin: String?
        @Option(name: .customLong("tag"), help: "A key=value tag (repeatable).") var tags: [String] = []

        func run() throws {
            let spec = RunSpec(experiment: experiment, name: name, task: task, action: action, plugin: plugin, parentRunID: parent,
                               tags: try TrackingOutput.keyValues(tags, what: "a tag"), context: .current(owner: getppid()))
            let run = try global.openStore().createRun(spec)
            if global.format == .json {
                Terminal.write("{\"run_id\": \(run.id)}\n", to: .standardOutput)
            } else {
                Terminal.write("\(run.id)\n", to: .standardOutput)
            }
        }
    }

    /// `zoo runs log ID`: JSON lines on stdin, written in batches.
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Log params, metrics, tags and artifacts to a run from JSON lines on stdin.",
            discussion: """
                One JSON object per line, for example:
                  {"param": "lr", "value": "0.01"}
                  {"metric": "loss", "step": 3, "value": 0.41}
                  {"metrics": {"loss": 0.41, "acc": 0.9}, "step": 3}
                  {"artifact": "weights/model.tlt", "role": "output"}
                  {"tag": "stage", "value": "dev"}
                A malformed line is reported with its number and skipped; every valid line is kept. See docs/TRACKING.md.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id (from `zoo runs start`).") var id: Int64
        @Option(name: .customLong("flush-interval"), help: "Seconds between writes of buffered lines (they are also written every 20,000 points and at the end).")
        var flushInterval: Double = 1

        func validate() throws {
            guard flushInterval > 0 else { throw ValidationError("--flush-interval must be positive.") }
        }

        func run() throws {
            let store = try global.openStore()
            RunInterruption.install()
            var options = RunLogger.Options()
            options.flushInterval = flushInterval
            let logger = try store.logger(forRun: id, options: options)
            var lineNumber = 0
            var skipped: [Int] = []
            do {
                while let line = readLine(strippingNewline: true) {
                    lineNumber += 1
                    do {
                        if let event = try LogEvent.parse(line: line) { try logger.log(event) }
                    } catch let error as LogLineError {
                        skip(lineNumber, error.message, into: &skipped)
                    } catch let error as ZooError where logger.writeError == nil {
                        skip(lineNumber, error.message, into: &skipped)  // a param conflict, a missing artifact file…
                    }
                }
                try logger.flush()
            } catch {
                // The store refused a write (disk full, locked too long): stop; what was written stays.
                if logger.ownsRun { try? logger.finish(.failed) }
                throw error
            }
            if let first = skipped.first {
                throw ZooError("\(skipped.count) of \(lineNumber) lines were malformed and skipped (first: line \(first)).",
                               hint: "every valid line was logged; the line format is described in docs/TRACKING.md")
            }
        }

        private func skip(_ line: Int, _ message: String, into skipped: inout [Int]) {
            skipped.append(line)
            Terminal.write("Skipped line \(line): \(message)\n", to: .standardError)
        }
    }

    /// `zoo runs end ID`.
    struct End: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "end", abstract: "End a run with a status (default FINISHED).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id.") var id: Int64
        @Option(name: .customLong("status"), help: "FINISHED, FAILED or KILLED.") var status: RunStatus = .finished

        func validate() throws {
            guard status != .running else { throw ValidationError("--status must be FINISHED, FAILED or KILLED.") }
        }

        func run() throws {
            try global.openStore().endRun(id, status: status)
        }
    }
}
