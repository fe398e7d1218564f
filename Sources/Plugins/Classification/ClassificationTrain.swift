import Engine
import Foundation
import Registry
import Specs
import Tasks
import Tracking
import Vision
import ZooCore

/// `classification train`: fine-tunes (or trains from scratch) the spec's classifier on class
/// folders, checkpointing `weights/<arch>_<epoch>.tlt`, resuming from the newest checkpoint.
public enum ClassificationTrain {
    /// Where the training ended.
    public struct Result: Sendable {
        /// The last checkpoint (the trained model).
        public var model: URL
        /// Validation accuracy after the last epoch.
        public var validationAccuracy: Double
        /// The tracking run.
        public var runID: Int64
    }

    /// Trains with spec `specPath` into `resultsDirectory`, models encrypted with `key`.
    public static func run(specPath: String, resultsDirectory: String, key: String, classMapPath: String? = nil,
                           options: GlobalOptions, experiment: String? = nil, runName: String? = nil,
                           quiet: Bool = false) throws -> Result {
        let spec = try ClassificationSpec.loadExperiment(specPath, for: .train)
        return try TaskContext.run(task: "classification", action: "train", resultsDirectory: resultsDirectory, key: key,
                                   spec: spec.params, trackingURI: options.trackingLocation, experiment: experiment,
                                   runName: runName, quiet: quiet) { context in
            try train(spec.message, specFile: URL(fileURLWithPath: spec.file), classMapPath: classMapPath,
                      options: options, context: context)
        }
    }

    static func train(_ spec: Zoo_Classification_Experiment, specFile: URL, classMapPath: String?,
                      options: GlobalOptions, context: TaskContext) throws -> Result {
        let config = spec.trainConfig
        let shape = try ClassificationSetup.inputShape(spec)
        let normalization = try ClassificationSetup.normalization(mode: config.preprocessMode, channels: shape[0],
                                                                 imageMean: config.imageMean)
        try context.recordInput(specFile)
        let classMap = try classMapPath.map { try ClassMap.read(URL(fileURLWithPath: $0)) }
        context.say("Reading the validation images in \(config.valDatasetPath)…")
        let trainSet = try ClassificationData.scan(config.trainDatasetPath, role: "train", classMap: classMap)
        let classes = trainSet.classes
        let fixedMap = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let valData = try ClassificationData.load(config.valDatasetPath, role: "val", classMap: fixedMap,
                                                  inputShape: shape, normalization: normalization)
        let loader = try ClassificationBatchLoader(dataset: trainSet, options: ClassificationSetup.loaderOptions(
            config, inputShape: shape, normalization: normalization, images: trainSet.samples.count))
        context.say("Found \(trainSet.samples.count) training images and \(valData.count) validation images in \(classes.count) classes.")
        try ClassMap.write(fixedMap, to: context.resultsDirectory.appendingPathComponent("classmap.json"))

        let arch = spec.modelConfig.arch.isEmpty ? "resnet" : spec.modelConfig.arch
        var info = ModelInfo(task: "classification", arch: ClassificationSetup.archName(spec.modelConfig),
                             classes: classes, inputDims: shape,
                             preprocessMode: config.preprocessMode.isEmpty ? "caffe" : config.preprocessMode)
        var optimizer = try ClassificationSetup.optimizer(config.optimizer)
        let model: Model
        var startEpoch = 0
        if let checkpoint = Checkpoints.latest(context.resultsDirectory, arch: arch) {
            let file = try Classifier.read(checkpoint.url, key: context.key)
            guard file.info.classes == classes else {
                throw ZooError.usage("The checkpoint \(checkpoint.url.path) was trained on other classes.",
                                     hint: "use a new results folder (-r), or delete its weights/ to start over")
            }
            model = file.model
            try optimizer.load(state: file.optimizerState)
            startEpoch = checkpoint.epoch
        } else {
            model = try initialModel(spec, classes: classes, options: options, context: context)
        }
        let epochs = Int(config.nEpochs)
        guard startEpoch < epochs else {
            context.say("Training already finished: \(Checkpoints.file(context.resultsDirectory, arch: arch, epoch: startEpoch).path).")
            let last = Checkpoints.file(context.resultsDirectory, arch: arch, epoch: startEpoch)
            let file = try Classifier.read(last, key: context.key)
            let accuracy = try Classifier.evaluate(file.model, valData, classes: classes, topK: 1, batchSize: 32).metrics.accuracy
            return Result(model: last, validationAccuracy: accuracy, runID: context.run.runID)
        }

        let key = try context.requireKey()
        var trainer = Trainer<Tensor>(model: model, optimizer: optimizer,
                                     learningRate: try ClassificationSetup.schedule(config.lrConfig),
                                     regularizer: try ClassificationSetup.regularizer(config.regConfig),
                                     schedule: .init(epochs: epochs))
        let hooks = Trainer<Tensor>.Hooks(
            batches: { epoch in
                let batches = loader.epoch(epoch)
                return { try batches.next().map { TrainingBatch(images: $0.images, targets: $0.targets(classes: classes.count)) } }
            },
            batchesPerEpoch: loader.batchesPerEpoch,
            step: { model, batch in try Classifier.trainStep(model, batch, labelSmoothing: config.labelSmoothing) },
            validate: { model, _ in
                let (metrics, loss) = try Classifier.evaluate(model, valData, classes: classes, topK: 1, batchSize: 32)
                return ["validation_accuracy": metrics.accuracy, "validation_loss": loss]
            },
            saveCheckpoint: { model, epoch, state in
                info.epoch = epoch
                let url = Checkpoints.file(context.resultsDirectory, arch: arch, epoch: epoch)
                try FileManager.default.createDirectory(at: Checkpoints.folder(context.resultsDirectory), withIntermediateDirectories: true)
                try ModelFile(model: model, info: info, optimizerState: state).write(to: url, key: key)
                return url
            })
        let outcome = try trainer.fit(from: startEpoch, hooks: hooks, context: context)
        guard let last = outcome.checkpoints.last else {
            throw ZooError("Training wrote no checkpoint.", hint: "check n_epochs in the spec")
        }
        try context.recordOutput(last)
        let accuracy = outcome.finalValidation["validation_accuracy"] ?? 0
        context.say("Validation accuracy: \(String(format: "%.4f", accuracy))")
        context.say("Trained model: \(last.path)")
        return Result(model: last, validationAccuracy: accuracy, runID: context.run.runID)
    }

