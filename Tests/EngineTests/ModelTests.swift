import Engine
import Foundation
import Testing
import ZooCore

@Suite struct ModelTests {
    func convNet(filters: Int = 6, seed: UInt64 = 1) throws -> Model {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 10, width: 10)
        let c1 = b.conv2d(x, filters: filters, kernel: 3, name: "conv_a")
        let r1 = b.activation(c1, .relu, name: "relu_a")
        let c2 = b.conv2d(r1, filters: 4, kernel: 3, strides: 2, useBias: false, name: "conv_b")
        let n2 = b.batchNorm(c2, name: "bn_b")
        let r2 = b.activation(n2, .relu)
        b.dense(b.flatten(b.globalAveragePool(r2, keepDims: true)), Dense(units: 3), name: "predictions")
        return try Model(graph: b.build(outputs: ["predictions"]), seed: seed)
    }

    func input(_ seed: UInt64 = 2) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.normal([2, 3, 10, 10], generator: &g)
    }

    /// Trains a couple of steps so batch-norm statistics and weights are not at their initial values.
    func train(_ model: Model, steps: Int = 3) throws {
        var adam = try Adam()
        for step in 0..<steps {
            let y = try model.forward(input(UInt64(step)), mode: .training)
            let loss = try Loss.softmaxCrossEntropy(logits: y, labels: [0, 2])
            model.zeroGradients()
            try model.backward(["predictions": loss.gradient])
            adam.step(model.trainableParameters, learningRate: 0.01)
        }
    }

    @Test func saveLoadGivesBitIdenticalOutputs() throws {
        let model = try convNet()
        try train(model)
        let before = try model.forward(input())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-save-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try model.save(to: folder)
        let loaded = try Model.load(from: folder)
        #expect(loaded.graph == model.graph)
        #expect(try loaded.forward(input()).bitwiseEqual(before))
        for (name, value) in model.weights() { #expect(loaded.weights()[name]!.bitwiseEqual(value)) }
        let reloaded = try Model(weightsData: try model.weightsData())
        #expect(try reloaded.forward(input()).bitwiseEqual(before))
    }

    @Test func safetensorsLayoutAndDamage() throws {
        let tensors = ["b": Tensor([1, 2, 3], shape: [3]), "a": Tensor([4, 5, 6, 7], shape: [2, 2])]
        let data = try SafeTensors.encode(tensors, metadata: ["k": "v"])
        let headerLength = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        #expect((8 + headerLength) % 8 == 0)
        let header = try JSONSerialization.jsonObject(with: data[8..<(8 + headerLength)]) as! [String: Any]
        let a = header["a"] as! [String: Any]
        #expect(a["dtype"] as? String == "F32" && a["data_offsets"] as? [Int] == [0, 16] && a["shape"] as? [Int] == [2, 2])
        #expect((header["b"] as! [String: Any])["data_offsets"] as? [Int] == [16, 28])
        #expect(data.count == 8 + headerLength + 28)
        let (decoded, metadata) = try SafeTensors.decode(data)
        #expect(metadata == ["k": "v"])
        #expect(decoded["a"]!.scalars == [4, 5, 6, 7] && decoded["a"]!.shape == [2, 2])
        #expect(throws: ZooError.self) { try SafeTensors.decode(data.prefix(data.count - 4)) }
        #expect(throws: ZooError.self) { try SafeTensors.decode(Data([1, 2, 3])) }
        var corrupt = data
        corrupt[8] = 0x5B  // '[' — not a JSON object
        #expect(throws: ZooError.self) { try SafeTensors.decode(corrupt) }
    }

    @Test func loadingReportsMissingUnexpectedAndMisshapedTensors() throws {
        let model = try convNet()
        var weights = model.weights()
        weights["conv_a/kernel"] = Tensor.zeros([5, 3, 3, 3])
        weights["predictions/bias"] = nil
        weights["extra/kernel"] = Tensor.zeros([1])
        #expect(throws: ZooError.self) { try model.load(weights: weights) }
        let report = try model.load(weights: weights, strict: false)
        #expect(report.missing == ["predictions/bias"])
        #expect(report.unexpected == ["extra/kernel"])
        #expect(report.mismatched == [.init(name: "conv_a/kernel", expected: [6, 3, 3, 3], found: [5, 3, 3, 3])])
        #expect(!report.isExact && report.summary.contains("mis-shaped"))
    }

    @Test func prunedGraphLoadsSlicedWeightsAndComputesTheSame() throws {
        // Zero two filters of conv_a: after ReLU those channels are 0, so removing them (and the
        // matching input channels of conv_b) must not change the output.
        let model = try convNet()
        try train(model)
        let kept = [0, 2, 3, 5]
        let kernel = model.parameter("conv_a/kernel")!, bias = model.parameter("conv_a/bias")!
        var k = kernel.value, b = bias.value
        k.withUnsafeMutableBufferPointer { p in for f in [1, 4] { for i in 0..<27 { p[f * 27 + i] = 0 } } }
        b.withUnsafeMutableBufferPointer { p in p[1] = 0; p[4] = 0 }
        kernel.value = k
        bias.value = b
        let expected = try model.forward(input())

        let pruned = try model.graph.updatingNode("conv_a") { node in
            guard case .conv2d(var a) = node.op else { return }
            a.filters = kept.count
            node.op = .conv2d(a)
        }
        var weights = model.weights()
        for spec in try pruned.parameterSpecs() where spec.node == "conv_a" {
            weights[spec.name] = weights[spec.name]!.gathering(kept, along: spec.outputChannelAxis!)
        }
        let consumerKernel = try pruned.parameterSpecs().first { $0.name == "conv_b/kernel" }!
        weights["conv_b/kernel"] = weights["conv_b/kernel"]!.gathering(kept, along: consumerKernel.inputChannelAxis!)
        let smaller = try Model(graph: pruned)
        try smaller.load(weights: weights)
        #expect(smaller.parameter("conv_b/kernel")!.value.shape == [4, 4, 3, 3])
        #expect(try smaller.forward(input()).maxAbsDifference(expected) < 1e-5)
        // The pruned graph survives serialization with its channel counts.
        #expect(try Model(weightsData: smaller.weightsData()).parameter("conv_a/kernel")!.value.shape == [4, 3, 3, 3])
    }

    @Test func foldedBatchNormMatchesUnfoldedInference() throws {
        let model = try convNet()
        try train(model)
        let folded = try model.forward(input())
        model.foldsBatchNorm = false
        let plain = try model.forward(input())
        #expect(folded.maxAbsDifference(plain) < 1e-5)
        model.foldsBatchNorm = true
        // A parameter change after folding is picked up.
        try train(model, steps: 1)
        let refolded = try model.forward(input())
        model.foldsBatchNorm = false
        #expect(refolded.maxAbsDifference(try model.forward(input())) < 1e-5)
    }

    @Test func observerSeesEveryNamedActivation() throws {
        let model = try convNet()
        var seen: [String: [Int]] = [:]
        let outputs = try model.forward([model.graph.inputs[0]: input()]) { name, tensor in seen[name] = tensor.shape }
        #expect(Set(seen.keys) == Set(model.graph.nodes.map(\.name)))
        #expect(seen["relu_a"] == [2, 6, 10, 10])
        #expect(outputs["predictions"]!.shape == [2, 3])
    }

    @Test func inferenceDoesNotChangeTheCallersInput() throws {
        let model = try convNet()
        let x = input()
        let copy = Tensor(x.scalars, shape: x.shape)
        _ = try model.forward(x)
        _ = try model.forward(x, mode: .training)
        #expect(x.bitwiseEqual(copy))
    }

    @Test func trainingIsDeterministic() throws {
        let a = try convNet(seed: 9), b = try convNet(seed: 9)
        try train(a)
        try train(b)
        for (name, value) in a.weights() { #expect(b.weights()[name]!.bitwiseEqual(value), "\(name)") }
    }

    @Test func blasInfoNamesTheKernel() {
        let info = BLASInfo.current
        #expect(!info.coreName.isEmpty && info.threads >= 1)
        #expect(info.summary.hasPrefix("OpenBLAS \(info.coreName)"))
        var forced = info
        forced.coreName = "Haswell"
        forced.forcedCoreType = "Haswell"
        forced.cpuHasAVX512 = true
        #expect(forced.warning?.contains("AVX-512") == true)
        forced.forcedCoreType = nil
        #expect(forced.warning == nil)
    }
}
