/// BPNet's YAML specs: the training spec (train, prune, export) and the inference spec
/// (inference, evaluate). TAO's files load unchanged, `__class_name__` keys included.
public enum BPNetSpec {
    /// Loads a training spec; throws one `ZooError` listing every problem.
    public static func loadTrain(_ path: String) throws -> LoadedSpec<BPNetTrainSpec> {
        try trainFormat.load(path)
    }

    /// Loads an inference spec; throws one `ZooError` listing every problem.
    public static func loadInference(_ path: String) throws -> LoadedSpec<BPNetInferenceSpec> {
        try inferenceFormat.load(path)
    }

    static let trainFormat = YAMLSpecFormat<BPNetTrainSpec>(
        task: .bpnet, kind: .experiment, validate: validateTrain,
        resolvePaths: { spec, resolve in
            spec.checkpointDir = resolve(spec.checkpointDir)
            spec.pretrainedWeights = spec.pretrainedWeights.map(resolve)
            spec.finetuningConfig.checkpointPath = spec.finetuningConfig.checkpointPath.map(resolve)
            spec.inferenceSpec = resolve(spec.inferenceSpec)
            spec.dataloader.poseConfig.poseConfigPath = resolve(spec.dataloader.poseConfig.poseConfigPath)
            spec.dataloader.datasetConfig.rootDataPath = resolve(spec.dataloader.datasetConfig.rootDataPath)
            spec.dataloader.datasetConfig.trainRecordsFolderPath = resolve(spec.dataloader.datasetConfig.trainRecordsFolderPath)
            spec.dataloader.datasetConfig.valRecordsFolderPath = resolve(spec.dataloader.datasetConfig.valRecordsFolderPath)
            spec.dataloader.datasetConfig.datasetSpecs = spec.dataloader.datasetConfig.datasetSpecs.mapValues(resolve)
        })

    static let inferenceFormat = YAMLSpecFormat<BPNetInferenceSpec>(
        task: .bpnet, kind: .inference, validate: validateInference,
        resolvePaths: { spec, resolve in
            spec.modelPath = resolve(spec.modelPath)
            spec.trainSpec = spec.trainSpec.map(resolve)
        })

    /// The checks TAO's trainer, dataloader, model and optimizer make when they are built.
    static func validateTrain(_ spec: BPNetTrainSpec, _ issues: inout SpecIssues) {
        issues.check(!spec.checkpointDir.isEmpty, "checkpoint_dir", "checkpoint_dir must be set")
        issues.check(!spec.inferenceSpec.isEmpty, "inference_spec", "inference_spec must name the inference spec used for validation")
        issues.check(spec.numEpoch, in: .above(0), "num_epoch")
        issues.check(spec.checkpointNEpoch, in: .above(0), "checkpoint_n_epoch")
        issues.check(spec.validationEveryNEpoch, in: .atLeast(0), "validation_every_n_epoch")
        issues.check(spec.maxCkptToKeep, in: .above(0), "max_ckpt_to_keep")
        issues.check(!spec.loadGraph || spec.pretrainedWeights?.isEmpty == false, "load_graph",
                     "load_graph needs pretrained_weights (the pruned model to retrain)")
        if spec.finetuningConfig.isFinetuneExp {
            issues.check(spec.finetuningConfig.checkpointPath?.isEmpty == false, "finetuning_config.checkpoint_path",
                         "finetuning_config.checkpoint_path must be set when is_finetune_exp is true")
        }
        validateDataloader(spec.dataloader, into: &issues)
        validateModel(spec.model, into: &issues)
        validateOptimizer(spec.optimizer, into: &issues)
        let focal = spec.loss.focalLossParams
        for (name, value) in [("alpha", focal.alpha), ("beta", focal.beta), ("bkg_thresh", focal.bkgThresh)] {
            issues.check(value, in: .within(0, 1), "loss.focal_loss_params.\(name)")
        }
        issues.check(focal.gamma, in: .atLeast(0), "loss.focal_loss_params.gamma")
    }

