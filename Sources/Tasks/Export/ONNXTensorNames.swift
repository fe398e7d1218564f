import Engine

/// The ONNX tensor names zoo's exporter gives a graph's values — stable, documented in
/// docs/FORMATS.md, and what INT8 calibration writes its per-tensor scales under.
///
/// Each Engine node's output becomes the tensor `<node>/<Op>`, `Op` being the TensorFlow op name
/// TAO's exported graphs show for that layer, so TAO's own names come out unchanged:
/// `predictions/Softmax`, `output_cov/Sigmoid`, `output_bbox/BiasAdd`. A graph input keeps its
/// node name (`input_1`). A convolution or dense layer ends in its fused activation
/// (`conv1/Relu`), else in `BiasAdd` (with a bias) or `convolution` / `MatMul` (without).
/// A batch norm that directly follows a convolution is folded into it, as zoo's inference and
/// TensorRT do, so the folded Conv produces the batch norm's tensor and the convolution's own
/// output does not exist. Dropout exports nothing; its value is its input's tensor.
public struct ONNXTensorNames: Sendable {
    /// Engine node → ONNX tensor for every node whose output is its own tensor in the exported
    /// graph (inputs included; folded convolutions and dropout left out), in graph order. Each
    /// tensor appears once: these are the activations INT8 calibration measures.
    public let produced: [(node: String, tensor: String)]
    private let tensorByNode: [String: String]
    /// Convolution node → the batch-norm node folded into it.
    let foldedBatchNorms: [String: String]
    private let foldedNodes: Set<String>

    /// The names `ONNXExporter` gives `graph`'s values.
    public init(graph: Graph) {
        var folded: [String: String] = [:]
        for node in graph.nodes {
            guard case .batchNorm = node.op, node.inputs.count == 1,
                  let producer = graph.node(node.inputs[0]), ONNXTensorNames.foldable(producer.op),
                  graph.consumers(of: producer.name) == [node.name], !graph.outputs.contains(producer.name) else { continue }
            folded[producer.name] = node.name
        }
        var produced: [(node: String, tensor: String)] = []
        var byNode: [String: String] = [:]
        for node in graph.nodes {
            if let bn = folded[node.name] {
                byNode[node.name] = ONNXTensorNames.outputName(node: bn, op: .batchNorm(BatchNorm()))
                continue
            }
            if case .dropout = node.op, !graph.outputs.contains(node.name) {
                byNode[node.name] = byNode[node.inputs[0]]
                continue
            }
            let tensor = ONNXTensorNames.outputName(node: node.name, op: node.op)
            byNode[node.name] = tensor
            produced.append((node.name, tensor))
        }
        self.produced = produced
        tensorByNode = byNode
        foldedBatchNorms = folded
        foldedNodes = Set(folded.values)
    }

    /// Whether the batch norm `batchNorm` is folded into the convolution before it.
    func isFolded(batchNorm: String) -> Bool { foldedNodes.contains(batchNorm) }

    /// The ONNX tensor that holds `node`'s value at inference: its own, its batch norm's when it is
    /// a folded convolution (zoo's inference folds the same way), its input's for dropout.
    public func tensor(for node: String) -> String? { tensorByNode[node] }

    /// Whether `op` is a convolution a following batch norm folds into (zoo's inference rule:
    /// a convolution without a fused activation).
    static func foldable(_ op: Op) -> Bool {
        switch op {
        case .conv2d(let a): a.activation == nil
        case .depthwiseConv2d(let a): a.activation == nil
        default: false
        }
    }

    /// The name of the tensor holding the output of `node`, an `op`.
    static func outputName(node: String, op: Op) -> String {
        if case .input = op { return node }
        return "\(node)/" + {
            switch op {
            case .input: return ""
            case .conv2d(let a): return a.activation.map(suffix) ?? (a.useBias ? "BiasAdd" : "convolution")
            case .depthwiseConv2d(let a): return a.activation.map(suffix) ?? (a.useBias ? "BiasAdd" : "convolution")
            case .dense(let a): return a.activation.map(suffix) ?? (a.useBias ? "BiasAdd" : "MatMul")
            case .batchNorm: return "FusedBatchNormV3"
            case .activation(let a): return suffix(a)
            case .maxPool: return "MaxPool"
            case .averagePool: return "AvgPool"
            case .globalAveragePool: return "Mean"
            case .upsample(let a): return a.mode == .nearest ? "ResizeNearestNeighbor" : "ResizeBilinear"
            case .concat: return "concat"
            case .add: return "add"
            case .multiply: return "mul"
            case .flatten, .reshape: return "Reshape"
            case .dropout: return "Identity"
            case .zeroPad: return "Pad"
            case .split: return "Slice"
            }
        }()
    }

    /// The op name of an activation's output (`Relu`, `Relu6`, `LeakyRelu`, `Swish`, `Mish`, …).
    static func suffix(_ activation: Activation) -> String {
        switch activation {
        case .relu: "Relu"
        case .relu6: "Relu6"
        case .leakyRelu: "LeakyRelu"
        case .swish: "Swish"
        case .mish: "Mish"
        case .sigmoid: "Sigmoid"
        case .tanh: "Tanh"
        case .softmax: "Softmax"
        }
    }
}
