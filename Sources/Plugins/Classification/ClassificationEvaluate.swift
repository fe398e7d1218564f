import Engine
import Foundation
import Specs
import Tasks
import Vision
import ZooCore

/// `classification evaluate` and `classification inference`.
public enum ClassificationEvaluate {
    /// What evaluation measured.
    public struct Result: Sendable {
        /// Top-1 accuracy.
        public var accuracy: Double
        /// Top-k accuracy (`eval_config.top_k`).
        public var topKAccuracy: Double
        /// Mean cross-entropy.
        public var loss: Double
        /// The tracking run.
        public var runID: Int64
    }

    /// Evaluates `eval_config.model_path` (or `modelPath`) on `eval_config.eval_dataset_path` and
    /// prints TAO's report: loss, top-k accuracy, the confusion matrix and the per-class report.
    public static func run(specPath: String, modelPath: String? = nil, key: String?, resultsDirectory: String? = nil,
                           options: GlobalOptions, experiment: String? = nil, runName: String? = nil,
                           quiet: Bool = false) throws -> Result {
        let spec = try ClassificationSpec.loadExperiment(specPath, for: .evaluate)
        let config = spec.message.evalConfig
        let model = URL(fileURLWithPath: modelPath ?? config.modelPath)
        let results = resultsDirectory ?? model.deletingLastPathComponent().deletingLastPathComponent().path
        return try TaskContext.run(task: "classification", action: "evaluate", resultsDirectory: results, key: key,
                                   spec: spec.params, trackingURI: options.trackingLocation, experiment: experiment,
                                   runName: runName, quiet: quiet) { context in
            try context.recordInput(model)
            let file = try Classifier.read(model, key: key)
            let normalization = try ClassificationSetup.normalization(mode: file.info.preprocessMode,
                                                                     channels: file.info.inputDims[0],
                                                                     imageMean: spec.message.trainConfig.imageMean)
            let classMap = Dictionary(uniqueKeysWithValues: file.info.classes.enumerated().map { ($1, $0) })
            let data = try ClassificationData.load(config.evalDatasetPath, role: "eval", classMap: classMap,
                                                   inputShape: file.info.inputDims, normalization: normalization)
            let topK = Int(config.topK == 0 ? 1 : config.topK)
            let (metrics, loss) = try Classifier.evaluate(file.model, data, classes: file.info.classes, topK: topK,
                                                          batchSize: Int(config.batchSize == 0 ? 32 : config.batchSize))
            context.say("Evaluation Loss: \(loss)")
            context.say("Evaluation Top \(topK) accuracy: \(metrics.topKAccuracy)")
            context.say("Confusion Matrix")
            context.say(metrics.confusionMatrixText)
            context.say("Classification Report")
            context.say(metrics.reportText)
            try context.run.logMetrics(["accuracy": metrics.accuracy, "top_k_accuracy": metrics.topKAccuracy, "loss": loss])
            context.status.set(kpi: [("top_k_accuracy", .double(metrics.topKAccuracy))])
            return Result(accuracy: metrics.accuracy, topKAccuracy: metrics.topKAccuracy, loss: loss, runID: context.run.runID)
        }
    }

    /// Classifies one image or every image of a folder; a folder's results go to `result.csv`
    /// (`image,class,confidence`, no header, as TAO writes it) in `resultsDirectory` (else the folder).
    public static func inference(modelPath: String, key: String?, image: String?, imageDirectory: String?,
                                 batchSize: Int, resultsDirectory: String?, options: GlobalOptions,
                                 quiet: Bool = false) throws -> [(path: String, className: String, confidence: Float)] {
        guard (image == nil) != (imageDirectory == nil) else {
            throw ZooError.usage("Pass either -i IMAGE or -d IMAGE_DIR.", hint: "zoo classification inference -m MODEL -k KEY -d DIR")
        }
        let model = URL(fileURLWithPath: modelPath)
        let results = resultsDirectory ?? imageDirectory ?? model.deletingLastPathComponent().path
        return try TaskContext.run(task: "classification", action: "inference", resultsDirectory: results, key: key,
                                   trackingURI: options.trackingLocation, quiet: quiet) { context in
            try context.recordInput(model)
            let file = try Classifier.read(model, key: key)
            let normalization = try ClassificationSetup.normalization(mode: file.info.preprocessMode, channels: file.info.inputDims[0])
            let urls = try image.map { [URL(fileURLWithPath: $0)] } ?? imageFiles(in: imageDirectory!)
            let data = try ClassificationData.images(urls, inputShape: file.info.inputDims, normalization: normalization)
            let scores = try Classifier.scores(file.model, data, batchSize: max(batchSize, 1))
            var rows: [(String, String, Float)] = []
            for (i, s) in scores.enumerated() {
                let best = s.indices.max { s[$0] < s[$1] } ?? 0
                rows.append((urls[i].path, file.info.classes[best], s[best]))
            }
            if imageDirectory != nil {
                let csv = rows.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n"
                let out = context.resultsDirectory.appendingPathComponent("result.csv")
                try AtomicFile.write(csv, to: out)
                try context.recordOutput(out)
                context.say("Classified \(rows.count) images: \(out.path)")
            } else if let row = rows.first {
                context.say("Current predictions: \(row.1) (\(String(format: "%.4f", row.2))) for \(row.0)")
            }
            return rows.map { (path: $0.0, className: $0.1, confidence: $0.2) }
        }
    }

    /// The .jpg/.png images in `folder`, sorted; with `recursive`, in its subfolders too
    /// (calibration reads a class-folder dataset).
    static func imageFiles(in folder: String, recursive: Bool = false) throws -> [URL] {
        let root = URL(fileURLWithPath: folder, isDirectory: true)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let names = recursive ? fm.enumerator(atPath: root.path)?.compactMap({ $0 as? String })
                                    : try? fm.contentsOfDirectory(atPath: root.path) else {
            throw ZooError.notFound("Image folder not found: \(folder).", hint: "pass a folder of .jpg/.png images")
        }
        let images = names.filter { ImageFormat(pathExtension: ($0 as NSString).pathExtension) != nil }.sorted()
        guard !images.isEmpty else {
            throw ZooError.usage("\(folder) has no .jpg or .png images.",
                                 hint: recursive ? "pass a folder with images (subfolders are read too)" : "pass a folder of images with -d")
        }
        return images.map { root.appendingPathComponent($0) }
    }
}
