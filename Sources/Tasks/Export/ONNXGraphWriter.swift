import Engine

/// Turns Engine nodes, one at a time in graph order, into ONNX nodes and initializers. Tensor
/// names come from `ONNXTensorNames`; initializers are named after the Engine parameter they
/// hold (`conv1/kernel`, `bn_conv1/gamma`) or `<node>/<what>` for op constants (`up_1/scales`).
struct ONNXGraphWriter {
    let graph: Graph
    let weights: [String: Tensor]
    let names: ONNXTensorNames
    /// Per-item shapes of every node for the export's input size.
    let shapes: [String: [Int]]
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []

    init(graph: Graph, weights: [String: Tensor], names: ONNXTensorNames, shapes: [String: [Int]]) {
        self.graph = graph; self.weights = weights; self.names = names; self.shapes = shapes
    }

    /// Appends the ONNX form of `node`.
    mutating func emit(_ node: Node) throws {
        let x = node.inputs.map { names.tensor(for: $0)! }
        let output = names.tensor(for: node.name)!
        let inputShape = node.inputs.first.map { shapes[$0]! } ?? []
        switch node.op {
        case .input:
            break
        case .conv2d(let a):
            convolution(node.name, a, input: x[0], inputShape: inputShape, output: output)
        case .depthwiseConv2d(let a):
            let c = inputShape[0]
            let conv = Conv2D(filters: c * a.multiplier, kernel: a.kernel, strides: a.strides, padding: a.padding,
                              dilations: a.dilations, groups: c, useBias: a.useBias, activation: a.activation)
            convolution(node.name, conv, input: x[0], inputShape: inputShape, output: output)
        case .batchNorm(let a):
            guard !names.isFolded(batchNorm: node.name) else { break }
            let parameters = ["gamma", "beta", "moving_mean", "moving_variance"].map { initializer(node.name, $0) }
            add("BatchNormalization", [x[0]] + parameters, output, [.float("epsilon", a.epsilon)])
        case .activation(let a):
            activation(a, input: x[0], output: output)
        case .maxPool(let a):
            add("MaxPool", x, output, window(a.kernel, a.strides, a.padding, inputShape))
        case .averagePool(let a):
            add("AveragePool", x, output, window(a.kernel, a.strides, a.padding, inputShape)
                + [.int("count_include_pad", a.countIncludesPadding ? 1 : 0)])
        case .globalAveragePool(let a):
            if a.keepDims {
                add("GlobalAveragePool", x, output)
            } else {
                let pooled = "\(node.name)/GlobalAveragePool"
                add("GlobalAveragePool", x, pooled)
                add("Flatten", [pooled], output, [.int("axis", 1)])
            }
        case .upsample(let a):
            let scales = constant("\(node.name)/scales", floats: [1, 1, Float(a.scale.h), Float(a.scale.w)])
            var attributes: [Onnx_AttributeProto]
            switch a.mode {
            case .nearest:
                // Keras UpSampling2D: source pixel floor(x_out / scale).
                attributes = [.string("mode", "nearest"), .string("coordinate_transformation_mode", "asymmetric"),
                              .string("nearest_mode", "floor")]
            case .bilinear:
                let transform = switch a.coordinateTransform {
                case .halfPixel: "half_pixel"
                case .alignCorners: "align_corners"
                case .asymmetric: "asymmetric"
                }
                attributes = [.string("mode", "linear"), .string("coordinate_transformation_mode", transform)]
            }
            add("Resize", [x[0], "", scales], output, attributes)
        case .concat:
            add("Concat", x, output, [.int("axis", 1)])
        case .add:
            add(x.count == 1 ? "Identity" : x.count == 2 ? "Add" : "Sum", x, output)
        case .multiply:
            add("Mul", x, output)
        case .dense(let a):
            var inputs = [x[0], initializer(node.name, "kernel")]
            if a.useBias { inputs.append(initializer(node.name, "bias")) }
            let linear = a.activation == nil ? output : "\(node.name)/" + (a.useBias ? "BiasAdd" : "MatMul")
            add("Gemm", inputs, linear, [.int("transB", 1)])
            if let act = a.activation { activation(act, input: linear, output: output) }
        case .flatten:
            add("Flatten", x, output, [.int("axis", 1)])
        case .reshape(let a):
            // 0 copies the batch dimension.
            add("Reshape", [x[0], constant("\(node.name)/shape", int64s: [0] + a.shape)], output)
        case .dropout:
            // Identity at inference: nothing to export unless it is a graph output.
            if graph.outputs.contains(node.name) { add("Identity", x, output) }
        case .zeroPad(let p):
            add("Pad", [x[0], constant("\(node.name)/pads", int64s: [0, 0, p.top, p.left, 0, 0, p.bottom, p.right])], output)
        case .split(let a):
            let part = inputShape[0] / a.groups
            add("Slice", [x[0], constant("\(node.name)/starts", int64s: [a.index * part]),
                          constant("\(node.name)/ends", int64s: [(a.index + 1) * part]),
                          constant("\(node.name)/axes", int64s: [1])], output)
        }
    }

    // MARK: Ops

