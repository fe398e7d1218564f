/// BPNet's training spec (`zoo bpnet train -e spec.yaml`): TAO's `BpNetTrainer` YAML. Keys left
/// out take the defaults of TAO's constructors, which are the property defaults here.
public struct BPNetTrainSpec: Codable, Sendable, Equatable {
    public var checkpointDir = ""
    public var logEveryNSecs = 1
    public var checkpointNEpoch = 1
    public var numEpoch = 2
    public var summaryEveryNSteps = 1
    public var infrequentSummaryEveryNSteps = 0
    public var validationEveryNEpoch = 20
    public var maxCkptToKeep = 5
    public var randomSeed = 42
    /// Initial weights: a model file, or a registry ref.
    public var pretrainedWeights: String?
    /// Retrain a pruned model: load its graph, not just its weights.
    public var loadGraph = false
    public var finetuningConfig = BPNetFinetuningConfig()
    public var useStagewiseLrMultipliers = false
    public var dataloader = BPNetDataloader()
    public var model = BPNetModel()
    public var optimizer = BPNetOptimizer()
    public var loss = BPNetLoss()
    /// The inference spec validation runs with.
    public var inferenceSpec = ""
    public var key: String?
    public var finalModelName = "bpnet_model"

    public init() {}

    enum Keys: String, CodingKey, CaseIterable {
        case checkpointDir = "checkpoint_dir", logEveryNSecs = "log_every_n_secs", checkpointNEpoch = "checkpoint_n_epoch"
        case numEpoch = "num_epoch", summaryEveryNSteps = "summary_every_n_steps"
        case infrequentSummaryEveryNSteps = "infrequent_summary_every_n_steps"
        case validationEveryNEpoch = "validation_every_n_epoch", maxCkptToKeep = "max_ckpt_to_keep"
        case randomSeed = "random_seed", pretrainedWeights = "pretrained_weights", loadGraph = "load_graph"
        case finetuningConfig = "finetuning_config", useStagewiseLrMultipliers = "use_stagewise_lr_multipliers"
        case dataloader, model, optimizer, loss
        case inferenceSpec = "inference_spec", key, finalModelName = "final_model_name"
    }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder, classNames: ["BpNetTrainer"])
        checkpointDir = o.required(.checkpointDir, placeholder: "")
        logEveryNSecs = o.optional(.logEveryNSecs, default: 1)
        checkpointNEpoch = o.optional(.checkpointNEpoch, default: 1)
        numEpoch = o.optional(.numEpoch, default: 2)
        summaryEveryNSteps = o.optional(.summaryEveryNSteps, default: 1)
        infrequentSummaryEveryNSteps = o.optional(.infrequentSummaryEveryNSteps, default: 0)
        validationEveryNEpoch = o.optional(.validationEveryNEpoch, default: 20)
        maxCkptToKeep = o.optional(.maxCkptToKeep, default: 5)
        randomSeed = o.optional(.randomSeed, default: 42)
        pretrainedWeights = o.nullable(.pretrainedWeights)
        loadGraph = o.optional(.loadGraph, default: false)
        finetuningConfig = o.nullable(.finetuningConfig) ?? BPNetFinetuningConfig()
        useStagewiseLrMultipliers = o.optional(.useStagewiseLrMultipliers, default: false)
        dataloader = o.required(.dataloader, placeholder: BPNetDataloader())
        model = o.required(.model, placeholder: BPNetModel())
        optimizer = o.required(.optimizer, placeholder: BPNetOptimizer())
        loss = o.required(.loss, placeholder: BPNetLoss())
        inferenceSpec = o.required(.inferenceSpec, placeholder: "")
        key = o.nullable(.key)
        finalModelName = o.optional(.finalModelName, default: "bpnet_model")
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder, className: "BpNetTrainer")
        try w.write(checkpointDir, .checkpointDir)
        try w.write(logEveryNSecs, .logEveryNSecs)
        try w.write(checkpointNEpoch, .checkpointNEpoch)
        try w.write(numEpoch, .numEpoch)
        try w.write(summaryEveryNSteps, .summaryEveryNSteps)
        try w.write(infrequentSummaryEveryNSteps, .infrequentSummaryEveryNSteps)
        try w.write(validationEveryNEpoch, .validationEveryNEpoch)
        try w.write(maxCkptToKeep, .maxCkptToKeep)
        try w.write(randomSeed, .randomSeed)
        try w.write(pretrainedWeights, .pretrainedWeights)
        try w.write(loadGraph, .loadGraph)
        try w.write(finetuningConfig, .finetuningConfig)
        try w.write(useStagewiseLrMultipliers, .useStagewiseLrMultipliers)
        try w.write(dataloader, .dataloader)
        try w.write(model, .model)
        try w.write(optimizer, .optimizer)
        try w.write(loss, .loss)
        try w.write(inferenceSpec, .inferenceSpec)
        if let key { try w.write(key, .key) }
        try w.write(finalModelName, .finalModelName)
    }
}

