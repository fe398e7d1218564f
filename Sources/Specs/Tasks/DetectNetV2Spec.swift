/// detectnet_v2's spec files: the experiment spec (train, evaluate, prune, export,
/// calibration_tensorfile), the inference spec, and the dataset_convert spec it shares with yolo_v4.
public enum DetectNetV2Spec {
    /// Loads an experiment spec for `action`; throws one `ZooError` listing every problem.
    public static func loadExperiment(_ path: String, for action: SpecAction = .train) throws
        -> LoadedSpec<Zoo_DetectnetV2_Experiment> {
        try experimentFormat.load(path, for: action)
    }

    /// Loads an inference spec (`inferencer_config` + `bbox_handler_config`).
    public static func loadInference(_ path: String) throws -> LoadedSpec<Zoo_DetectnetV2_Inference> {
        try inferenceFormat.load(path, for: .inference)
    }

    /// The backbones TAO's detectnet_v2 builds.
    public static let architectures = ["resnet", "vgg", "darknet", "mobilenet_v1", "mobilenet_v2", "squeezenet",
                                       "googlenet", "efficientnet_b0"]

    // MARK: - Experiment

    static let experimentFormat = ProtoSpecFormat<Zoo_DetectnetV2_Experiment>(
        task: .detectnetV2, kind: .experiment,
        fieldRules: { _ in experimentRules },
        validate: validateExperiment,
        defaults: SpecDefaults.detectnetV2Experiment,
        resolvePaths: { spec, resolve in
            for i in spec.datasetConfig.dataSources.indices {
                spec.datasetConfig.dataSources[i].tfrecordsPath = resolve(spec.datasetConfig.dataSources[i].tfrecordsPath)
                spec.datasetConfig.dataSources[i].imageDirectoryPath = resolve(spec.datasetConfig.dataSources[i].imageDirectoryPath)
            }
            if case .validationDataSource(var source)? = spec.datasetConfig.datasetSplitType {
                source.tfrecordsPath = resolve(source.tfrecordsPath)
                source.imageDirectoryPath = resolve(source.imageDirectoryPath)
                spec.datasetConfig.validationDataSource = source
            }
            if spec.hasModelConfig {
                spec.modelConfig.pretrainedModelFile = resolve(spec.modelConfig.pretrainedModelFile)
            }
            for i in spec.datasetExportConfig.indices {
                DatasetConvertSpec.resolvePaths(&spec.datasetExportConfig[i], resolve)
            }
        })

