/// What a parameter tensor is for; optimizers, regularizers and pruning select by it.
public enum ParameterRole: String, Codable, Sendable {
    /// A conv or dense weight.
    case kernel
    case bias
    /// Batch-norm scale.
    case gamma
    /// Batch-norm shift.
    case beta
    /// Batch-norm running mean (state, not trained).
    case movingMean = "moving_mean"
    /// Batch-norm running variance (state, not trained).
    case movingVariance = "moving_variance"

    /// Whether gradients update it (moving statistics are updated by forward passes instead).
    public var isTrained: Bool { self != .movingMean && self != .movingVariance }
}

/// One parameter tensor a node owns: its name, shape, role and which axes carry channels —
/// what a pruning pass needs to slice it when channel counts change.
public struct ParameterSpec: Equatable, Sendable {
    /// Full name, `<node>/<role>` (e.g. `block_1a_conv_1/kernel`, `bn_conv1/moving_mean`).
    public var name: String
    /// The owning node.
    public var node: String
    public var role: ParameterRole
    public var shape: [Int]
    /// The axis indexed by the node's output channels (filters, units, BN channels).
    public var outputChannelAxis: Int?
    /// The axis indexed by the node's input channels (conv with one group, dense).
    public var inputChannelAxis: Int?
    /// How it is filled when a model is created.
    public var initializer: Initializer
    /// Fan-in and fan-out used by fan-based initializers.
    public var fans: (fanIn: Int, fanOut: Int)

    public static func == (a: ParameterSpec, b: ParameterSpec) -> Bool {
        a.name == b.name && a.node == b.node && a.role == b.role && a.shape == b.shape
            && a.outputChannelAxis == b.outputChannelAxis && a.inputChannelAxis == b.inputChannelAxis
            && a.initializer == b.initializer && a.fans == b.fans
    }
}

extension Op {
    /// The parameters this op owns when its input shapes (per item, batch excluded) are `inputs`.
    func parameterSpecs(node: String, inputs: [[Int]]) -> [ParameterSpec] {
        func spec(_ role: ParameterRole, _ shape: [Int], out: Int? = 0, in inAxis: Int? = nil,
                  _ initializer: Initializer, fans: (Int, Int) = (1, 1)) -> ParameterSpec {
            ParameterSpec(name: "\(node)/\(role.rawValue)", node: node, role: role, shape: shape,
                          outputChannelAxis: out, inputChannelAxis: inAxis, initializer: initializer, fans: fans)
        }
        switch self {
        case .conv2d(let a):
            let cin = inputs[0][0] / a.groups
            let area = a.kernel.h * a.kernel.w
            var specs = [spec(.kernel, [a.filters, cin, a.kernel.h, a.kernel.w], in: a.groups == 1 ? 1 : nil,
                              a.kernelInitializer, fans: (cin * area, a.filters * area))]
            if a.useBias { specs.append(spec(.bias, [a.filters], a.biasInitializer)) }
            return specs
        case .depthwiseConv2d(let a):
            let c = inputs[0][0]
            let area = a.kernel.h * a.kernel.w
            var specs = [spec(.kernel, [c * a.multiplier, 1, a.kernel.h, a.kernel.w], a.kernelInitializer,
                              fans: (area * c, area * a.multiplier))]
            if a.useBias { specs.append(spec(.bias, [c * a.multiplier], a.biasInitializer)) }
            return specs
        case .batchNorm:
            let c = inputs[0][0]
            return [spec(.gamma, [c], .ones), spec(.beta, [c], .zeros),
                    spec(.movingMean, [c], .zeros), spec(.movingVariance, [c], .ones)]
        case .dense(let a):
            let features = inputs[0][0]
            var specs = [spec(.kernel, [a.units, features], in: 1, a.kernelInitializer, fans: (features, a.units))]
            if a.useBias { specs.append(spec(.bias, [a.units], a.biasInitializer)) }
            return specs
        default:
            return []
        }
    }
}