    /// The model training starts from: the spec's network, with `pretrained_model_path`'s weights
    /// where they fit — or, for a pruned model of the same classes (retraining), that model whole.
    static func initialModel(_ spec: Zoo_Classification_Experiment, classes: [String], options: GlobalOptions,
                             context: TaskContext) throws -> Model {
        let path = spec.trainConfig.pretrainedModelPath
        let graph = try ClassificationSetup.graph(spec, classes: classes.count)
        guard !path.isEmpty else {
            context.say("Training \(ClassificationSetup.archName(spec.modelConfig)) from scratch (no pretrained_model_path).")
            return try Model(graph: graph, seed: UInt64(spec.trainConfig.randomSeed))
        }
        let (url, source) = try PretrainedModel.locate(path, registry: { try options.registryBackend() }, paths: options.paths)
        try context.recordInput(url, source: source)
        let weights: [String: Tensor]
        if url.pathExtension == "safetensors" {
            weights = try SafeTensors.read(from: url).tensors
        } else {
            let file = try ModelFile.read(url, key: context.key)
            if file.info.task == "classification", file.info.classes == classes, file.model.graph.inputs == graph.inputs {
                context.say("Retraining \(url.lastPathComponent) (\(file.model.parameters.reduce(0) { $0 + $1.value.count }) parameters).")
                applyFreezing(file.model, like: graph)
                return file.model
            }
            weights = file.model.weights()
        }
        let model = try Model(graph: graph, seed: UInt64(spec.trainConfig.randomSeed))
        let report = try model.load(weights: weights, strict: false)
        guard !report.loaded.isEmpty else {
            throw ZooError.usage("No weight of \(url.lastPathComponent) fits \(ClassificationSetup.archName(spec.modelConfig)).",
                                 hint: "use a pretrained model of the same arch and n_layers")
        }
        context.say("Loaded \(report.loaded.count) of \(model.parameters.count) tensors from \(source ?? url.path)"
                    + (report.mismatched.isEmpty ? "." : "; \(report.mismatched.count) (the new head) start fresh."))
        return model
    }

    /// Carries the spec's frozen layers (freeze_blocks) over to a retrained model's graph.
    static func applyFreezing(_ model: Model, like graph: Graph) {
        let frozen = Set(graph.nodes.filter { !$0.trainable }.map(\.name))
        guard !frozen.isEmpty else { return }
        model.setTrainable(false) { frozen.contains($0.name) }
    }
}
