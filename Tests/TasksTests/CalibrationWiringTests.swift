import Engine
import Foundation
import SwiftProtobuf
import Testing
@testable import Tasks
import ZooCore

@Suite struct INT8CalibratorTests {
    @Test func cacheNamesEveryActivationOfTheONNXGraph() throws {
        let model = try smallClassifier()
        let export = try ONNXExporter.export(model)
        let cache = try INT8Calibrator.calibrate(model: model, batches: normalBatches(3), tensorNames: export.tensorNames)

        let onnx = try Onnx_ModelProto(serializedBytes: try export.serializedData()).graph
        let onnxTensors = onnx.input.map(\.name) + onnx.node.flatMap(\.output)
        let cached = cache.entries.map(\.tensor)
        #expect(cached.first == "input_1")
        #expect(cached.last == "predictions/Softmax")
        #expect(Set(cached).count == cached.count)
        // Every activation, in graph order; the only one left out is the pre-softmax value of the
        // dense layer, which TensorRT fuses with its softmax.
        #expect(cached == onnxTensors.filter { $0 != "predictions/BiasAdd" })
        #expect(cached.contains("bn_conv1/FusedBatchNormV3"))
        #expect(!cached.contains("conv1/convolution"))

        for entry in cache.entries {
            let scale = CalibrationCache.scale(amax: entry.amax)
            #expect(scale.isFinite && scale > 0, "\(entry.tensor): \(scale)")
        }
        // Softmax outputs lie in [0, 1].
        #expect(cache.entries.last!.amax <= 1)
    }

    @Test func outliersGetAScaleBelowMaxOver127() throws {
        let model = try smallClassifier()
        var batches = normalBatches(2)
        var values = batches[0].scalars
        values[123] = 60  // one pixel far outside N(0, 1)
        batches[0] = Tensor(values, shape: batches[0].shape)
        let names = ONNXTensorNames(graph: model.graph)
        let cache = try INT8Calibrator.calibrate(model: model, batches: batches, tensorNames: names)

        let input = try #require(cache.entries.first { $0.tensor == "input_1" })
        #expect(CalibrationCache.scale(amax: input.amax) < 60 / 127)
        #expect(input.amax > 2.5)  // still covers the bulk of N(0, 1)
    }

    @Test func cacheFilesRoundTrip() throws {
        let model = try smallClassifier()
        let cache = try INT8Calibrator.calibrate(model: model, batches: normalBatches(1),
                                                 tensorNames: ONNXTensorNames(graph: model.graph))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-cal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try cache.write(to: dir.appendingPathComponent("cal.bin"))
        try cache.writeJSON(to: dir.appendingPathComponent("cal.json"))

        let text = try String(contentsOf: dir.appendingPathComponent("cal.bin"), encoding: .utf8)
        #expect(text.hasPrefix("TRT-8601-EntropyCalibration2\ninput_1: "))
        let parsed = try CalibrationCache(parsing: text)
        #expect(parsed.entries.map(\.tensor) == cache.entries.map(\.tensor))
        for (a, b) in zip(parsed.entries, cache.entries) { #expect(abs(a.amax - b.amax) <= 1e-5 * b.amax) }

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("cal.json")))
        let scales = try #require((json as? [String: Any])?["tensor_scales"] as? [String: Double])
        #expect(Set(scales.keys) == Set(cache.entries.map(\.tensor)))
        #expect(scales["input_1"] == Double(cache.entries[0].amax))
    }

    @Test func noBatchesOrAWrongShapeAreUsageErrors() throws {
        let model = try smallClassifier()
        let names = ONNXTensorNames(graph: model.graph)
        let empty = #expect(throws: ZooError.self) { try INT8Calibrator.calibrate(model: model, batches: [Tensor](), tensorNames: names) }
        #expect(empty?.exitCode == ZooError.Code.usage)
        let wrong = #expect(throws: ZooError.self) {
            try INT8Calibrator.calibrate(model: model, batches: [Tensor.zeros([1, 3, 16, 16])], tensorNames: names)
        }
        #expect(wrong?.exitCode == ZooError.Code.usage)
    }
}
