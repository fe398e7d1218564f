import Engine
import Foundation
import Tasks
import Vision
import ZooCore

/// `classification export`: ONNX (or `.etlt`, the ONNX encrypted with the key), optionally
/// with INT8 calibration, `labels.txt` and DeepStream's `nvinfer_config.txt`.
public enum ClassificationExport {
    /// Export settings beyond the model and output (TAO's flags).
    public struct Options: Sendable {
        /// `--target_opset`.
        public var opset = 13
        /// `--static_batch_size` (nil: dynamic).
        public var staticBatchSize: Int?
        /// `--data_type fp32|fp16|int8`.
        public var dataType = "fp32"
        /// `--cal_image_dir`.
        public var calibrationImages: String?
        /// `--cal_cache_file`.
        public var calibrationCache: String?
        /// `--cal_json_file`.
        public var calibrationJSON: String?
        /// `--batches`.
        public var batches = 10
        /// `--batch_size`.
        public var batchSize = 16
        /// `--gen_ds_config` (labels.txt and nvinfer_config.txt next to the model).
        public var deepStreamConfig = false
        /// `--classmap_json`: labels.txt in class-index order.
        public var labels = false

        /// TAO's defaults.
        public init() {}
    }

    /// What export wrote.
    public struct Result: Sendable {
        /// The `.onnx` or `.etlt` file.
        public var model: URL
        /// Every file written, the model first.
        public var files: [URL]
        /// The tracking run.
        public var runID: Int64
    }

    /// Exports `modelPath` to `outputPath`.
    public static func run(modelPath: String, outputPath: String?, key: String, options: Options,
                           resultsDirectory: String? = nil, global: GlobalOptions, experiment: String? = nil,
                           runName: String? = nil, quiet: Bool = false) throws -> Result {
        let input = URL(fileURLWithPath: modelPath)
        let output = URL(fileURLWithPath: outputPath ?? input.deletingPathExtension().appendingPathExtension("onnx").path)
        guard ["onnx", "etlt"].contains(output.pathExtension) else {
            throw ZooError.usage("Export writes .onnx or .etlt files, not \(output.lastPathComponent).",
                                 hint: "name the output file model.onnx or model.etlt with -o")
        }
        guard !FileManager.default.fileExists(atPath: output.path) else {
            throw ZooError.usage("\(output.path) already exists.", hint: "remove it or choose another -o (TAO never overwrites an export)")
        }
        guard ["fp32", "fp16", "int8"].contains(options.dataType) else {
            throw ZooError.usage("Unknown --data_type \(options.dataType).", hint: "use fp32, fp16 or int8")
        }
        if options.dataType == "int8" && options.calibrationImages == nil {
            throw ZooError.usage("INT8 export needs calibration images.", hint: "pass --cal_image_dir DIR (a few hundred training images)")
        }
        let results = resultsDirectory ?? output.deletingLastPathComponent().path
        let params = ["data_type": options.dataType, "target_opset": "\(options.opset)", "batches": "\(options.batches)",
                      "batch_size": "\(options.batchSize)"]
        return try TaskContext.run(task: "classification", action: "export", resultsDirectory: results, key: key,
                                   spec: params.map { .init(key: $0.key, value: $0.value) },
                                   trackingURI: global.trackingLocation, experiment: experiment, runName: runName,
                                   quiet: quiet) { context in
            try context.recordInput(input)
            let file = try Classifier.read(input, key: key)
            let exported = try ONNXExporter.export(file.model, options: ONNXExportOptions(
                opset: options.opset, staticBatchSize: options.staticBatchSize, producerVersion: ZooVersion.current,
                metadata: ["task": "classification", "arch": file.info.arch, "classes": file.info.classes.joined(separator: ","),
                           "preprocess_mode": file.info.preprocessMode]))
            let onnx = try exported.serializedData()
            if output.pathExtension == "etlt" {
                try ETLTFile(payload: onnx).write(to: output, key: key)
            } else {
                try AtomicFile.write(onnx, to: output)
            }
            var files = [output]
            context.say("Exported \(file.info.arch) (\(file.info.classes.count) classes, opset \(options.opset)): \(output.path)")
            if options.dataType == "int8" {
                files += try calibrate(file, exported: exported, output: output, options: options, context: context)
            }
            let folder = output.deletingLastPathComponent()
            if options.labels || options.deepStreamConfig {
                let labels = folder.appendingPathComponent("labels.txt")
                try AtomicFile.write(DeepStreamFiles.labels(file.info.classes), to: labels)
                files.append(labels)
            }
            if options.deepStreamConfig {
                let mode = DeepStreamPreprocessing.ClassificationMode(rawValue: file.info.preprocessMode) ?? .caffe
                let config = folder.appendingPathComponent("nvinfer_config.txt")
                try AtomicFile.write(DeepStreamFiles.nvinferConfig(
                    .classification(mode, channels: file.info.inputDims[0]), inputDims: file.info.inputDims,
                    networkType: .classifier, classCount: file.info.classes.count,
                    key: output.pathExtension == "etlt" ? key : nil), to: config)
                files.append(config)
            }
            for url in files { try context.recordOutput(url) }
            return Result(model: output, files: files, runID: context.run.runID)
        }
    }

    /// INT8 entropy calibration over `--batches` batches of `--cal_image_dir`, written as
    /// TensorRT's calibration cache (and JSON scales with `--cal_json_file`).
    static func calibrate(_ file: ModelFile, exported: ONNXExport, output: URL, options: Options,
                          context: TaskContext) throws -> [URL] {
        let normalization = try ClassificationSetup.normalization(mode: file.info.preprocessMode, channels: file.info.inputDims[0])
        let urls = try ClassificationEvaluate.imageFiles(in: options.calibrationImages!, recursive: true)
        let wanted = min(urls.count, max(options.batches, 1) * max(options.batchSize, 1))
        let data = try ClassificationData.images(Array(urls.prefix(wanted)), inputShape: file.info.inputDims,
                                                 normalization: normalization)
        let batches = data.orderedBatches(batchSize: max(options.batchSize, 1)).map { data.tensor($0) }
        let cache = try INT8Calibrator.calibrate(model: file.model, batches: batches, tensorNames: exported.tensorNames)
        let cacheURL = URL(fileURLWithPath: options.calibrationCache ?? output.deletingLastPathComponent().appendingPathComponent("cal.bin").path)
        try AtomicFile.write(cache.text, to: cacheURL)
        var files = [cacheURL]
        if let json = options.calibrationJSON {
            let url = URL(fileURLWithPath: json)
            try AtomicFile.write(cache.jsonText, to: url)
            files.append(url)
        }
        context.say("INT8 calibration over \(data.count) images: \(cache.entries.count) tensors in \(cacheURL.path)")
        return files
    }
}
