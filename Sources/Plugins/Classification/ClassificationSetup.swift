import Backbones
import Engine
import Foundation
import Specs
import Tasks
import Vision
import ZooCore

/// What a classification spec means to the engine: the network, the preprocessing, the
/// optimizer, the learning-rate schedule and the regularizer, as TAO's makenet reads them.
enum ClassificationSetup {
    /// `C, H, W` of `model_config.input_image_size`.
    static func inputShape(_ spec: Zoo_Classification_Experiment) throws -> [Int] {
        guard let shape = ClassificationSpec.inputShape(spec.modelConfig.inputImageSize) else {
            throw ZooError.usage("model_config.input_image_size must be \"C,H,W\", got \"\(spec.modelConfig.inputImageSize)\".",
                                 hint: "e.g. input_image_size: \"3,224,224\"")
        }
        return [shape.channels, shape.height, shape.width]
    }

    /// The backbone's name as TAO writes it in file names: `resnet18`, `mobilenet_v2`.
    static func archName(_ config: Zoo_Classification_ModelConfig) -> String {
        let arch = config.arch.isEmpty ? "resnet" : config.arch
        guard let family = BackboneCatalog.family(arch), !family.depths.isEmpty else { return arch }
        return "\(arch)\(config.nLayers == 0 ? 18 : Int(config.nLayers))"
    }

    /// The classifier graph for the spec's `model_config` and `classes` outputs.
    static func graph(_ spec: Zoo_Classification_Experiment, classes: Int) throws -> Graph {
        let config = spec.modelConfig
        let shape = try inputShape(spec)
        var options = ClassificationNetwork.Options()
        options.useBatchNorm = config.useBatchNorm
        options.useBias = config.useBias
        options.usePooling = config.usePooling
        options.allProjections = config.allProjections
        options.freezeBlocks = Set(config.freezeBlocks.map(Int.init))
        options.freezeBatchNorm = config.freezeBn
        options.activationType = config.activation.activationType
        options.dropout = config.dropout
        if config.hasBatchNormConfig {
            options.batchNorm = BatchNorm(epsilon: config.batchNormConfig.epsilon == 0 ? 1e-5 : config.batchNormConfig.epsilon,
                                          momentum: config.batchNormConfig.momentum == 0 ? 0.9 : config.batchNormConfig.momentum)
        }
        return try ClassificationNetwork.build(arch: config.arch, layers: Int(config.nLayers),
                                               inputShape: (shape[0], shape[1], shape[2]), classes: classes, options: options)
    }

    /// TAO's `preprocess_mode` (with `image_mean` for caffe) for `channels`-channel images.
    static func normalization(mode: String, channels: Int, imageMean: [String: Float] = [:]) throws -> PixelNormalization {
        var mean: [Float]? = nil
        if !imageMean.isEmpty {
            mean = channels == 1 ? imageMean["l"].map { [$0] } : ["b", "g", "r"].compactMap { imageMean[$0] }
            if mean?.count != (channels == 1 ? 1 : 3) { mean = nil }
        }
        guard let normalization = PixelNormalization.named(mode.isEmpty ? "caffe" : mode, gray: channels == 1, mean: mean) else {
            throw ZooError.usage("Unknown preprocess_mode '\(mode)'.", hint: "use caffe, tf or torch")
        }
        return normalization
    }

    /// How training batches are made from `train_config`: shuffled by `random_seed`, with TAO's
    /// augmentations (`enable_random_crop`, `enable_color_augmentation`, horizontal flips unless
    /// `disable_horizontal_flip`, `mixup_alpha`). A last partial batch is dropped when there is a
    /// full one (batch norm needs more than one image).
    static func loaderOptions(_ config: Zoo_Classification_TrainConfig, inputShape shape: [Int], normalization: PixelNormalization,
                              images: Int) -> ClassificationLoaderOptions {
        var augmentation = ClassificationAugmentation(outputWidth: shape[2], outputHeight: shape[1])
        augmentation.horizontalFlip = !config.disableHorizontalFlip
        augmentation.randomCrop = config.enableRandomCrop
        augmentation.colorAugmentation = config.enableColorAugmentation
        augmentation.mixupAlpha = config.mixupAlpha
        let batchSize = max(Int(config.batchSizePerGpu), 1)
        var options = ClassificationLoaderOptions(input: InputShape(width: shape[2], height: shape[1], channels: shape[0]),
                                                  normalization: normalization, augment: true, batchSize: batchSize, shuffle: true,
                                                  seed: UInt64(config.randomSeed == 0 ? 42 : config.randomSeed),
                                                  augmentation: augmentation)
        options.dropRemainder = images >= batchSize
        return options
    }

    /// The optimizer of `train_config.optimizer`.
    static func optimizer(_ config: Zoo_Classification_OptimizerConfig) throws -> any Optimizer {
        switch config.optim {
        case .sgd(let sgd): return try SGD(momentum: sgd.momentum, nesterov: sgd.nesterov)
        case .adam(let adam):
            return try Adam(beta1: adam.beta1 == 0 ? 0.9 : adam.beta1, beta2: adam.beta2 == 0 ? 0.999 : adam.beta2,
                            epsilon: adam.epsilon == 0 ? 1e-7 : adam.epsilon)
        case .rmsprop(let rms): return try RMSprop(rho: rms.rho == 0 ? 0.9 : rms.rho, epsilon: rms.epsilon == 0 ? 1e-7 : rms.epsilon)
        case nil:
            throw ZooError.usage("train_config.optimizer names no optimizer.", hint: "add sgd { … }, adam { … } or rmsprop { … }")
        }
    }

    /// The learning-rate schedule of `train_config.lr_config` (its rate wins over the optimizer's, as in TAO).
    static func schedule(_ config: Zoo_Classification_LRConfig) throws -> any LearningRateSchedule {
        switch config.lrScheduler {
        case .step(let step):
            return try StepSchedule(baseLR: step.learningRate, gamma: step.gamma, stepSize: Double(step.stepSize))
        case .softAnneal(let anneal):
            return try SoftAnnealSchedule(baseLR: anneal.learningRate, softStart: Double(anneal.softStart),
                                          annealingPoints: anneal.annealingPoints.map(Double.init),
                                          annealingDivider: anneal.annealingDivider)
        case .cosine(let cosine):
            return try SoftStartCosineAnnealingSchedule(maxLR: cosine.learningRate,
                                                        minLR: cosine.learningRate * (cosine.minLrRatio == 0 ? 0.01 : cosine.minLrRatio),
                                                        softStart: Double(cosine.softStart))
        case nil:
            throw ZooError.usage("train_config.lr_config names no schedule.", hint: "add step { … }, soft_anneal { … } or cosine { … }")
        }
    }

    /// The regularizer of `train_config.reg_config` (nil for type "None" or a zero weight).
    static func regularizer(_ config: Zoo_Classification_RegConfig) throws -> Regularizer? {
        let type = config.type.uppercased()
        guard type != "NONE", !type.isEmpty, config.weightDecay > 0 else { return nil }
        guard let kind = Regularizer.Kind(rawValue: type.lowercased()) else {
            throw ZooError.usage("Unknown reg_config.type '\(config.type)'.", hint: "use L1, L2 or None")
        }
        let scope = config.scope.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return try Regularizer(kind, weight: config.weightDecay, scope: scope.isEmpty ? nil : Set(scope))
    }
}
