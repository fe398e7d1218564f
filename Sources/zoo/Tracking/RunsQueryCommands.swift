import ArgumentParser
import Tasks
import Foundation
import Tracking
import ZooCore

extension RunsCommand {
    /// `zoo runs list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List runs, newest first, optionally filtered and sorted.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("experiment"), help: "Only runs of this experiment (name or id).") var experiment: String?
        @Option(name: .customLong("filter"), help: "A filter, e.g. \"metrics.mAP > 0.8 and tags.stage != 'dev'\".") var filter: String?
        @Option(name: .customLong("sort"), help: "Sort by a field: metrics.mAP, min(metrics.loss), params.lr, start_time, duration…") var sort: String?
        @Flag(name: .customLong("desc"), help: "Sort descending.") var descending = false
        @Option(name: .customLong("limit"), help: "Show at most this many runs.") var limit = 50

        func run() throws {
            let format = global.format
            let listing = try global.openStore(readOnly: true).listRuns(
                RunQuery(experiment: experiment, filter: filter, sort: sort, descending: descending, limit: limit))
            var table = Table(columns: ["ID", "Experiment", "Name", "Task", "Action", "Status", "Started", "Duration", "Parent"]
                                + listing.fields.map(\.description))
            let now = Date()
            for row in listing.rows {
                let run = row.run
                table.append([String(run.id), run.experiment, run.name, run.plugin ?? run.task ?? "", run.action ?? "",
                              run.status.rawValue, TrackingOutput.date(run.start, format),
                              Format.duration(seconds: run.duration(now: now)), run.parentRunID.map(String.init) ?? ""]
                             + row.values.map { $0 ?? "" })
            }
            CLIOutput.print(table, format: format)
        }
    }

    /// `zoo runs show ID`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a run: attributes, params, tags, metrics and artifacts.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id.") var id: Int64

        func run() throws {
            let detail = try global.openStore(readOnly: true).detail(id)
            let format = global.format
            if format == .json { return Terminal.write(try TrackingOutput.json(detail), to: .standardOutput) }
            let run = detail.run
            let attributes: [(String, String?)] = [
                ("id", String(run.id)), ("name", run.name), ("experiment", run.experiment), ("task", run.task),
                ("action", run.action), ("plugin", run.plugin), ("status", run.status.rawValue),
                ("started", TrackingOutput.date(run.start, format)), ("ended", run.end.map { TrackingOutput.date($0, format) }),
                ("duration", Format.duration(seconds: run.duration())), ("host", run.host), ("pid", run.pid.map(String.init)),
                ("command", run.commandLine), ("git commit", run.gitCommit), ("git dirty", run.gitDirty.map { $0 ? "yes" : "no" }),
                ("parent", run.parentRunID.map { "#\($0)" }), ("source", run.source),
                ("children", detail.children.isEmpty ? nil : detail.children.map { "#\($0)" }.joined(separator: ", ")),
            ]
            var sections: [(String, Table)] = []
            sections.append(("Run", Table(columns: ["Key", "Value"], rows: attributes.compactMap { key, value in value.map { [key, $0] } })))
            if !detail.params.isEmpty {
                sections.append(("Params", Table(columns: ["Key", "Value"], rows: detail.params.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })))
            }
            if !detail.tags.isEmpty {
                sections.append(("Tags", Table(columns: ["Key", "Value"], rows: detail.tags.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })))
            }
            if !detail.metrics.isEmpty {
                sections.append(("Metrics", Table(columns: ["Key", "Last", "Min", "Max", "Steps", "Last Step"], rows: detail.metrics.map {
                    [$0.key, TrackingFormat.number($0.last), TrackingFormat.number($0.min), TrackingFormat.number($0.max),
                     String($0.count), String($0.lastStep)]
                })))
            }
            if !detail.artifacts.isEmpty {
                sections.append(("Artifacts", Table(columns: ["Role", "Path", "Size", "SHA-256", "From"], rows: detail.artifacts.map {
                    [$0.role.rawValue, $0.path, Format.size($0.size), String($0.sha256.prefix(16)),
                     $0.producerRunID.map { "#\($0)" } ?? $0.source ?? ""]
                })))
            }
            if format == .csv {
                var flat = Table(columns: ["Section", "Key", "Value"])
                for (title, table) in sections {
                    for row in table.rows { flat.append([title, row[0], row.dropFirst().joined(separator: " ")]) }
                }
                return CLIOutput.print(flat, format: .csv)
            }
            for (index, (title, table)) in sections.enumerated() {
                Terminal.write((index == 0 ? "" : "\n") + title + "\n", to: .standardOutput)
                CLIOutput.print(table, format: .ascii)
            }
        }
    }

    /// `zoo runs compare ID ID…`.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare runs side by side: only what differs, unless --all.",
            discussion: "Rows are attributes and timings, params, tags, metrics (with a sparkline of each curve) and artifact sizes; columns are runs.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Two or more run ids.") var ids: [Int64]
        @Flag(name: .customLong("all"), help: "Show every row, not only those that differ.") var all = false
        @Option(name: .customLong("agg"), help: "Metric value to show: last, min, max or best (min for loss/error-like names, else max).")
        var aggregate: ComparisonAggregate = .last
        @Option(name: .customLong("html"), help: "Also write a self-contained HTML report with SVG charts to this file.") var html: String?

        func run() throws {
            let comparison = try global.openStore(readOnly: true).compare(ids, aggregate: aggregate)
            let format = global.format
            CLIOutput.print(comparison.table(includeAll: all, sparklines: format == .ascii), format: format)
            if let html {
                let url = URL(fileURLWithPath: html)
                try AtomicFile.write(HTMLReport.render(comparison, includeAll: all), to: url)
                Terminal.write("Wrote \(url.path)\n", to: .standardError)
            }
        }
    }

    /// `zoo runs lineage ID`.
    struct Lineage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lineage",
            abstract: "Show where a run came from and what came of it: registry download → train → prune → retrain → export.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id.") var id: Int64

        func run() throws {
            let tree = try global.openStore(readOnly: true).lineage(of: id)
            switch global.format {
            case .ascii: Terminal.write(tree.rendered(), to: .standardOutput)
            case .json: Terminal.write(try TrackingOutput.json(tree), to: .standardOutput)
            case .csv:
                var table = Table(columns: ["ID", "Parent", "Depth", "Action", "Name", "Status", "Source"])
                func visit(_ node: LineageNode, depth: Int) {
                    let run = node.run
                    table.append([String(run.id), run.parentRunID.map(String.init) ?? "", String(depth), run.action ?? "",
                                  run.name, run.status.rawValue, run.source ?? ""])
                    node.children.forEach { visit($0, depth: depth + 1) }
                }
                visit(tree.root, depth: 0)
                CLIOutput.print(table, format: .csv)
            }
        }
    }
}