    /// TAO's train/evaluate checks (`cv/detectnet_v2/spec_handler/constants.py`). Two of TAO's
    /// limits are left out because they are copy-paste slips that would refuse sensible specs:
    /// `dbscan_min_samples` and `neighborhood_size` (integers) are not capped at 1.
    static let experimentRules = FieldRules(
        required: ["model_config", "training_config", "evaluation_config", "cost_function_config",
                   "augmentation_config", "bbox_rasterizer_config", "postprocessing_config", "dataset_config"],
        requiredInside: [
            "augmentation_config": ["preprocessing"],
            "bbox_rasterizer_config": ["target_class_config"],
            "training_config": ["learning_rate", "regularizer", "optimizer", "cost_scaling"],
            "optimizer": ["adam"],
            "evaluation_config": ["minimum_detection_ground_truth_overlap", "evaluation_box_config"],
            "cost_function_config": ["target_classes"],
            "target_classes": ["objectives"],
            "postprocessing_config": ["target_class_config"],
            "dataset_config": ["data_sources", "target_class_mapping"],
            "model_config": ["objective_set"],
            "objective_set": ["bbox", "cov"],
        ],
        checks: [
            "arch": [.set, .oneOf(architectures)],
            "num_layers": [.atLeast(0)],
            "scale": [.greaterThan(0)],
            "offset": [.atLeast(0)],
            "cov_center_x": [.atLeast(0), .atMost(1)],
            "cov_center_y": [.atLeast(0), .atMost(1)],
            "cov_radius_x": [.atLeast(0), .atMost(1)],
            "cov_radius_y": [.atLeast(0), .atMost(1)],
            "bbox_min_radius": [.atLeast(0), .atMost(1)],
            "deadzone_radius": [.atLeast(0), .atMost(1)],
            "batch_size_per_gpu": [.greaterThan(0)],
            "num_epochs": [.greaterThan(0)],
            "min_learning_rate": [.greaterThan(0)],
            "max_learning_rate": [.greaterThan(0)],
            "soft_start": [.atLeast(0), .lessThan(1)],
            "annealing": [.atLeast(0), .lessThan(1)],
            "validation_period_during_training": [.greaterThan(0)],
            "first_validation_epoch": [.greaterThan(0)],
            "minimum_height": [.atLeast(0)],
            "minimum_width": [.atLeast(0)],
            "maximum_height": [.greaterThan(0)],
            "maximum_width": [.greaterThan(0)],
            "weight": [.atLeast(0)],
            "coverage_threshold": [.atLeast(0), .atMost(1)],
            "minimum_bounding_box_height": [.atLeast(0)],
            "confidence_threshold": [.atLeast(0), .atMost(1)],
            "nms_iou_threshold": [.atLeast(0), .atMost(1)],
            "nms_confidence_threshold": [.atLeast(0), .atMost(1)],
            "dbscan_eps": [.atLeast(0), .atMost(1)],
            "dbscan_min_samples": [.atLeast(0)],
            "neighborhood_size": [.atLeast(0)],
            "dbscan_confidence_threshold": [.atLeast(0), .atMost(1)],
            "min_bbox_width": [.atLeast(0)],
            "min_bbox_height": [.atLeast(0)],
            "output_image_width": [.greaterThan(0), .multipleOf(16)],
            "output_image_height": [.greaterThan(0), .multipleOf(16)],
            "hflip_probability": [.atLeast(0), .atMost(1)],
            "vflip_probability": [.atLeast(0), .atMost(1)],
            "zoom_min": [.atLeast(0)],
            "zoom_max": [.atLeast(0)],
            "translate_max_x": [.atLeast(0)],
            "translate_max_y": [.atLeast(0)],
            "color_shift_stddev": [.atLeast(0), .atMost(1)],
            "hue_rotation_max": [.atLeast(0)],
            "saturation_shift_max": [.atLeast(0), .atMost(1)],
            "contrast_scale_max": [.atLeast(0), .atMost(1)],
            "contrast_center": [.atLeast(0), .atMost(1)],
            "tfrecords_path": [.set],
            "image_directory_path": [.set],
            "initial_exponent": [.greaterThan(0)],
            "increment": [.greaterThan(0)],
            "decrement": [.greaterThan(0)],
            "epsilon": [.greaterThan(0)],
            "beta1": [.greaterThan(0)],
            "beta2": [.greaterThan(0)],
            "name": [.set],
            "class_weight": [.atLeast(0)],
            "coverage_foreground_weight": [.atLeast(0)],
            "initial_weight": [.atLeast(0)],
            "weight_target": [.atLeast(0)],
        ])

