import ZooCore

/// Builds a graph node by node, tracking shapes as it goes; each method returns the new node's
/// name, the handle later nodes take as input. Unnamed nodes get Keras-style names (`add_1`,
/// `activation_3`). A misfit (wrong channel count, unknown input) is remembered and thrown by
/// `build`, so builders read as straight-line code.
public struct GraphBuilder: Sendable {
    /// Nodes added so far, in order.
    public private(set) var nodes: [Node] = []
    private var shapes: [String: [Int]] = [:]
    private var counters: [String: Int] = [:]
    private var firstError: ZooError?
    /// Whether nodes added from now on train (false while building a frozen block).
    public var trainable = true

    /// An empty builder.
    public init() {}

    /// A builder that continues `graph` (e.g. to put heads on a backbone).
    public init(graph: Graph) {
        nodes = graph.nodes
        shapes = (try? graph.shapes()) ?? [:]
        for node in nodes {
            let prefix = GraphBuilder.prefix(node.op)
            if node.name.hasPrefix(prefix + "_"), let n = Int(node.name.dropFirst(prefix.count + 1)) {
                counters[prefix] = max(counters[prefix] ?? 0, n)
            }
        }
    }

    /// Per-item shape of a node's output (`-1` where the input size is open).
    public func shape(of name: String) -> [Int] { shapes[name] ?? [] }

    /// Output channels of a node.
    public func channels(of name: String) -> Int { shapes[name]?.first ?? 0 }

    /// Adds any op; the general form behind the convenience methods.
    @discardableResult
    public mutating func add(_ op: Op, inputs: [String], name: String? = nil) -> String {
        let name = name ?? nextName(GraphBuilder.prefix(op))
        if shapes[name] != nil || nodes.contains(where: { $0.name == name }) {
            record(ZooError("Graph builder: two nodes are named '\(name)'."))
        }
        var inputShapes: [[Int]] = []
        for input in inputs {
            if let s = shapes[input] { inputShapes.append(s) } else {
                record(ZooError("Graph builder: node '\(name)' reads unknown node '\(input)'."))
            }
        }
        nodes.append(Node(name: name, op: op, inputs: inputs, trainable: trainable))
        if inputShapes.count == inputs.count {
            do { shapes[name] = try op.outputShape(node: name, inputs: inputShapes) } catch {
                record(ZooError.wrap(error))
            }
        }
        return name
    }

    /// The graph with these outputs, or the first problem met while building.
    public func build(outputs: [String]) throws -> Graph {
        if let firstError { throw firstError }
        return try Graph(nodes: nodes, outputs: outputs)
    }

    // MARK: Ops

    /// A graph input of `channels` × `height` × `width` (nil: any size).
    @discardableResult
    public mutating func input(_ name: String = "input_1", channels: Int, height: Int? = nil, width: Int? = nil) -> String {
        add(.input(Input(channels: channels, height: height, width: width)), inputs: [], name: name)
    }

    /// A convolution.
    @discardableResult
    public mutating func conv2d(_ x: String, _ attributes: Conv2D, name: String? = nil) -> String {
        add(.conv2d(attributes), inputs: [x], name: name)
    }

    /// A convolution with square kernel and strides.
    @discardableResult
    public mutating func conv2d(_ x: String, filters: Int, kernel: Int, strides: Int = 1, padding: Padding = .same,
                                dilation: Int = 1, groups: Int = 1, useBias: Bool = true, activation: Activation? = nil,
                                kernelInitializer: Initializer = .glorotUniform, name: String? = nil) -> String {
        conv2d(x, Conv2D(filters: filters, kernel: Size2(kernel), strides: Size2(strides), padding: padding,
                         dilations: Size2(dilation), groups: groups, useBias: useBias, activation: activation,
                         kernelInitializer: kernelInitializer), name: name)
    }

    /// A depthwise convolution.
    @discardableResult
    public mutating func depthwiseConv2d(_ x: String, _ attributes: DepthwiseConv2D, name: String? = nil) -> String {
        add(.depthwiseConv2d(attributes), inputs: [x], name: name)
    }

    /// Batch normalization.
    @discardableResult
    public mutating func batchNorm(_ x: String, _ attributes: BatchNorm = BatchNorm(), name: String? = nil) -> String {
        add(.batchNorm(attributes), inputs: [x], name: name)
    }

