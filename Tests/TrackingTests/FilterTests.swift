import Foundation
import Testing
@testable import Tracking
import ZooCore

/// Five runs with known params, metrics, tags and statuses, shared by the filter table.
private final class FilterFixture: @unchecked Sendable {
    static let shared = FilterFixture()
    let test: TestStore
    var ids: [String: Int64] = [:]

    private init() {
        test = try! TestStore()
        let runs: [(name: String, experiment: String, arch: String, lr: String, mAP: Double?, loss: [Double], stage: String?, status: RunStatus, minutes: Double)] = [
            ("a", "detect", "resnet", "0.01", 0.85, [0.9, 0.5, 0.2], "dev", .finished, 10),
            ("b", "detect", "resnet", "0.001", 0.72, [0.8, 0.6, 0.4], "prod", .finished, 30),
            ("c", "detect", "vgg", "0.01", 0.91, [0.7, 0.3, 0.25], nil, .failed, 5),
            ("d", "classify", "mobilenet_v2", "1e-3", nil, [1.0], "dev", .killed, 1),
            ("e", "classify", "ResNet", "abc", 0.5, [], "O'Brien", .finished, 60),
        ]
        for (index, spec) in runs.enumerated() {
            let run = try! test.store.startRun(TestStore.spec(spec.name, experiment: spec.experiment, start: Double(index) * 3600),
                                               options: TestStore.quiet)
            try! run.logParams(["model_config.arch": spec.arch, "lr": spec.lr])
            if let mAP = spec.mAP { try! run.logMetric("mAP", mAP, step: 0) }
            for (step, value) in spec.loss.enumerated() { try! run.logMetric("loss", value, step: Int64(step)) }
            if let stage = spec.stage { try! run.setTag("stage", stage) }
            try! run.logMetric("f1 score", 0.1 * Double(index), step: 0)
            try! run.finish(spec.status, at: Date(timeIntervalSince1970: 1_704_067_200 + Double(index) * 3600 + spec.minutes * 60))
            ids[spec.name] = run.runID
        }
    }

    func names(_ filter: String) throws -> Set<String> {
        let listing = try test.store.listRuns(RunQuery(filter: filter, limit: 100))
        return Set(listing.rows.map(\.run.name))
    }
}

@Suite struct FilterTests {
    static let table: [(String, Set<String>)] = [
        ("metrics.mAP > 0.8", ["a", "c"]),
        ("metrics.mAP >= 0.85 and params.model_config.arch = 'resnet'", ["a"]),
        ("metrics.mAP > 0.8 and params.model_config.arch = 'resnet' and tags.stage != 'prod'", ["a"]),
        ("metric.mAP < 0.8 or tags.stage = 'dev'", ["a", "b", "d", "e"]),
        ("(metrics.mAP > 0.9 or metrics.mAP < 0.6) and attributes.status = 'FINISHED'", ["e"]),
        ("attributes.status = 'finished'", ["a", "b", "e"]),
        ("status != 'FINISHED'", ["c", "d"]),
        ("attributes.status in ('FAILED', 'KILLED')", ["c", "d"]),
        ("params.model_config.arch in ('vgg', 'mobilenet_v2')", ["c", "d"]),
        ("params.model_config.arch not in ('vgg', 'mobilenet_v2')", ["a", "b", "e"]),
        ("params.model_config.arch like 'res%'", ["a", "b"]),
        ("params.model_config.arch ilike 'res%'", ["a", "b", "e"]),
        ("params.model_config.arch like '%net_v_'", ["d"]),
        ("params.model_config.arch not like 'res%'", ["c", "d", "e"]),
        ("params.lr = '0.01'", ["a", "c"]),
        ("params.lr = 0.001", ["b", "d"]),
        ("params.lr < 0.005", ["b", "d"]),
        ("param.lr > 0", ["a", "b", "c", "d"]),
        ("tags.stage is null", ["c"]),
        ("tags.stage is not null and not tags.stage = 'dev'", ["b", "e"]),
        ("tags.stage = 'O''Brien'", ["e"]),
        ("min(metrics.loss) < 0.3", ["a", "c"]),
        ("max(metrics.loss) <= 0.8", ["b", "c"]),
        ("metrics.loss > 0.3", ["b", "d"]),
        ("metrics.`f1 score` >= 0.2", ["c", "d", "e"]),
        ("metrics.\"f1 score\" < 0.15", ["a", "b"]),
        ("attributes.experiment = 'classify'", ["d", "e"]),
        ("duration > 1200", ["b", "e"]),
        ("attributes.start_time >= '2024-01-01T02:00:00Z'", ["c", "d", "e"]),
        ("run_name in ('a', 'e')", ["a", "e"]),
        ("attributes.action = 'train' and plugin = 'classification'", ["a", "b", "c", "d", "e"]),
    ]

