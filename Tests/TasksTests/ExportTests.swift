import Backbones
import Engine
import Foundation
import SwiftProtobuf
import Testing
@testable import Tasks
import ZooCore

/// A small trained-looking classifier: resnet10 with batch norm on 32×32 RGB, three classes.
func smallClassifier(seed: UInt64 = 3) throws -> Model {
    var options = ClassificationNetwork.Options()
    options.useBatchNorm = true
    let graph = try ClassificationNetwork.build(arch: "resnet", layers: 10, inputShape: (3, 32, 32), classes: 3, options: options)
    let model = try Model(graph: graph, seed: seed)
    // Non-trivial batch-norm statistics, so folding them into the convolutions matters.
    for p in model.parameters {
        var g = SeededGenerator(seed: seed, name: p.name + "/stats")
        switch p.spec.role {
        case .movingMean: p.value = Tensor((0..<p.value.count).map { _ in g.nextNormal() * 0.1 }, shape: p.spec.shape)
        case .movingVariance: p.value = Tensor((0..<p.value.count).map { _ in 0.5 + g.nextUnitFloat() }, shape: p.spec.shape)
        default: break
        }
    }
    return model
}

/// `count` batches of `[batch, 3, 32, 32]` values drawn from N(0, 1).
func normalBatches(_ count: Int, batch: Int = 2, seed: UInt64 = 11) -> [Tensor] {
    var g = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Tensor((0..<(batch * 3 * 32 * 32)).map { _ in g.nextNormal() }, shape: [batch, 3, 32, 32]) }
}

@Suite struct ONNXExportTests {
    @Test func parsesBackWithTAONamesAndADynamicBatch() throws {
        let model = try smallClassifier()
        let export = try ONNXExporter.export(model, options: ONNXExportOptions(metadata: ["task": "classification"]))
        let parsed = try Onnx_ModelProto(serializedBytes: try export.serializedData())

        #expect(parsed.producerName == "zoo")
        #expect(parsed.opsetImport.count == 1)
        #expect(parsed.opsetImport[0].domain == "")
        #expect(parsed.opsetImport[0].version >= 13)
        #expect(parsed.metadataProps.map(\.key) == ["task"])
        let graph = parsed.graph
        #expect(graph.input.map(\.name) == ["input_1"])
        #expect(graph.output.map(\.name) == ["predictions/Softmax"])
        let inputDims = graph.input[0].type.tensorType.shape.dim
        #expect(inputDims.map(\.dimParam) == ["N", "", "", ""])
        #expect(inputDims.dropFirst().map(\.dimValue) == [3, 32, 32])
        #expect(graph.output[0].type.tensorType.shape.dim.map(\.dimValue) == [0, 3])
        #expect(graph.node.last?.opType == "Softmax")

        // Nodes are in topological order and read only defined values.
        var defined = Set(graph.input.map(\.name) + graph.initializer.map(\.name))
        for node in graph.node {
            for input in node.input where !input.isEmpty { #expect(defined.contains(input), "\(node.name) reads undefined \(input)") }
            defined.formUnion(node.output)
        }
        // Batch norms are folded: no BatchNormalization node, and the folded Conv carries the batch norm's name.
        #expect(!graph.node.contains { $0.opType == "BatchNormalization" })
        #expect(graph.node.contains { $0.opType == "Conv" && $0.output == ["bn_conv1/FusedBatchNormV3"] })
    }

    @Test func staticBatchAndOpsetOptions() throws {
        let model = try smallClassifier()
        let export = try ONNXExporter.export(model, options: ONNXExportOptions(opset: 17, staticBatchSize: 4))
        let parsed = try Onnx_ModelProto(serializedBytes: try export.serializedData())
        #expect(parsed.opsetImport[0].version == 17)
        #expect(parsed.graph.input[0].type.tensorType.shape.dim.map(\.dimValue) == [4, 3, 32, 32])

        let opset = #expect(throws: ZooError.self) { try ONNXExporter.export(model, options: ONNXExportOptions(opset: 12)) }
        #expect(opset?.exitCode == ZooError.Code.usage)
        #expect(throws: ZooError.self) { try ONNXExporter.export(model, options: ONNXExportOptions(staticBatchSize: 0)) }
    }

    @Test func missingWeightsAreAnIntegrityError() throws {
        let model = try smallClassifier()
        var weights = model.weights()
        weights["predictions/kernel"] = nil
        let error = #expect(throws: ZooError.self) { try ONNXExporter.export(graph: model.graph, weights: weights) }
        #expect(error?.message == "Cannot export: the weights have no tensor 'predictions/kernel'.")
        #expect(error?.exitCode == ZooError.Code.integrity)
    }
}

@Suite struct ETLTFileTests {
    @Test func roundTripsWithTAOHeaderAndRejectsAWrongKey() throws {
        let onnx = try ONNXExporter.export(try smallClassifier()).serializedData()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-etlt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("model.etlt")
        try ETLTFile(payload: onnx).write(to: url, key: "tlt_encode")

        let bytes = try Data(contentsOf: url)
        #expect(Array(bytes.prefix(4)) == [0, 0, 0, 0])  // ONNX: no input node name
        #expect(KeyedEncryption.isSealed(bytes.dropFirst(4)))
        #expect(bytes.range(of: Data("predictions/Softmax".utf8)) == nil)  // encrypted, not plain ONNX

        let opened = try ETLTFile(contentsOf: url, key: "tlt_encode")
        #expect(opened.payload == onnx)
        #expect(opened.inputNodeName == "")
        #expect(try Onnx_ModelProto(serializedBytes: opened.payload).graph.output.map(\.name) == ["predictions/Softmax"])

        let error = #expect(throws: ZooError.self) { try ETLTFile(contentsOf: url, key: "nvidia_tlt") }
        #expect(error?.message == "wrong key for model.etlt")
        #expect(error?.exitCode == 5)
        #expect(error?.hint != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.etlt"])
    }

