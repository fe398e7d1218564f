import ClassificationPlugin
import Foundation
import Tasks
import Testing
import Tracking
import ZooCore

/// Transfer learning, the point of a model zoo: a backbone the zoo built with its own recipe
/// (`nvidia/tlt_pretrained_classification:resnet10`, at test scale) fine-tunes on a small set
/// to a clearly better model than the same training from scratch, at equal steps.
@Suite(.serialized) struct TransferTests {
    @Test func fineTuningFromTheZooBackboneBeatsScratch() throws {
        let ws = try Workspace()
        defer { ws.remove() }

        // The catalog's pretrained-backbone recipe, with 1,200 images at 32×32.
        let recipeJSON = """
        {"stage": "pretrained", "dataset": "vehicle_types", "images": 1200, "size": 32, "arch": "resnet", "layers": 10,
         "epochs": 8, "batchSize": 32, "learningRate": 0.01, "seed": 11}
        """
        let recipe = try JSONDecoder().decode(ClassificationRecipe.self, from: Data(recipeJSON.utf8))
        let ref = try ModelRef(parsing: "nvidia/tlt_pretrained_classification:resnet10")
        let built = try recipe.build(ref: ref, artifacts: ["resnet_10.safetensors"], key: nil, work: ws.root.appendingPathComponent("zoo"),
                                     options: ws.options, say: { _ in })
        let backbone = built.folder.appendingPathComponent("resnet_10.safetensors").path

        // A small task set the backbone never saw (other seeds), and one validation set for both runs.
        let train = try ws.dataset("small", count: 240, seed: 31)
        let val = try ws.dataset("val", count: 240, seed: 32)
        let fineTuneSpec = try ws.spec("finetune.cfg", train: train, val: val, pretrained: backbone, epochs: 5, lr: 0.005)
        let scratchSpec = try ws.spec("scratch.cfg", train: train, val: val, epochs: 5, lr: 0.005)
        let fineTuned = try ClassificationTrain.run(specPath: fineTuneSpec, resultsDirectory: ws.path("finetune"), key: "k",
                                                    options: ws.options, runName: "finetune", quiet: true)
        let scratch = try ClassificationTrain.run(specPath: scratchSpec, resultsDirectory: ws.path("scratch"), key: "k",
                                                  options: ws.options, runName: "scratch", quiet: true)
        print("validation accuracy: fine-tuned \(fineTuned.validationAccuracy), scratch \(scratch.validationAccuracy)")
        #expect(fineTuned.validationAccuracy >= scratch.validationAccuracy + 0.08,
                "fine-tuned \(fineTuned.validationAccuracy) vs scratch \(scratch.validationAccuracy) (6 classes: chance is 0.17)")

        // Both runs are in the tracker with their validation curves, comparable side by side.
        let store = try TrackingStore(uri: ws.options.trackingURI)
        for (run, accuracy) in [(fineTuned.runID, fineTuned.validationAccuracy), (scratch.runID, scratch.validationAccuracy)] {
            let history = try store.metricHistory(runID: run, key: "validation_accuracy")
            #expect(history.count == 5)
            #expect(abs((history.last?.value ?? -1) - accuracy) < 1e-6)
        }
        #expect(try store.detail(fineTuned.runID).params["train_config.pretrained_model_path"] == backbone)
    }
}
