import Foundation
import GRDB
import ZooCore

/// Which value of each metric a comparison shows.
public enum ComparisonAggregate: String, Sendable, CaseIterable {
    /// The value at the last step.
    case last
    /// The smallest value.
    case min
    /// The largest value.
    case max
    /// The minimum for metrics where lower is better (loss, error…), else the maximum.
    case best

    /// Whether lower values of `metric` are better, judged by its name: loss, error, err, mae,
    /// mse, rmse, wer, cer, perplexity, latency, time and duration are; everything else (mAP,
    /// accuracy, recall…) is higher-is-better.
    public static func lowerIsBetter(_ metric: String) -> Bool {
        let name = metric.lowercased()
        return ["loss", "error", "err", "mae", "mse", "rmse", "wer", "cer", "perplexity", "latency", "time", "duration"]
            .contains { name.contains($0) }
    }
}

/// Runs side by side: one row per attribute, param, tag, metric and artifact; one column per run.
public struct RunComparison: Sendable {
    /// What a row describes.
    public enum Section: String, Sendable, Codable {
        case attribute, param, tag, metric, artifact
    }

    /// One row: a key and its value in each run.
    public struct Row: Sendable {
        /// What the row describes.
        public var section: Section
        /// The row label (`params.lr`, `metrics.mAP (max)`, `artifacts.output model.tlt`, `duration`).
        public var label: String
        /// The key inside its section (the param or metric name, the artifact's file name).
        public var key: String
        /// The value in each run (nil where the run has none).
        public var values: [String?]
        /// For metrics: each run's curve, value by step (empty where the run lacks the metric).
        public var curves: [[(step: Int64, value: Double)]]

        /// True when the runs do not all show the same value.
        public var differs: Bool { Set(values.map { $0 ?? "\u{0}" }).count > 1 }
    }

    /// The compared runs, in the order asked.
    public var runs: [RunRecord]
    /// How metric values were chosen.
    public var aggregate: ComparisonAggregate
    /// Every row; `rows(includeAll:)` picks the ones to show.
    public var allRows: [Row]

    /// The rows that differ between runs, or every row with `includeAll`.
    public func rows(includeAll: Bool) -> [Row] {
        includeAll ? allRows : allRows.filter(\.differs)
    }

    /// The metric rows every compared run has (for charts).
    public var sharedMetrics: [Row] {
        allRows.filter { $0.section == .metric && $0.curves.allSatisfy { !$0.isEmpty } }
    }

    /// The transposed table: `Key` then one column per run (`#12`). With `sparklines`, each metric
    /// cell also draws its curve, on one scale per row.
    public func table(includeAll: Bool, sparklines: Bool) -> ZooCore.Table {
        var table = ZooCore.Table(columns: ["Key"] + runs.map { "#\($0.id)" })
        for row in rows(includeAll: includeAll) {
            var cells = row.values.map { $0 ?? "-" }
            if sparklines, row.section == .metric {
                let all = row.curves.flatMap { $0.map(\.value) }.filter(\.isFinite)
                if let low = all.min(), let high = all.max() {
                    for index in cells.indices where !row.curves[index].isEmpty {
                        cells[index] += " " + Sparkline.draw(row.curves[index].map(\.value), low: low, high: high)
                    }
                }
            }
            table.append([row.label] + cells)
        }
        return table
    }
}

extension TrackingStore {
    /// Compares runs: attributes and timings, params, tags, metrics (chosen by `aggregate`, with
    /// their curves) and artifact sizes.
    public func compare(_ ids: [Int64], aggregate: ComparisonAggregate = .last, now: Date = Date()) throws -> RunComparison {
        var unique: [Int64] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        guard unique.count >= 2 else {
            throw ZooError.usage("Give at least two different runs to compare.", hint: "use `zoo runs show ID` for one run")
        }
        return try read { db in
            let runs = try unique.map { try Self.fetchRun(db, $0) }
            var rows = Self.attributeRows(runs, now: now)
            let params = try unique.map { try Self.keyValues(db, table: "params", runID: $0) }
            rows += Self.keyedRows(params, section: .param, prefix: "params.")
            let tags = try unique.map { try Self.keyValues(db, table: "tags", runID: $0) }
            rows += Self.keyedRows(tags, section: .tag, prefix: "tags.")
            rows += try Self.metricRows(db, unique, aggregate: aggregate)
            let artifacts = try unique.map { id -> [String: String] in
                var sizes: [String: String] = [:]
                for artifact in try Self.artifacts(db, runID: id) {
                    sizes[artifact.role.rawValue + " " + (artifact.path as NSString).lastPathComponent] = Format.size(artifact.size)
                }
                return sizes
            }
            rows += Self.keyedRows(artifacts, section: .artifact, prefix: "artifacts.")
            return RunComparison(runs: runs, aggregate: aggregate, allRows: rows)
        }
    }

