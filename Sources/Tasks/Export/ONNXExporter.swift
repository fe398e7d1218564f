import Engine
import Foundation
import SwiftProtobuf
import ZooCore

/// Options of an ONNX export (TAO's `export` flags where they exist).
public struct ONNXExportOptions: Sendable {
    /// The opsets zoo writes; every op it emits means the same in all of them. (TAO's default 12
    /// is not offered: before 13, `Softmax` over channels of a feature map meant something else.)
    public static let supportedOpsets = 13...17

    /// ONNX opset of the default domain (`--target_opset`).
    public var opset = 13
    /// A fixed batch size (`--static_batch_size`); nil leaves the batch dimension as the symbol `N`.
    public var staticBatchSize: Int?
    /// Height and width for graph inputs whose size is open. ONNX pads are explicit, and TF "same"
    /// padding depends on the input size, so every input needs a fixed size.
    public var inputSize: Size2?
    /// Written as the model's `producer_version`.
    public var producerVersion = ""
    /// Written into the model's `metadata_props` (sorted by key): task, classes, preprocessing…
    public var metadata: [String: String] = [:]

    public init(opset: Int = 13, staticBatchSize: Int? = nil, inputSize: Size2? = nil,
                producerVersion: String = "", metadata: [String: String] = [:]) {
        self.opset = opset; self.staticBatchSize = staticBatchSize; self.inputSize = inputSize
        self.producerVersion = producerVersion; self.metadata = metadata
    }
}

/// An exported model: the ONNX message and the names its tensors got.
public struct ONNXExport: Sendable {
    /// The ONNX model (opset `options.opset`, producer `zoo`).
    public var model: Onnx_ModelProto
    /// Engine node → ONNX tensor names (what INT8 calibration labels its scales with).
    public var tensorNames: ONNXTensorNames

    /// The `.onnx` file's bytes.
    public func serializedData() throws -> Data {
        try model.serializedBytes()
    }
}

/// Exports an Engine graph with its weights as a standard ONNX model that onnxruntime and
/// TensorRT load: explicit attributes on every op, TF "same" padding resolved to pads for the
/// input size, batch norms folded into the convolutions they follow, TAO's tensor names
/// (`input_1` → … → `predictions/Softmax`; see `ONNXTensorNames` and docs/FORMATS.md).
public enum ONNXExporter {
    /// The ONNX producer name.
    public static let producerName = "zoo"
    /// The symbol of a dynamic batch dimension.
    public static let batchSymbol = "N"

    /// Exports `model`'s graph and current weights.
    public static func export(_ model: Model, options: ONNXExportOptions = ONNXExportOptions()) throws -> ONNXExport {
        try export(graph: model.graph, weights: model.weights(), options: options)
    }

    /// Exports `graph` with `weights` (parameter name `<node>/<role>` → tensor).
    public static func export(graph: Graph, weights: [String: Tensor],
                              options: ONNXExportOptions = ONNXExportOptions()) throws -> ONNXExport {
        guard ONNXExportOptions.supportedOpsets.contains(options.opset) else {
            throw ZooError.usage("ONNX opset \(options.opset) is not supported.",
                                 hint: "pass --target_opset between \(ONNXExportOptions.supportedOpsets.lowerBound) and \(ONNXExportOptions.supportedOpsets.upperBound)")
        }
        if let batch = options.staticBatchSize, batch < 1 {
            throw ZooError.usage("--static_batch_size must be positive (or -1 for a dynamic batch), got \(batch).")
        }
        let sizes = try inputSizes(graph, options.inputSize)
        try checkWeights(graph, weights)
        let names = ONNXTensorNames(graph: graph)
        var writer = ONNXGraphWriter(graph: graph, weights: weights, names: names,
                                     shapes: try graph.shapes(inputSizes: sizes))
        for node in graph.nodes { try writer.emit(node) }

        let batch: ONNXDimension = options.staticBatchSize.map { .fixed($0) } ?? .symbol(batchSymbol)
        var onnxGraph = Onnx_GraphProto()
        onnxGraph.name = graph.outputs.joined(separator: "+")
        onnxGraph.node = writer.nodes
        onnxGraph.initializer = writer.initializers
        onnxGraph.input = graph.inputs.map { name in
            Onnx_ValueInfoProto(name: name, dimensions: [batch] + writer.shapes[name]!.map { .fixed($0) })
        }
        onnxGraph.output = graph.outputs.map { name in
            Onnx_ValueInfoProto(name: names.tensor(for: name)!, dimensions: [batch] + writer.shapes[name]!.map { .fixed($0) })
        }
        try checkUniqueNames(onnxGraph)

        var model = Onnx_ModelProto()
        model.irVersion = options.opset == 13 ? 7 : 8
        var opset = Onnx_OperatorSetIdProto()
        opset.version = Int64(options.opset)
        model.opsetImport = [opset]
        model.producerName = producerName
        model.producerVersion = options.producerVersion
        model.graph = onnxGraph
        model.metadataProps = options.metadata.sorted { $0.key < $1.key }.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        return ONNXExport(model: model, tensorNames: names)
    }

    /// Height and width of every graph input: as the graph declares, else `size`.
    private static func inputSizes(_ graph: Graph, _ size: Size2?) throws -> [String: Size2] {
        var sizes: [String: Size2] = [:]
        for name in graph.inputs {
            guard case .input(let a) = graph.node(name)!.op else { continue }
            if let h = a.height, let w = a.width {
                if let size, size != Size2(h, w) {
                    throw ZooError.usage("The model's input '\(name)' is fixed at \(h)x\(w); cannot export it at \(size.h)x\(size.w).",
                                         hint: "omit the input size, or retrain the model at the size you need")
                }
                sizes[name] = Size2(h, w)
            } else if let size, size.h > 0, size.w > 0 {
                sizes[name] = size
            } else {
                throw ZooError.usage("The model's input '\(name)' has no fixed height and width, which ONNX export needs.",
                                     hint: "give the input size (height and width, e.g. the spec's input_image_size)")
            }
        }
        return sizes
    }

    /// Every parameter the graph declares must have a weight of its shape.
    private static func checkWeights(_ graph: Graph, _ weights: [String: Tensor]) throws {
        for spec in try graph.parameterSpecs() {
            guard let tensor = weights[spec.name] else {
                throw ZooError("Cannot export: the weights have no tensor '\(spec.name)'.",
                               hint: "the model file is incomplete; export a model saved by zoo", exitCode: ZooError.Code.integrity)
            }
            guard tensor.shape == spec.shape else {
                throw ZooError("Cannot export: weight '\(spec.name)' has shape \(tensor.shape), the graph needs \(spec.shape).",
                               hint: "the weights do not belong to this graph", exitCode: ZooError.Code.integrity)
            }
        }
    }

    /// ONNX needs every value (input, initializer, node output) named once; node names that
    /// contain `/` could collide with zoo's `<node>/<Op>` names.
    private static func checkUniqueNames(_ graph: Onnx_GraphProto) throws {
        var seen = Set<String>()
        let names = graph.input.map(\.name) + graph.initializer.map(\.name) + graph.node.flatMap(\.output)
        for name in names where !seen.insert(name).inserted {
            throw ZooError("Cannot export: two ONNX tensors would be named '\(name)'.",
                           hint: "rename the graph node whose name collides (node names should not contain '/')")
        }
    }
}