    private static func validateDataloader(_ loader: BPNetDataloader, into issues: inout SpecIssues) {
        let p = "dataloader"
        issues.check(loader.batchSize, in: .above(0), "\(p).batch_size")
        let dims = loader.imageConfig.imageDims
        issues.check(dims.height, in: .above(0), "\(p).image_config.image_dims.height")
        issues.check(dims.width, in: .above(0), "\(p).image_config.image_dims.width")
        issues.check([1, 3].contains(dims.channels), "\(p).image_config.image_dims.channels",
                     "\(p).image_config.image_dims.channels must be 1 or 3, got \(dims.channels)")
        issues.check(["jpg", "jpeg", "png"].contains(loader.imageConfig.imageEncoding), "\(p).image_config.image_encoding",
                     "\(p).image_config.image_encoding must be jpg or png, got \"\(loader.imageConfig.imageEncoding)\"")
        let target = loader.poseConfig.targetShape
        if target.count != 2 || target.contains(where: { $0 <= 0 }) {
            issues.add("\(p).pose_config.target_shape", "\(p).pose_config.target_shape must be [height, width], got \(target)")
        } else if dims.height > 0, dims.width > 0, target != [dims.height / 8, dims.width / 8] {
            issues.add("\(p).pose_config.target_shape",
                       "\(p).pose_config.target_shape must be the input size divided by 8, [\(dims.height / 8), \(dims.width / 8)], got \(target)")
        }
        issues.check(!loader.poseConfig.poseConfigPath.isEmpty, "\(p).pose_config.pose_config_path",
                     "\(p).pose_config.pose_config_path must name the pose config JSON")
        let dataset = loader.datasetConfig
        issues.check(!dataset.trainRecordsPath.isEmpty, "\(p).dataset_config.train_records_path",
                     "\(p).dataset_config.train_records_path must list at least one record file")
        issues.check(!dataset.datasetSpecs.isEmpty, "\(p).dataset_config.dataset_specs",
                     "\(p).dataset_config.dataset_specs must map a dataset name to its spec JSON, e.g. coco: coco_spec.json")
        let norm = loader.normalizationParams
        for (name, values) in [("image_scale", norm.imageScale), ("image_offset", norm.imageOffset)] {
            issues.check(values.count == dims.channels, "\(p).normalization_params.\(name)",
                         "\(p).normalization_params.\(name) needs one value per channel (\(dims.channels)), got \(values.count)")
        }
        for (name, values) in [("image_scale", norm.imageScale), ("mask_scale", norm.maskScale)] where values.contains(0) {
            issues.add("\(p).normalization_params.\(name)", "\(p).normalization_params.\(name) must not contain 0")
        }
        let aug = loader.augmentationConfig
        let q = "\(p).augmentation_config"
        issues.check(BPNetDataloader.AugmentationConfig.modes.contains(aug.spatialAugmentationMode), "\(q).spatial_augmentation_mode",
                     "\(q).spatial_augmentation_mode must be one of \(BPNetDataloader.AugmentationConfig.modes.joined(separator: ", ")), got \"\(aug.spatialAugmentationMode)\"")
        let s = aug.spatialAugParams
        for (name, value) in [("flip_lr_prob", s.flipLrProb), ("flip_tb_prob", s.flipTbProb), ("zoom_prob", s.zoomProb)] {
            issues.check(value, in: .within(0, 1), "\(q).spatial_aug_params.\(name)")
        }
        issues.check(s.zoomRatioMin <= s.zoomRatioMax, "\(q).spatial_aug_params.zoom_ratio_min",
                     "\(q).spatial_aug_params.zoom_ratio_min (\(s.zoomRatioMin)) is above zoom_ratio_max (\(s.zoomRatioMax))")
        issues.check(s.zoomRatioMin, in: .above(0), "\(q).spatial_aug_params.zoom_ratio_min")
        issues.check(s.targetPersonScale, in: .above(0), "\(q).spatial_aug_params.target_person_scale")
        let labels = loader.labelProcessorConfig
        issues.check(labels.heatmapGaussianSigma, in: .above(0), "\(p).label_processor_config.heatmap_gaussian_sigma")
        issues.check(labels.pafOrthoDistThresh, in: .above(0), "\(p).label_processor_config.paf_ortho_dist_thresh")
    }

