/// `BpNetDataloader`: where the training records are and how samples are prepared.
public struct BPNetDataloader: Codable, Sendable, Equatable {
    public var batchSize = 0
    public var poseConfig = PoseConfig()
    public var imageConfig = ImageConfig()
    public var datasetConfig = DatasetConfig()
    public var normalizationParams = NormalizationParams()
    public var augmentationConfig = AugmentationConfig()
    public var labelProcessorConfig = LabelProcessorConfig()
    public var shuffleBufferSize = 20000

    public init() {}

    enum Keys: String, CodingKey, CaseIterable {
        case batchSize = "batch_size", poseConfig = "pose_config", imageConfig = "image_config"
        case datasetConfig = "dataset_config", normalizationParams = "normalization_params"
        case augmentationConfig = "augmentation_config", labelProcessorConfig = "label_processor_config"
        case shuffleBufferSize = "shuffle_buffer_size"
    }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder, classNames: ["BpNetDataloader"])
        batchSize = o.required(.batchSize, placeholder: 0)
        poseConfig = o.required(.poseConfig, placeholder: PoseConfig())
        imageConfig = o.required(.imageConfig, placeholder: ImageConfig())
        datasetConfig = o.required(.datasetConfig, placeholder: DatasetConfig())
        normalizationParams = o.required(.normalizationParams, placeholder: NormalizationParams())
        augmentationConfig = o.required(.augmentationConfig, placeholder: AugmentationConfig())
        labelProcessorConfig = o.required(.labelProcessorConfig, placeholder: LabelProcessorConfig())
        shuffleBufferSize = o.optional(.shuffleBufferSize, default: 20000)
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder, className: "BpNetDataloader")
        try w.write(batchSize, .batchSize)
        try w.write(poseConfig, .poseConfig)
        try w.write(imageConfig, .imageConfig)
        try w.write(datasetConfig, .datasetConfig)
        try w.write(normalizationParams, .normalizationParams)
        try w.write(augmentationConfig, .augmentationConfig)
        try w.write(labelProcessorConfig, .labelProcessorConfig)
        try w.write(shuffleBufferSize, .shuffleBufferSize)
    }

    /// `BpNetPoseConfig`: the skeleton (a pose-config JSON) and the label grid size.
    public struct PoseConfig: Codable, Sendable, Equatable {
        /// Label grid `[height, width]`: the input size divided by the network stride (8).
        public var targetShape: [Int] = []
        public var poseConfigPath = ""
        public init() {}

        enum Keys: String, CodingKey, CaseIterable { case targetShape = "target_shape", poseConfigPath = "pose_config_path" }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder, classNames: ["BpNetPoseConfig"])
            targetShape = o.required(.targetShape, placeholder: [])
            poseConfigPath = o.required(.poseConfigPath, placeholder: "")
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder, className: "BpNetPoseConfig")
            try w.write(targetShape, .targetShape)
            try w.write(poseConfigPath, .poseConfigPath)
        }
    }

    /// Network input size and the encoding of the stored images.
    public struct ImageConfig: Codable, Sendable, Equatable {
        public var imageDims = ImageDims()
        /// "jpg" or "png".
        public var imageEncoding = "jpg"
        public init() {}

        public struct ImageDims: Codable, Sendable, Equatable {
            public var height = 256
            public var width = 256
            public var channels = 3
            public init() {}

            enum Keys: String, CodingKey, CaseIterable { case height, width, channels }

            public init(from decoder: Decoder) throws {
                let o = try YAMLObject<Keys>(decoder)
                height = o.required(.height, placeholder: 0)
                width = o.required(.width, placeholder: 0)
                channels = o.optional(.channels, default: 3)
            }

            public func encode(to encoder: Encoder) throws {
                var w = try YAMLWriter<Keys>(encoder)
                try w.write(height, .height)
                try w.write(width, .width)
                try w.write(channels, .channels)
            }
        }

        enum Keys: String, CodingKey, CaseIterable { case imageDims = "image_dims", imageEncoding = "image_encoding" }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder)
            imageDims = o.required(.imageDims, placeholder: ImageDims())
            imageEncoding = o.optional(.imageEncoding, default: "jpg")
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder)
            try w.write(imageDims, .imageDims)
            try w.write(imageEncoding, .imageEncoding)
        }
    }

    /// The converted training and validation records, and the dataset spec JSON per dataset.
    public struct DatasetConfig: Codable, Sendable, Equatable {
        public var rootDataPath = ""
        public var trainRecordsFolderPath = ""
        /// Record files inside `trainRecordsFolderPath`.
        public var trainRecordsPath: [String] = []
        public var valRecordsFolderPath = ""
        public var valRecordsPath: [String] = []
        /// Dataset name (e.g. "coco") to its dataset spec JSON.
        public var datasetSpecs: [String: String] = [:]
        public init() {}

        enum Keys: String, CodingKey, CaseIterable {
            case rootDataPath = "root_data_path", trainRecordsFolderPath = "train_records_folder_path"
            case trainRecordsPath = "train_records_path", valRecordsFolderPath = "val_records_folder_path"
            case valRecordsPath = "val_records_path", datasetSpecs = "dataset_specs"
        }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder)
            rootDataPath = o.optional(.rootDataPath, default: "")
            trainRecordsFolderPath = o.required(.trainRecordsFolderPath, placeholder: "")
            trainRecordsPath = o.required(.trainRecordsPath, placeholder: [])
            valRecordsFolderPath = o.optional(.valRecordsFolderPath, default: "")
            valRecordsPath = o.optional(.valRecordsPath, default: [])
            datasetSpecs = o.required(.datasetSpecs, placeholder: [:])
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder)
            try w.write(rootDataPath, .rootDataPath)
            try w.write(trainRecordsFolderPath, .trainRecordsFolderPath)
            try w.write(trainRecordsPath, .trainRecordsPath)
            try w.write(valRecordsFolderPath, .valRecordsFolderPath)
            try w.write(valRecordsPath, .valRecordsPath)
            try w.write(datasetSpecs, .datasetSpecs)
        }
    }

    /// Pixels are fed as `value / scale - offset` per channel (TAO: `/256 − 0.5`), masks likewise.
    public struct NormalizationParams: Codable, Sendable, Equatable {
        public var imageScale = [256.0, 256.0, 256.0]
        public var imageOffset = [0.5, 0.5, 0.5]
        public var maskScale = [255.0]
        public var maskOffset = [0.0]
        public init() {}

        enum Keys: String, CodingKey, CaseIterable {
            case imageScale = "image_scale", imageOffset = "image_offset", maskScale = "mask_scale", maskOffset = "mask_offset"
        }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder)
            imageScale = o.optional(.imageScale, default: [256.0, 256.0, 256.0])
            imageOffset = o.optional(.imageOffset, default: [0.5, 0.5, 0.5])
            maskScale = o.optional(.maskScale, default: [255.0])
            maskOffset = o.optional(.maskOffset, default: [0.0])
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder)
            try w.write(imageScale, .imageScale)
            try w.write(imageOffset, .imageOffset)
            try w.write(maskScale, .maskScale)
            try w.write(maskOffset, .maskOffset)
        }
    }

    /// TAO's `AugmentationConfig`: the spatial augmentation ranges and mode.
    public struct AugmentationConfig: Codable, Sendable, Equatable {
        public static let modes = ["person_centric", "standard", "standard_with_fixed_aspect_ratio"]

        public var spatialAugmentationMode = "person_centric"
        public var spatialAugParams = SpatialAugParams()
        /// Accepted as TAO's files write it; TAO computes the identity parameters itself.
        public var identitySpatialAugParams: SpatialAugParams?
        public init() {}

        enum Keys: String, CodingKey, CaseIterable {
            case spatialAugmentationMode = "spatial_augmentation_mode", spatialAugParams = "spatial_aug_params"
            case identitySpatialAugParams = "identity_spatial_aug_params"
        }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder, classNames: ["AugmentationConfig"])
            spatialAugmentationMode = o.optional(.spatialAugmentationMode, default: "person_centric")
            spatialAugParams = o.required(.spatialAugParams, placeholder: SpatialAugParams())
            identitySpatialAugParams = o.nullable(.identitySpatialAugParams)
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder, className: "AugmentationConfig")
            try w.write(spatialAugmentationMode, .spatialAugmentationMode)
            try w.write(spatialAugParams, .spatialAugParams)
            try w.write(identitySpatialAugParams, .identitySpatialAugParams)
        }
    }

    /// Ranges for flips, rotation, zoom and translation, with TAO's defaults (a minimum left out
    /// is the negated maximum).
    public struct SpatialAugParams: Codable, Sendable, Equatable {
        public var flipLrProb = 0.0
        public var flipTbProb = 0.0
        public var rotateDegMax = 0.0
        public var rotateDegMin: Double?
        public var zoomProb = 0.0
        public var zoomRatioMin = 1.0
        public var zoomRatioMax = 1.0
        public var translateMaxX = 0.0
        public var translateMinX: Double?
        public var translateMaxY = 0.0
        public var translateMinY: Double?
        public var useTranslateRatio = false
        public var translateRatioMax = 0.0
        public var translateRatioMin = 0.0
        public var targetPersonScale = 0.6
        public init() {}

        enum Keys: String, CodingKey, CaseIterable {
            case flipLrProb = "flip_lr_prob", flipTbProb = "flip_tb_prob", rotateDegMax = "rotate_deg_max"
            case rotateDegMin = "rotate_deg_min", zoomProb = "zoom_prob", zoomRatioMin = "zoom_ratio_min"
            case zoomRatioMax = "zoom_ratio_max", translateMaxX = "translate_max_x", translateMinX = "translate_min_x"
            case translateMaxY = "translate_max_y", translateMinY = "translate_min_y"
            case useTranslateRatio = "use_translate_ratio", translateRatioMax = "translate_ratio_max"
            case translateRatioMin = "translate_ratio_min", targetPersonScale = "target_person_scale"
        }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder)
            flipLrProb = o.optional(.flipLrProb, default: 0.0)
            flipTbProb = o.optional(.flipTbProb, default: 0.0)
            rotateDegMax = o.optional(.rotateDegMax, default: 0.0)
            rotateDegMin = o.nullable(.rotateDegMin)
            zoomProb = o.optional(.zoomProb, default: 0.0)
            zoomRatioMin = o.optional(.zoomRatioMin, default: 1.0)
            zoomRatioMax = o.optional(.zoomRatioMax, default: 1.0)
            translateMaxX = o.optional(.translateMaxX, default: 0.0)
            translateMinX = o.nullable(.translateMinX)
            translateMaxY = o.optional(.translateMaxY, default: 0.0)
            translateMinY = o.nullable(.translateMinY)
            useTranslateRatio = o.optional(.useTranslateRatio, default: false)
            translateRatioMax = o.optional(.translateRatioMax, default: 0.0)
            translateRatioMin = o.optional(.translateRatioMin, default: 0.0)
            targetPersonScale = o.optional(.targetPersonScale, default: 0.6)
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder)
            try w.write(flipLrProb, .flipLrProb)
            try w.write(flipTbProb, .flipTbProb)
            try w.write(rotateDegMax, .rotateDegMax)
            try w.write(rotateDegMin, .rotateDegMin)
            try w.write(zoomProb, .zoomProb)
            try w.write(zoomRatioMin, .zoomRatioMin)
            try w.write(zoomRatioMax, .zoomRatioMax)
            try w.write(translateMaxX, .translateMaxX)
            try w.write(translateMinX, .translateMinX)
            try w.write(translateMaxY, .translateMaxY)
            try w.write(translateMinY, .translateMinY)
            try w.write(useTranslateRatio, .useTranslateRatio)
            try w.write(translateRatioMax, .translateRatioMax)
            try w.write(translateRatioMin, .translateRatioMin)
            try w.write(targetPersonScale, .targetPersonScale)
        }
    }

    /// Gaussian widths of the heatmap and PAF labels.
    public struct LabelProcessorConfig: Codable, Sendable, Equatable {
        public var pafGaussianSigma = 0.03
        /// In input pixels.
        public var heatmapGaussianSigma = 7.0
        /// PAF half-width, in grid cells.
        public var pafOrthoDistThresh = 1.0
        public init() {}

        enum Keys: String, CodingKey, CaseIterable {
            case pafGaussianSigma = "paf_gaussian_sigma", heatmapGaussianSigma = "heatmap_gaussian_sigma"
            case pafOrthoDistThresh = "paf_ortho_dist_thresh"
        }

        public init(from decoder: Decoder) throws {
            let o = try YAMLObject<Keys>(decoder)
            pafGaussianSigma = o.optional(.pafGaussianSigma, default: 0.03)
            heatmapGaussianSigma = o.optional(.heatmapGaussianSigma, default: 7.0)
            pafOrthoDistThresh = o.optional(.pafOrthoDistThresh, default: 1.0)
        }

        public func encode(to encoder: Encoder) throws {
            var w = try YAMLWriter<Keys>(encoder)
            try w.write(pafGaussianSigma, .pafGaussianSigma)
            try w.write(heatmapGaussianSigma, .heatmapGaussianSigma)
            try w.write(pafOrthoDistThresh, .pafOrthoDistThresh)
        }
    }
}

