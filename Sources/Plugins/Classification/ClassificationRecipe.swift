import Foundation
import Registry
import Tasks
import Vision
import ZooCore

/// How the zoo builds a classification version (the `recipe` of its catalog entry): synthetic
/// data, a spec, and zoo's own workflow — train for `pretrained` and `unpruned` versions;
/// train → prune → retrain → export with INT8 calibration for `pruned` ones. Every step is a
/// tracked run, and what is published is measured, not typed.
public struct ClassificationRecipe: Codable, Sendable {
    /// `pretrained` (a backbone), `unpruned` (a trainable .tlt) or `pruned` (deployable files).
    public var stage: String
    /// The synthetic dataset kind (`vehicle_types`, `vehicle_makes`).
    public var dataset: String
    /// Training images; validation and test sets get a fifth as many each.
    public var images: Int
    /// Image side in pixels (the model's input is `3,size,size`).
    public var size: Int
    public var arch: String
    public var layers: Int
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    /// A registry version to start from (`nvidia/tlt_pretrained_classification:resnet18`).
    public var pretrained: String?
    /// `-pth` for a pruned version.
    public var pruningThreshold: Double?
    /// Epochs of retraining after pruning.
    public var retrainEpochs: Int?
    public var seed: UInt64?

    /// What a build produced: a folder of files to publish and the measured metadata.
    public struct Build: Sendable {
        public var folder: URL
        public var metadata: VersionMetadata
        /// The tracking runs, in order.
        public var runs: [Int64]
    }

    /// Reads the recipe of a catalog version.
    public init(_ json: JSONValue) throws {
        do {
            self = try JSONDecoder().decode(Self.self, from: JSONEncoder().encode(json))
        } catch {
            throw ZooError.usage("The version's recipe is not a classification recipe: \(error).",
                                 hint: "see docs/REGISTRY.md for the recipe fields")
        }
    }

