// Tracking benchmarks: batched logging throughput, `runs list` over 100,000 runs, `runs compare`
// of 10 runs in a 10,000-run store with 50 metrics each. Run through bench/tracking/run.
import Foundation
import Tracking
import ZooCore

let environment = ProcessInfo.processInfo.environment
let outputFolder = URL(fileURLWithPath: environment["TRACKING_BENCH_DIR"] ?? "bench/out/tracking", isDirectory: true)
let zooBinary = environment["ZOO_BIN"]
func setting(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }

let logPoints = setting("TRACKING_BENCH_POINTS", 2_000_000)
let listRuns = setting("TRACKING_BENCH_LIST_RUNS", 100_000)
let compareRuns = setting("TRACKING_BENCH_COMPARE_RUNS", 10_000)
let compareMetrics = setting("TRACKING_BENCH_COMPARE_METRICS", 50)
let compareSteps = setting("TRACKING_BENCH_COMPARE_STEPS", 20)
let repeats = setting("TRACKING_BENCH_REPEATS", 5)

let context = RunContext(host: RunContext.thisHost, pid: getpid(), commandLine: "tracking-bench")

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func freshStore(_ name: String) throws -> TrackingStore {
    try ZooPaths.ensureDirectory(outputFolder)
    let url = outputFolder.appendingPathComponent(name)
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
    return try TrackingStore(location: StoreLocation(databaseURL: url))
}

/// CPU seconds this process used (all threads).
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func milliseconds(_ value: Double) -> String { String(format: "%.2f ms", value * 1000) }

