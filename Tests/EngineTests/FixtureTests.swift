import Engine
import Foundation
import Testing

/// Forward results and gradients against values PyTorch computed (bench/engine/make_fixtures.py
/// writes Fixtures/torch_ops.safetensors; float64 in PyTorch, stored as float32).
@Suite struct FixtureTests {
    static let fixtures: [String: Tensor] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/torch_ops.safetensors")
        return (try? SafeTensors.read(from: url).tensors) ?? [:]
    }()

    func t(_ name: String) throws -> Tensor {
        try #require(FixtureTests.fixtures[name], "fixture \(name) missing")
    }

    func expectClose(_ a: Tensor, _ b: Tensor, _ tolerance: Float = 1e-4, _ what: String = "",
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.shape == b.shape, "\(what) shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
        guard a.shape == b.shape else { return }
        let scale = max(1, b.scalars.map { abs($0) }.max() ?? 1)
        #expect(a.maxAbsDifference(b) <= tolerance * scale, "\(what) differs by \(a.maxAbsDifference(b))",
                sourceLocation: sourceLocation)
    }

    /// Runs a one-node graph forward (training) and backward with upstream gradient `r`.
    func run(_ op: Op, x: Tensor, parameters: [String: Tensor], r: Tensor?) throws -> (y: Tensor, dx: Tensor?, model: Model) {
        let graph = try singleOpGraph(op, inputs: [Array(x.shape.dropFirst())])
        let model = try Model(graph: graph)
        try model.load(weights: parameters.reduce(into: model.weights()) { $0["y/" + $1.key] = $1.value })
        model.computesInputGradients = true
        let y = try model.forward(["x0": x], mode: .training)["y"]!
        guard let r else { return (y, nil, model) }
        let dx = try model.backward(["y": r])["x0"]
        return (y, dx, model)
    }

    @Test func fixturesArePresent() {
        #expect(FixtureTests.fixtures.count > 100)
    }

    @Test(arguments: [
        ("conv_grouped", 2, Pads(1), 1, 2, true),
        ("conv_dilated", 1, Pads(2), 2, 1, false),
        ("conv_same", 2, Pads(top: 0, left: 0, bottom: 1, right: 1), 1, 1, true),
        ("conv_depthwise", 1, Pads(1), 1, 4, true),
        ("conv_pointwise", 1, Pads(0), 1, 1, true),
        ("conv_stem", 2, Pads(3), 1, 1, false),
    ])
    func convolution(_ name: String, _ stride: Int, _ pads: Pads, _ dilation: Int, _ groups: Int, _ bias: Bool) throws {
        let w = try t("\(name)/w")
        let op = Op.conv2d(Conv2D(filters: w.shape[0], kernel: Size2(w.shape[2], w.shape[3]), strides: Size2(stride),
                                  padding: .explicit(pads), dilations: Size2(dilation), groups: groups, useBias: bias))
        var params = ["kernel": w]
        if bias { params["bias"] = try t("\(name)/b") }
        let (y, dx, model) = try run(op, x: t("\(name)/x"), parameters: params, r: t("\(name)/r"))
        expectClose(y, try t("\(name)/y"), 1e-4, "\(name) y")
        expectClose(dx!, try t("\(name)/dx"), 1e-4, "\(name) dx")
        expectClose(model.parameter("y/kernel")!.gradient, try t("\(name)/dw"), 1e-4, "\(name) dw")
        if bias { expectClose(model.parameter("y/bias")!.gradient, try t("\(name)/db"), 1e-4, "\(name) db") }
    }

    @Test func sameConvolutionMatchesTensorFlowPadding() throws {
        // conv_same was computed with one pixel of padding at the bottom/right only.
        let w = try t("conv_same/w")
        let op = Op.conv2d(Conv2D(filters: 4, kernel: Size2(3), strides: Size2(2), padding: .same))
        let (y, _, _) = try run(op, x: t("conv_same/x"), parameters: ["kernel": w, "bias": t("conv_same/b")], r: nil)
        expectClose(y, try t("conv_same/y"), 1e-4, "same y")
    }

    @Test(arguments: [("maxpool", false, false), ("avgpool_exclude", true, false), ("avgpool_include", true, true)])
    func pooling(_ name: String, _ average: Bool, _ includePad: Bool) throws {
        let pool = Pool2D(kernel: Size2(3), strides: Size2(2), padding: .explicit(Pads(1)), countIncludesPadding: includePad)
        let (y, dx, _) = try run(average ? .averagePool(pool) : .maxPool(pool), x: t("\(name)/x"), parameters: [:], r: t("\(name)/r"))
        expectClose(y, try t("\(name)/y"), 1e-5, "\(name) y")
        expectClose(dx!, try t("\(name)/dx"), 1e-5, "\(name) dx")
    }

    @Test func batchNormTraining() throws {
        let params = ["gamma": try t("bn_train/gamma"), "beta": try t("bn_train/beta"),
                      "moving_mean": try t("bn_train/mean0"), "moving_variance": try t("bn_train/var0")]
        let (y, dx, model) = try run(.batchNorm(BatchNorm(epsilon: 1e-3, momentum: 0.9)), x: t("bn_train/x"),
                                     parameters: params, r: t("bn_train/r"))
        expectClose(y, try t("bn_train/y"), 1e-4, "y")
        expectClose(dx!, try t("bn_train/dx"), 1e-4, "dx")
        expectClose(model.parameter("y/gamma")!.gradient, try t("bn_train/dgamma"), 1e-4, "dgamma")
        expectClose(model.parameter("y/beta")!.gradient, try t("bn_train/dbeta"), 1e-4, "dbeta")
        expectClose(model.parameter("y/moving_mean")!.value, try t("bn_train/mean1"), 1e-5, "moving mean")
        expectClose(model.parameter("y/moving_variance")!.value, try t("bn_train/var1"), 1e-5, "moving variance")
    }

    @Test func batchNormInference() throws {
        let graph = try singleOpGraph(.batchNorm(BatchNorm(epsilon: 1e-3)), inputs: [[3, 4, 4]])
        let model = try Model(graph: graph)
        try model.load(weights: ["y/gamma": t("bn_train/gamma"), "y/beta": t("bn_train/beta"),
                                 "y/moving_mean": t("bn_train/mean0"), "y/moving_variance": t("bn_train/var0")])
        expectClose(try model.forward(t("bn_eval/x")), try t("bn_eval/y"), 1e-5, "inference y")
    }

    @Test(arguments: [("upsample_nearest", Upsample(scale: Size2(2))),
                      ("upsample_bilinear", Upsample(scale: Size2(2, 3), mode: .bilinear, coordinateTransform: .halfPixel)),
                      ("upsample_bilinear_aligned", Upsample(scale: Size2(2, 3), mode: .bilinear, coordinateTransform: .alignCorners))])
    func upsampling(_ name: String, _ attributes: Upsample) throws {
        let (y, dx, _) = try run(.upsample(attributes), x: t("\(name)/x"), parameters: [:], r: t("\(name)/r"))
        expectClose(y, try t("\(name)/y"), 1e-5, "\(name) y")
        expectClose(dx!, try t("\(name)/dx"), 1e-5, "\(name) dx")
    }

    @Test(arguments: [("relu6", Activation.relu6), ("leaky_relu", .leakyRelu(alpha: 0.1)), ("swish", .swish),
                      ("mish", .mish), ("sigmoid", .sigmoid), ("tanh", .tanh), ("softmax", .softmax)])
    func activations(_ name: String, _ activation: Activation) throws {
        let (y, dx, _) = try run(.activation(activation), x: t("act_\(name)/x"), parameters: [:], r: t("act_\(name)/r"))
        expectClose(y, try t("act_\(name)/y"), 1e-5, "\(name) y")
        expectClose(dx!, try t("act_\(name)/dx"), 1e-5, "\(name) dx")
    }

    @Test func crossEntropyWithLabelSmoothing() throws {
        let labels = try t("loss_ce/labels").scalars.map { Int($0) }
        let result = try Loss.softmaxCrossEntropy(logits: t("loss_ce/logits"), labels: labels, labelSmoothing: 0.1)
        #expect(abs(result.value - (try t("loss_ce/loss")).scalars[0]) < 1e-5)
        expectClose(result.gradient, try t("loss_ce/grad"), 1e-5, "CE grad")
    }

    @Test(arguments: ["bce_logits", "l1", "l2", "smooth_l1"])
    func elementwiseLosses(_ name: String) throws {
        let p = try t("loss_\(name)/pred"), y = try t("loss_\(name)/target"), w = try t("loss_\(name)/weight")
        let result: LossResult = switch name {
        case "bce_logits": try Loss.binaryCrossEntropy(logits: p, targets: y, weights: w)
        case "l1": try Loss.l1(predictions: p, targets: y, weights: w)
        case "l2": try Loss.l2(predictions: p, targets: y, weights: w)
        default: try Loss.smoothL1(predictions: p, targets: y, beta: 0.5, weights: w)
        }
        #expect(abs(result.value - (try t("loss_\(name)/loss")).scalars[0]) < 1e-5, "\(name) value")
        expectClose(result.gradient, try t("loss_\(name)/grad"), 1e-5, "\(name) grad")
    }

    @Test func residualBlockEndToEnd() throws {
        var b = GraphBuilder()
        let x = b.input("x", channels: 3, height: 12, width: 12)
        let c1 = b.conv2d(x, filters: 4, kernel: 3, useBias: false, name: "c1")
        let n1 = b.batchNorm(c1, BatchNorm(epsilon: 1e-3, momentum: 0.99), name: "n1")
        let r1 = b.activation(n1, .relu)
        let c2 = b.conv2d(r1, filters: 4, kernel: 3, name: "c2")
        let sum = b.addition([c2, r1])
        let r2 = b.activation(sum, .relu)
        let pooled = b.globalAveragePool(r2)
        let logits = b.dense(pooled, Dense(units: 3), name: "fc")
        let model = try Model(graph: b.build(outputs: [logits]))
        try model.load(weights: ["c1/kernel": t("resnet_block/w1"), "n1/gamma": t("resnet_block/g1"),
                                 "n1/beta": t("resnet_block/b1"), "n1/moving_mean": .zeros([4]),
                                 "n1/moving_variance": .ones([4]), "c2/kernel": t("resnet_block/w2"),
                                 "c2/bias": t("resnet_block/c2"), "fc/kernel": t("resnet_block/wd"),
                                 "fc/bias": t("resnet_block/bd")])
        let out = try model.forward(["x": t("resnet_block/x")], mode: .training)[logits]!
        expectClose(out, try t("resnet_block/logits"), 1e-4, "logits")
        let labels = try t("resnet_block/labels").scalars.map { Int($0) }
        let loss = try Loss.softmaxCrossEntropy(logits: out, labels: labels)
        #expect(abs(loss.value - (try t("resnet_block/loss")).scalars[0]) < 1e-5)
        try model.backward([logits: loss.gradient])
        for (param, name) in [("c1/kernel", "dw1"), ("n1/gamma", "dg1"), ("n1/beta", "db1"), ("c2/kernel", "dw2"),
                              ("c2/bias", "dc2"), ("fc/kernel", "dwd"), ("fc/bias", "dbd")] {
            expectClose(model.parameter(param)!.gradient, try t("resnet_block/\(name)"), 1e-4, param)
        }
    }
}
