import Engine
import ZooCore

/// INT8 post-training calibration of a model as it will be exported: runs the model over
/// calibration batches twice with the Engine's forward observer — first recording each
/// activation's range, then its histogram — and chooses every tensor's range with
/// `EntropyCalibrator`. The cache names each tensor as the exported ONNX graph does, so
/// TensorRT finds its scales.
public enum INT8Calibrator {
    /// Calibrates `model` (one input) over `batches` (`[N, C, H, W]` tensors, preprocessed as the
    /// model expects), reading `batches` twice. Every activation in `tensorNames.produced` (the
    /// graph input and each exported node's output, TensorRT's fused intermediates left out)
    /// gets an entry, in graph order. Throws a usage `ZooError` for no batches or a batch whose
    /// shape the model does not take.
    public static func calibrate(model: Model, batches: some Collection<Tensor>, tensorNames: ONNXTensorNames,
                                 tensorRTVersion: Int = CalibrationCache.defaultTensorRTVersion) throws -> CalibrationCache {
        guard model.graph.inputs.count == 1, let input = model.graph.inputs.first else {
            throw ZooError.usage("INT8 calibration needs a model with one input; this one has \(model.graph.inputs.count).")
        }
        guard !batches.isEmpty else {
            throw ZooError.usage("INT8 calibration got no batches.",
                                 hint: "pass --cal_image_dir with images and --batches of at least 1")
        }
        let tensorByNode = Dictionary(uniqueKeysWithValues: tensorNames.produced.map { ($0.node, $0.tensor) })
        var calibrator = EntropyCalibrator()
        for batch in batches {
            _ = try model.forward([input: batch]) { node, value in
                guard let tensor = tensorByNode[node] else { return }
                value.withUnsafeBufferPointer { calibrator.observeRange(tensor, $0) }
            }
        }
        for batch in batches {
            _ = try model.forward([input: batch]) { node, value in
                guard let tensor = tensorByNode[node] else { return }
                value.withUnsafeBufferPointer { calibrator.observeHistogram(tensor, $0) }
            }
        }
        return CalibrationCache(tensorRTVersion: tensorRTVersion, entries: calibrator.amaxByTensor())
    }
}