    private static func validateModel(_ model: BPNetModel, into issues: inout SpecIssues) {
        let architectures = ["vgg", "helnet", "resnet"]
        let arch = model.backboneAttributes.architecture
        issues.check(architectures.contains(arch), "model.backbone_attributes.architecture",
                     "model.backbone_attributes.architecture must be one of vgg, helnet, resnet, got \"\(arch)\"")
        if arch == "vgg", let layers = model.backboneAttributes.nlayers {
            issues.check(layers == 19, "model.backbone_attributes.nlayers", "model.backbone_attributes.nlayers must be 19 for vgg, got \(layers)")
        }
        issues.check(model.stages, in: .atLeast(1), "model.stages")
        issues.check(model.heatChannels, in: .above(0), "model.heat_channels")
        issues.check(model.pafChannels, in: .above(0), "model.paf_channels")
        issues.check(["channels_last", "channels_first"].contains(model.dataFormat), "model.data_format",
                     "model.data_format must be channels_last or channels_first, got \"\(model.dataFormat)\"")
        issues.check(["l1", "l2", "l1_l2"].contains(model.regularizationType), "model.regularization_type",
                     "model.regularization_type must be l1, l2 or l1_l2, got \"\(model.regularizationType)\"")
        issues.check(model.kernelRegularizationFactor, in: .atLeast(0), "model.kernel_regularization_factor")
        issues.check(model.biasRegularizationFactor, in: .atLeast(0), "model.bias_regularization_factor")
        issues.check(["random_normal", "xavier"].contains(model.kernelInitializer), "model.kernel_initializer",
                     "model.kernel_initializer must be random_normal or xavier, got \"\(model.kernelInitializer)\"")
        if !model.isLite {
            for (name, value) in [("stage1_kernel_sizes", model.stage1KernelSizes), ("stageT_kernel_sizes", model.stageTKernelSizes)]
            where value != nil {
                issues.add("model.\(name)", "model.\(name) is only for BpNetLiteModel")
            }
        }
        for (name, value) in [("stage1_kernel_sizes", model.stage1KernelSizes), ("stageT_kernel_sizes", model.stageTKernelSizes)] {
            if let sizes = value, sizes.isEmpty || sizes.contains(where: { $0 <= 0 || $0 % 2 == 0 }) {
                issues.add("model.\(name)", "model.\(name) must list odd kernel sizes, got \(sizes)")
            }
        }
    }

    private static func validateOptimizer(_ optimizer: BPNetOptimizer, into issues: inout SpecIssues) {
        issues.check(optimizer.momentum, in: ValueRange(lower: 0, upper: 1, upperInclusive: false), "optimizer.momentum")
        issues.check(optimizer.weightDefaultValue, in: .atLeast(0), "optimizer.weight_default_value")
        let p = "optimizer.learning_rate_schedule"
        switch optimizer.learningRateSchedule {
        case .softStartAnnealing(let s):
            issues.check(s.baseLearningRate, in: .above(0), "\(p).base_learning_rate")
            issues.check(s.minLearningRate, in: .above(0), "\(p).min_learning_rate")
            issues.check(s.minLearningRate <= s.baseLearningRate, "\(p).min_learning_rate",
                         "\(p).min_learning_rate (\(s.minLearningRate)) is above base_learning_rate (\(s.baseLearningRate))")
            issues.check(s.softStart, in: .within(0, 1), "\(p).soft_start")
            issues.check(s.annealing, in: .within(0, 1), "\(p).annealing")
            issues.check(s.softStart <= s.annealing, "\(p).soft_start",
                         "\(p).soft_start (\(s.softStart)) must not come after annealing (\(s.annealing))")
            if let last = s.lastStep { issues.check(last, in: .above(0), "\(p).last_step") }
        case .exponentialDecay(let s):
            issues.check(s.learningRate, in: .above(0), "\(p).learning_rate")
            issues.check(s.decayEpochs, in: .above(0), "\(p).decay_epochs")
            issues.check(s.decayRate, in: ValueRange(lower: 0, lowerInclusive: false, upper: 1), "\(p).decay_rate")
            issues.check(s.minLearningRate, in: .atLeast(0), "\(p).min_learning_rate")
        }
    }

    /// The checks TAO's inferencer makes when it is built.
    static func validateInference(_ spec: BPNetInferenceSpec, _ issues: inout SpecIssues) {
        issues.check(!spec.modelPath.isEmpty, "model_path", "model_path must name the model to run")
        if spec.inputShape.count != 2 || spec.inputShape.contains(where: { $0 <= 0 }) {
            issues.add("input_shape", "input_shape must be [height, width], got \(spec.inputShape)")
        }
        if let mode = spec.keepAspectRatioMode, !BPNetInferenceSpec.aspectRatioModes.contains(mode) {
            issues.add("keep_aspect_ratio_mode", "keep_aspect_ratio_mode must be adjust_network_input, pad_image_input or null, got \"\(mode)\"")
        }
        if spec.outputUpsamplingFactor.count != 2 || spec.outputUpsamplingFactor.contains(where: { $0 <= 0 }) {
            issues.add("output_upsampling_factor", "output_upsampling_factor must be two positive integers, got \(spec.outputUpsamplingFactor)")
        }
        issues.check(spec.heatmapThreshold, in: .within(0, 1), "heatmap_threshold")
        issues.check(spec.pafThreshold, in: .within(0, 1), "paf_threshold")
        if spec.multiScaleInference {
            issues.check(!spec.scales.isEmpty && spec.scales.allSatisfy { $0 > 0 }, "scales",
                         "scales must list positive scales when multi_scale_inference is true, got \(spec.scales)")
        }
        if let stage = spec.outputStageToUse { issues.check(stage, in: .atLeast(1), "output_stage_to_use") }
    }
}