/// Wall time of `zoo args…` (process start, store open, query, print), best and median of `repeats`.
func timeCLI(_ arguments: [String], store: TrackingStore) throws -> (best: Double, median: Double)? {
    guard let zooBinary else { return nil }
    let argv = [zooBinary] + arguments + ["--tracking-uri", store.location.uri]
    let errorsURL = outputFolder.appendingPathComponent("cli-errors.txt")
    var times: [Double] = []
    for _ in 0..<repeats {
        // posix_spawn + waitpid, as a shell does: Foundation's `Process.waitUntilExit` polls its
        // run loop and rounds short commands up to about 50 ms.
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorsURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        var status: Int32 = 0
        times.append(try seconds {
            let spawned = posix_spawn(&pid, zooBinary, &actions, nil, &cArguments, environ)
            guard spawned == 0 else { throw ZooError("Cannot start \(zooBinary): \(String(cString: strerror(spawned))).") }
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        })
        guard status == 0 else {
            let text = (try? String(contentsOf: errorsURL, encoding: .utf8)) ?? ""
            throw ZooError("zoo \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }
    return (times.min() ?? 0, median(times))
}

// MARK: 1. Logging throughput

func benchLogging() throws {
    let keys = 20
    let steps = logPoints / keys
    var rates: [Double] = []
    var cpuRates: [Double] = []
    for attempt in 0..<3 {
        let store = try freshStore("logging.db")
        let run = try store.startRun(RunSpec(name: "throughput-\(attempt)", context: context))
        let names = (0..<keys).map { "metric_\($0)" }
        let cpuStart = cpuSeconds()
        let elapsed = try seconds {
            for step in 0..<steps {
                for name in names { try run.logMetric(name, Double(step) * 0.001, step: Int64(step)) }
            }
            try run.finish()
        }
        rates.append(Double(keys * steps) / elapsed)
        cpuRates.append(Double(keys * steps) / (cpuSeconds() - cpuStart))
        let stored = try store.detail(run.runID).metrics.reduce(0) { $0 + $1.count }
        guard stored == keys * steps else { throw ZooError("expected \(keys * steps) points, found \(stored)") }
    }
    print(String(format: "logging: %d points (%d keys × %d steps), batched: best %.0f points/s, median %.0f points/s wall (target ≥ 500,000); "
                 + "per CPU-second of the process (all threads): best %.0f, median %.0f",
                 keys * steps, keys, steps, rates.max() ?? 0, median(rates), cpuRates.max() ?? 0, median(cpuRates)))
}

// MARK: 2. runs list over many runs

func benchList() throws {
    let store = try freshStore("list.db")
    var options = RunLogger.Options()
    options.flushInterval = 3600
    let populate = try seconds {
        for index in 0..<listRuns {
            let run = try store.startRun(RunSpec(experiment: "exp-\(index % 10)", name: "run-\(index)", task: "classification",
                                                 action: "train", context: context), options: options)
            try run.logParams(["lr": "0.0\(index % 7 + 1)", "arch": index % 2 == 0 ? "resnet" : "vgg"])
            try run.logMetric("mAP", Double(index % 1000) / 1000, step: 0)
            try run.finish()
        }
    }
    print(String(format: "list: populated %d runs in %.1f s (%.0f runs/s, each: start, 2 params, 1 metric, finish)",
                 listRuns, populate, Double(listRuns) / populate))
    var firstPage: [Double] = []
    var filtered: [Double] = []
    for _ in 0..<repeats {
        let reopened = try TrackingStore(location: store.location)
        firstPage.append(try seconds { _ = try reopened.listRuns(RunQuery(limit: 50)) })
        filtered.append(try seconds {
            _ = try reopened.listRuns(RunQuery(filter: "metrics.mAP > 0.99 and params.arch = 'resnet'", limit: 50))
        })
    }
    print("list: first page (50 of \(listRuns)), in process: best \(milliseconds(firstPage.min() ?? 0)), median \(milliseconds(median(firstPage))) (target ≤ 50 ms)")
    print("list: filtered scan (metrics.mAP > 0.99 and params.arch = 'resnet'), in process: best \(milliseconds(filtered.min() ?? 0)), median \(milliseconds(median(filtered)))")
    if let cli = try timeCLI(["runs", "list", "--limit", "50"], store: store) {
        print("list: `zoo runs list --limit 50` end to end (process start included): best \(milliseconds(cli.best)), median \(milliseconds(cli.median))")
    }
}

// MARK: 3. runs compare in a big store

func benchCompare() throws {
    let store = try freshStore("compare.db")
    var options = RunLogger.Options()
    options.flushInterval = 3600
    let names = (0..<compareMetrics).map { "metric_\($0)" }
    var ids: [Int64] = []
    let populate = try seconds {
        for index in 0..<compareRuns {
            let run = try store.startRun(RunSpec(name: "run-\(index)", action: "train", context: context), options: options)
            try run.logParams(["lr": "0.0\(index % 7 + 1)", "batch_size": "\(8 << (index % 3))"])
            for step in 0..<compareSteps {
                for (key, name) in names.enumerated() {
                    try run.logMetric(name, sin(Double(step + key + index)) + Double(step) * 0.01, step: Int64(step))
                }
            }
            try run.finish()
            ids.append(run.runID)
        }
    }
    let points = compareRuns * compareMetrics * compareSteps
    print(String(format: "compare: populated %d runs × %d metrics × %d steps (%d points) in %.1f s",
                 compareRuns, compareMetrics, compareSteps, points, populate))
    let chosen = stride(from: 0, to: ids.count, by: max(1, ids.count / 10)).prefix(10).map { ids[$0] }
    var times: [Double] = []
    for _ in 0..<repeats {
        let reopened = try TrackingStore(location: store.location)
        times.append(try seconds {
            let comparison = try reopened.compare(Array(chosen), aggregate: .best)
            _ = comparison.table(includeAll: false, sparklines: true).ascii()
        })
    }
    print("compare: 10 runs of \(compareRuns), in process (query + table with sparklines): best \(milliseconds(times.min() ?? 0)), median \(milliseconds(median(times))) (target ≤ 100 ms)")
    if let cli = try timeCLI(["runs", "compare"] + chosen.map(String.init), store: store) {
        print("compare: `zoo runs compare` of 10 runs end to end (process start included): best \(milliseconds(cli.best)), median \(milliseconds(cli.median))")
    }
}

do {
    let only = CommandLine.arguments.dropFirst()
    if only.isEmpty || only.contains("logging") { try benchLogging() }
    if only.isEmpty || only.contains("list") { try benchList() }
    if only.isEmpty || only.contains("compare") { try benchCompare() }
} catch {
    FileHandle.standardError.write(Data("tracking-bench: \(error)\n".utf8))
    exit(1)
}
