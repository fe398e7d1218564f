import Foundation
import Testing
@testable import Tracking
import ZooCore

/// End-to-end tests of `zoo experiments` and `zoo runs`, with real processes on one database.
@Suite struct TrackingCLITests {
    /// A temporary folder with its own experiment store, removed afterwards.
    final class Workspace {
        let folder: URL
        var database: URL { folder.appendingPathComponent("experiments.db") }
        var environment: [String: String] { ["ZOO_TRACKING_URI": "sqlite:///" + database.path, "ZOO_HOME": folder.path] }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-cli-tracking-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        func zoo(_ arguments: [String], input: String? = nil) throws -> ZooProcess.Result {
            try ZooProcess.run(arguments, environment: environment, input: input.map { Data($0.utf8) })
        }

        func write(_ name: String, _ text: String) throws -> URL {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url
        }

        /// Opens the store to check what the processes wrote.
        func store() throws -> TrackingStore { try TrackingStore(location: StoreLocation(databaseURL: database)) }

        /// Starts `sh -c script` with the zoo binary as `$ZOO` and this workspace's store.
        func shell(_ script: String, stdin: Any? = nil) throws -> (Process, Pipe, Pipe) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            env["ZOO"] = ZooProcess.binary.path
            env["NO_COLOR"] = "1"
            process.environment = env
            process.currentDirectoryURL = folder
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            if let stdin { process.standardInput = stdin }
            try process.run()
            return (process, out, err)
        }
    }

    /// Waits for `process` to end; after `seconds`, kills it and records a failure instead of hanging.
    static func waitForExit(_ process: Process, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("process did not exit within \(seconds) s", sourceLocation: sourceLocation)
        }
        process.waitUntilExit()
    }

    static func metricLines(_ count: Int, key: String = "loss", from: Int = 0) -> String {
        (from..<(from + count)).map { "{\"metric\":\"\(key)\",\"step\":\($0),\"value\":\(Double($0) * 0.5)}\n" }.joined()
    }

    @Test func experimentsAndRunsFromTheCommandLine() throws {
        let work = try Workspace()
        #expect(try work.zoo(["experiments", "create", "detect"]).status == 0)
        let duplicate = try work.zoo(["experiments", "create", "detect"])
        #expect(duplicate.status == ZooError.Code.usage && duplicate.stderr.contains("already exists"))

        let started = try work.zoo(["runs", "start", "--experiment", "detect", "--name", "unpruned", "--tag", "stage=dev"])
        #expect(started.status == 0, "\(started.stderr)")
        let id = started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id == "1")

        let weights = try work.write("model.tlt", "weights")
        let lines = """
            {"params": {"model_config": {"arch": "resnet", "n_layers": 18}, "lr": 0.01}}
            {"metric": "loss", "step": 0, "value": 0.9}
            {"metric": "loss", "step": 1, "value": 0.41
            {"metrics": {"loss": 0.3, "mAP": 0.82}, "step": 2}

            {"artifact": "\(weights.path)", "role": "output"}
            {"param": "lr", "value": "0.5"}
            {"tag": "stage", "value": "prod"}
            """
        let logged = try work.zoo(["runs", "log", id], input: lines)
        #expect(logged.status == 1)
        #expect(logged.stderr.contains("Skipped line 3: not valid JSON (column 44: expected ',' or '}')"), "\(logged.stderr)")
        #expect(logged.stderr.contains("Skipped line 7: Param 'lr' of run 1 is already '0.01'"))
        #expect(logged.stderr.contains("2 of 8 lines were malformed and skipped (first: line 3)."))
        #expect(!logged.stderr.contains("Fatal") && !logged.stderr.contains("Stack"))
        #expect(try work.zoo(["runs", "end", id]).status == 0)

        let detail = try work.store().detail(1)
        #expect(detail.params == ["model_config.arch": "resnet", "model_config.n_layers": "18", "lr": "0.01"])
        #expect(detail.tags == ["stage": "prod"])
        #expect(detail.metrics.map { "\($0.key)=\($0.count)/\(TrackingFormat.number($0.last))" } == ["loss=2/0.3", "mAP=1/0.82"])
        #expect(detail.artifacts.map(\.path) == [weights.path])
        #expect(detail.run.status == .finished)

        let listed = try work.zoo(["runs", "list", "--filter", "metrics.loss < 0.5 and params.model_config.arch = 'resnet'", "--format_type", "csv"])
        #expect(listed.status == 0)
        #expect(listed.stdout.hasPrefix("ID,Experiment,Name,Task,Action,Status,Started,Duration,Parent,metrics.loss,params.model_config.arch\n1,detect,unpruned,,,FINISHED,"))
        #expect(listed.stdout.hasSuffix(",0.3,resnet\n"))
        #expect(try work.zoo(["runs", "list", "--filter", "metrics.loss > 0.5", "--format_type", "csv"]).stdout.split(separator: "\n").count == 1)

        let typo = try work.zoo(["runs", "list", "--filter", "metrcs.loss < 0.5"])
        #expect(typo.status == ZooError.Code.usage)
        #expect(typo.stderr.contains("Error: Invalid filter at column 1: unknown field prefix 'metrcs'; did you mean 'metrics'?"))
        #expect(typo.stderr.contains("Hint: metrcs.loss < 0.5\n      ^"))

        let missing = try work.zoo(["runs", "show", "99"])
        #expect(missing.status == ZooError.Code.notFound)
        #expect(missing.stderr.contains("Error: No run with id 99."))

        #expect(try work.zoo(["runs", "tag", id, "owner=me", "stage=final"]).status == 0)
        let shown = try work.zoo(["runs", "show", id])
        #expect(shown.status == 0 && shown.stdout.contains("| owner | me "))
        let json = try work.zoo(["runs", "show", id, "--format_type", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["tags"] as? [String: String])?["stage"] == "final")

        let experiments = try work.zoo(["experiments", "list", "--format_type", "csv"])
        #expect(experiments.stdout.contains("1,detect,1,"))
        #expect(try work.zoo(["experiments", "rename", "detect", "detection"]).status == 0)
        #expect(try work.zoo(["experiments", "delete", "detection"]).status == ZooError.Code.usage)
        #expect(try work.zoo(["runs", "delete", id]).status == 0)
        #expect(try work.zoo(["runs", "show", id]).status == ZooError.Code.notFound)
        #expect(try work.zoo(["experiments", "delete", "detection"]).status == 0)
    }

    @Test func compareAndLineageFromTheCommandLine() throws {
        let work = try Workspace()
        let pretrained = try work.write("pretrained.tlt", "pretrained")
        let trained = try work.write("trained.tlt", "trained")
        let pruned = try work.write("pruned.tlt", "pruned!")
        // The registry delivered the pretrained file (what `zoo download-version` records).
        let (digest, size) = try SHA256Hasher.hash(file: pretrained)
        let delivery = try work.store().recordDelivery(source: "nvidia/tlt_vehicletypenet:unpruned_v1.0",
                                                       files: [DeliveredFile(path: pretrained.path, size: size, sha256: digest)])
        func run(_ name: String, _ action: String, input: URL, output: URL, loss: [Double]) throws -> String {
            let id = try work.zoo(["runs", "start", "--name", name, "--action", action, "--task", "classification"])
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            var lines = "{\"param\": \"batch_size\", \"value\": \(name == "train" ? 16 : 8)}\n"
            lines += "{\"artifact\": \"\(input.path)\", \"role\": \"input\"}\n{\"artifact\": \"\(output.path)\", \"role\": \"output\"}\n"
            for (step, value) in loss.enumerated() { lines += "{\"metric\": \"loss\", \"step\": \(step), \"value\": \(value)}\n" }
            #expect(try work.zoo(["runs", "log", id], input: lines).status == 0)
            #expect(try work.zoo(["runs", "end", id]).status == 0)
            return id
        }
        let train = try run("train", "train", input: pretrained, output: trained, loss: [1, 0.5, 0.3])
        let prune = try run("prune", "prune", input: trained, output: pruned, loss: [0.6, 0.4])

        let compared = try work.zoo(["runs", "compare", train, prune, "--agg", "best"])
        #expect(compared.status == 0, "\(compared.stderr)")
        #expect(compared.stdout.contains("| params.batch_size"))
        #expect(compared.stdout.contains("| metrics.loss (min)"))
        #expect(!compared.stdout.contains("| host"))  // the same in both runs: hidden without --all
        #expect(try work.zoo(["runs", "compare", train, prune, "--all"]).stdout.contains("| host"))
        let csv = try work.zoo(["runs", "compare", train, prune, "--format_type", "csv"])
        #expect(csv.stdout.hasPrefix("Key,#\(train),#\(prune)\n"))
        #expect(csv.stdout.contains("metrics.loss,0.3,0.4\n"))

        let report = work.folder.appendingPathComponent("report.html")
        #expect(try work.zoo(["runs", "compare", train, prune, "--html", report.path]).status == 0)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("<polyline"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))

        let lineage = try work.zoo(["runs", "lineage", prune])
        #expect(lineage.status == 0)
        let lines = lineage.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("#\(delivery) download nvidia/tlt_vehicletypenet:unpruned_v1.0  FINISHED"))
        #expect(lines[1].hasPrefix("└── #\(train) train classification"))
        #expect(lines[2].hasPrefix("    └── #\(prune) prune classification") && lines[2].hasSuffix("◀"))

        let one = try work.zoo(["runs", "compare", train])
        #expect(one.status == ZooError.Code.usage && one.stderr.contains("at least two"))
    }

    @Test func badStoresAreClearErrors() throws {
        let work = try Workspace()
        let notes = try work.write("notes.txt", String(repeating: "hello\n", count: 100))
        let result = try ZooProcess.run(["runs", "list", "--tracking-uri", "sqlite:///" + notes.path])
        #expect(result.status == ZooError.Code.integrity)
        #expect(result.stderr.contains("is not an SQLite database"))
        #expect(try String(contentsOf: notes, encoding: .utf8) == String(repeating: "hello\n", count: 100))
        let postgres = try ZooProcess.run(["runs", "list", "--tracking-uri", "postgresql://db/zoo"])
        #expect(postgres.status == ZooError.Code.usage && postgres.stderr.contains("not supported"))
    }

    /// 8 processes at once on a new database: each starts a run and logs 10,000 points, params,
    /// a tag and artifacts through `zoo runs log`. Every point must land, with no error.
    @Test func eightProcessesLogToOneDatabaseAtOnce() throws {
        let work = try Workspace()
        var processes: [(Process, Pipe, Pipe)] = []
        for index in 0..<8 {
            let artifact = try work.write("artifact-\(index).bin", "artifact \(index)")
            var lines = "{\"params\": {\"worker\": \(index), \"lr\": 0.01, \"model\": {\"arch\": \"resnet\", \"layers\": 18}}}\n"
            lines += "{\"artifact\": \"\(artifact.path)\", \"role\": \"output\"}\n{\"tag\": \"batch\", \"value\": \"concurrency\"}\n"
            lines += Self.metricLines(10_000)
            let input = try work.write("input-\(index).jsonl", lines)
            processes.append(try work.shell("""
                id=$("$ZOO" runs start --experiment concurrency --name worker-\(index)) || exit 1
                "$ZOO" runs log "$id" < '\(input.path)' || exit 1
                "$ZOO" runs end "$id"
                """))
        }
        for (index, (process, out, err)) in processes.enumerated() {
            Self.waitForExit(process, seconds: 120)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            _ = out.fileHandleForReading.readDataToEndOfFile()
            #expect(process.terminationStatus == 0, "worker \(index): \(errors)")
            #expect(errors.isEmpty, "worker \(index): \(errors)")
        }
        let store = try work.store()
        let runs = try store.listRuns(RunQuery(experiment: "concurrency", limit: 100)).rows.map(\.run)
        #expect(runs.count == 8)
        var total = 0
        for run in runs {
            let detail = try store.detail(run.id)
            #expect(detail.run.status == .finished)
            #expect(detail.params.count == 4)
            #expect(detail.artifacts.count == 1)
            total += detail.metrics.first?.count ?? 0
            #expect(try store.metricHistory(runID: run.id, key: "loss").map(\.step) == (0..<10_000).map(Int64.init))
        }
        #expect(total == 80_000)
    }

    /// SIGKILL while logging: the database opens, the run is KILLED, every flushed point is there.
    @Test func aRunKilledWhileLoggingKeepsWhatItFlushed() throws {
        let work = try Workspace()
        let input = Pipe()
        // `exec` makes the logging process the run's owner (the parent of `zoo runs start`).
        let (process, out, _) = try work.shell("""
            id=$("$ZOO" runs start --name doomed) || exit 1
            echo "$id"
            exec "$ZOO" runs log "$id" --flush-interval 0.1
            """, stdin: input)
        let idLine = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        let id = try #require(Int64(idLine.trimmingCharacters(in: .whitespacesAndNewlines)))
        input.fileHandleForWriting.write(Data(Self.metricLines(5_000).utf8))
        var flushed = 0
        for _ in 0..<300 where flushed < 5_000 {
            usleep(20_000)
            flushed = try work.store().detail(id).metrics.first?.count ?? 0
        }
        #expect(flushed == 5_000)
        input.fileHandleForWriting.write(Data(Self.metricLines(20_000, from: 5_000).utf8))
        kill(process.processIdentifier, SIGKILL)
        Self.waitForExit(process)
        #expect(process.terminationReason == .uncaughtSignal)

        let store = try work.store()
        let detail = try store.detail(id)
        #expect(detail.run.status == .killed)
        #expect(detail.run.end != nil)
        let steps = try store.metricHistory(runID: id, key: "loss").map(\.step)
        #expect(steps.count >= 5_000 && steps.count <= 25_000)
        #expect(steps == (0..<Int64(steps.count)).map { $0 })  // whole batches only: a prefix, no gaps
        let check = try store.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
    }

    /// SIGTERM: the buffered points are written before the process dies, and its run is KILLED.
    @Test func sigtermFlushesAndMarksTheRun() throws {
        let work = try Workspace()
        let input = Pipe()
        let (process, out, _) = try work.shell("""
            id=$("$ZOO" runs start --name interrupted) || exit 1
            echo "$id"
            exec "$ZOO" runs log "$id" --flush-interval 3600
            """, stdin: input)
        let idLine = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        let id = try #require(Int64(idLine.trimmingCharacters(in: .whitespacesAndNewlines)))
        input.fileHandleForWriting.write(Data(Self.metricLines(1_000).utf8))
        usleep(1_000_000)
        #expect(try work.store().detail(id).metrics.isEmpty)  // still buffered
        kill(process.processIdentifier, SIGTERM)
        Self.waitForExit(process, seconds: 30)
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        let detail = try work.store().detail(id)
        #expect(detail.run.status == .killed)
        #expect(detail.metrics.first?.count == 1_000)
    }

    /// A full disk (here: a file-size limit, which SQLite meets as a failed write): the logging
    /// process ends with a clear error, and the points written before are intact.
    @Test func aFullDiskFailsTheRunCleanly() throws {
        let work = try Workspace()
        let id = try work.zoo(["runs", "start", "--name", "full"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try work.zoo(["runs", "log", id], input: Self.metricLines(1_000)).status == 0)
        let size = (try FileManager.default.attributesOfItem(atPath: work.database.path)[.size] as? NSNumber)?.intValue ?? 0
        let blocks = (size + 256 * 1024) / 512
        let input = try work.write("big.jsonl", Self.metricLines(300_000, from: 1_000))
        let (process, out, err) = try work.shell("""
            trap '' XFSZ
            ulimit -f \(blocks)
            exec "$ZOO" runs log \(id) < '\(input.path)'
            """)
        Self.waitForExit(process, seconds: 120)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        #expect(process.terminationStatus == 1, "\(errors)")
        #expect(errors.hasPrefix("Error: Cannot write to the experiment store"), "\(errors)")
        #expect(errors.split(separator: "\n").count == 2)  // the message and its hint, no trace

        let store = try work.store()
        let steps = try store.metricHistory(runID: Int64(id)!, key: "loss").map(\.step)
        #expect(steps.count >= 1_000 && steps.count < 301_000)
        #expect(steps == (0..<Int64(steps.count)).map { $0 })
        #expect(try store.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        #expect(try work.zoo(["runs", "end", id, "--status", "FAILED"]).status == 0)
    }
}