/// BPNet's inference spec (`zoo bpnet inference|evaluate -i spec.yaml`): a plain YAML mapping.
public struct BPNetInferenceSpec: Codable, Sendable, Equatable {
    public static let aspectRatioModes = ["adjust_network_input", "pad_image_input"]

    /// The model to run: a model file, or a registry ref.
    public var modelPath = ""
    /// The training spec the model came from.
    public var trainSpec: String?
    /// Network input `[height, width]`.
    public var inputShape = [256, 256]
    /// "adjust_network_input", "pad_image_input", or nil (`null`) to stretch.
    public var keepAspectRatioMode: String?
    /// nil: the last stage.
    public var outputStageToUse: Int?
    public var outputUpsamplingFactor = [8, 8]
    public var heatmapThreshold = 0.1
    public var pafThreshold = 0.05
    public var multiScaleInference = false
    public var scales = [0.5, 1.0, 1.5, 2.0]

    public init() {}

    enum Keys: String, CodingKey, CaseIterable {
        case modelPath = "model_path", trainSpec = "train_spec", inputShape = "input_shape"
        case keepAspectRatioMode = "keep_aspect_ratio_mode", outputStageToUse = "output_stage_to_use"
        case outputUpsamplingFactor = "output_upsampling_factor", heatmapThreshold = "heatmap_threshold"
        case pafThreshold = "paf_threshold", multiScaleInference = "multi_scale_inference", scales
    }