/// Continuing an earlier run from one of its checkpoints.
public struct BPNetFinetuningConfig: Codable, Sendable, Equatable {
    public var isFinetuneExp = false
    public var checkpointPath: String?
    public var ckptEpochNum = 0

    public init() {}

    enum Keys: String, CodingKey, CaseIterable {
        case isFinetuneExp = "is_finetune_exp", checkpointPath = "checkpoint_path", ckptEpochNum = "ckpt_epoch_num"
    }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder)
        isFinetuneExp = o.optional(.isFinetuneExp, default: false)
        checkpointPath = o.nullable(.checkpointPath)
        ckptEpochNum = o.optional(.ckptEpochNum, default: 0)
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder)
        try w.write(isFinetuneExp, .isFinetuneExp)
        try w.write(checkpointPath, .checkpointPath)
        try w.write(ckptEpochNum, .ckptEpochNum)
    }
}

/// The network: `BpNetModel` (separate heat and PAF branches) or `BpNetLiteModel` (fused, with
/// configurable kernel sizes).
public struct BPNetModel: Codable, Sendable, Equatable {
    public static let classNames = ["BpNetModel", "BpNetLiteModel"]

    public var className = "BpNetLiteModel"
    public var backboneAttributes = BPNetBackbone()
    public var stages = 6
    public var heatChannels = 19
    public var pafChannels = 38
    /// Lite model only.
    public var stage1KernelSizes: [Int]?
    /// Lite model only.
    public var stageTKernelSizes: [Int]?
    public var useSelfAttention = false
    public var dataFormat = "channels_last"
    public var useBias = true
    /// "l1", "l2" or "l1_l2".
    public var regularizationType = "l1"
    public var kernelRegularizationFactor = 1e-9
    public var biasRegularizationFactor = 1e-9
    /// "random_normal" or "xavier".
    public var kernelInitializer = "random_normal"

    public init() {}

    /// Whether this is TAO's fused `BpNetLiteModel`.
    public var isLite: Bool { className == "BpNetLiteModel" }

    enum Keys: String, CodingKey, CaseIterable {
        case backboneAttributes = "backbone_attributes", stages, heatChannels = "heat_channels", pafChannels = "paf_channels"
        case stage1KernelSizes = "stage1_kernel_sizes", stageTKernelSizes = "stageT_kernel_sizes"
        case useSelfAttention = "use_self_attention", dataFormat = "data_format", useBias = "use_bias"
        case regularizationType = "regularization_type", kernelRegularizationFactor = "kernel_regularization_factor"
        case biasRegularizationFactor = "bias_regularization_factor", kernelInitializer = "kernel_initializer"
    }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder, classNames: Self.classNames)
        className = o.className ?? "BpNetLiteModel"
        backboneAttributes = o.required(.backboneAttributes, placeholder: BPNetBackbone())
        stages = o.optional(.stages, default: 6)
        heatChannels = o.optional(.heatChannels, default: 19)
        pafChannels = o.optional(.pafChannels, default: 38)
        stage1KernelSizes = o.nullable(.stage1KernelSizes)
        stageTKernelSizes = o.nullable(.stageTKernelSizes)
        useSelfAttention = o.optional(.useSelfAttention, default: false)
        dataFormat = o.optional(.dataFormat, default: "channels_last")
        useBias = o.optional(.useBias, default: true)
        regularizationType = o.optional(.regularizationType, default: "l1")
        kernelRegularizationFactor = o.optional(.kernelRegularizationFactor, default: 1e-9)
        biasRegularizationFactor = o.optional(.biasRegularizationFactor, default: 1e-9)
        kernelInitializer = o.optional(.kernelInitializer, default: "random_normal")
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder, className: className)
        try w.write(backboneAttributes, .backboneAttributes)
        try w.write(stages, .stages)
        try w.write(heatChannels, .heatChannels)
        try w.write(pafChannels, .pafChannels)
        if let stage1KernelSizes { try w.write(stage1KernelSizes, .stage1KernelSizes) }
        if let stageTKernelSizes { try w.write(stageTKernelSizes, .stageTKernelSizes) }
        try w.write(useSelfAttention, .useSelfAttention)
        try w.write(dataFormat, .dataFormat)
        try w.write(useBias, .useBias)
        try w.write(regularizationType, .regularizationType)
        try w.write(kernelRegularizationFactor, .kernelRegularizationFactor)
        try w.write(biasRegularizationFactor, .biasRegularizationFactor)
        try w.write(kernelInitializer, .kernelInitializer)
    }
}

