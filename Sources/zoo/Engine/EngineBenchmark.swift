import Backbones
import Engine
import Foundation
import ZooCore

/// A network `zoo bench engine` can time, built from the Backbones module.
struct BenchNetwork {
    let name: String
    let channels: Int, height: Int, width: Int
    let graph: Graph

    init(name: String, input: String?) throws {
        self.name = name
        let defaultInput: String
        switch name {
        case "resnet18": defaultInput = "3x224x224"
        case "detectnet_resnet18": defaultInput = "3x272x480"
        default: throw ZooError.usage("Unknown --model '\(name)'.", hint: "use resnet18 or detectnet_resnet18")
        }
        let parts = (input ?? defaultInput).lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 > 0 }) else {
            throw ZooError.usage("--input must look like 3x224x224 (channels x height x width).")
        }
        (channels, height, width) = (parts[0], parts[1], parts[2])
        var options = ResNet.Options(layers: 18)
        options.inputChannels = channels
        options.inputHeight = height
        options.inputWidth = width
        if name == "resnet18" {
            options.usePooling = true
            options.allProjections = false
            let backbone = try ResNet.build(options)
            var b = backbone.builder
            let flat = b.flatten(b.globalAveragePool(backbone.output))
            b.dense(flat, Dense(units: 10), name: "predictions")
            graph = try b.build(outputs: ["predictions"])
        } else {
            let backbone = try ResNet.build(options)
            var b = backbone.builder
            b.conv2d(backbone.output, filters: 3, kernel: 1, activation: .sigmoid, name: "output_cov")
            b.conv2d(backbone.output, filters: 12, kernel: 1, name: "output_bbox")
            graph = try b.build(outputs: ["output_cov", "output_bbox"])
        }
    }

    var inputDescription: String { "\(channels)x\(height)x\(width)" }
}

/// Times steps of a network on a fixed random batch.
struct EngineBenchmark {
    struct Result {
        var medianSeconds: Double
        var flopsPerStep: Double
        var peakRSSBytes: Int
    }

    let network: BenchNetwork
    let batch: Int
    let model: Model
    let input: Tensor
    let targets: [String: Tensor]
    let labels: [Int]
    /// DetectNet_v2: each box channel weighted by its class's coverage target.
    let boxMask: Tensor?

    init(network: BenchNetwork, batch: Int) throws {
        self.network = network
        self.batch = batch
        model = try Model(graph: network.graph, seed: 1)
        var g = SeededGenerator(seed: 2)
        input = Tensor.normal([batch, network.channels, network.height, network.width], generator: &g)
        labels = (0..<batch).map { _ in Int(g.next() % 10) }
        let shapes = try network.graph.shapes()
        var targets: [String: Tensor] = [:]
        for output in network.graph.outputs where output != "predictions" {
            targets[output] = Tensor.uniform([batch] + shapes[output]!, generator: &g)
        }
        self.targets = targets
        if let coverage = targets["output_cov"], let boxes = targets["output_bbox"] {
            let cells = coverage.count / coverage.shape[1] / batch
            let c = coverage.scalars
            boxMask = Tensor(shape: boxes.shape) { m in
                for i in 0..<m.count {
                    let item = i / (12 * cells), channel = (i / cells) % 12, cell = i % cells
                    m[i] = c[(item * 3 + channel / 4) * cells + cell]
                }
            }
        } else {
            boxMask = nil
        }
    }

    func run(training: Bool, steps: Int, warmup: Int) throws -> Result {
        var adam = try Adam()
        var times: [Double] = []
        for step in 0..<(warmup + steps) {
            let start = DispatchTime.now().uptimeNanoseconds
            if training { try trainStep(&adam) } else { _ = try model.forward([model.graph.inputs[0]: input]) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if step >= warmup { times.append(seconds) }
        }
        times.sort()
        let flops = try network.graph.forwardFLOPs(batch: batch) * (training ? 3 : 1)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Result(medianSeconds: times[times.count / 2], flopsPerStep: flops, peakRSSBytes: usage.ru_maxrss * 1024)
    }

    /// Forward, loss, backward and an Adam update — what a training loop does per batch.
    private func trainStep(_ adam: inout Adam) throws {
        let outputs = try model.forward([model.graph.inputs[0]: input], mode: .training)
        var gradients: [String: Tensor] = [:]
        if let logits = outputs["predictions"] {
            gradients["predictions"] = try Loss.softmaxCrossEntropy(logits: logits, labels: labels).gradient
        } else {
            // DetectNet_v2-style: squared error on coverage, L1 on boxes masked by coverage.
            gradients["output_cov"] = try Loss.l2(predictions: outputs["output_cov"]!, targets: targets["output_cov"]!).gradient
            gradients["output_bbox"] = try Loss.l1(predictions: outputs["output_bbox"]!, targets: targets["output_bbox"]!,
                                                   mask: boxMask).gradient
        }
        model.zeroGradients()
        try model.backward(gradients)
        adam.step(model.trainableParameters, learningRate: 1e-3)
    }
}
