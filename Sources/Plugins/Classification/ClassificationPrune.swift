import Engine
import Foundation
import Tasks
import ZooCore

/// `classification prune`: TAO's magnitude pruning of a trained classifier.
public enum ClassificationPrune {
    /// What pruning produced.
    public struct Result: Sendable {
        /// The pruned model file.
        public var model: URL
        /// `pruned / original` parameters.
        public var ratio: Double
        /// The tracking run.
        public var runID: Int64
    }

    /// Prunes `modelPath` into `outputPath` (a `.tlt`, encrypted with `key`).
    public static func run(modelPath: String, outputPath: String, key: String, options pruning: PruningOptions,
                           resultsDirectory: String? = nil, global: GlobalOptions, experiment: String? = nil,
                           runName: String? = nil, quiet: Bool = false) throws -> Result {
        try pruning.validate()
        let input = URL(fileURLWithPath: modelPath)
        var output = URL(fileURLWithPath: outputPath)
        if output.pathExtension != "tlt" { output = output.appendingPathExtension("tlt") }
        let results = resultsDirectory ?? output.deletingLastPathComponent().path
        let params = ["pruning_threshold": "\(pruning.threshold)", "normalizer": pruning.normalizer.rawValue,
                      "equalization_criterion": pruning.equalization.rawValue, "pruning_granularity": "\(pruning.granularity)",
                      "min_num_filters": "\(pruning.minimumFilters)", "excluded_layers": pruning.excludedLayers.joined(separator: ",")]
        return try TaskContext.run(task: "classification", action: "prune", resultsDirectory: results, key: key,
                                   spec: params.map { .init(key: $0.key, value: $0.value) },
                                   trackingURI: global.trackingLocation, experiment: experiment, runName: runName,
                                   quiet: quiet) { context in
            try context.recordInput(input)
            let file = try Classifier.read(input, key: key)
            let pruned = try Pruner(options: pruning).prune(file.model)
            for line in pruned.report.summaryLines { context.say(line) }
            var info = file.info
            info.epoch = 0
            try ModelFile(model: pruned.model, info: info).write(to: output, key: key)
            try context.recordOutput(output)
            try context.run.logMetrics(["pruning_ratio": pruned.report.ratio,
                                        "parameters": Double(pruned.report.prunedParameterCount)])
            context.say("Pruned model: \(output.path)")
            return Result(model: output, ratio: pruned.report.ratio, runID: context.run.runID)
        }
    }
}
