import ClassificationPlugin
import Foundation
import Registry
import Tasks
import Testing
import Tracking
import ZooCore

/// The point of a model zoo: starting from the zoo's pretrained backbone beats starting from
/// scratch, at the same number of steps on the same data.
@Suite(.serialized) struct TransferTests {
    @Test func fineTuningFromTheZooBeatsScratch() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // The zoo's backbone, built by its recipe and published into the workspace's store.
        let backend = LocalRegistry(store: RegistryStore(root: URL(fileURLWithPath: ws.path("store"))), catalog: Catalog.open())
        let ref = try ModelRef(parsing: "nvidia/tlt_pretrained_classification:resnet10")
        let (_, version) = try backend.version(ref)
        let recipe = try ClassificationRecipe(try #require(version.recipe))
        let build = try recipe.build(ref: ref, artifacts: version.artifacts ?? [], key: version.key,
                                     work: URL(fileURLWithPath: ws.path("build")), options: ws.options, say: { _ in })
        _ = try Publisher(backend: backend).publish(ref, source: build.folder, metadata: build.metadata)

        let train = try ws.dataset("train", count: 96, seed: 41, size: 64)
        let val = try ws.dataset("val", count: 60, seed: 42, size: 64)
        func accuracy(pretrained: String, name: String) throws -> (Double, Int64) {
            let spec = try ws.spec("\(name).cfg", size: 64, train: train, val: val, pretrained: pretrained, epochs: 2, lr: 0.01)
            let result = try ClassificationTrain.run(specPath: spec, resultsDirectory: ws.path(name), key: "k",
                                                     options: ws.options, runName: name, quiet: true)
            return (result.validationAccuracy, result.runID)
        }
        let (scratch, scratchRun) = try accuracy(pretrained: "", name: "scratch")
        let (fineTuned, fineTunedRun) = try accuracy(pretrained: ref.description, name: "finetune")
        #expect(fineTuned > scratch + 0.1, "fine-tuned \(fineTuned) vs scratch \(scratch)")

        // Both runs are recorded; the fine-tuned one descends from the registry version.
        let store = try TrackingStore(uri: ws.options.trackingURI)
        #expect(try store.run(scratchRun).status == .finished)
        let lineage = try store.lineage(of: fineTunedRun).rendered()
        #expect(lineage.contains("nvidia/tlt_pretrained_classification:resnet10"), "\(lineage)")
    }
}