    /// Runs the recipe in `work` and returns the files to publish as `artifacts` (the catalog's
    /// file names: model first, then for pruned versions the INT8 cache and labels.txt).
    public func build(ref: ModelRef, artifacts: [String], key: String?, work: URL, options: GlobalOptions,
                      say: (String) -> Void) throws -> Build {
        let fm = FileManager.default
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        let seed = self.seed ?? 1
        guard let kind = SyntheticKind(rawValue: dataset), kind.layout == .classFolders else {
            throw ZooError.usage("Unknown recipe dataset '\(dataset)'.", hint: "use vehicle_types or vehicle_makes")
        }
        var data: [String: String] = [:]
        for (split, count, offset) in [("train", images, 0), ("val", max(images / 5, 12), 1), ("test", max(images / 5, 12), 2)] {
            let folder = work.appendingPathComponent("data/\(split)")
            if !fm.fileExists(atPath: folder.path) {
                say("Generating \(count) synthetic \(dataset) images (\(split)).")
                _ = try SyntheticDataset.generate(kind, count: count, seed: seed &+ UInt64(offset), width: size, height: size, output: folder)
            }
            data[split] = folder.path
        }
        let key = key ?? "tlt_encode"
        let experiment = "zoo-registry-build"
        let spec = try writeSpec(work.appendingPathComponent("train.cfg"), data: data, epochs: epochs,
                                 pretrained: pretrained ?? "", model: "")
        say("Training \(arch)\(layers) on \(dataset) (\(epochs) epochs) for \(ref).")
        let trained = try ClassificationTrain.run(specPath: spec, resultsDirectory: work.appendingPathComponent("train").path,
                                                  key: key, options: options, experiment: experiment,
                                                  runName: "\(ref.name)-\(ref.version ?? "")-train", quiet: false)
        let out = work.appendingPathComponent("publish", isDirectory: true)
        try? fm.removeItem(at: out)
        try fm.createDirectory(at: out, withIntermediateDirectories: true)
        var metadata = VersionMetadata()
        metadata.numberOfEpochs = epochs
        metadata.batchSize = batchSize
        metadata.inputDims = [3, size, size]
        var runs = [trained.runID]
        let name = { (index: Int, fallback: String) in artifacts.indices.contains(index) ? artifacts[index] : fallback }
        switch stage {
        case "pretrained":
            let file = try ModelFile.read(trained.model, key: key)
            try AtomicFile.write(file.archiveData(), to: out.appendingPathComponent(name(0, "\(arch)_\(layers).safetensors")))
            metadata.accuracyReached = (trained.validationAccuracy * 10000).rounded() / 100
        case "unpruned":
            let test = try writeSpec(work.appendingPathComponent("test.cfg"), data: data, epochs: epochs, pretrained: "", model: trained.model.path, eval: data["test"]!)
            let evaluated = try ClassificationEvaluate.run(specPath: test, key: key, options: options, experiment: experiment, quiet: true)
            runs.append(evaluated.runID)
            try fm.copyItem(at: trained.model, to: out.appendingPathComponent(name(0, "\(arch)\(layers).tlt")))
            metadata.accuracyReached = (evaluated.accuracy * 10000).rounded() / 100
            metadata.key = key
        case "pruned":
            var pruning = PruningOptions()
            pruning.threshold = Float(pruningThreshold ?? 0.5)
            pruning.minimumFilters = 8
            let pruned = try ClassificationPrune.run(modelPath: trained.model.path, outputPath: work.appendingPathComponent("pruned/model.tlt").path,
                                                     key: key, options: pruning, global: options, experiment: experiment, quiet: false)
            let retrainSpec = try writeSpec(work.appendingPathComponent("retrain.cfg"), data: data, epochs: retrainEpochs ?? epochs,
                                            pretrained: pruned.model.path, model: "")
            let retrained = try ClassificationTrain.run(specPath: retrainSpec, resultsDirectory: work.appendingPathComponent("retrain").path,
                                                        key: key, options: options, experiment: experiment,
                                                        runName: "\(ref.name)-\(ref.version ?? "")-retrain", quiet: false)
            let test = try writeSpec(work.appendingPathComponent("test.cfg"), data: data, epochs: epochs, pretrained: "", model: retrained.model.path, eval: data["test"]!)
            let evaluated = try ClassificationEvaluate.run(specPath: test, key: key, options: options, experiment: experiment, quiet: true)
            var export = ClassificationExport.Options()
            export.dataType = "int8"
            export.calibrationImages = data["train"]
            export.batches = 4
            export.batchSize = 16
            export.labels = true
            export.calibrationCache = out.appendingPathComponent(name(1, "cal.bin")).path
            let modelName = name(0, "model.etlt")
            let exported = try ClassificationExport.run(modelPath: retrained.model.path, outputPath: out.appendingPathComponent(modelName).path,
                                                        key: key, options: export, global: options, experiment: experiment, quiet: true)
            runs += [pruned.runID, retrained.runID, evaluated.runID, exported.runID]
            metadata.accuracyReached = (evaluated.accuracy * 10000).rounded() / 100
            metadata.numberOfEpochs = retrainEpochs ?? epochs
            metadata.key = key
        default:
            throw ZooError.usage("Unknown recipe stage '\(stage)'.", hint: "use pretrained, unpruned or pruned")
        }
        let files = try fm.contentsOfDirectory(atPath: out.path)
        let bytes = try files.reduce(Int64(0)) { $0 + ((try fm.attributesOfItem(atPath: out.appendingPathComponent($1).path)[.size] as? NSNumber)?.int64Value ?? 0) }
        metadata.memoryFootprint = String(format: "%.1f", Double(bytes) / 1_048_576)
        return Build(folder: out, metadata: metadata, runs: runs)
    }

    /// A TAO classification spec for this recipe.
    private func writeSpec(_ url: URL, data: [String: String], epochs: Int, pretrained: String, model: String,
                           eval: String? = nil) throws -> String {
        var spec = ClassificationSpecText(trainPath: data["train"]!, valPath: data["val"]!)
        spec.comment = "Written by zoo registry build from the version's recipe."
        spec.arch = arch
        spec.layers = layers
        spec.size = size
        spec.evalPath = eval
        spec.pretrainedModelPath = pretrained
        spec.modelPath = model
        spec.epochs = epochs
        spec.batchSize = batchSize
        spec.learningRate = learningRate
        spec.seed = seed ?? 1
        return try spec.write(to: url)
    }
}
