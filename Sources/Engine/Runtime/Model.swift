import ZooCore

/// A graph with parameter values, ready to run: forward in topological order (keeping what
/// backward needs when training), backward in reverse order accumulating gradients into the
/// parameters, and inference that reuses buffers, runs element-wise ops in place and folds
/// batch norm into the preceding convolution.
public final class Model {
    /// The structure this model runs.
    public let graph: Graph
    /// Parameters in graph order, named `<node>/<role>`.
    public let parameters: [Parameter]
    /// Buffers freed by one step and reused by the next.
    public let pool: BufferPool
    /// Whether inference folds batch norm into the preceding convolution (default true).
    public var foldsBatchNorm = true
    /// Whether training passes also compute dL/dInput, which `backward` then returns (default
    /// false: the stem convolution skips its input gradient).
    public var computesInputGradients = false

    private let layers: [(any Layer)?]
    private let nodeParameters: [[Parameter]]
    private let inputIndices: [[Int]]
    private let parameterByName: [String: Parameter]
    private var generator: SeededGenerator
    private var values: [Tensor?] = []
    private var requiresGradient: [Bool] = []
    private var trainingContext: LayerContext?
    private var foldedVersions: [Int: [Int]] = [:]

    /// A model of `graph` with parameters initialized from `seed` (each parameter's values depend
    /// only on the seed and its name).
    public init(graph: Graph, seed: UInt64 = 0, pool: BufferPool = BufferPool()) throws {
        self.graph = graph
        self.pool = pool
        generator = SeededGenerator(seed: seed, name: "dropout")
        let shapes = try graph.shapes()
        var parameters: [Parameter] = []
        var nodeParameters: [[Parameter]] = []
        var layers: [(any Layer)?] = []
        for node in graph.nodes {
            let inputShapes = node.inputs.map { shapes[$0]! }
            var own: [ParameterRole: Parameter] = [:]
            for spec in node.op.parameterSpecs(node: node.name, inputs: inputShapes) {
                var g = SeededGenerator(seed: seed, name: spec.name)
                let value = spec.initializer.make(shape: spec.shape, fans: spec.fans, generator: &g)
                let parameter = Parameter(spec: spec, value: value, trainable: node.trainable)
                parameters.append(parameter)
                own[spec.role] = parameter
            }
            nodeParameters.append(Array(own.values))
            layers.append(Model.makeLayer(node.op, inputShapes: inputShapes, parameters: own))
        }
        self.parameters = parameters
        self.nodeParameters = nodeParameters
        self.layers = layers
        parameterByName = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0) })
        inputIndices = graph.nodes.map { $0.inputs.map { graph.index(of: $0)! } }
    }

    private static func makeLayer(_ op: Op, inputShapes: [[Int]], parameters p: [ParameterRole: Parameter]) -> (any Layer)? {
        switch op {
        case .input: nil
        case .conv2d(let a): ConvLayer(a, kernel: p[.kernel]!, bias: p[.bias])
        case .depthwiseConv2d(let a): ConvLayer(a.asConv(channels: inputShapes[0][0]), kernel: p[.kernel]!, bias: p[.bias])
        case .batchNorm(let a):
            BatchNormLayer(a, gamma: p[.gamma]!, beta: p[.beta]!, movingMean: p[.movingMean]!, movingVariance: p[.movingVariance]!)
        case .activation(let a): ActivationLayer(a)
        case .maxPool(let a): MaxPoolLayer(a)
        case .averagePool(let a): AveragePoolLayer(a)
        case .globalAveragePool(let a): GlobalAveragePoolLayer(keepDims: a.keepDims)
        case .upsample(let a): UpsampleLayer(a)
        case .concat: ConcatLayer()
        case .add: AddLayer()
        case .multiply: MultiplyLayer()
        case .dense(let a): DenseLayer(a, kernel: p[.kernel]!, bias: p[.bias])
        case .flatten: ReshapeLayer(target: nil)
        case .reshape(let a): ReshapeLayer(target: a.shape)
        case .dropout(let a): DropoutLayer(rate: a.rate)
        case .zeroPad(let pads): ZeroPadLayer(pads)
        case .split(let a): SplitLayer(a)
        }
    }

    /// The parameter called `name` (`<node>/<role>`).
    public func parameter(_ name: String) -> Parameter? { parameterByName[name] }

    /// The parameters of node `node`.
    public func parameters(of node: String) -> [Parameter] { parameters.filter { $0.spec.node == node } }

    /// The parameters optimizers update (trainable nodes, moving statistics excluded).
    public var trainableParameters: [Parameter] { parameters.filter(\.isTrainable) }

    /// The parameters of the nodes whose names match the glob `pattern` (e.g. `block_4*`,
    /// `stage2/*`), as an optimizer group with its own learning-rate multiplier.
    public func parameterGroup(matching pattern: String, learningRateMultiplier: Float = 1) -> ParameterGroup {
        let glob = Glob(pattern)
        return ParameterGroup(parameters.filter { glob.matches($0.spec.node) }, learningRateMultiplier: learningRateMultiplier)
    }

    /// Sets every parameter gradient to zero.
    public func zeroGradients() {
        for p in parameters where p.isTrainable { p.gradient.fill(0) }
    }

    // MARK: Forward

    /// Runs the graph on `inputs` (graph input name → `[N, C, H, W]` tensor) and returns every
    /// graph output. In `.training` mode batch norm uses batch statistics, dropout drops, and
    /// what `backward` needs is kept until it runs. `observer` sees every node's output as it is
    /// produced (INT8 calibration reads named activations this way); at inference a folded
    /// convolution's output already includes its batch norm.
    public func forward(_ inputs: [String: Tensor], mode: Mode = .inference,
                        observer: ((String, Tensor) -> Void)? = nil) throws -> [String: Tensor] {
        try validate(inputs)
        let training = mode == .training
        if !training { prepareInference() }
        let context = LayerContext(mode: mode, pool: pool, generator: generator)
        let nodes = graph.nodes
        let count = nodes.count
        let isOutput = Set(graph.outputs.map { graph.index(of: $0)! })

        // Which nodes' backward will run, and which values it reads.
        var requires = [Bool](repeating: false, count: count)
        var keep = [Bool](repeating: false, count: count)
        if training {
            for i in 0..<count {
                requires[i] = layers[i] == nil ? computesInputGradients
                    : nodeParameters[i].contains { $0.isTrainable } || inputIndices[i].contains { requires[$0] }
            }
            for i in 0..<count where requires[i] {
                guard let layer = layers[i] else { keep[i] = true; continue }
                if layer.needsOutput { keep[i] = true }
                if layer.needsInputs { for j in inputIndices[i] { keep[j] = true } }
            }
        }
        var remaining = [Int](repeating: 0, count: count)
        for list in inputIndices { for j in list { remaining[j] += 1 } }

        var values = [Tensor?](repeating: nil, count: count)
        for i in 0..<count {
            guard let layer = layers[i] else {
                values[i] = inputs[nodes[i].name]!
                observer?(nodes[i].name, values[i]!)
                continue
            }
            var ins = inputIndices[i].map { values[$0]! }
            for j in inputIndices[i] {
                remaining[j] -= 1
                if remaining[j] == 0 && !keep[j] && !isOutput.contains(j) { values[j] = nil }
            }
            let y = layer.forward(&ins, context)
            ins.removeAll()
            values[i] = y
            observer?(nodes[i].name, y)
        }
        generator = context.generator
        let outputs = Dictionary(uniqueKeysWithValues: graph.outputs.map { ($0, values[graph.index(of: $0)!]!) })
        if training {
            self.values = values
            requiresGradient = requires
            trainingContext = context
        } else {
            clearTrainingState()
        }
        return outputs
    }

    /// Runs a single-input, single-output graph.
    public func forward(_ input: Tensor, mode: Mode = .inference) throws -> Tensor {
        guard graph.inputs.count == 1, graph.outputs.count == 1 else {
            throw ZooError("The model has \(graph.inputs.count) inputs and \(graph.outputs.count) outputs; pass them by name.")
        }
        return try forward([graph.inputs[0]: input], mode: mode)[graph.outputs[0]]!
    }

    private func validate(_ inputs: [String: Tensor]) throws {
        for name in inputs.keys where graph.node(name).map({ if case .input = $0.op { false } else { true } }) ?? true {
            throw ZooError.usage("'\(name)' is not an input of the model.",
                                 hint: "the model's inputs are \(graph.inputs.joined(separator: ", "))")
        }
        for name in graph.inputs {
            guard let x = inputs[name] else {
                throw ZooError.usage("No value for model input '\(name)'.", hint: "pass a [N, C, H, W] tensor for every input")
            }
            guard case .input(let a) = graph.node(name)!.op else { continue }
            let expected = "[N, \(a.channels), \(a.height.map(String.init) ?? "H"), \(a.width.map(String.init) ?? "W")]"
            guard x.rank == 4, x.shape[1] == a.channels, a.height.map({ $0 == x.shape[2] }) ?? true,
                  a.width.map({ $0 == x.shape[3] }) ?? true, x.shape[0] > 0 else {
                throw ZooError.usage("Input '\(name)' has shape \(x.shape); the model expects \(expected).",
                                     hint: "resize or convert the images to the model's input size and channel count")
            }
        }
        // Spatial sizes must fit every window op.
        let sizes = Dictionary(uniqueKeysWithValues: inputs.map { ($0.key, Size2($0.value.shape[2], $0.value.shape[3])) })
        _ = try graph.shapes(inputSizes: sizes)
    }

    // MARK: Backward

    /// Back-propagates `outputGradients` (graph output name → dL/dOutput, same shape as the
    /// output) through the last `.training` forward pass, adding parameter gradients into
    /// `Parameter.gradient`. Returns dL/dInput for each graph input when
    /// `computesInputGradients` was set for that forward pass, otherwise an empty dictionary.
    @discardableResult
    public func backward(_ outputGradients: [String: Tensor]) throws -> [String: Tensor] {
        guard let context = trainingContext, !values.isEmpty else {
            throw ZooError("backward needs a training forward pass first.", hint: "call forward(…, mode: .training) before backward")
        }
        defer { clearTrainingState() }
        let count = graph.nodes.count
        var grads = [Tensor?](repeating: nil, count: count)
        for (name, g) in outputGradients {
            guard let i = graph.index(of: name), graph.outputs.contains(name), let value = values[i] else {
                throw ZooError.usage("'\(name)' is not an output of the model.",
                                     hint: "the model's outputs are \(graph.outputs.joined(separator: ", "))")
            }
            guard g.shape == value.shape else {
                throw ZooError.usage("The gradient for '\(name)' has shape \(g.shape); the output has \(value.shape).")
            }
            Model.accumulate(&grads[i], g)
        }
        var result: [String: Tensor] = [:]
        for i in stride(from: count - 1, through: 0, by: -1) {
            guard let layer = layers[i] else {
                if requiresGradient[i] {
                    let name = graph.nodes[i].name
                    result[name] = grads[i] ?? Tensor(shape: values[i]!.shape, repeating: 0)
                }
                continue
            }
            guard var g = grads[i], requiresGradient[i] else {
                grads[i] = nil
                values[i] = nil
                continue
            }
            grads[i] = nil
            let needs = inputIndices[i].map { requiresGradient[$0] }
            let ins = layer.needsInputs ? inputIndices[i].map { values[$0]! } : []
            let output = layer.needsOutput ? values[i]! : Tensor.placeholder
            values[i] = nil
            let dxs = layer.backward(&g, inputs: ins, output: output, needsInputGradient: needs, context)
            for (k, j) in inputIndices[i].enumerated() where needs[k] {
                if let dx = dxs[k] { Model.accumulate(&grads[j], dx) }
            }
        }
        return result
    }

    private static func accumulate(_ slot: inout Tensor?, _ g: Tensor) {
        if slot == nil { slot = g } else { slot!.add(g) }
    }

    private func clearTrainingState() {
        values = []
        requiresGradient = []
        trainingContext = nil
    }

    // MARK: Inference

    /// Folds each batch norm that directly follows a convolution (its only consumer, no fused
    /// activation in between) into that convolution's kernel and bias, recomputing only when a
    /// parameter changed since the last fold.
    private func prepareInference() {
        for (i, node) in graph.nodes.enumerated() {
            guard let bn = layers[i] as? BatchNormLayer, inputIndices[i].count == 1 else { continue }
            let j = inputIndices[i][0]
            guard let conv = layers[j] as? ConvLayer, conv.attributes.activation == nil,
                  graph.consumers(of: graph.nodes[j].name) == [node.name] else { continue }
            guard foldsBatchNorm else {
                conv.folded = nil
                bn.foldedIntoProducer = false
                continue
            }
            let sources = [conv.kernel, bn.gamma, bn.beta, bn.movingMean, bn.movingVariance] + (conv.bias.map { [$0] } ?? [])
            let versions = sources.map(\.version)
            if foldedVersions[i] == versions, conv.folded != nil { continue }
            let (scale, shift) = bn.inferenceScaleShift()
            var kernel = conv.kernel.value
            let perFilter = kernel.count / max(scale.count, 1)
            let kp = kernel.mutablePointer()
            for f in 0..<scale.count { for e in 0..<perFilter { kp[f * perFilter + e] *= scale[f] } }
            let oldBias = conv.bias?.value.scalars ?? [Float](repeating: 0, count: scale.count)
            let bias = Tensor((0..<scale.count).map { oldBias[$0] * scale[$0] + shift[$0] }, shape: [scale.count])
            conv.folded = (kernel, bias)
            bn.foldedIntoProducer = true
            foldedVersions[i] = versions
        }
    }

    // MARK: Freezing

    /// Freezes (or unfreezes) the parameters of every node `predicate` selects; moving
    /// statistics are never trained either way.
    public func setTrainable(_ trainable: Bool, where predicate: (Node) -> Bool) {
        let selected = Set(graph.nodes.filter(predicate).map(\.name))
        for p in parameters where selected.contains(p.spec.node) {
            p.isTrainable = trainable && p.spec.role.isTrained
        }
    }

    /// Makes batch norms that `predicate` selects use their moving statistics during training
    /// too (TAO `freeze_bn`), or batch statistics again.
    public func freezeBatchNormStatistics(_ frozen: Bool = true, where predicate: (Node) -> Bool = { _ in true }) {
        for (i, node) in graph.nodes.enumerated() where predicate(node) {
            (layers[i] as? BatchNormLayer)?.frozenStatistics = frozen
        }
    }

    /// Freezes the nodes whose names match the glob `pattern` (`*`, `?`), e.g. `block_1*`.
    public func freeze(matching pattern: String) {
        let glob = Glob(pattern)
        setTrainable(false) { glob.matches($0.name) }
    }
}
