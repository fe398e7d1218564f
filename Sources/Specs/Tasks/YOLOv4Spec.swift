import Foundation

/// yolo_v4's experiment spec, read by train, evaluate, inference, prune, export and kmeans
/// (its dataset_convert spec is `DatasetConvertSpec`).
public enum YOLOv4Spec {
    /// Loads an experiment spec; throws one `ZooError` listing every problem.
    public static func loadExperiment(_ path: String, for action: SpecAction = .train) throws
        -> LoadedSpec<Zoo_YoloV4_Experiment> {
        try experimentFormat.load(path, for: action)
    }

    /// The backbones TAO's yolo_v4 builds.
    public static let architectures = ["resnet", "vgg", "darknet", "cspdarknet", "efficientnet_b0", "mobilenet_v1",
                                       "mobilenet_v2", "squeezenet", "googlenet", "cspdarknet_tiny", "cspdarknet_tiny_3l"]

    /// The `(width, height)` anchors of an anchor-shape string such as `"[(15.60, 13.88), (30.25, 20.25)]"`,
    /// in input pixels; nil if it is not a list of positive pairs.
    public static func anchors(_ text: String) -> [(width: Float, height: Float)]? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
        // "[(a, b), (c, d)]" → ["a, b", "c, d"]: split at ")" and drop the "(" of each pair.
        let body = trimmed.dropFirst().dropLast()
        var pairs: [(width: Float, height: Float)] = []
        for chunk in body.split(separator: ")") {
            var pair = chunk.trimmingCharacters(in: .whitespaces)
            if pairs.count > 0 {
                guard pair.hasPrefix(",") else { return nil }
                pair = String(pair.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            if pair.isEmpty { continue }
            guard pair.hasPrefix("(") else { return nil }
            let numbers = pair.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard numbers.count == 2,
                  let width = Float(numbers[0].trimmingCharacters(in: .whitespaces)),
                  let height = Float(numbers[1].trimmingCharacters(in: .whitespaces)),
                  width > 0, height > 0 else { return nil }
            pairs.append((width, height))
        }
        return pairs.isEmpty ? nil : pairs
    }

    static let experimentFormat = ProtoSpecFormat<Zoo_YoloV4_Experiment>(
        task: .yoloV4, kind: .experiment,
        fieldRules: { _ in
            FieldRules(required: ["dataset_config", "augmentation_config", "training_config", "eval_config",
                                  "nms_config", "yolov4_config"])
        },
        validate: validateExperiment,
        defaults: SpecDefaults.yoloV4Experiment,
        resolvePaths: { spec, resolve in
            func resolveSource(_ source: inout Zoo_YoloV4_YOLOv3DataSource) {
                switch source.labelsFormat {
                case .labelDirectoryPath(let p)?: source.labelDirectoryPath = resolve(p)
                case .tfrecordsPath(let p)?: source.tfrecordsPath = resolve(p)
                case nil: break
                }
                source.imageDirectoryPath = resolve(source.imageDirectoryPath)
                source.rootPath = resolve(source.rootPath)
            }
            for i in spec.datasetConfig.dataSources.indices { resolveSource(&spec.datasetConfig.dataSources[i]) }
            for i in spec.datasetConfig.validationDataSources.indices { resolveSource(&spec.datasetConfig.validationDataSources[i]) }
            switch spec.trainingConfig.loadModel {
            case .resumeModelPath(let p)?: spec.trainingConfig.resumeModelPath = resolve(p)
            case .pretrainModelPath(let p)?: spec.trainingConfig.pretrainModelPath = resolve(p)
            case .prunedModelPath(let p)?: spec.trainingConfig.prunedModelPath = resolve(p)
            case nil: break
            }
        })

    /// TAO's checks (`cv/yolo_v4/utils/spec_loader.py`), all reported at once rather than one per run.
    static func validateExperiment(_ spec: Zoo_YoloV4_Experiment, _ action: SpecAction, _ issues: inout SpecIssues) {
        if spec.hasDatasetConfig { validateDataset(spec.datasetConfig, into: &issues) }
        if spec.hasAugmentationConfig {
            validateAugmentation(spec.augmentationConfig, imageExtension: spec.datasetConfig.imageExtension, into: &issues)
        }
        if spec.hasTrainingConfig { validateTraining(spec.trainingConfig, into: &issues) }
        if spec.hasEvalConfig {
            issues.check(spec.evalConfig.batchSize, in: .above(0), "eval_config.batch_size")
            issues.check(spec.evalConfig.matchingIouThreshold,
                         in: ValueRange(lower: 0, lowerInclusive: false, upper: 1), "eval_config.matching_iou_threshold")
        }
        if spec.hasNmsConfig {
            issues.check(spec.nmsConfig.clusteringIouThreshold,
                         in: ValueRange(lower: 0, lowerInclusive: false, upper: 1), "nms_config.clustering_iou_threshold")
            issues.check(spec.nmsConfig.confidenceThreshold, in: .within(0, 1), "nms_config.confidence_threshold")
        }
        if spec.hasYolov4Config { validateModel(spec.yolov4Config, into: &issues) }
        for (name, weight) in spec.classWeightingConfig.classWeighting.sorted(by: { $0.key < $1.key }) {
            issues.check(weight, in: .atLeast(0), "class_weighting_config.class_weighting.\(name)")
        }
    }

    private static func validateDataset(_ dataset: Zoo_YoloV4_YOLOv3DatasetConfig, into issues: inout SpecIssues) {
        issues.check(!dataset.targetClassMapping.isEmpty, "dataset_config",
                     "dataset_config needs target_class_mapping entries (source class → target class)")
        issues.check(!dataset.dataSources.isEmpty, "dataset_config", "dataset_config needs at least one data_sources entry")
        func checkFormats(_ sources: [Zoo_YoloV4_YOLOv3DataSource], _ field: String) {
            for (i, source) in sources.enumerated() where source.labelsFormat == nil {
                issues.add("dataset_config.\(field).\(i)",
                           "dataset_config.\(field).\(i) needs label_directory_path or tfrecords_path")
            }
            let formats = Set(sources.compactMap(labelFormatName))
            if formats.count > 1 {
                issues.add("dataset_config.\(field)",
                           "all dataset_config.\(field) must use the same label format, got \(formats.sorted().joined(separator: " and "))")
            }
            if sources.first.flatMap(labelFormatName) == "tfrecords_path", dataset.imageExtension.isEmpty {
                issues.add("dataset_config.image_extension",
                           "dataset_config.image_extension must be set when \(field) are TFRecords")
            }
        }
        checkFormats(dataset.dataSources, "data_sources")
        if !dataset.validationDataSources.isEmpty {
            checkFormats(dataset.validationDataSources, "validation_data_sources")
        } else if let first = dataset.dataSources.first.flatMap(labelFormatName), first != "tfrecords_path" {
            issues.add("dataset_config.validation_data_sources",
                       "dataset_config needs validation_data_sources: validation_fold only works with TFRecords data_sources")
        }
    }

    /// Which labels field a data source sets, or nil if neither.
    private static func labelFormatName(_ source: Zoo_YoloV4_YOLOv3DataSource) -> String? {
        switch source.labelsFormat {
        case .labelDirectoryPath?: return "label_directory_path"
        case .tfrecordsPath?: return "tfrecords_path"
        case nil: return nil
        }
    }

    private static func validateAugmentation(_ aug: Zoo_YoloV4_AugmentationConfig, imageExtension: String,
                                             into issues: inout SpecIssues) {
        let p = "augmentation_config"
        issues.check([1, 3].contains(aug.outputChannel), "\(p).output_channel",
                     "\(p).output_channel must be 1 or 3, " + (aug.outputChannel == 0 ? "it is not set" : "got \(aug.outputChannel)"))
        let depth = aug.outputDepth == 0 ? 8 : aug.outputDepth
        if aug.outputChannel == 3 {
            if !aug.imageMean.isEmpty, !["r", "g", "b"].allSatisfy({ aug.imageMean[$0] != nil }) {
                issues.add("\(p).image_mean", "\(p).image_mean needs r, g and b for 3-channel images")
            }
            issues.check(depth == 8, "\(p).output_depth", "\(p).output_depth must be 8 for RGB images, got \(depth)")
        } else if aug.outputChannel == 1 {
            if !aug.imageMean.isEmpty, aug.imageMean["l"] == nil {
                issues.add("\(p).image_mean", "\(p).image_mean needs l for 1-channel images")
            }
            issues.check([8, 16].contains(depth), "\(p).output_depth", "\(p).output_depth must be 8 or 16, got \(depth)")
            if depth == 16, imageExtension.lowercased() != "png" {
                issues.add("\(p).output_depth", "16-bit images must be PNG; dataset_config.image_extension is \"\(imageExtension)\"")
            }
        }
        issues.check(aug.hue, in: .within(0, 1), "\(p).hue")
        issues.check(aug.saturation, in: .atLeast(1), "\(p).saturation")
        issues.check(aug.exposure, in: .atLeast(1), "\(p).exposure")
        issues.check(aug.verticalFlip, in: .within(0, 1), "\(p).vertical_flip")
        issues.check(aug.horizontalFlip, in: .within(0, 1), "\(p).horizontal_flip")
        issues.check(aug.jitter, in: .within(0, 1), "\(p).jitter")
        for (name, size) in [("output_width", aug.outputWidth), ("output_height", aug.outputHeight)] {
            if size < 32 {
                issues.add("\(p).\(name)", "\(p).\(name) must be at least 32, " + (size == 0 ? "it is not set" : "got \(size)"))
            } else if size % 32 != 0 {
                issues.add("\(p).\(name)", "\(p).\(name) must be a multiple of 32, got \(size)")
            }
        }
        issues.check(aug.randomizeInputShapePeriod, in: .atLeast(0), "\(p).randomize_input_shape_period")
        issues.check(aug.mosaicProb, in: .within(0, 1), "\(p).mosaic_prob")
        issues.check(aug.mosaicMinRatio, in: ValueRange(lower: 0, lowerInclusive: false, upper: 0.5, upperInclusive: false),
                     "\(p).mosaic_min_ratio")
    }

    private static func validateTraining(_ training: Zoo_Common_TrainingConfig, into issues: inout SpecIssues) {
        let p = "training_config"
        issues.check(training.batchSizePerGpu, in: .above(0), "\(p).batch_size_per_gpu")
        issues.check(training.numEpochs, in: .above(0), "\(p).num_epochs")
        issues.check(training.checkpointInterval, in: .above(0), "\(p).checkpoint_interval")
        CommonTrainingRules.check(training, path: p, into: &issues)
        if training.hasEarlyStopping {
            let stop = training.earlyStopping
            issues.check(stop.monitor == "loss", "\(p).early_stopping.monitor",
                         "\(p).early_stopping.monitor must be \"loss\", got \"\(stop.monitor)\"")
            issues.check(stop.minDelta, in: .atLeast(0), "\(p).early_stopping.min_delta")
            issues.check(stop.patience, in: .above(0), "\(p).early_stopping.patience")
        }
    }

    private static func validateModel(_ model: Zoo_YoloV4_YOLOv4Config, into issues: inout SpecIssues) {
        let p = "yolov4_config"
        let tiny = model.arch == "cspdarknet_tiny"
        if model.arch.isEmpty {
            issues.add("\(p).arch", "\(p).arch must be set to one of \(architectures.joined(separator: ", "))")
        } else if !architectures.contains(model.arch) {
            issues.add("\(p).arch", "\(p).arch must be one of \(architectures.joined(separator: ", ")), got \"\(model.arch)\""
                + (Suggestions.closest(to: model.arch, in: architectures).map { "; did you mean \"\($0)\"?" } ?? ""))
        }
        ArchitectureRules.checkLayers(arch: model.arch, layers: Int(model.nlayers), path: "\(p).nlayers", zeroMeans: nil,
                                      into: &issues)
        issues.check(model.archConvBlocks, in: .within(0, 2), "\(p).arch_conv_blocks")
        issues.check(model.boxMatchingIou, in: ValueRange(lower: 0, lowerInclusive: false, upper: 1), "\(p).box_matching_iou")
        issues.check(model.matchingNeutralBoxIou, in: ValueRange(lower: 0.25, lowerInclusive: false, upper: 1),
                     "\(p).matching_neutral_box_iou")
        issues.check(model.lossLocWeight, in: .atLeast(0), "\(p).loss_loc_weight")
        issues.check(model.lossNegObjWeights, in: .atLeast(0), "\(p).loss_neg_obj_weights")
        issues.check(model.lossClassWeights, in: .atLeast(0), "\(p).loss_class_weights")
        issues.check(model.labelSmoothing, in: .within(0, 0.3), "\(p).label_smoothing")
        issues.check(model.focalLossAlpha, in: ValueRange(lower: 0, upper: 1, upperInclusive: false), "\(p).focal_loss_alpha")
        issues.check(model.focalLossGamma, in: .atLeast(0), "\(p).focal_loss_gamma")
        var anchorFields = [("big_anchor_shape", model.bigAnchorShape), ("mid_anchor_shape", model.midAnchorShape)]
        if tiny {
            issues.check(model.smallAnchorShape.isEmpty, "\(p).small_anchor_shape",
                         "\(p).small_anchor_shape is not used by the cspdarknet_tiny backbone; remove it")
        } else {
            anchorFields.append(("small_anchor_shape", model.smallAnchorShape))
        }
        for (name, value) in anchorFields {
            if value.isEmpty {
                issues.add("\(p).\(name)", "\(p).\(name) must be set, e.g. \"[(15.6, 13.9), (30.3, 20.3), (20.7, 49.6)]\"")
            } else if anchors(value) == nil {
                issues.add("\(p).\(name)", "\(p).\(name) must be a list of (width, height) pairs in pixels, got \"\(value)\"")
            }
        }
        issues.check(model.bigGridXyExtend, in: .within(0, 0.3), "\(p).big_grid_xy_extend")
        issues.check(model.midGridXyExtend, in: .within(0, 0.3), "\(p).mid_grid_xy_extend")
        if tiny {
            issues.check(model.smallGridXyExtend == 0, "\(p).small_grid_xy_extend",
                         "\(p).small_grid_xy_extend is not used by the cspdarknet_tiny backbone; remove it")
        } else {
            issues.check(model.smallGridXyExtend, in: .within(0, 0.3), "\(p).small_grid_xy_extend")
        }
    }
}

/// Checks on TAO's common training messages that every task using them needs.
enum CommonTrainingRules {
    static func check(_ training: Zoo_Common_TrainingConfig, path p: String, into issues: inout SpecIssues) {
        switch training.learningRate.learningRate {
        case .softStartAnnealingSchedule(let s)?:
            let q = "\(p).learning_rate.soft_start_annealing_schedule"
            issues.check(s.minLearningRate, in: .above(0), "\(q).min_learning_rate")
            issues.check(s.maxLearningRate, in: .above(0), "\(q).max_learning_rate")
            issues.check(s.minLearningRate <= s.maxLearningRate, "\(q).min_learning_rate",
                         "\(q).min_learning_rate (\(s.minLearningRate)) is above max_learning_rate (\(s.maxLearningRate))")
            issues.check(s.softStart, in: ValueRange(lower: 0, upper: 1, upperInclusive: false), "\(q).soft_start")
            issues.check(s.annealing, in: ValueRange(lower: 0, upper: 1, upperInclusive: false), "\(q).annealing")
            issues.check(s.softStart <= s.annealing, "\(q).soft_start",
                         "\(q).soft_start (\(s.softStart)) must not come after annealing (\(s.annealing))")
        case .softStartCosineAnnealingSchedule(let s)?:
            let q = "\(p).learning_rate.soft_start_cosine_annealing_schedule"
            issues.check(s.maxLearningRate, in: .above(0), "\(q).max_learning_rate")
            issues.check(s.minLearningRate, in: .atLeast(0), "\(q).min_learning_rate")
            issues.check(s.minLearningRate <= s.maxLearningRate, "\(q).min_learning_rate",
                         "\(q).min_learning_rate (\(s.minLearningRate)) is above max_learning_rate (\(s.maxLearningRate))")
            issues.check(s.softStart, in: ValueRange(lower: 0, upper: 1, upperInclusive: false), "\(q).soft_start")
        case nil:
            issues.add("\(p).learning_rate",
                       "\(p).learning_rate needs soft_start_annealing_schedule or soft_start_cosine_annealing_schedule")
        }
        switch training.optimizer.optimizer {
        case .adam(let adam)?:
            issues.check(adam.epsilon, in: .above(0), "\(p).optimizer.adam.epsilon")
            issues.check(adam.beta1, in: ValueRange(lower: 0, upper: 1, upperInclusive: false), "\(p).optimizer.adam.beta1")
            issues.check(adam.beta2, in: ValueRange(lower: 0, upper: 1, upperInclusive: false), "\(p).optimizer.adam.beta2")
        case .sgd(let sgd)?:
            issues.check(sgd.momentum, in: .atLeast(0), "\(p).optimizer.sgd.momentum")
        case .rmsprop(let rms)?:
            issues.check(rms.rho, in: .atLeast(0), "\(p).optimizer.rmsprop.rho")
            issues.check(rms.momentum, in: .atLeast(0), "\(p).optimizer.rmsprop.momentum")
            issues.check(rms.epsilon, in: .atLeast(0), "\(p).optimizer.rmsprop.epsilon")
        case nil:
            issues.add("\(p).optimizer", "\(p).optimizer needs adam, sgd or rmsprop")
        }
        issues.check(training.regularizer.weight, in: .atLeast(0), "\(p).regularizer.weight")
    }
}
