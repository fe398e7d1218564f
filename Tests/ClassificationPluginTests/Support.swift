import ClassificationPlugin
import Foundation
import Tasks
import Vision
import ZooCore

/// A scratch folder per test, with a tracking database and registry inside it.
struct Workspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-cls-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Global options pointing tracking and the registry into the workspace.
    var options: GlobalOptions {
        var options = GlobalOptions()
        options.trackingURI = "sqlite:///" + path("experiments.db")
        options.registry = path("store")
        return options
    }

    /// `count` synthetic `kind` images in class folders under `name`.
    func dataset(_ name: String, kind: SyntheticKind = .vehicleTypes, count: Int, seed: UInt64, size: Int = 32) throws -> String {
        _ = try SyntheticDataset.generate(kind, count: count, seed: seed, width: size, height: size, output: root.appendingPathComponent(name))
        return path(name)
    }

    /// A classification spec written into the workspace.
    func spec(_ name: String = "spec.cfg", arch: String = "resnet", layers: Int = 10, size: Int = 32, train: String, val: String,
              eval: String? = nil, model: String = "", pretrained: String = "", epochs: Int = 3, batch: Int = 16,
              lr: Double = 0.05, sections: Set<String> = ["model_config", "train_config", "eval_config"]) throws -> String {
        var spec = ClassificationSpecText(trainPath: train, valPath: val)
        spec.arch = arch
        spec.layers = layers
        spec.size = size
        spec.evalPath = eval
        spec.modelPath = model
        spec.pretrainedModelPath = pretrained
        spec.epochs = epochs
        spec.batchSize = batch
        spec.learningRate = lr
        spec.minLearningRateRatio = 0.1
        spec.softStart = 0.1
        spec.seed = 7
        spec.workers = 1
        spec.topK = 2
        spec.sections = sections
        return try spec.write(to: root.appendingPathComponent(name))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Runs `body` and returns the ZooError it throws (nil if it throws none or another error).
func zooError(_ body: () throws -> Void) -> ZooError? {
    do { try body() } catch let error as ZooError { return error } catch { return nil }
    return nil
}
