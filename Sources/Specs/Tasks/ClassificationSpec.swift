import Foundation

/// classification's experiment spec (TAO 5's `classification_tf1`), read by train, evaluate,
/// inference, prune, export and calibration_tensorfile.
public enum ClassificationSpec {
    /// Loads an experiment spec for `action` (evaluate also needs `eval_config`); throws one
    /// `ZooError` listing every problem.
    public static func loadExperiment(_ path: String, for action: SpecAction = .train) throws
        -> LoadedSpec<Zoo_Classification_Experiment> {
        try experimentFormat.load(path, for: action)
    }

    /// The backbones TAO's classification builds.
    public static let architectures = ["resnet", "vgg", "alexnet", "googlenet", "mobilenet_v1", "mobilenet_v2", "squeezenet",
                                       "darknet", "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
                                       "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", "efficientnet_b7",
                                       "cspdarknet", "cspdarknet_tiny"]

    /// The `C,H,W` of `model_config.input_image_size`, or nil if it is not three positive integers.
    public static func inputShape(_ text: String) -> (channels: Int, height: Int, width: Int)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let c = parts[0], let h = parts[1], let w = parts[2], c > 0, h > 0, w > 0 else { return nil }
        return (c, h, w)
    }

    static let experimentFormat = ProtoSpecFormat<Zoo_Classification_Experiment>(
        task: .classification, kind: .experiment,
        fieldRules: { action in
            var rules = trainRules
            if action == .evaluate { rules.required.append("eval_config") }
            return rules
        },
        validate: validateExperiment,
        defaults: SpecDefaults.classificationExperiment,
        resolvePaths: { spec, resolve in
            if spec.hasTrainConfig {
                spec.trainConfig.trainDatasetPath = resolve(spec.trainConfig.trainDatasetPath)
                spec.trainConfig.valDatasetPath = resolve(spec.trainConfig.valDatasetPath)
                spec.trainConfig.pretrainedModelPath = resolve(spec.trainConfig.pretrainedModelPath)
            }
            if spec.hasEvalConfig {
                spec.evalConfig.evalDatasetPath = resolve(spec.evalConfig.evalDatasetPath)
                spec.evalConfig.modelPath = resolve(spec.evalConfig.modelPath)
            }
            if spec.hasModelConfig {
                spec.modelConfig.byomModel = resolve(spec.modelConfig.byomModel)
            }
        })

    /// TAO's checks (`cv/makenet/spec_handling/constants.py`).
    static let trainRules = FieldRules(
        required: ["model_config", "train_config"],
        requiredInside: ["train_config": ["optimizer", "reg_config", "lr_config"]],
        checks: [
            "arch": [.set, .oneOf(architectures)],
            "input_image_size": [.set],
            "activation_type": [.set],
            "n_workers": [.greaterThan(0)],
            "label_smoothing": [.atLeast(0)],
            "mixup_alpha": [.atLeast(0)],
            "train_dataset_path": [.set],
            "val_dataset_path": [.set],
            "n_epochs": [.greaterThan(0)],
            "batch_size_per_gpu": [.greaterThan(0)],
            "preprocess_mode": [.oneOf(["tf", "caffe", "torch"])],
            "eval_dataset_path": [.set],
            "learning_rate": [.greaterThan(0)],
            "momentum": [.atLeast(0)],
            "epsilon": [.atLeast(0)],
            "rho": [.atLeast(0)],
            "beta_1": [.atLeast(0)],
            "beta_2": [.atLeast(0)],
            "decay": [.atLeast(0)],
            "dropout": [.atLeast(0)],
            "step_size": [.atLeast(0)],
            "gamma": [.atLeast(0)],
            "soft_start": [.atLeast(0)],
            "annealing_divider": [.atLeast(0)],
            "annealing_points": [.atLeast(0)],
            "min_lr_ratio": [.atLeast(0)],
            "lr": [.greaterThan(0)],
            "type": [.set, .oneOf(["L1", "L2", "None"])],
            "scope": [.set],
            "weight_decay": [.greaterThan(0)],
        ])

    static func validateExperiment(_ spec: Zoo_Classification_Experiment, _ action: SpecAction, _ issues: inout SpecIssues) {
        if spec.hasModelConfig {
            let model = spec.modelConfig
            if !model.inputImageSize.isEmpty {
                if let shape = inputShape(model.inputImageSize) {
                    issues.check([1, 3].contains(shape.channels), "model_config.input_image_size",
                                 "model_config.input_image_size must have 1 or 3 channels, got \(shape.channels)")
                    issues.check(shape.height >= 16 && shape.width >= 16, "model_config.input_image_size",
                                 "model_config.input_image_size must be at least 16×16, got \(shape.height)×\(shape.width)")
                } else {
                    issues.add("model_config.input_image_size",
                               "model_config.input_image_size must be \"C,H,W\", e.g. \"3,224,224\", got \"\(model.inputImageSize)\"")
                }
            }
            ArchitectureRules.checkLayers(arch: model.arch, layers: Int(model.nLayers), path: "model_config.n_layers",
                                          zeroMeans: 18, into: &issues)
        }
        if spec.hasTrainConfig {
            let train = spec.trainConfig
            if train.hasOptimizer, train.optimizer.optim == nil {
                issues.add("train_config.optimizer", "train_config.optimizer needs sgd, adam or rmsprop")
            }
            if train.hasLrConfig, train.lrConfig.lrScheduler == nil {
                issues.add("train_config.lr_config", "train_config.lr_config needs step, soft_anneal or cosine")
            }
            if case .step(let step)? = train.lrConfig.lrScheduler {
                issues.check(step.stepSize, in: .within(0, 100), "train_config.lr_config.step.step_size")
            }
            if case .cosine(let cosine)? = train.lrConfig.lrScheduler {
                issues.check(cosine.minLrRatio, in: .within(0, 1), "train_config.lr_config.cosine.min_lr_ratio")
                issues.check(cosine.softStart, in: .within(0, 1), "train_config.lr_config.cosine.soft_start")
            }
            if !train.imageMean.isEmpty {
                let channels = inputShape(spec.modelConfig.inputImageSize)?.channels ?? 3
                let keys = channels == 1 ? ["l"] : ["r", "g", "b"]
                issues.check(keys.allSatisfy { train.imageMean[$0] != nil }, "train_config.image_mean",
                             "train_config.image_mean needs \(keys.joined(separator: ", ")) for \(channels)-channel images")
            }
        }
        if spec.hasEvalConfig, action == .evaluate {
            issues.check(spec.evalConfig.topK, in: .above(0), "eval_config.top_k")
            issues.check(spec.evalConfig.batchSize, in: .above(0), "eval_config.batch_size")
            issues.check(!spec.evalConfig.modelPath.isEmpty, "eval_config.model_path",
                         "eval_config.model_path must name the model to evaluate")
        }
    }
}
