import ArgumentParser
import Tasks

/// The classification task (TAO's `classification_tf1`): a backbone from the catalog with TAO's
/// head, trained on class folders.
public struct ClassificationPlugin: TaskPlugin {
    public let name = "classification"
    public let summary = "Image classifiers (VehicleTypeNet, VehicleMakeNet): a backbone + pooling + softmax head on class folders"
    public let actions = [
        TaskAction("train", "train or fine-tune from a spec; checkpoints weights/<arch>_<epoch>.tlt, resumes"),
        TaskAction("evaluate", "top-k accuracy, confusion matrix and per-class report on eval_dataset_path"),
        TaskAction("inference", "classify an image (-i) or a folder (-d, writes result.csv)"),
        TaskAction("prune", "remove low-magnitude filters (-pth, -eq, -n, -pg, -nf, -el)"),
        TaskAction("export", "ONNX or .etlt, INT8 calibration cache, labels.txt, nvinfer_config.txt"),
    ]
    public var command: any ParsableCommand.Type { ClassificationCommand.self }

    public init() {}
}

/// `zoo classification …`.
public struct ClassificationCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "classification",
        abstract: "Train, evaluate, prune and export image classifiers (TAO's classification).",
        subcommands: [ClassificationTrainCommand.self, ClassificationEvaluateCommand.self, ClassificationInferenceCommand.self,
                      ClassificationPruneCommand.self, ClassificationExportCommand.self])

    public init() {}
}

struct ClassificationTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train or fine-tune a classifier from a spec.")
    @OptionGroup var global: GlobalOptions
    @Option(name: [.customShort("e"), .customLong("experiment_spec_file")], help: "The experiment spec.") var spec: String
    @Option(name: [.customShort("r"), .customLong("results_dir")], help: "Folder for checkpoints, classmap.json, status.json.") var results: String
    @Option(name: [.customShort("k"), .customLong("key")], help: "Key the models are encrypted with.") var key: String
    @Option(name: [.customShort("c"), .customLong("classmap")], help: "A classmap.json fixing class indices.") var classMap: String?
    @Option(name: .customLong("experiment"), help: "Tracking experiment (default: the task name).") var experiment: String?

    func run() throws {
        _ = try ClassificationTrain.run(specPath: spec, resultsDirectory: results, key: key, classMapPath: classMap,
                                        options: global, experiment: experiment)
    }
}

struct ClassificationEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "Evaluate eval_config.model_path on eval_dataset_path.")
    @OptionGroup var global: GlobalOptions
    @Option(name: [.customShort("e"), .customLong("experiment_spec")], help: "The experiment spec (with eval_config).") var spec: String
    @Option(name: [.customShort("k"), .customLong("key")], help: "The model's key.") var key: String?
    @Option(name: [.customShort("m"), .customLong("model_path")], help: "Evaluate this model instead of eval_config.model_path.") var model: String?
    @Option(name: [.customShort("r"), .customLong("results_dir")], help: "Folder for status.json.") var results: String?
    @Option(name: .customLong("experiment"), help: "Tracking experiment (default: the task name).") var experiment: String?

    func run() throws {
        _ = try ClassificationEvaluate.run(specPath: spec, modelPath: model, key: key, resultsDirectory: results,
                                           options: global, experiment: experiment)
    }
}

struct ClassificationInferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inference", abstract: "Classify an image or a folder of images.")
    @OptionGroup var global: GlobalOptions
    @Option(name: [.customShort("m"), .customLong("model_path")], help: "The model (.tlt).") var model: String
    @Option(name: [.customShort("k"), .customLong("key")], help: "The model's key.") var key: String?
    @Option(name: [.customShort("i"), .customLong("image")], help: "One image.") var image: String?
    @Option(name: [.customShort("d"), .customLong("image_dir")], help: "A folder of images (writes result.csv).") var imageDirectory: String?
    @Option(name: [.customShort("b"), .customLong("batch_size")], help: "Images per forward pass.") var batchSize = 16
    @Option(name: [.customShort("e"), .customLong("experiment_spec")], help: "Accepted for TAO compatibility; the model file carries its preprocessing.") var spec: String?
    @Option(name: [.customLong("cm", withSingleDash: true), .customLong("cm"), .customLong("classmap")], help: "Accepted for TAO compatibility; the model file carries its classes.") var classMap: String?
    @Option(name: [.customShort("r"), .customLong("results_dir")], help: "Where result.csv goes (default: the image folder).") var results: String?

    func run() throws {
        _ = try ClassificationEvaluate.inference(modelPath: model, key: key, image: image, imageDirectory: imageDirectory,
                                                 batchSize: batchSize, resultsDirectory: results, options: global)
    }
}

