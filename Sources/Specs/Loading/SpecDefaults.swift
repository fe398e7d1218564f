/// TAO's code-level fallbacks, in one place: fields whose proto3 zero value ("not written") TAO's
/// code replaces with a default. They are applied after validation, as TAO applies them, and every
/// one that changes a value is listed in `LoadedSpec.appliedDefaults` (`zoo spec show --effective`).
/// Everything else keeps proto3's zero default, exactly as TAO reads it. (BPNet's YAML defaults are
/// the constructor defaults of TAO's classes, kept on the BPNet spec types.)
enum SpecDefaults {
    static let detectnetV2Experiment: [SpecFallback<Zoo_DetectnetV2_Experiment>] = [
        SpecFallback(path: "training_config.checkpoint_interval", value: "10",
                     reason: "detectnet_v2 train checkpoints every 10 epochs when it is 0") { spec in
            guard spec.hasTrainingConfig, spec.trainingConfig.checkpointInterval == 0 else { return false }
            spec.trainingConfig.checkpointInterval = 10
            return true
        },
        SpecFallback(path: "dataset_export_config.kitti_config.image_extension", value: ".png",
                     reason: "the KITTI converter reads .png images when none is given") { spec in
            var changed = false
            for i in spec.datasetExportConfig.indices { changed = fillKITTIExtension(&spec.datasetExportConfig[i]) || changed }
            return changed
        },
    ]

    static let datasetConvert: [SpecFallback<Zoo_DatasetConvert_DatasetExportConfig>] = [
        SpecFallback(path: "kitti_config.image_extension", value: ".png",
                     reason: "the KITTI converter reads .png images when none is given") { fillKITTIExtension(&$0) },
    ]

    static let detectnetV2Inference: [SpecFallback<Zoo_DetectnetV2_Inference>] = []

    static let yoloV4Experiment: [SpecFallback<Zoo_YoloV4_Experiment>] = [
        SpecFallback(path: "augmentation_config.output_depth", value: "8",
                     reason: "yolo_v4 reads 8-bit images when output_depth is 0") { spec in
            guard spec.hasAugmentationConfig, spec.augmentationConfig.outputDepth == 0 else { return false }
            spec.augmentationConfig.outputDepth = 8
            return true
        },
        SpecFallback(path: "augmentation_config.image_mean", value: "b 103.939, g 116.779, r 123.68 (l 117.3786 for one channel)",
                     reason: "yolo_v4 subtracts ImageNet's BGR means when image_mean is empty") { spec in
            guard spec.hasAugmentationConfig, spec.augmentationConfig.imageMean.isEmpty,
                  spec.augmentationConfig.outputDepth <= 8 else { return false }
            spec.augmentationConfig.imageMean = defaultImageMean(channels: spec.augmentationConfig.outputChannel)
            return true
        },
    ]

    static let classificationExperiment: [SpecFallback<Zoo_Classification_Experiment>] = [
        SpecFallback(path: "model_config.n_layers", value: "18", reason: "classification builds 18 layers when n_layers is 0") { spec in
            guard spec.hasModelConfig, spec.modelConfig.nLayers == 0 else { return false }
            spec.modelConfig.nLayers = 18
            return true
        },
        SpecFallback(path: "train_config.image_mean", value: "b 103.939, g 116.779, r 123.68 (l 117.3786 for one channel)",
                     reason: "caffe preprocessing subtracts ImageNet's BGR means when image_mean is empty") { spec in
            guard spec.hasTrainConfig, spec.trainConfig.preprocessMode == "caffe", spec.trainConfig.imageMean.isEmpty else {
                return false
            }
            let channels = Int32(spec.modelConfig.inputImageSize.split(separator: ",").first.flatMap { Int($0) } ?? 3)
            spec.trainConfig.imageMean = defaultImageMean(channels: channels)
            return true
        },
    ]

    private static func fillKITTIExtension(_ config: inout Zoo_DatasetConvert_DatasetExportConfig) -> Bool {
        guard case .kittiConfig(var kitti)? = config.convertConfigType, kitti.imageExtension.isEmpty else { return false }
        kitti.imageExtension = ".png"
        config.kittiConfig = kitti
        return true
    }

    /// ImageNet's channel means in 0–255 (`caffe` mode), keyed as TAO's `image_mean` maps are.
    static func defaultImageMean(channels: Int32) -> [String: Float] {
        channels == 1 ? ["l": 117.3786] : ["b": 103.939, "g": 116.779, "r": 123.68]
    }
}