/// The feature extractor under the BPNet stages.
public struct BPNetBackbone: Codable, Sendable, Equatable {
    /// "vgg", "helnet" or "resnet".
    public var architecture = "vgg"
    public var mtype = "default"
    public var useBias = false
    public var addFinalC128Conv: Bool?
    /// VGG supports 19 only.
    public var nlayers: Int?

    public init() {}

    enum Keys: String, CodingKey, CaseIterable {
        case architecture, mtype, useBias = "use_bias", addFinalC128Conv = "add_final_c128_conv", nlayers
    }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder)
        architecture = o.required(.architecture, placeholder: "")
        mtype = o.optional(.mtype, default: "default")
        useBias = o.optional(.useBias, default: false)
        addFinalC128Conv = o.nullable(.addFinalC128Conv)
        nlayers = o.nullable(.nlayers)
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder)
        try w.write(architecture, .architecture)
        try w.write(mtype, .mtype)
        try w.write(useBias, .useBias)
        if let addFinalC128Conv { try w.write(addFinalC128Conv, .addFinalC128Conv) }
        if let nlayers { try w.write(nlayers, .nlayers) }
    }
}

/// `WeightedMomentumOptimizer`: SGD with momentum and per-layer gradient weights.
public struct BPNetOptimizer: Codable, Sendable, Equatable {
    public var learningRateSchedule = BPNetLearningRateSchedule.softStartAnnealing(.init())
    public var gradWeightsDict: [String: Double]?
    public var weightDefaultValue = 1.0
    public var momentum = 0.9
    public var useNesterov = false

    public init() {}

    enum Keys: String, CodingKey, CaseIterable {
        case learningRateSchedule = "learning_rate_schedule", gradWeightsDict = "grad_weights_dict"
        case weightDefaultValue = "weight_default_value", momentum, useNesterov = "use_nesterov"
    }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder, classNames: ["WeightedMomentumOptimizer"])
        learningRateSchedule = o.required(.learningRateSchedule, placeholder: .softStartAnnealing(.init()))
        gradWeightsDict = o.nullable(.gradWeightsDict)
        weightDefaultValue = o.optional(.weightDefaultValue, default: 1.0)
        momentum = o.optional(.momentum, default: 0.9)
        useNesterov = o.optional(.useNesterov, default: false)
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder, className: "WeightedMomentumOptimizer")
        try w.write(learningRateSchedule, .learningRateSchedule)
        try w.write(gradWeightsDict, .gradWeightsDict)
        try w.write(weightDefaultValue, .weightDefaultValue)
        try w.write(momentum, .momentum)
        try w.write(useNesterov, .useNesterov)
    }
}

/// BPNet's learning-rate schedules, chosen by `__class_name__`.
public enum BPNetLearningRateSchedule: Codable, Sendable, Equatable {
    case softStartAnnealing(SoftStartAnnealing)
    case exponentialDecay(ExponentialDecay)

    public static let classNames = ["SoftstartAnnealingLearningRateSchedule", "BpNetExponentialDecayLRSchedule"]

    /// Log-linear warm-up to `baseLearningRate` until progress `softStart`, down from `annealing`.
    public struct SoftStartAnnealing: Sendable, Equatable {
        public var softStart = 0.0
        public var annealing = 0.0
        public var baseLearningRate = 0.0
        public var minLearningRate = 0.0
        /// The step the schedule ends at; nil: the end of training.
        public var lastStep: Int?
        public init() {}
    }

    /// `learningRate · decayRate^(step / (decayEpochs · stepsPerEpoch))`, floored at `minLearningRate`.
    public struct ExponentialDecay: Sendable, Equatable {
        public var learningRate = 0.0
        public var decayEpochs = 0
        public var decayRate = 0.0
        public var minLearningRate = 0.0
        public var staircase = false
        public init() {}
    }

