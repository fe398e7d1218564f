/// One named step of a graph: an op, the nodes it reads, and whether its parameters train.
/// JSON: `{"name", "type", "inputs", "trainable", "config"}` with the op's attributes in `config`.
public struct Node: Codable, Equatable, Sendable {
    /// Unique name (Keras/TAO style: `conv1`, `bn_conv1`, `block_1a_conv_1`, `output_cov`).
    public var name: String
    public var op: Op
    /// Names of the nodes whose outputs this node reads, in order.
    public var inputs: [String]
    /// Whether the optimizer updates this node's parameters (false for frozen blocks).
    public var trainable: Bool

    public init(name: String, op: Op, inputs: [String], trainable: Bool = true) {
        self.name = name; self.op = op; self.inputs = inputs; self.trainable = trainable
    }

    private enum Keys: String, CodingKey { case name, type, inputs, trainable, config }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        name = try c.decode(String.self, forKey: .name)
        inputs = try c.decodeIfPresent([String].self, forKey: .inputs) ?? []
        trainable = try c.decodeIfPresent(Bool.self, forKey: .trainable) ?? true
        let type = try c.decode(String.self, forKey: .type)
        func config<T: Decodable>(_: T.Type) throws -> T { try c.decode(T.self, forKey: .config) }
        switch type {
        case "InputLayer": op = .input(try config(Input.self))
        case "Conv2D": op = .conv2d(try config(Conv2D.self))
        case "DepthwiseConv2D": op = .depthwiseConv2d(try config(DepthwiseConv2D.self))
        case "BatchNormalization": op = .batchNorm(try config(BatchNorm.self))
        case "Activation": op = .activation(try config(Activation.self))
        case "MaxPooling2D": op = .maxPool(try config(Pool2D.self))
        case "AveragePooling2D": op = .averagePool(try config(Pool2D.self))
        case "GlobalAveragePooling2D": op = .globalAveragePool(try config(GlobalAveragePool.self))
        case "UpSampling2D": op = .upsample(try config(Upsample.self))
        case "Concatenate": op = .concat
        case "Add": op = .add
        case "Multiply": op = .multiply
        case "Dense": op = .dense(try config(Dense.self))
        case "Flatten": op = .flatten
        case "Reshape": op = .reshape(try config(Reshape.self))
        case "Dropout": op = .dropout(try config(Dropout.self))
        case "ZeroPadding2D": op = .zeroPad(try config(Pads.self))
        case "Split": op = .split(try config(Split.self))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c,
                                                   debugDescription: "unknown op type '\(type)' in node '\(name)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .name)
        try c.encode(op.typeName, forKey: .type)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(trainable, forKey: .trainable)
        switch op {
        case .input(let a): try c.encode(a, forKey: .config)
        case .conv2d(let a): try c.encode(a, forKey: .config)
        case .depthwiseConv2d(let a): try c.encode(a, forKey: .config)
        case .batchNorm(let a): try c.encode(a, forKey: .config)
        case .activation(let a): try c.encode(a, forKey: .config)
        case .maxPool(let a), .averagePool(let a): try c.encode(a, forKey: .config)
        case .globalAveragePool(let a): try c.encode(a, forKey: .config)
        case .upsample(let a): try c.encode(a, forKey: .config)
        case .dense(let a): try c.encode(a, forKey: .config)
        case .reshape(let a): try c.encode(a, forKey: .config)
        case .dropout(let a): try c.encode(a, forKey: .config)
        case .zeroPad(let a): try c.encode(a, forKey: .config)
        case .split(let a): try c.encode(a, forKey: .config)
        case .concat, .add, .multiply, .flatten: break
        }
    }
}