    /// A convolution (grouped or not) with its bias, the batch norm folded into it if any, and its
    /// fused activation.
    private mutating func convolution(_ name: String, _ a: Conv2D, input: String, inputShape: [Int], output: String) {
        var kernel = weights["\(name)/kernel"]!
        var bias = a.useBias ? weights["\(name)/bias"]! : nil
        if let bn = names.foldedBatchNorms[name], case .batchNorm(let attributes) = graph.node(bn)!.op {
            (kernel, bias) = fold(kernel: kernel, bias: bias, batchNorm: bn, epsilon: attributes.epsilon)
        }
        initializers.append(Onnx_TensorProto(name: "\(name)/kernel", float: kernel))
        var inputs = [input, "\(name)/kernel"]
        if let bias {
            initializers.append(Onnx_TensorProto(name: "\(name)/bias", float: bias))
            inputs.append("\(name)/bias")
        }
        let linear = a.activation == nil ? output : "\(name)/" + (a.useBias ? "BiasAdd" : "convolution")
        let pads = a.padding.pads(input: Size2(inputShape[1], inputShape[2]), kernel: a.kernel, strides: a.strides,
                                  dilations: a.dilations)
        add("Conv", inputs, linear, [
            .ints("kernel_shape", [a.kernel.h, a.kernel.w]), .ints("strides", [a.strides.h, a.strides.w]),
            .ints("pads", [pads.top, pads.left, pads.bottom, pads.right]),
            .ints("dilations", [a.dilations.h, a.dilations.w]), .int("group", a.groups),
        ])
        if let act = a.activation { activation(act, input: linear, output: output) }
    }

    /// `kernel · s` and `bias · s + (β − μ · s)` per output channel, with `s = γ / √(σ² + ε)` —
    /// the same arithmetic as zoo's inference, so both run the same weights.
    private func fold(kernel: Tensor, bias: Tensor?, batchNorm bn: String, epsilon: Float) -> (Tensor, Tensor) {
        let gamma = weights["\(bn)/gamma"]!.scalars, beta = weights["\(bn)/beta"]!.scalars
        let mean = weights["\(bn)/moving_mean"]!.scalars, variance = weights["\(bn)/moving_variance"]!.scalars
        let filters = gamma.count
        var scale = [Float](repeating: 0, count: filters), shift = scale
        for f in 0..<filters {
            scale[f] = gamma[f] / (variance[f] + epsilon).squareRoot()
            shift[f] = beta[f] - mean[f] * scale[f]
        }
        var folded = kernel
        let perFilter = kernel.count / filters
        folded.withUnsafeMutableBufferPointer { k in
            for f in 0..<filters { for e in 0..<perFilter { k[f * perFilter + e] *= scale[f] } }
        }
        let oldBias = bias?.scalars ?? [Float](repeating: 0, count: filters)
        return (folded, Tensor((0..<filters).map { oldBias[$0] * scale[$0] + shift[$0] }, shape: [filters]))
    }

    /// An activation from `input` to `output`; Swish and Mish become several ONNX ops whose
    /// intermediate tensors are named `<output>/<Op>`.
    private mutating func activation(_ a: Activation, input: String, output: String) {
        switch a {
        case .relu: add("Relu", [input], output)
        case .relu6:
            add("Clip", [input, constant("\(output)/min", scalar: 0), constant("\(output)/max", scalar: 6)], output)
        case .leakyRelu(let alpha): add("LeakyRelu", [input], output, [.float("alpha", alpha)])
        case .sigmoid: add("Sigmoid", [input], output)
        case .tanh: add("Tanh", [input], output)
        case .softmax: add("Softmax", [input], output, [.int("axis", 1)])
        case .swish:
            add("Sigmoid", [input], "\(output)/Sigmoid")
            add("Mul", [input, "\(output)/Sigmoid"], output)
        case .mish:
            add("Softplus", [input], "\(output)/Softplus")
            add("Tanh", ["\(output)/Softplus"], "\(output)/Tanh")
            add("Mul", [input, "\(output)/Tanh"], output)
        }
    }

    /// Kernel, strides and explicit pads of a pooling window.
    private func window(_ kernel: Size2, _ strides: Size2, _ padding: Padding, _ inputShape: [Int]) -> [Onnx_AttributeProto] {
        let pads = padding.pads(input: Size2(inputShape[1], inputShape[2]), kernel: kernel, strides: strides)
        return [.ints("kernel_shape", [kernel.h, kernel.w]), .ints("strides", [strides.h, strides.w]),
                .ints("pads", [pads.top, pads.left, pads.bottom, pads.right])]
    }

    // MARK: Building blocks

    private mutating func add(_ op: String, _ inputs: [String], _ output: String, _ attributes: [Onnx_AttributeProto] = []) {
        nodes.append(Onnx_NodeProto(op, inputs: inputs, output: output, attributes: attributes))
    }

    /// Adds the Engine parameter `<node>/<role>` as an initializer of the same name.
    private mutating func initializer(_ node: String, _ role: String) -> String {
        let name = "\(node)/\(role)"
        initializers.append(Onnx_TensorProto(name: name, float: weights[name]!))
        return name
    }

    private mutating func constant(_ name: String, floats: [Float]) -> String {
        initializers.append(Onnx_TensorProto(name: name, floats: floats, shape: [floats.count]))
        return name
    }

    private mutating func constant(_ name: String, scalar: Float) -> String {
        initializers.append(Onnx_TensorProto(name: name, floats: [scalar], shape: []))
        return name
    }

    private mutating func constant(_ name: String, int64s: [Int]) -> String {
        initializers.append(Onnx_TensorProto(name: name, int64s: int64s))
        return name
    }
}
