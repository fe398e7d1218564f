import Foundation
import Testing
@testable import Tracking
import ZooCore

@Suite struct RunLoggerTests {
    @Test func logsParamsMetricsTagsAndArtifacts() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("unpruned"), options: TestStore.quiet)
        try run.logParams(["lr": "0.01", "model_config.arch": "resnet"])
        try run.logParam("lr", "0.01")  // the same value again is fine
        for step in 0..<100 {
            try run.logMetric("loss", 1.0 / Double(step + 1), step: Int64(step))
        }
        try run.logMetrics(["mAP": 0.5, "recall": 0.7], step: 99)
        try run.setTag("stage", "dev")
        try run.setTag("stage", "prod")
        let weights = try test.folder.write("weights/model.tlt", "weights")
        let logged = try run.logArtifact(weights, role: .output)
        #expect(logged.sha256 == SHA256Hasher.hash(Data("weights".utf8)).hex)
        try run.finish(.finished, at: Date(timeIntervalSince1970: 1_704_067_260))

        let detail = try test.store.detail(run.runID)
        #expect(detail.run.status == .finished)
        #expect(detail.run.duration() == 60)
        #expect(detail.params == ["lr": "0.01", "model_config.arch": "resnet"])
        #expect(detail.tags == ["stage": "prod"])
        let loss = try #require(detail.metrics.first { $0.key == "loss" })
        #expect(loss.count == 100 && loss.firstStep == 0 && loss.lastStep == 99)
        #expect(loss.last == 0.01 && loss.min == 0.01 && loss.max == 1)
        #expect(detail.metrics.map(\.key) == ["loss", "mAP", "recall"])
        #expect(detail.artifacts.map(\.size) == [7])
        #expect(try test.store.metricHistory(runID: run.runID, key: "loss").count == 100)
        #expect(throws: ZooError.self) { try run.logMetric("loss", 0, step: 100) }  // ended
    }

    @Test func paramsAreImmutable() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("p"), options: TestStore.quiet)
        try run.logParam("lr", "0.01")
        let error = #expect(throws: ZooError.self) { try run.logParams(["batch": "8", "lr": "0.1"]) }
        #expect(error?.message.contains("already '0.01'") == true)
        try run.finish()
        // The rejected call logged nothing, not even its valid part.
        #expect(try test.store.detail(run.runID).params == ["lr": "0.01"])
        // A second logger on the same run knows the stored params.
        let again = try test.store.logger(forRun: run.runID, options: TestStore.quiet)
        #expect(throws: ZooError.self) { try again.logParam("lr", "1") }
    }

    @Test func stepsDefaultToTheNextStepPerKey() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("s"), options: TestStore.quiet)
        try run.logMetric("loss", 3)
        try run.logMetric("loss", 2)
        try run.logMetric("acc", 0.5, step: 10)
        try run.logMetric("acc", 0.6)
        try run.flush()
        let other = try test.store.logger(forRun: run.runID, options: TestStore.quiet)
        try other.logMetric("loss", 1)
        try other.flush()
        #expect(try test.store.metricHistory(runID: run.runID, key: "loss").map(\.step) == [0, 1, 2])
        #expect(try test.store.metricHistory(runID: run.runID, key: "acc").map(\.step) == [10, 11])
    }

    @Test func relogginAStepReplacesItAndKeepsTheSummaryExact() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("r"), options: TestStore.quiet)
        for step in 0..<10 { try run.logMetric("loss", Double(10 - step), step: Int64(step)) }
        try run.flush()
        // Resumed from a checkpoint at step 5: steps 5…9 again, with new values.
        for step in 5..<10 { try run.logMetric("loss", 100 + Double(step), step: Int64(step)) }
        try run.logMetric("nan", .nan, step: 0)
        try run.finish()
        let summary = try #require(try test.store.detail(run.runID).metrics.first { $0.key == "loss" })
        #expect(summary.count == 10)
        #expect(summary.last == 109 && summary.max == 109 && summary.min == 6)
        let nan = try #require(try test.store.detail(run.runID).metrics.first { $0.key == "nan" })
        #expect(nan.last == nil && nan.min == nil && nan.count == 1)
    }

    @Test func pointsLoggedOutOfOrderOrTwiceInOneBatchLandRight() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("o"), options: TestStore.quiet)
        for step in [5, 1, 3, 3, 0, 250, 2] as [Int64] { try run.logMetric("x", Double(step), step: step) }
        try run.logMetric("x", -3, step: 3)       // the same step again, in the same batch: the last value wins
        for step in 0..<230 { try run.logMetric("y", Double(step), step: Int64(step)) }  // more than one statement
        try run.finish()
        let x = try test.store.metricHistory(runID: run.runID, key: "x")
        #expect(x.map(\.step) == [0, 1, 2, 3, 5, 250])
        #expect(x.map(\.value) == [0, 1, 2, -3, 5, 250])
        let summary = try #require(try test.store.detail(run.runID).metrics.first { $0.key == "x" })
        #expect(summary.count == 6 && summary.last == 250 && summary.min == -3 && summary.max == 250)
        #expect(try test.store.metricHistory(runID: run.runID, key: "y").map(\.value) == (0..<230).map(Double.init))

        let points = [PendingPoint(key: 1, step: 2, millis: 0, value: 0), PendingPoint(key: 0, step: 9, millis: 0, value: 0),
                      PendingPoint(key: 1, step: 1, millis: 0, value: 0), PendingPoint(key: 0, step: 9, millis: 0, value: 1)]
        // Key 1 has the smaller database id, so its points come first, by step; key 0's repeats keep their order.
        #expect(BatchWriter.insertionOrder(points, keyIDs: [7, 3]) == [2, 0, 1, 3])
    }

    @Test func flushesWhenTheBatchIsFullAndOnTheTimer() throws {
        let test = try TestStore()
        var options = TestStore.quiet
        options.batchSize = 100
        let run = try test.store.startRun(TestStore.spec("b"), options: options)
        for step in 0..<250 { try run.logMetric("x", Double(step), step: Int64(step)) }
        // A full batch is written in the background; at four batches the logging call waits.
        var written = 0
        for _ in 0..<500 where written < 100 {
            usleep(10_000)
            written = try test.store.metricHistory(runID: run.runID, key: "x").count
        }
        #expect(written >= 100 && written <= 250)
        for step in 250..<1000 { try run.logMetric("x", Double(step), step: Int64(step)) }

        var timed = TestStore.quiet
        timed.flushInterval = 0.05
        let second = try test.store.startRun(TestStore.spec("t"), options: timed)
        try second.logMetric("y", 1, step: 0)
        var seen = 0
        for _ in 0..<100 where seen == 0 {
            usleep(20_000)
            seen = try test.store.metricHistory(runID: second.runID, key: "y").count
        }
        #expect(seen == 1)
        try second.finish()
        try run.finish()
        #expect(try test.store.metricHistory(runID: run.runID, key: "x").map(\.step) == (0..<1000).map(Int64.init))
    }

    @Test func aFailedWriteKeepsTheBatchAndStopsLogging() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("f"), options: TestStore.quiet)
        try run.logMetric("x", 1, step: 0)
        try run.flush()
        // Another process deletes the run while this one logs.
        try test.store.deleteRun(run.runID)
        try run.logMetric("x", 2, step: 1)
        let error = #expect(throws: ZooError.self) { try run.flush() }
        #expect(error?.message.contains("deleted") == true)
        #expect(run.writeError != nil)
        #expect(throws: ZooError.self) { try run.logMetric("x", 3, step: 2) }
    }

    @Test func artifactErrorsAreClear() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("a"), options: TestStore.quiet)
        let missing = #expect(throws: ZooError.self) { try run.logArtifact(test.folder.file("nope.tlt"), role: .input) }
        #expect(missing?.exitCode == ZooError.Code.notFound)
        #expect(throws: ZooError.self) { try run.logArtifact(test.folder.url, role: .input) }
        try run.finish()
    }

    @Test func flattensNestedSpecs() throws {
        let params = try ParamFlattener.flatten(json: """
            {"model_config": {"arch": "resnet", "n_layers": 18, "freeze_blocks": [0, 1], "use_bias": false},
             "training_config": {"learning_rate": {"soft_start": {"base_lr": 0.010}}, "optimizer": {"adam": {}}},
             "dataset_config": {"data_sources": [{"tfrecords_path": "a/*"}, {"tfrecords_path": "b/*"}],
                                "target_class_mapping": {"car": "car", "van": "car"}}, "note": null}
            """)
        #expect(params == [
            "model_config.arch": "resnet", "model_config.n_layers": "18", "model_config.freeze_blocks": "[0, 1]",
            "model_config.use_bias": "false", "training_config.learning_rate.soft_start.base_lr": "0.010",
            "training_config.optimizer.adam": "{}",
            "dataset_config.data_sources[0].tfrecords_path": "a/*", "dataset_config.data_sources[1].tfrecords_path": "b/*",
            "dataset_config.target_class_mapping.car": "car", "dataset_config.target_class_mapping.van": "car", "note": "null",
        ])
        #expect(throws: ZooError.self) { try ParamFlattener.flatten(json: "{\"a\": }") }
    }

    @Test func recordsContextWithSecretsRedacted() throws {
        let line = RunContext.commandLine(["zoo", "detectnet_v2", "train", "-k", "tlt_encode", "-e", "my spec.txt"])
        #expect(line == "zoo detectnet_v2 train -k **** -e 'my spec.txt'")
        #expect(!line.contains("tlt_encode"))
        let context = RunContext.current(arguments: ["zoo", "--key=secret"], captureGit: false)
        #expect(context.pid == getpid())
        #expect(context.commandLine?.contains("secret") == false)
    }
}
