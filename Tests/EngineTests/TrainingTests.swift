import Engine
import Testing

/// Optimizers, learning-rate schedules, regularizers, clipping and freezing.
@Suite struct TrainingTests {
    /// A model with one dense layer whose kernel is a single weight 1.0, gradient `g` after `setGradient`.
    func scalarModel() throws -> (Model, Parameter) {
        var b = GraphBuilder()
        let x = b.input("x", channels: 1, height: 1, width: 1)
        b.dense(b.flatten(x), Dense(units: 1, useBias: false), name: "d")
        let model = try Model(graph: b.build(outputs: ["d"]))
        let p = model.parameter("d/kernel")!
        p.value = Tensor([1], shape: [1, 1])
        return (model, p)
    }

    func run(_ optimizer: inout some Optimizer, gradients: [Float], lr: Float) throws -> [Float] {
        let (_, p) = try scalarModel()
        var trajectory: [Float] = []
        for g in gradients {
            p.gradient = Tensor([g], shape: [1, 1])
            optimizer.step([p], learningRate: lr)
            trajectory.append(p.value.scalars[0])
        }
        return trajectory
    }

    func expectClose(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, sourceLocation: sourceLocation)
        for (x, y) in zip(a, b) { #expect(abs(x - y) <= tolerance, "\(a) vs \(b)", sourceLocation: sourceLocation) }
    }

    @Test func sgd() throws {
        var plain = try SGD()
        expectClose(try run(&plain, gradients: [0.5, 0.5], lr: 0.1), [0.95, 0.9])
        var momentum = try SGD(momentum: 0.9)
        expectClose(try run(&momentum, gradients: [0.5, 0.5], lr: 0.1), [0.95, 0.855])
        var nesterov = try SGD(momentum: 0.9, nesterov: true)
        expectClose(try run(&nesterov, gradients: [0.5, 0.5], lr: 0.1), [0.905, 0.7695])
    }

    @Test func adamAndAMSGrad() throws {
        var adam = try Adam()
        expectClose(try run(&adam, gradients: [0.5, 0], lr: 0.1), [0.9000006, 0.8329952])
        var ams = try Adam(amsgrad: true)
        expectClose(try run(&ams, gradients: [0.5, 0], lr: 0.1), [0.9000006, 0.8330287])
        #expect(ams.iterations == 2)
    }

    @Test func rmsprop() throws {
        var plain = try RMSprop()
        expectClose(try run(&plain, gradients: [0.5], lr: 0.01), [0.9683772])
        var centered = try RMSprop(rho: 0.9, momentum: 0.5, centered: true)
        expectClose(try run(&centered, gradients: [0.5, 0.25], lr: 0.01), [0.9666667, 0.9338119])
    }

    @Test func optimizerStateRoundTripsForResume() throws {
        var a = try Adam()
        let (_, p) = try scalarModel()
        p.gradient = Tensor([0.5], shape: [1, 1])
        a.step([p], learningRate: 0.1)
        var b = try Adam()
        try b.load(state: a.state())
        a.step([p], learningRate: 0.1)
        let afterA = p.value.scalars[0]
        p.value = Tensor([0.9000006], shape: [1, 1])
        b.step([p], learningRate: 0.1)
        #expect(abs(p.value.scalars[0] - afterA) < 1e-6)
        #expect(b.iterations == 2)
    }

    @Test func parameterGroupsScaleTheLearningRate() throws {
        var b = GraphBuilder()
        let x = b.input("x", channels: 1, height: 1, width: 1)
        let f = b.flatten(x)
        let d1 = b.dense(f, Dense(units: 1, useBias: false, kernelInitializer: .ones), name: "stage1/d")
        b.dense(d1, Dense(units: 1, useBias: false, kernelInitializer: .ones), name: "stage2/d")
        let model = try Model(graph: b.build(outputs: ["stage2/d"]))
        for p in model.parameters { p.gradient = Tensor([1], shape: [1, 1]) }
        var sgd = try SGD()
        sgd.step([model.parameterGroup(matching: "stage1/*"), model.parameterGroup(matching: "stage2/*", learningRateMultiplier: 4)],
                 learningRate: 0.1)
        #expect(model.parameter("stage1/d/kernel")!.value.scalars == [0.9])
        #expect(abs(model.parameter("stage2/d/kernel")!.value.scalars[0] - 0.6) < 1e-6)
    }