    @Test func keepsAUFFInputNodeName() throws {
        let sealed = try ETLTFile(payload: Data("uff".utf8), inputNodeName: "input_1").sealed(key: "k")
        #expect(Array(sealed.prefix(11)) == [7, 0, 0, 0] + Array("input_1".utf8))
        let opened = try ETLTFile(opening: sealed, key: "k", name: "m.etlt")
        #expect(opened.inputNodeName == "input_1")
        #expect(opened.payload == Data("uff".utf8))
    }

    @Test func damagedHeadersAreClearErrors() throws {
        for bytes in [Data([1, 0]), Data([0xFF, 0xFF, 0xFF, 0x7F, 1, 2])] {
            let error = #expect(throws: ZooError.self) { try ETLTFile(opening: bytes, key: "k", name: "x.etlt") }
            #expect(error?.message == "x.etlt is not an .etlt file (its header is damaged).")
        }
        let missing = #expect(throws: ZooError.self) {
            try ETLTFile(contentsOf: URL(fileURLWithPath: "/nonexistent/zoo/model.etlt"), key: "k")
        }
        #expect(missing?.exitCode == ZooError.Code.notFound)
    }
}

@Suite struct DeepStreamFilesTests {
    @Test func labelsAreOnePerLineInOutputOrder() {
        #expect(DeepStreamFiles.labels(["coupe", "sedan", "suv"]) == "coupe\nsedan\nsuv\n")
    }

    @Test func classificationConfigInTAOOrder() {
        let text = DeepStreamFiles.nvinferConfig(.classification(.caffe, channels: 3), inputDims: [3, 224, 224],
                                                 networkType: .classifier, classCount: 6, key: "tlt_encode")
        #expect(text == """
            net-scale-factor=1.0
            offsets=103.939;116.779;123.68
            infer-dims=3;224;224
            tlt-model-key=tlt_encode
            network-type=1
            num-detected-classes=6
            model-color-format=1
            maintain-aspect-ratio=0
            output-tensor-meta=0

            """)
    }

    @Test func otherModesAndDetectNet() {
        let tf = DeepStreamFiles.nvinferConfig(.classification(.tf, channels: 1), inputDims: [1, 64, 64],
                                               networkType: .classifier, classCount: 2)
        #expect(tf.hasPrefix("net-scale-factor=0.00784313725490196\noffsets=127.5\ninfer-dims=1;64;64\nnetwork-type=1\n"))
        #expect(tf.contains("model-color-format=2\n"))
        #expect(!tf.contains("tlt-model-key"))
        let custom = DeepStreamPreprocessing.classification(.caffe, channels: 3, meanRGB: [10, 20, 30])
        #expect(custom.offsets == [30, 20, 10])
        let detect = DeepStreamFiles.nvinferConfig(.detectNetV2(channels: 3), inputDims: [3, 544, 960],
                                                   networkType: .detector, classCount: 3)
        #expect(detect.hasPrefix("net-scale-factor=0.00392156862745098\noffsets=0.0;0.0;0.0\n"))
        #expect(detect.contains("network-type=0\nnum-detected-classes=3\nmodel-color-format=0\n"))
    }
}