    @Test(arguments: table)
    func filterSelectsExpectedRuns(_ filter: String, _ expected: Set<String>) throws {
        #expect(try FilterFixture.shared.names(filter) == expected, "\(filter)")
    }

    @Test func sortsByMetricsParamsAndAttributes() throws {
        let store = FilterFixture.shared.test.store
        func order(_ sort: String, descending: Bool = false) throws -> [String] {
            try store.listRuns(RunQuery(sort: sort, descending: descending)).rows.map(\.run.name)
        }
        #expect(try order("metrics.mAP", descending: true) == ["c", "a", "b", "e", "d"])  // runs without the metric last
        #expect(try order("min(metrics.loss)") == ["a", "c", "b", "d", "e"])
        #expect(try order("duration") == ["d", "c", "a", "b", "e"])
        #expect(try store.listRuns(RunQuery()).rows.map(\.run.name) == ["e", "d", "c", "b", "a"])  // newest first
        #expect(try store.listRuns(RunQuery(experiment: "detect", limit: 2)).rows.map(\.run.name) == ["c", "b"])
        let listing = try store.listRuns(RunQuery(filter: "metrics.mAP > 0.8", sort: "params.lr"))
        #expect(listing.fields.map(\.description) == ["metrics.mAP", "params.lr"])
        #expect(listing.rows.map(\.values) == [["0.91", "0.01"], ["0.85", "0.01"]])  // ties: newest first
    }

    @Test(arguments: [
        ("metrics.mAP 0.8", 13, "expected a comparison"),
        ("metrcs.mAP > 0.8", 1, "did you mean 'metrics'"),
        ("stauts = 'FINISHED'", 1, "did you mean 'status'"),
        ("metrics.mAP > 0.8 and", 22, "expected a field"),
        ("(metrics.mAP > 0.8", 19, "expected ')'"),
        ("metrics.mAP > 'high'", 13, "compare it with a number"),
        ("params.arch = 'resnet", 15, "unterminated string"),
        ("status = 'DONE'", 8, "unknown status"),
        ("metrics.mAP > 0.8 params.x = 'y'", 19, "expected 'and', 'or'"),
        ("params.arch ! 'x'", 13, "'!' must be followed"),
        ("metrics.mAP like '0.%'", 13, "like and ilike match text"),
    ] as [(String, Int, String)])
    func syntaxErrorsPointAtTheColumn(_ filter: String, _ column: Int, _ text: String) throws {
        let error = #expect(throws: ZooError.self) { try TrackingStore.validateFilter(filter) }
        #expect(error?.message.hasPrefix("Invalid filter at column \(column):") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(text) == true, "\(error?.message ?? "")")
        let caretLine = error?.hint?.split(separator: "\n").last.map(String.init) ?? ""
        #expect(caretLine == String(repeating: " ", count: 6 + column - 1) + "^")
        #expect(error?.exitCode == ZooError.Code.usage)
    }

    @Test func valuesAreBoundNotSpliced() throws {
        // A quote-laden value is a literal string, matched exactly, and cannot change the query.
        #expect(try FilterFixture.shared.names("params.model_config.arch = 'x'' or ''1''=''1'").isEmpty)
        #expect(try FilterFixture.shared.names("tags.stage = 'x''); DROP TABLE runs; --'").isEmpty)
        #expect(try FilterFixture.shared.names("status = 'FINISHED'").count == 3)
        var compiler = FilterCompiler(nowMillis: 0)
        let sql = try compiler.condition(try FilterParser.parse("params.a = 'evil'' OR 1=1 --' and metrics.m > 1"))
        #expect(!sql.contains("evil"))
        #expect(compiler.arguments.count == 4)
    }

    @Test func likeTranslatesToCaseSensitiveGlob() {
        #expect(FilterCompiler.glob(fromLike: "res%_v_") == "res*?v?")
        #expect(FilterCompiler.glob(fromLike: "a*b?[c]\\%") == "a[*]b[?][[]c]%")
    }
}