    @Test func taoLearningRateSchedules() throws {
        let soft = try SoftStartAnnealingSchedule(maxLR: 5e-4, minLR: 5e-6, softStart: 0.1, annealing: 0.7)
        let expected: [(Int, Float)] = [(0, 5e-6), (5, 5e-5), (50, 5e-4), (85, 5e-5), (100, 5e-6)]
        for (step, lr) in expected { #expect(abs(soft.learningRate(step: step, totalSteps: 100) - lr) < lr * 1e-4) }

        let cosine = try SoftStartCosineAnnealingSchedule(maxLR: 1e-4, minLR: 1e-7, softStart: 0.3)
        #expect(abs(cosine.learningRate(step: 15, totalSteps: 100) - 5.005e-5) < 1e-9)
        #expect(abs(cosine.learningRate(step: 30, totalSteps: 100) - 1e-4) < 1e-9)
        #expect(abs(cosine.learningRate(step: 100, totalSteps: 100) - 2.0690e-5) < 1e-8)  // Q3: stays above min

        let step = try StepSchedule(baseLR: 0.006, gamma: 0.1, stepSize: 10)
        #expect(abs(step.learningRate(step: 100, totalSteps: 1000) - 0.0006) < 1e-9)
        #expect(abs(step.learningRate(step: 50, totalSteps: 1000) - 0.0018974) < 1e-7)

        let anneal = try SoftAnnealSchedule(baseLR: 0.01, softStart: 0.1, annealingPoints: [0.3, 0.6, 0.9], annealingDivider: 10)
        let annealed: [(Int, Float)] = [(5, 0.00515), (20, 0.01), (40, 0.001), (95, 1e-5)]
        for (s, lr) in annealed { #expect(abs(anneal.learningRate(step: s, totalSteps: 100) - lr) < lr * 1e-4) }

        let decay = try ExponentialDecaySchedule(initialLR: 1e-3, decayRate: 0.1, decaySteps: 100)
        #expect(abs(decay.learningRate(step: 50, totalSteps: 0) - 3.16228e-4) < 1e-8)
        let stairs = try ExponentialDecaySchedule(initialLR: 1e-3, decayRate: 0.1, decaySteps: 100, staircase: true, minLR: 5e-5)
        #expect(stairs.learningRate(step: 50, totalSteps: 0) == 1e-3)
        #expect(abs(stairs.learningRate(step: 150, totalSteps: 0) - 1e-4) < 1e-9)
        #expect(stairs.learningRate(step: 500, totalSteps: 0) == 5e-5)
    }

    @Test func invalidSchedulesAreUsageErrors() {
        #expect(throws: (any Error).self) { try SoftStartAnnealingSchedule(maxLR: 1e-3, minLR: 1e-2, softStart: 0.1, annealing: 0.7) }
        #expect(throws: (any Error).self) { try SoftStartAnnealingSchedule(maxLR: 1e-3, minLR: 1e-5, softStart: 0.8, annealing: 0.7) }
        #expect(throws: (any Error).self) { try SoftAnnealSchedule(baseLR: 0.1, softStart: 0.5, annealingPoints: [0.3], annealingDivider: 10) }
        #expect(throws: (any Error).self) { try Adam(beta1: 1.5) }
    }

    @Test func regularizersFollowScopeAndReturnThePenalty() throws {
        var b = GraphBuilder()
        let x = b.input("x", channels: 1, height: 2, width: 2)
        let c = b.conv2d(x, filters: 1, kernel: 1, name: "c")
        b.dense(b.flatten(c), Dense(units: 1), name: "d")
        let model = try Model(graph: b.build(outputs: ["d"]))
        model.parameter("c/kernel")!.value = Tensor([-2], shape: [1, 1, 1, 1])
        model.parameter("d/kernel")!.value = Tensor([1, -1, 3, 0], shape: [1, 4])
        model.zeroGradients()
        let l1 = try Regularizer(.l1, weight: 0.01, scope: ["dense"])
        #expect(abs(l1.apply(to: model) - 0.05) < 1e-7)
        #expect(model.parameter("d/kernel")!.gradient.scalars == [0.01, -0.01, 0.01, 0])
        #expect(model.parameter("c/kernel")!.gradient.scalars == [0])
        let l2 = try Regularizer(.l2, weight: 0.1, scope: ["Conv2D"])
        #expect(abs(l2.apply(to: model) - 0.4) < 1e-6)
        #expect(abs(model.parameter("c/kernel")!.gradient.scalars[0] - -0.4) < 1e-6)
    }

    @Test func gradientClipping() throws {
        let (model, p) = try scalarModel()
        p.gradient = Tensor([-3], shape: [1, 1])
        #expect(GradientClipping.clipByGlobalNorm(model.parameters, maxNorm: 1) == 3)
        #expect(p.gradient.scalars == [-1])
        p.gradient = Tensor([-3], shape: [1, 1])
        GradientClipping.clipByValue(model.parameters, limit: 0.5)
        #expect(p.gradient.scalars == [-0.5])
    }

    @Test func frozenNodesAndFrozenStatistics() throws {
        var b = GraphBuilder()
        let x = b.input("x", channels: 2, height: 4, width: 4)
        b.trainable = false
        let c = b.conv2d(x, filters: 3, kernel: 3, name: "block_1a_conv_1")
        b.trainable = true
        let n = b.batchNorm(c, BatchNorm(frozenStatistics: true), name: "block_1a_bn_1")
        let c2 = b.conv2d(n, filters: 2, kernel: 3, name: "block_2a_conv_1")
        let model = try Model(graph: b.build(outputs: [c2]))
        #expect(!model.parameter("block_1a_conv_1/kernel")!.isTrainable)
        model.freeze(matching: "block_2*")
        #expect(model.trainableParameters.map(\.name) == ["block_1a_bn_1/gamma", "block_1a_bn_1/beta"])
        let before = model.weights()
        var g = SeededGenerator(seed: 1)
        let input = Tensor.normal([2, 2, 4, 4], generator: &g)
        let y = try model.forward(["x": input], mode: .training)[c2]!
        try model.backward([c2: Tensor.ones(y.shape)])
        var sgd = try SGD()
        sgd.step(model.trainableParameters, learningRate: 0.1)
        let after = model.weights()
        #expect(after["block_1a_conv_1/kernel"]!.bitwiseEqual(before["block_1a_conv_1/kernel"]!))
        #expect(after["block_2a_conv_1/kernel"]!.bitwiseEqual(before["block_2a_conv_1/kernel"]!))
        #expect(after["block_1a_bn_1/moving_mean"]!.bitwiseEqual(before["block_1a_bn_1/moving_mean"]!))
        #expect(!after["block_1a_bn_1/gamma"]!.bitwiseEqual(before["block_1a_bn_1/gamma"]!))
        // With frozen statistics, training and inference outputs agree.
        let inference = try model.forward(["x": input])[c2]!
        model.foldsBatchNorm = false
        let training = try model.forward(["x": input], mode: .training)[c2]!
        #expect(inference.maxAbsDifference(training) < 1e-4)
        model.freezeBatchNormStatistics(false)
        _ = try model.forward(["x": input], mode: .training)
        #expect(!model.weights()["block_1a_bn_1/moving_mean"]!.bitwiseEqual(before["block_1a_bn_1/moving_mean"]!))
    }
}
