import ClassificationPlugin
import Foundation
import Tasks
import Testing
import Tracking
import ZooCore

/// The whole classification workflow on synthetic vehicle types: train → evaluate → prune →
/// retrain → export, every step recorded and chained by lineage.
@Suite(.serialized) struct WorkflowTests {
    @Test func trainEvaluatePruneRetrainExport() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let train = try ws.dataset("train", count: 192, seed: 1)
        let val = try ws.dataset("val", count: 60, seed: 2)
        // Evaluation reads the training images: 192 synthetic images do not generalize in 4 epochs,
        // but a model that learned nothing scores at chance (1/6) on them too.
        let spec = try ws.spec(train: train, val: val, eval: train, model: ws.path("unpruned/weights/resnet_004.tlt"),
                               epochs: 4, lr: 0.005)
        let trained = try ClassificationTrain.run(specPath: spec, resultsDirectory: ws.path("unpruned"), key: "k1",
                                                  options: ws.options, quiet: true)
        #expect(FileManager.default.fileExists(atPath: ws.path("unpruned/weights/resnet_001.tlt")))
        #expect(trained.model.lastPathComponent == "resnet_004.tlt")

        let evaluated = try ClassificationEvaluate.run(specPath: spec, key: "k1", options: ws.options, quiet: true)
        #expect(evaluated.accuracy > 0.3, "6 classes: chance is 0.17")
        #expect(evaluated.topKAccuracy >= evaluated.accuracy)
        let validationSpec = try ws.spec("val.cfg", train: train, val: val, model: trained.model.path, epochs: 4, lr: 0.005)
        let agreed = try ClassificationEvaluate.run(specPath: validationSpec, key: "k1", options: ws.options, quiet: true)
        #expect(abs(agreed.accuracy - trained.validationAccuracy) < 1e-9, "evaluate agrees with the trainer's validation")

        var pruning = PruningOptions()
        pruning.threshold = 0.95  // after 4 short epochs filter norms sit within a few percent of each other
        pruning.minimumFilters = 8
        let pruned = try ClassificationPrune.run(modelPath: trained.model.path, outputPath: ws.path("pruned/model.tlt"), key: "k1",
                                                 options: pruning, global: ws.options, quiet: true)
        #expect(pruned.ratio < 1)

        let retrainSpec = try ws.spec("retrain.cfg", train: train, val: val, model: ws.path("retrained/weights/resnet_002.tlt"),
                                      pretrained: pruned.model.path, epochs: 2, lr: 0.002)
        let retrained = try ClassificationTrain.run(specPath: retrainSpec, resultsDirectory: ws.path("retrained"), key: "k1",
                                                    options: ws.options, quiet: true)
        let retrainedFile = try ModelFile.read(retrained.model, key: "k1")
        let prunedFile = try ModelFile.read(pruned.model, key: "k1")
        #expect(retrainedFile.model.graph == prunedFile.model.graph, "retraining keeps the pruned graph")

        var export = ClassificationExport.Options()
        export.dataType = "int8"
        export.calibrationImages = train
        export.batches = 2
        export.batchSize = 8
        export.deepStreamConfig = true
        export.calibrationCache = ws.path("export/cal.bin")
        try FileManager.default.createDirectory(atPath: ws.path("export"), withIntermediateDirectories: true)
        let exported = try ClassificationExport.run(modelPath: retrained.model.path, outputPath: ws.path("export/model.etlt"),
                                                    key: "k1", options: export, global: ws.options, quiet: true)
        #expect(exported.files.map(\.lastPathComponent) == ["model.etlt", "cal.bin", "labels.txt", "nvinfer_config.txt"])
        let cache = try String(contentsOfFile: ws.path("export/cal.bin"), encoding: .utf8)
        #expect(cache.hasPrefix("TRT-"))
        #expect(cache.contains("input_1:"))

        // Lineage: export ← retrain ← prune ← train, found from file digests alone.
        let store = try TrackingStore(uri: ws.options.trackingURI)
        let tree = try store.lineage(of: exported.runID)
        let rendered = tree.rendered()
        for id in [trained.runID, pruned.runID, retrained.runID, exported.runID] {
            #expect(rendered.contains("#\(id)") || rendered.contains("\(id)"), "run \(id) in the lineage:\n\(rendered)")
        }
    }

    @Test func resumesFromTheLastCheckpoint() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let train = try ws.dataset("train", count: 64, seed: 3)
        let val = try ws.dataset("val", count: 24, seed: 4)
        let two = try ws.spec("two.cfg", train: train, val: val, epochs: 2)
        _ = try ClassificationTrain.run(specPath: two, resultsDirectory: ws.path("r"), key: "k", options: ws.options, quiet: true)
        let four = try ws.spec("four.cfg", train: train, val: val, epochs: 4)
        let resumed = try ClassificationTrain.run(specPath: four, resultsDirectory: ws.path("r"), key: "k", options: ws.options, quiet: true)
        #expect(resumed.model.lastPathComponent == "resnet_004.tlt")
        let file = try ModelFile.read(resumed.model, key: "k")
        #expect(file.info.epoch == 4)
        #expect(!file.optimizerState.isEmpty, "checkpoints carry the optimizer's momentum")
    }
}