    public init(from decoder: Decoder) throws {
        let className = try? decoder.container(keyedBy: AnyKey.self)
            .decodeIfPresent(String.self, forKey: AnyKey("__class_name__"))
        if className == "BpNetExponentialDecayLRSchedule" {
            let o = try YAMLObject<DecayKeys>(decoder, classNames: Self.classNames)
            var s = ExponentialDecay()
            s.learningRate = o.required(.learningRate, placeholder: 0)
            s.decayEpochs = o.required(.decayEpochs, placeholder: 0)
            s.decayRate = o.required(.decayRate, placeholder: 0)
            s.minLearningRate = o.optional(.minLearningRate, default: 0.0)
            s.staircase = o.optional(.staircase, default: false)
            self = .exponentialDecay(s)
        } else {
            let o = try YAMLObject<SoftStartKeys>(decoder, classNames: Self.classNames)
            var s = SoftStartAnnealing()
            s.softStart = o.required(.softStart, placeholder: 0)
            s.annealing = o.required(.annealing, placeholder: 0)
            s.baseLearningRate = o.required(.baseLearningRate, placeholder: 0)
            s.minLearningRate = o.required(.minLearningRate, placeholder: 0)
            s.lastStep = o.nullable(.lastStep)
            self = .softStartAnnealing(s)
        }
    }

    /// The keys of each schedule, so a key of the other one is reported as unknown.
    enum SoftStartKeys: String, CodingKey, CaseIterable {
        case softStart = "soft_start", annealing, baseLearningRate = "base_learning_rate"
        case minLearningRate = "min_learning_rate", lastStep = "last_step"
    }

    enum DecayKeys: String, CodingKey, CaseIterable {
        case learningRate = "learning_rate", decayEpochs = "decay_epochs", decayRate = "decay_rate"
        case minLearningRate = "min_learning_rate", staircase
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .softStartAnnealing(let s):
            var w = try YAMLWriter<SoftStartKeys>(encoder, className: Self.classNames[0])
            try w.write(s.softStart, .softStart)
            try w.write(s.annealing, .annealing)
            try w.write(s.baseLearningRate, .baseLearningRate)
            try w.write(s.minLearningRate, .minLearningRate)
            try w.write(s.lastStep, .lastStep)
        case .exponentialDecay(let s):
            var w = try YAMLWriter<DecayKeys>(encoder, className: Self.classNames[1])
            try w.write(s.learningRate, .learningRate)
            try w.write(s.decayEpochs, .decayEpochs)
            try w.write(s.decayRate, .decayRate)
            try w.write(s.minLearningRate, .minLearningRate)
            try w.write(s.staircase, .staircase)
        }
    }
}

/// `BpNetLoss`: masked L2 per stage, optionally focal.
public struct BPNetLoss: Codable, Sendable, Equatable {
    public var focalLossParams = FocalLossParams()

    public struct FocalLossParams: Codable, Sendable, Equatable {
        public var useFocalLoss = false
        public var alpha = 0.1
        public var beta = 0.02
        public var bkgThresh = 0.01
        public var gamma = 1.0
        public init() {}

        enum Keys: String, CodingKey, CaseIterable {
            case useFocalLoss = "use_focal_loss", alpha, beta, bkgThresh = "bkg_thresh", gamma
        }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder)
            useFocalLoss = o.optional(.useFocalLoss, default: false)
            alpha = o.optional(.alpha, default: 0.1)
            beta = o.optional(.beta, default: 0.02)
            bkgThresh = o.optional(.bkgThresh, default: 0.01)
            gamma = o.optional(.gamma, default: 1.0)
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder)
            try w.write(useFocalLoss, .useFocalLoss)
            try w.write(alpha, .alpha)
            try w.write(beta, .beta)
            try w.write(bkgThresh, .bkgThresh)
            try w.write(gamma, .gamma)
        }
    }

    public init() {}

    enum Keys: String, CodingKey, CaseIterable { case focalLossParams = "focal_loss_params" }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder, classNames: ["BpNetLoss"])
        focalLossParams = o.nullable(.focalLossParams) ?? FocalLossParams()
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder, className: "BpNetLoss")
        try w.write(focalLossParams, .focalLossParams)
    }
}
