/// A named parameter tensor of a model with its gradient. Layers read `value` and accumulate
/// into `gradient`; optimizers update `value` in place.
public final class Parameter {
    /// Name, role, shape and channel axes.
    public let spec: ParameterSpec
    /// The current values.
    public var value: Tensor {
        didSet { version &+= 1 }
    }
    /// The accumulated gradient of the loss (zero after `Model.zeroGradients`).
    public var gradient: Tensor
    /// Whether optimizers update it: its node is trainable and it is not a moving statistic.
    public internal(set) var isTrainable: Bool
    /// Bumped whenever `value` changes (caches derived from the value check it).
    public private(set) var version = 0

    /// `<node>/<role>`, e.g. `conv1/kernel`.
    public var name: String { spec.name }

    init(spec: ParameterSpec, value: Tensor, trainable: Bool) {
        self.spec = spec
        self.value = value
        gradient = Tensor(shape: spec.shape, repeating: 0)
        isTrainable = trainable && spec.role.isTrained
    }

    /// Marks the value as changed after it was written through a raw pointer.
    func touch() { version &+= 1 }
}

/// Whether a forward pass is part of training (batch statistics, dropout, activations kept for
/// backward) or inference.
public enum Mode: Sendable {
    case training
    case inference
}

/// What every layer can use while it runs: the mode, the buffer pool and the random generator.
final class LayerContext {
    let mode: Mode
    let pool: BufferPool
    var generator: SeededGenerator

    init(mode: Mode, pool: BufferPool, generator: SeededGenerator) {
        self.mode = mode
        self.pool = pool
        self.generator = generator
    }

    var training: Bool { mode == .training }

    /// A pooled, uninitialized tensor.
    func allocate(_ shape: [Int]) -> Tensor { Tensor(uninitialized: shape, pool: pool) }

    /// A pooled tensor of zeros.
    func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0, pool: pool) }
}

/// The runtime of one node: forward and backward side by side.
protocol Layer: AnyObject {
    /// Whether backward reads the node's inputs (so a training forward must keep them).
    var needsInputs: Bool { get }
    /// Whether backward reads the node's output.
    var needsOutput: Bool { get }
    /// Computes the output. The layer may overwrite `inputs[0]` in place when it holds the
    /// only reference (copy-on-write decides), which the executor arranges when it is safe.
    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor
    /// Given `gradient` (dL/dOutput, which the layer may overwrite), accumulates parameter
    /// gradients and returns dL/dInput for each input where `needsInputGradient` is true.
    /// `inputs` is empty and `output` a placeholder unless `needsInputs`/`needsOutput`.
    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?]
}