    private static func attributeRows(_ runs: [RunRecord], now: Date) -> [RunComparison.Row] {
        func row(_ label: String, _ value: (RunRecord) -> String?) -> RunComparison.Row {
            RunComparison.Row(section: .attribute, label: label, key: label, values: runs.map(value), curves: runs.map { _ in [] })
        }
        return [
            row("name") { $0.name },
            row("experiment") { $0.experiment },
            row("task") { $0.task },
            row("action") { $0.action },
            row("plugin") { $0.plugin },
            row("status") { $0.status.rawValue },
            row("parent") { $0.parentRunID.map { "#\($0)" } },
            row("source") { $0.source },
            row("started") { Format.iso($0.start) },
            row("ended") { $0.end.map(Format.iso) },
            row("duration") { Format.duration(seconds: $0.duration(now: now)) },
            row("host") { $0.host },
            row("git commit") { $0.gitCommit.map { String($0.prefix(12)) } },
            row("git dirty") { $0.gitDirty.map { $0 ? "yes" : "no" } },
            row("command") { $0.commandLine.map(shortCommand) },
        ]
    }

    /// A command line as a compare cell: the program without its folder, at most 80 characters
    /// (`runs show` prints it whole).
    static func shortCommand(_ line: String) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if let program = words.first { words[0] = (program as NSString).lastPathComponent }
        let short = words.joined(separator: " ")
        return short.count <= 80 ? short : String(short.prefix(79)) + "…"
    }

    private static func keyValues(_ db: Database, table: String, runID: Int64) throws -> [String: String] {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM \(table) WHERE run_id = ?", arguments: [runID])
        return Dictionary(rows.map { ($0["key"], $0["value"]) }, uniquingKeysWith: { first, _ in first })
    }

    private static func keyedRows(_ perRun: [[String: String]], section: RunComparison.Section, prefix: String) -> [RunComparison.Row] {
        let keys = Set(perRun.flatMap(\.keys)).sorted()
        return keys.map { key in
            RunComparison.Row(section: section, label: prefix + key, key: key, values: perRun.map { $0[key] },
                              curves: perRun.map { _ in [] })
        }
    }

    private static func metricRows(_ db: Database, _ ids: [Int64], aggregate: ComparisonAggregate) throws -> [RunComparison.Row] {
        var summaries: [[String: MetricSummary]] = []
        var curves: [[String: [(step: Int64, value: Double)]]] = []
        for id in ids {
            summaries.append(Dictionary(try metricSummaries(db, runID: id).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a }))
            var series: [String: [(step: Int64, value: Double)]] = [:]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT k.name, m.step, m.value FROM metrics m JOIN metric_keys k ON k.id = m.key_id
                WHERE m.run_id = ? ORDER BY m.key_id, m.step
                """, arguments: [id])
            while let row = try cursor.next() {
                series[row[0], default: []].append((row[1], (row[2] as Double?) ?? .nan))
            }
            curves.append(series)
        }
        return Set(summaries.flatMap(\.keys)).sorted().map { key in
            let chosen: MetricAggregate = switch aggregate {
            case .last: .last
            case .min: .min
            case .max: .max
            case .best: ComparisonAggregate.lowerIsBetter(key) ? .min : .max
            }
            let label = "metrics." + key + (aggregate == .last ? "" : " (\(chosen.rawValue))")
            let values = summaries.map { perRun -> String? in
                guard let summary = perRun[key] else { return nil }
                switch chosen {
                case .last: return TrackingFormat.number(summary.last)
                case .min: return TrackingFormat.number(summary.min)
                case .max: return TrackingFormat.number(summary.max)
                }
            }
            return RunComparison.Row(section: .metric, label: label, key: key, values: values, curves: curves.map { $0[key] ?? [] })
        }
    }
}
