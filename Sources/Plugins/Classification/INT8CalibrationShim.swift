import Engine
import Foundation
import Tasks

/// INT8 entropy calibration over batches: two passes (ranges, then histograms) through the
/// engine's forward observer, labelled with the exported ONNX tensor names.
enum INT8Calibration {
    static func calibrate(_ model: Model, batches: [Tensor], tensorNames: ONNXTensorNames) throws -> CalibrationCache {
        var calibrator = EntropyCalibrator()
        let input = model.graph.inputs[0]
        for pass in 0..<2 {
            for batch in batches {
                _ = try model.forward([input: batch], mode: .inference) { node, tensor in
                    guard let name = tensorNames.tensor(for: node) else { return }
                    tensor.withUnsafeBufferPointer { values in
                        if pass == 0 { calibrator.observeRange(name, values) } else { calibrator.observeHistogram(name, values) }
                    }
                }
            }
        }
        return CalibrationCache(entries: calibrator.amaxByTensor())
    }
}
