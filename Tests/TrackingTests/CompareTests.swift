import Foundation
import Testing
@testable import Tracking
import ZooCore

@Suite struct CompareTests {
    /// Two runs that differ in one param, their metric curves and an artifact's size.
    static func fixture() throws -> (TestStore, [Int64]) {
        let test = try TestStore()
        var ids: [Int64] = []
        let runs: [(name: String, batch: String, loss: [Double], mAP: [Double], weights: String, start: Double, minutes: Double)] = [
            ("unpruned", "16", [1.0, 0.5, 0.25, 0.2], [0.5, 0.7, 0.8], "aaaaaaaaaa", 0, 90),
            ("pruned", "8", [0.9, 0.6, 0.4, 0.3], [0.4, 0.6, 0.75], "aaa", 7200, 42.5),
        ]
        for spec in runs {
            let run = try test.store.startRun(TestStore.spec(spec.name, start: spec.start), options: TestStore.quiet)
            try run.logParams(["lr": "0.01", "arch": "resnet18", "batch_size": spec.batch])
            for (step, value) in spec.loss.enumerated() { try run.logMetric("loss", value, step: Int64(step)) }
            for (step, value) in spec.mAP.enumerated() { try run.logMetric("mAP", value, step: Int64(step)) }
            try run.logArtifact(try test.folder.write("\(spec.name)/model.tlt", spec.weights), role: .output)
            try run.finish(.finished, at: Date(timeIntervalSince1970: 1_704_067_200 + spec.start + spec.minutes * 60))
            ids.append(run.runID)
        }
        return (test, ids)
    }

    @Test func showsOnlyWhatDiffersAsATransposedTable() throws {
        let (test, ids) = try Self.fixture()
        let comparison = try test.store.compare(ids)
        #expect(comparison.table(includeAll: false, sparklines: true).ascii() == """
            +----------------------------+--------------------------+--------------------------+
            | Key                        | #1                       | #2                       |
            +----------------------------+--------------------------+--------------------------+
            | name                       | unpruned                 | pruned                   |
            | started                    | 2024-01-01T00:00:00.000Z | 2024-01-01T02:00:00.000Z |
            | ended                      | 2024-01-01T01:30:00.000Z | 2024-01-01T02:42:30.000Z |
            | duration                   | 1h 30m 0s                | 42m 30s                  |
            | params.batch_size          | 16                       | 8                        |
            | metrics.loss               | 0.2 █▄▁▁                 | 0.3 ▇▄▃▂                 |
            | metrics.mAP                | 0.8 ▃▆█                  | 0.75 ▁▄▇                 |
            | artifacts.output model.tlt | 10 B                     | 3 B                      |
            +----------------------------+--------------------------+--------------------------+

            """)
        // Rows that are the same in both runs appear only with includeAll.
        let all = comparison.table(includeAll: true, sparklines: false)
        #expect(all.rows.map { $0[0] }.contains("params.lr"))
        #expect(all.rows.first { $0[0] == "status" } == ["status", "FINISHED", "FINISHED"])
        #expect(!comparison.table(includeAll: false, sparklines: false).rows.map { $0[0] }.contains("params.lr"))
    }

    @Test func commandCellsAreShortAndNameTheProgramOnly() {
        let short = TrackingStore.shortCommand("/usr/local/bin/zoo classification prune -m a.tlt -k k")
        #expect(short == "zoo classification prune -m a.tlt -k k")
        let long = TrackingStore.shortCommand("/opt/bin/zoo " + String(repeating: "x", count: 200))
        #expect(long.count == 80 && long.hasPrefix("zoo xxx") && long.hasSuffix("…"))
    }

    @Test func aggregatesPickTheValueShown() throws {
        let (test, ids) = try Self.fixture()
        func metricRows(_ aggregate: ComparisonAggregate) throws -> [[String]] {
            try test.store.compare(ids, aggregate: aggregate).table(includeAll: false, sparklines: false).rows.filter { $0[0].hasPrefix("metrics.") }
        }
        #expect(try metricRows(.last) == [["metrics.loss", "0.2", "0.3"], ["metrics.mAP", "0.8", "0.75"]])
        #expect(try metricRows(.min) == [["metrics.loss (min)", "0.2", "0.3"], ["metrics.mAP (min)", "0.5", "0.4"]])
        #expect(try metricRows(.max) == [["metrics.loss (max)", "1", "0.9"], ["metrics.mAP (max)", "0.8", "0.75"]])
        #expect(try metricRows(.best) == [["metrics.loss (min)", "0.2", "0.3"], ["metrics.mAP (max)", "0.8", "0.75"]])
        #expect(ComparisonAggregate.lowerIsBetter("val_loss") && !ComparisonAggregate.lowerIsBetter("mAP"))
    }

    @Test func csvAndJSONCarryTheSameRowsWithoutSparklines() throws {
        let (test, ids) = try Self.fixture()
        let table = try test.store.compare(ids).table(includeAll: false, sparklines: false)
        #expect(table.csv().contains("metrics.loss,0.2,0.3\n"))
        #expect(table.json().contains(##"{"Key": "metrics.mAP", "#1": "0.8", "#2": "0.75"}"##))
    }

    @Test func htmlReportIsSelfContainedWithAChartPerSharedMetric() throws {
        let (test, ids) = try Self.fixture()
        let html = HTMLReport.render(try test.store.compare(ids), includeAll: false, generated: Date(timeIntervalSince1970: 0))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)        // loss and mAP
        #expect(html.components(separatedBy: "<polyline").count - 1 == 4)   // one line per run per metric
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("<td class=\"differs\">16</td>"))
        #expect(HTMLReport.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
    }

    @Test func needsTwoRuns() throws {
        let (test, ids) = try Self.fixture()
        #expect(throws: ZooError.self) { try test.store.compare([ids[0], ids[0]]) }
        #expect(throws: ZooError.self) { try test.store.compare([ids[0], 99]) }
    }
}
