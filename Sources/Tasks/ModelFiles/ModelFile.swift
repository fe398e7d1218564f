import Engine
import Foundation
import ZooCore

/// What a model file says about the model besides its graph and weights.
public struct ModelInfo: Sendable, Equatable, Codable {
    /// The task that trained it (`classification`).
    public var task: String
    /// The backbone (`resnet18`, `mobilenet_v2`).
    public var arch: String
    /// Class names in output order.
    public var classes: [String]
    /// `[C, H, W]` of the input.
    public var inputDims: [Int]
    /// TAO's `preprocess_mode` (`caffe`, `torch`, `tf`).
    public var preprocessMode: String
    /// Epochs trained so far (the checkpoint's epoch).
    public var epoch: Int

    /// Model facts.
    public init(task: String, arch: String, classes: [String], inputDims: [Int], preprocessMode: String, epoch: Int = 0) {
        self.task = task
        self.arch = arch
        self.classes = classes
        self.inputDims = inputDims
        self.preprocessMode = preprocessMode
        self.epoch = epoch
    }
}

/// A `.tlt` model file: zoo's archive of a model — graph JSON, weights, `ModelInfo` and,
/// for checkpoints, the optimizer's state — as one safetensors buffer, encrypted with the `-k`
/// key by `KeyedEncryption` (docs/FORMATS.md). Not byte-compatible with NVIDIA's `.tlt`.
public struct ModelFile {
    /// The model (graph and weights).
    public var model: Model
    /// What the model is.
    public var info: ModelInfo
    /// Optimizer slots (momentum, Adam moments) by name; empty when not a checkpoint.
    public var optimizerState: [String: Tensor]

    static let infoKey = "zoo.model_info"
    static let optimizerPrefix = "optimizer/"

    /// A model file for `model`.
    public init(model: Model, info: ModelInfo, optimizerState: [String: Tensor] = [:]) {
        self.model = model
        self.info = info
        self.optimizerState = optimizerState
    }

    /// The unencrypted archive: a safetensors buffer whose metadata carries the graph and the info.
    public func archiveData() throws -> Data {
        var tensors = model.weights()
        for (name, value) in optimizerState { tensors[Self.optimizerPrefix + name] = value }
        let graph = String(decoding: try model.graph.jsonData(), as: UTF8.self)
        let info = String(decoding: try JSONEncoder().encode(self.info), as: UTF8.self)
        return try SafeTensors.encode(tensors, metadata: ["format": Graph.formatTag, "graph": graph, Self.infoKey: info])
    }

    /// Reads an archive (`archiveData()` output, or a plain safetensors file written by
    /// `Model.weightsData()`, whose info is then `fallbackInfo`).
    public init(archive data: Data, name: String, fallbackInfo: ModelInfo? = nil) throws {
        let (tensors, metadata) = try SafeTensors.decode(data)
        guard let graphJSON = metadata["graph"] else {
            throw ZooError.usage("\(name) carries no model graph.", hint: "pass a .tlt or a weights file written by zoo")
        }
        let info: ModelInfo
        if let text = metadata[Self.infoKey] {
            info = try JSONDecoder().decode(ModelInfo.self, from: Data(text.utf8))
        } else if let fallbackInfo {
            info = fallbackInfo
        } else {
            throw ZooError.usage("\(name) says nothing of its task and classes.", hint: "pass a .tlt written by zoo")
        }
        let model = try Model(graph: Graph(jsonData: Data(graphJSON.utf8)))
        var weights: [String: Tensor] = [:]
        var optimizer: [String: Tensor] = [:]
        for (key, value) in tensors {
            if key.hasPrefix(Self.optimizerPrefix) { optimizer[String(key.dropFirst(Self.optimizerPrefix.count))] = value }
            else { weights[key] = value }
        }
        try model.load(weights: weights)
        self.init(model: model, info: info, optimizerState: optimizer)
    }

    /// Writes the file encrypted with `key`, atomically.
    public func write(to url: URL, key: String) throws {
        try AtomicFile.write(KeyedEncryption.seal(archiveData(), key: key), to: url)
    }

    /// Reads a `.tlt` (encrypted; `key` required) or an unencrypted safetensors file written by zoo.
    /// A wrong key is the error "wrong key for NAME".
    public static func read(_ url: URL, key: String?) throws -> ModelFile {
        let name = url.lastPathComponent
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ZooError.notFound("Model file not found: \(url.path).", hint: "check the path (relative paths in a spec start at the spec's folder)")
        }
        if KeyedEncryption.isSealed(data) {
            guard let key, !key.isEmpty else {
                throw ZooError.usage("\(name) is encrypted.", hint: "pass its key with -k KEY")
            }
            return try ModelFile(archive: KeyedEncryption.open(data, key: key, name: name), name: name)
        }
        return try ModelFile(archive: data, name: name)
    }
}
