/// What `dataset_convert` converts: a plain mirror of TAO's `dataset_export_config` message
/// (`kitti_config` or `coco_config`, `sample_modifier_config`, `image_directory_path`,
/// `target_class_mapping`), so the spec loader fills it field for field.
public struct ConversionConfig: Sendable, Equatable {
    /// The `convert_config_type` oneof.
    public enum Source: Sendable, Equatable {
        case kitti(KITTIConversionSource)
        case coco(COCOConversionSource)
    }

    public var source: Source
    public var sampleModifier: SampleModifierOptions
    /// Where training later finds the images (not used by the conversion itself).
    public var imageDirectoryPath: String
    /// Source → target classes for training (TAO's converter writes lower-cased source classes).
    public var targetClassMapping: [String: String]

    public init(source: Source, sampleModifier: SampleModifierOptions = SampleModifierOptions(),
                imageDirectoryPath: String = "", targetClassMapping: [String: String] = [:]) {
        self.source = source
        self.sampleModifier = sampleModifier
        self.imageDirectoryPath = imageDirectoryPath
        self.targetClassMapping = targetClassMapping
    }
}

/// TAO's `kitti_config`.
public struct KITTIConversionSource: Sendable, Equatable {
    public var rootDirectoryPath: String
    public var imageDirName: String
    public var labelDirName: String
    public var pointCloudsDir: String
    public var calibrationsDir: String
    /// JSON file (relative to the root) mapping sequence names to frame ids, for `sequence` mode.
    public var kittiSequenceToFramesFile: String
    /// With its dot; empty means `.png`, as TAO.
    public var imageExtension: String
    public var numPartitions: Int
    public var numShards: Int
    /// `random` or `sequence`.
    public var partitionMode: String
    /// Percent of frames for validation (random mode), 0 ≤ val_split < 100.
    public var valSplit: Float

    public init(rootDirectoryPath: String, imageDirName: String = "images", labelDirName: String = "labels",
                pointCloudsDir: String = "", calibrationsDir: String = "", kittiSequenceToFramesFile: String = "",
                imageExtension: String = ".png", numPartitions: Int = 2, numShards: Int = 10,
                partitionMode: String = "random", valSplit: Float = 14) {
        self.rootDirectoryPath = rootDirectoryPath; self.imageDirName = imageDirName; self.labelDirName = labelDirName
        self.pointCloudsDir = pointCloudsDir; self.calibrationsDir = calibrationsDir
        self.kittiSequenceToFramesFile = kittiSequenceToFramesFile; self.imageExtension = imageExtension
        self.numPartitions = numPartitions; self.numShards = numShards; self.partitionMode = partitionMode; self.valSplit = valSplit
    }
}

/// TAO's `coco_config`: one partition per (image folder, annotation file) pair.
public struct COCOConversionSource: Sendable, Equatable {
    public var rootDirectoryPath: String
    public var imgDirNames: [String]
    public var annotationFiles: [String]
    public var numPartitions: Int
    /// One value for every partition, or one per partition.
    public var numShards: [Int]

    public init(rootDirectoryPath: String, imgDirNames: [String], annotationFiles: [String], numPartitions: Int, numShards: [Int]) {
        self.rootDirectoryPath = rootDirectoryPath; self.imgDirNames = imgDirNames; self.annotationFiles = annotationFiles
        self.numPartitions = numPartitions; self.numShards = numShards
    }
}

/// TAO's `sample_modifier_config`: filtering and duplication of training frames.
public struct SampleModifierOptions: Sendable, Equatable {
    public var filterSamplesContainingOnly: [String]
    public var dominantTargetClasses: [String]
    public var minimumTargetClassImbalance: [String: Float]
    public var numDuplicates: Int
    public var maxTrainingSamples: Int
    public var sourceToTargetClassMapping: [String: String]

    public init(filterSamplesContainingOnly: [String] = [], dominantTargetClasses: [String] = [],
                minimumTargetClassImbalance: [String: Float] = [:], numDuplicates: Int = 0, maxTrainingSamples: Int = 0,
                sourceToTargetClassMapping: [String: String] = [:]) {
        self.filterSamplesContainingOnly = filterSamplesContainingOnly; self.dominantTargetClasses = dominantTargetClasses
        self.minimumTargetClassImbalance = minimumTargetClassImbalance; self.numDuplicates = numDuplicates
        self.maxTrainingSamples = maxTrainingSamples; self.sourceToTargetClassMapping = sourceToTargetClassMapping
    }
}