    /// Checks TAO makes while building the model, the cost function, the rasterizer and the
    /// evaluator: every target class needs its settings in each of those sections.
    static func validateExperiment(_ spec: Zoo_DetectnetV2_Experiment, _ action: SpecAction, _ issues: inout SpecIssues) {
        let classes = spec.costFunctionConfig.targetClasses.map(\.name)
        var seen = Set<String>()
        for (i, name) in classes.enumerated() where !name.isEmpty && !seen.insert(name).inserted {
            issues.add("cost_function_config.target_classes.\(i).name",
                       "target class \"\(name)\" appears twice in cost_function_config.target_classes")
        }
        for (i, target) in spec.costFunctionConfig.targetClasses.enumerated() {
            for (j, objective) in target.objectives.enumerated() where !["cov", "bbox"].contains(objective.name) {
                issues.add("cost_function_config.target_classes.\(i).objectives.\(j).name",
                           "objective \"\(objective.name)\" of target class \"\(target.name)\" must be cov or bbox")
            }
        }
        if spec.hasCostFunctionConfig, !classes.isEmpty {
            let sections: [(String, [String], Bool)] = [
                ("evaluation_config.minimum_detection_ground_truth_overlap",
                 Array(spec.evaluationConfig.minimumDetectionGroundTruthOverlap.keys), spec.hasEvaluationConfig),
                ("evaluation_config.evaluation_box_config", Array(spec.evaluationConfig.evaluationBoxConfig.keys),
                 spec.hasEvaluationConfig),
                ("postprocessing_config.target_class_config", Array(spec.postprocessingConfig.targetClassConfig.keys),
                 spec.hasPostprocessingConfig),
                ("bbox_rasterizer_config.target_class_config", Array(spec.bboxRasterizerConfig.targetClassConfig.keys),
                 spec.hasBboxRasterizerConfig),
            ]
            for (path, keys, present) in sections where present && !keys.isEmpty {
                for name in classes where !name.isEmpty && !keys.contains(name) {
                    issues.add(path, "\(path) has no entry for target class \"\(name)\"")
                }
            }
        }
        for (name, overlap) in spec.evaluationConfig.minimumDetectionGroundTruthOverlap.sorted(by: { $0.key < $1.key }) {
            issues.check(overlap, in: .within(0, 1), "evaluation_config.minimum_detection_ground_truth_overlap.\(name)")
        }
        for (name, box) in spec.evaluationConfig.evaluationBoxConfig.sorted(by: { $0.key < $1.key }) {
            let path = "evaluation_config.evaluation_box_config.\(name)"
            issues.check(box.minimumHeight <= box.maximumHeight, path,
                         "\(path): minimum_height \(box.minimumHeight) is above maximum_height \(box.maximumHeight)")
            issues.check(box.minimumWidth <= box.maximumWidth, path,
                         "\(path): minimum_width \(box.minimumWidth) is above maximum_width \(box.maximumWidth)")
        }
        if action == .train || action == .evaluate {
            for (name, target) in spec.postprocessingConfig.targetClassConfig.sorted(by: { $0.key < $1.key })
            where target.clusteringConfig.clusteringAlgorithm == .hybrid {
                issues.add("postprocessing_config.target_class_config.\(name).clustering_config.clustering_algorithm",
                           "HYBRID clustering is only for inference specs; use DBSCAN or NMS in postprocessing_config")
            }
        }
        let augmentation = spec.augmentationConfig
        if augmentation.hasPreprocessing, augmentation.preprocessing.outputImageChannel != 0 {
            issues.check([1, 3].contains(augmentation.preprocessing.outputImageChannel),
                         "augmentation_config.preprocessing.output_image_channel",
                         "augmentation_config.preprocessing.output_image_channel must be 1 or 3, got \(augmentation.preprocessing.outputImageChannel)")
        }
        let spatial = augmentation.spatialAugmentation
        if spatial.zoomMin > spatial.zoomMax {
            issues.add("augmentation_config.spatial_augmentation.zoom_min",
                       "augmentation_config.spatial_augmentation.zoom_min (\(spatial.zoomMin)) is above zoom_max (\(spatial.zoomMax))")
        }
        let training = spec.trainingConfig
        if training.hasLearningRate {
            switch training.learningRate.learningRate {
            case .softStartAnnealingSchedule(let s)?:
                let path = "training_config.learning_rate.soft_start_annealing_schedule"
                issues.check(s.minLearningRate <= s.maxLearningRate, path + ".min_learning_rate",
                             "\(path).min_learning_rate (\(s.minLearningRate)) is above max_learning_rate (\(s.maxLearningRate))")
                issues.check(s.softStart <= s.annealing, path + ".soft_start",
                             "\(path).soft_start (\(s.softStart)) must not come after annealing (\(s.annealing))")
            case .earlyStoppingAnnealingSchedule(let s)?:
                let path = "training_config.learning_rate.early_stopping_annealing_schedule"
                issues.check(s.minLearningRate <= s.maxLearningRate, path + ".min_learning_rate",
                             "\(path).min_learning_rate (\(s.minLearningRate)) is above max_learning_rate (\(s.maxLearningRate))")
            case nil:
                issues.add("training_config.learning_rate",
                           "training_config.learning_rate needs soft_start_annealing_schedule or early_stopping_annealing_schedule")
            }
        }
        let model = spec.modelConfig
        if spec.hasModelConfig {
            ArchitectureRules.checkLayers(arch: model.arch, layers: Int(model.numLayers), path: "model_config.num_layers",
                                          zeroMeans: nil, into: &issues)
            issues.check(!model.loadGraph || !model.pretrainedModelFile.isEmpty, "model_config.load_graph",
                         "model_config.load_graph needs model_config.pretrained_model_file (the pruned model to retrain)")
        }
    }

    // MARK: - Inference