    /// An activation.
    @discardableResult
    public mutating func activation(_ x: String, _ activation: Activation, name: String? = nil) -> String {
        add(.activation(activation), inputs: [x], name: name)
    }

    /// Max pooling.
    @discardableResult
    public mutating func maxPool(_ x: String, _ attributes: Pool2D, name: String? = nil) -> String {
        add(.maxPool(attributes), inputs: [x], name: name)
    }

    /// Average pooling.
    @discardableResult
    public mutating func averagePool(_ x: String, _ attributes: Pool2D, name: String? = nil) -> String {
        add(.averagePool(attributes), inputs: [x], name: name)
    }

    /// Global average pooling.
    @discardableResult
    public mutating func globalAveragePool(_ x: String, keepDims: Bool = false, name: String? = nil) -> String {
        add(.globalAveragePool(GlobalAveragePool(keepDims: keepDims)), inputs: [x], name: name)
    }

    /// Upsampling.
    @discardableResult
    public mutating func upsample(_ x: String, _ attributes: Upsample, name: String? = nil) -> String {
        add(.upsample(attributes), inputs: [x], name: name)
    }

    /// Channel concatenation.
    @discardableResult
    public mutating func concat(_ xs: [String], name: String? = nil) -> String {
        add(.concat, inputs: xs, name: name)
    }

    /// Element-wise sum.
    @discardableResult
    public mutating func addition(_ xs: [String], name: String? = nil) -> String {
        add(.add, inputs: xs, name: name)
    }

    /// Element-wise product (`scale` may be `[N, C, 1, 1]`).
    @discardableResult
    public mutating func multiply(_ x: String, _ scale: String, name: String? = nil) -> String {
        add(.multiply, inputs: [x, scale], name: name)
    }

    /// A fully connected layer.
    @discardableResult
    public mutating func dense(_ x: String, _ attributes: Dense, name: String? = nil) -> String {
        add(.dense(attributes), inputs: [x], name: name)
    }

    /// Flatten to `[N, features]`.
    @discardableResult
    public mutating func flatten(_ x: String, name: String? = nil) -> String {
        add(.flatten, inputs: [x], name: name)
    }

    /// Reshape each item.
    @discardableResult
    public mutating func reshape(_ x: String, to shape: [Int], name: String? = nil) -> String {
        add(.reshape(Reshape(shape: shape)), inputs: [x], name: name)
    }

    /// Dropout.
    @discardableResult
    public mutating func dropout(_ x: String, rate: Float, name: String? = nil) -> String {
        add(.dropout(Dropout(rate: rate)), inputs: [x], name: name)
    }

    /// Zero padding.
    @discardableResult
    public mutating func zeroPad(_ x: String, _ pads: Pads, name: String? = nil) -> String {
        add(.zeroPad(pads), inputs: [x], name: name)
    }

    /// A channel slice.
    @discardableResult
    public mutating func split(_ x: String, groups: Int, index: Int, name: String? = nil) -> String {
        add(.split(Split(groups: groups, index: index)), inputs: [x], name: name)
    }

    // MARK: Naming

    private mutating func record(_ error: ZooError) {
        if firstError == nil { firstError = error }
    }

    private mutating func nextName(_ prefix: String) -> String {
        var n = (counters[prefix] ?? 0) + 1
        while shapes[prefix + "_\(n)"] != nil { n += 1 }
        counters[prefix] = n
        return prefix + "_\(n)"
    }

    /// Keras' default layer-name prefix for an op.
    static func prefix(_ op: Op) -> String {
        switch op {
        case .input: "input"
        case .conv2d: "conv2d"
        case .depthwiseConv2d: "depthwise_conv2d"
        case .batchNorm: "batch_normalization"
        case .activation: "activation"
        case .maxPool: "max_pooling2d"
        case .averagePool: "average_pooling2d"
        case .globalAveragePool: "global_average_pooling2d"
        case .upsample: "up_sampling2d"
        case .concat: "concatenate"
        case .add: "add"
        case .multiply: "multiply"
        case .dense: "dense"
        case .flatten: "flatten"
        case .reshape: "reshape"
        case .dropout: "dropout"
        case .zeroPad: "zero_padding2d"
        case .split: "split"
        }
    }
}