    public init(from decoder: Decoder) throws {
        let o = try YAMLObject<Keys>(decoder)
        modelPath = o.required(.modelPath, placeholder: "")
        trainSpec = o.nullable(.trainSpec)
        inputShape = o.optional(.inputShape, default: [256, 256])
        keepAspectRatioMode = o.nullable(.keepAspectRatioMode)
        outputStageToUse = o.nullable(.outputStageToUse)
        outputUpsamplingFactor = o.optional(.outputUpsamplingFactor, default: [8, 8])
        heatmapThreshold = o.optional(.heatmapThreshold, default: 0.1)
        pafThreshold = o.optional(.pafThreshold, default: 0.05)
        multiScaleInference = o.optional(.multiScaleInference, default: false)
        scales = o.optional(.scales, default: [0.5, 1.0, 1.5, 2.0])
    }

    public func encode(to encoder: Encoder) throws {
        var w = try YAMLWriter<Keys>(encoder)
        try w.write(modelPath, .modelPath)
        try w.write(trainSpec, .trainSpec)
        try w.write(inputShape, .inputShape)
        try w.write(keepAspectRatioMode, .keepAspectRatioMode)
        try w.write(outputStageToUse, .outputStageToUse)
        try w.write(outputUpsamplingFactor, .outputUpsamplingFactor)
        try w.write(heatmapThreshold, .heatmapThreshold)
        try w.write(pafThreshold, .pafThreshold)
        try w.write(multiScaleInference, .multiScaleInference)
        try w.write(scales, .scales)
    }
}