    static let inferenceFormat = ProtoSpecFormat<Zoo_DetectnetV2_Inference>(
        task: .detectnetV2, kind: .inference,
        fieldRules: { _ in inferenceRules },
        validate: validateInference,
        defaults: SpecDefaults.detectnetV2Inference,
        resolvePaths: { spec, resolve in
            switch spec.inferencerConfig.modelConfigType {
            case .tltConfig(var tlt)?:
                tlt.model = resolve(tlt.model)
                spec.inferencerConfig.tltConfig = tlt
            case .tensorrtConfig(var trt)?:
                trt.caffemodel = resolve(trt.caffemodel)
                trt.prototxt = resolve(trt.prototxt)
                trt.uffModel = resolve(trt.uffModel)
                trt.etltModel = resolve(trt.etltModel)
                trt.trtEngine = resolve(trt.trtEngine)
                if trt.hasCalibratorConfig {
                    trt.calibratorConfig.calibrationCache = resolve(trt.calibratorConfig.calibrationCache)
                    trt.calibratorConfig.calibrationTensorfile = resolve(trt.calibratorConfig.calibrationTensorfile)
                }
                spec.inferencerConfig.tensorrtConfig = trt
            case nil:
                break
            }
        })

    /// TAO's inference checks (`INFERENCE_*` in `spec_handler/constants.py`).
    static let inferenceRules = FieldRules(
        required: ["inferencer_config", "bbox_handler_config"],
        requiredInside: ["bbox_handler_config": ["classwise_bbox_handler_config"]],
        checks: [
            "batch_size": [.greaterThan(0)],
            "image_height": [.greaterThan(0)],
            "image_width": [.greaterThan(0)],
            "image_channels": [.oneOf(["1", "3"])],
            "calibration_cache": [.set],
            "coverage_threshold": [.atLeast(0), .atMost(1)],
            "minimum_bounding_box_height": [.atLeast(0)],
        ])

    static func validateInference(_ spec: Zoo_DetectnetV2_Inference, _ action: SpecAction, _ issues: inout SpecIssues) {
        guard spec.hasInferencerConfig else { return }
        let inferencer = spec.inferencerConfig
        switch inferencer.modelConfigType {
        case .tltConfig(let tlt)?:
            issues.check(!tlt.model.isEmpty, "inferencer_config.tlt_config.model",
                         "inferencer_config.tlt_config.model must name the model file")
        case .tensorrtConfig?:
            break
        case nil:
            issues.add("inferencer_config", "inferencer_config needs tlt_config { model: ... } or tensorrt_config")
        }
        issues.check(!inferencer.targetClasses.isEmpty, "inferencer_config",
                     "inferencer_config needs target_classes, in the order of the network's outputs")
        if inferencer.imageWidth > 0, inferencer.imageWidth % 16 != 0 {
            issues.add("inferencer_config.image_width",
                       "inferencer_config.image_width must be a multiple of 16, got \(inferencer.imageWidth)")
        }
        if inferencer.imageHeight > 0, inferencer.imageHeight % 16 != 0 {
            issues.add("inferencer_config.image_height",
                       "inferencer_config.image_height must be a multiple of 16, got \(inferencer.imageHeight)")
        }
        let handlers = spec.bboxHandlerConfig.classwiseBboxHandlerConfig
        for (name, handler) in handlers.sorted(by: { $0.key < $1.key }) {
            let path = "bbox_handler_config.classwise_bbox_handler_config.\(name)"
            issues.check(["aggregate_cov", "mean_cov"].contains(handler.confidenceModel), path + ".confidence_model",
                         "\(path).confidence_model must be aggregate_cov or mean_cov, got \"\(handler.confidenceModel)\"")
            for (channel, value) in [("R", handler.bboxColor.r), ("G", handler.bboxColor.g), ("B", handler.bboxColor.b)] {
                issues.check(value, in: .within(0, 255), "\(path).bbox_color.\(channel)")
            }
        }
        if !handlers.isEmpty, handlers["default"] == nil {
            for name in inferencer.targetClasses where handlers[name] == nil {
                issues.add("bbox_handler_config.classwise_bbox_handler_config",
                           "bbox_handler_config.classwise_bbox_handler_config has no entry for target class \"\(name)\" and no \"default\" entry")
            }
        }
    }
}