struct ClassificationPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "prune", abstract: "Prune a trained classifier (TAO's magnitude method).")
    @OptionGroup var global: GlobalOptions
    @Option(name: [.customShort("m"), .customLong("model")], help: "The trained model (.tlt).") var model: String
    @Option(name: [.customShort("o"), .customLong("output_file")], help: "The pruned model (.tlt).") var output: String
    @Option(name: [.customShort("k"), .customLong("key")], help: "The model's key.") var key: String
    @Option(name: [.customShort("n"), .customLong("normalizer")], help: "max, L2 or off.") var normalizer = "max"
    @Option(name: [.customLong("eq", withSingleDash: true), .customLong("eq"), .customLong("equalization_criterion")], help: "union, intersection, arithmetic_mean or geometric_mean.") var equalization = "union"
    @Option(name: [.customLong("pg", withSingleDash: true), .customLong("pg"), .customLong("pruning_granularity")], help: "Filters are kept in multiples of this.") var granularity = 8
    @Option(name: [.customLong("pth", withSingleDash: true), .customLong("pth"), .customLong("pruning_threshold")], help: "Filters with a normalized norm at or below this go.") var threshold: Float = 0.1
    @Option(name: [.customLong("nf", withSingleDash: true), .customLong("nf"), .customLong("min_num_filters")], help: "Fewest filters a layer keeps.") var minimumFilters = 16
    @Option(name: [.customLong("el", withSingleDash: true), .customLong("el"), .customLong("excluded_layers")], parsing: .upToNextOption, help: "Layers never pruned.") var excluded: [String] = []
    @Option(name: [.customShort("r"), .customLong("results_dir")], help: "Folder for status.json.") var results: String?
    @Option(name: .customLong("experiment"), help: "Tracking experiment (default: the task name).") var experiment: String?

    func run() throws {
        var options = PruningOptions()
        options.normalizer = try .parse(normalizer)
        options.equalization = try .parse(equalization)
        options.granularity = granularity
        options.threshold = threshold
        options.minimumFilters = minimumFilters
        options.excludedLayers = excluded
        _ = try ClassificationPrune.run(modelPath: model, outputPath: output, key: key, options: options,
                                        resultsDirectory: results, global: global, experiment: experiment)
    }
}

struct ClassificationExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export to ONNX / .etlt, with INT8 calibration and DeepStream files.")
    @OptionGroup var global: GlobalOptions
    @Option(name: [.customShort("m"), .customLong("model")], help: "The model (.tlt).") var model: String
    @Option(name: [.customShort("k"), .customLong("key")], help: "The model's key (also encrypts an .etlt).") var key: String
    @Option(name: [.customShort("o"), .customLong("output_file")], help: "model.onnx or model.etlt.") var output: String?
    @Option(name: .customLong("target_opset"), help: "ONNX opset (13–17).") var opset = 13
    @Option(name: .customLong("static_batch_size"), help: "Fixed batch size (-1: dynamic).") var staticBatchSize = -1
    @Option(name: .customLong("data_type"), help: "fp32, fp16 or int8.") var dataType = "fp32"
    @Option(name: .customLong("cal_image_dir"), help: "Calibration images (int8).") var calibrationImages: String?
    @Option(name: .customLong("cal_cache_file"), help: "TensorRT calibration cache to write (int8).") var calibrationCache: String?
    @Option(name: .customLong("cal_json_file"), help: "Calibration scales as JSON (int8).") var calibrationJSON: String?
    @Option(name: .customLong("batches"), help: "Calibration batches.") var batches = 10
    @Option(name: .customLong("batch_size"), help: "Calibration batch size.") var batchSize = 16
    @Flag(name: .customLong("gen_ds_config"), help: "Write labels.txt and nvinfer_config.txt next to the model.") var deepStream = false
    @Option(name: .customLong("classmap_json"), help: "The classmap.json of training: also write labels.txt (the model file carries the classes).") var classMapJSON: String?
    @Option(name: [.customShort("e"), .customLong("experiment_spec")], help: "Accepted for TAO compatibility.") var spec: String?
    @Option(name: [.customShort("r"), .customLong("results_dir")], help: "Folder for status.json.") var results: String?
    @Option(name: .customLong("experiment"), help: "Tracking experiment (default: the task name).") var experiment: String?

    func run() throws {
        var options = ClassificationExport.Options()
        options.opset = opset
        options.staticBatchSize = staticBatchSize > 0 ? staticBatchSize : nil
        options.dataType = dataType
        options.calibrationImages = calibrationImages
        options.calibrationCache = calibrationCache
        options.calibrationJSON = calibrationJSON
        options.batches = batches
        options.batchSize = batchSize
        options.deepStreamConfig = deepStream
        options.labels = classMapJSON != nil
        _ = try ClassificationExport.run(modelPath: model, outputPath: output, key: key, options: options,
                                         resultsDirectory: results, global: global, experiment: experiment)
    }
}
