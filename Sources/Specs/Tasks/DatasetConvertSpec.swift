/// The dataset_convert spec of detectnet_v2 and yolo_v4 (`zoo <task> dataset_convert -d SPEC`):
/// a `kitti_config` or `coco_config`, an optional `sample_modifier_config` and class mapping.
public enum DatasetConvertSpec {
    /// Loads a dataset_convert spec; throws one `ZooError` listing every problem.
    /// `task` only labels the result: both detectors read the same format.
    public static func load(_ path: String, task: SpecTask = .detectnetV2) throws -> LoadedSpec<DatasetExportSpec> {
        try format(for: task).load(path, for: .datasetConvert)
    }

    /// KITTI's partition modes.
    public static let partitionModes = ["random", "sequence"]

    static func format(for task: SpecTask) -> ProtoSpecFormat<DatasetExportSpec> {
        ProtoSpecFormat(
            task: task, kind: .datasetConvert,
            fieldRules: { _ in FieldRules() },
            validate: { spec, _, issues in validate(spec, path: "", into: &issues) },
            defaults: SpecDefaults.datasetConvert,
            resolvePaths: { spec, resolve in resolvePaths(&spec, resolve) })
    }

    /// Root folders and the image folder are paths; the folder and file names inside the root
    /// (image_dir_name, label_dir_name, img_dir_names, annotation_files, …) stay relative to it.
    static func resolvePaths(_ spec: inout DatasetExportSpec, _ resolve: (String) -> String) {
        switch spec.convertConfigType {
        case .kittiConfig(var kitti)?:
            kitti.rootDirectoryPath = resolve(kitti.rootDirectoryPath)
            spec.kittiConfig = kitti
        case .cocoConfig(var coco)?:
            coco.rootDirectoryPath = resolve(coco.rootDirectoryPath)
            spec.cocoConfig = coco
        case nil:
            break
        }
        spec.imageDirectoryPath = resolve(spec.imageDirectoryPath)
    }

    /// The checks TAO's converters make before converting (`build_converter.py`, the KITTI and
    /// COCO converters). `path` prefixes the paths (for specs embedded in an experiment).
    static func validate(_ spec: DatasetExportSpec, path prefix: String, into issues: inout SpecIssues) {
        func at(_ path: String) -> String { prefix.isEmpty ? path : prefix + "." + path }
        switch spec.convertConfigType {
        case .kittiConfig(let kitti)?:
            for (name, value) in [("root_directory_path", kitti.rootDirectoryPath), ("image_dir_name", kitti.imageDirName),
                                  ("label_dir_name", kitti.labelDirName)] where value.isEmpty {
                issues.add(at("kitti_config.\(name)"), "\(at("kitti_config.\(name)")) must be set")
            }
            switch kitti.partitionMode {
            case "random":
                issues.check(kitti.numPartitions == 2, at("kitti_config.num_partitions"),
                             "\(at("kitti_config.num_partitions")) must be 2 with partition_mode \"random\" (validation and training), got \(kitti.numPartitions)")
                issues.check(kitti.valSplit, in: ValueRange(lower: 0, upper: 100, upperInclusive: false), at("kitti_config.val_split"))
            case "sequence":
                issues.check(!kitti.kittiSequenceToFramesFile.isEmpty, at("kitti_config.kitti_sequence_to_frames_file"),
                             "\(at("kitti_config.kitti_sequence_to_frames_file")) must name the sequence-to-frames JSON with partition_mode \"sequence\"")
            default:
                let hint = Suggestions.closest(to: kitti.partitionMode, in: partitionModes).map { "; did you mean \"\($0)\"?" } ?? ""
                issues.add(at("kitti_config.partition_mode"),
                           "\(at("kitti_config.partition_mode")) must be \"random\" or \"sequence\", "
                           + (kitti.partitionMode.isEmpty ? "it is not set" : "got \"\(kitti.partitionMode)\"") + hint)
            }
            if !kitti.imageExtension.isEmpty, !kitti.imageExtension.hasPrefix(".") {
                issues.add(at("kitti_config.image_extension"),
                           "\(at("kitti_config.image_extension")) must start with a dot, e.g. \".\(kitti.imageExtension)\"")
            }
        case .cocoConfig(let coco)?:
            issues.check(!coco.rootDirectoryPath.isEmpty, at("coco_config.root_directory_path"),
                         "\(at("coco_config.root_directory_path")) must be set")
            issues.check(coco.numPartitions > 0, at("coco_config.num_partitions"),
                         "\(at("coco_config.num_partitions")) must be at least 1, got \(coco.numPartitions)")
            issues.check(coco.imgDirNames.count == Int(coco.numPartitions) && coco.annotationFiles.count == Int(coco.numPartitions),
                         at("coco_config.num_partitions"),
                         "\(at("coco_config")) needs one img_dir_names and one annotation_files entry per partition "
                         + "(num_partitions \(coco.numPartitions), got \(coco.imgDirNames.count) and \(coco.annotationFiles.count))")
            issues.check(coco.numShards.count == 1 || coco.numShards.count == Int(coco.numPartitions), at("coco_config.num_shards"),
                         "\(at("coco_config.num_shards")) needs one value for all partitions or one per partition, got \(coco.numShards.count)")
        case nil:
            issues.add(at("kitti_config"), "\(prefix.isEmpty ? "the spec" : prefix) needs a kitti_config or coco_config block")
        }
        for (name, ratio) in spec.sampleModifierConfig.minimumTargetClassImbalance.sorted(by: { $0.key < $1.key }) {
            issues.check(ratio, in: .above(0), at("sample_modifier_config.minimum_target_class_imbalance.\(name)"))
        }
    }
}

/// A dataset_convert spec: TAO's `DatasetExportConfig`.
public typealias DatasetExportSpec = Zoo_DatasetConvert_DatasetExportConfig
/// The KITTI part of a dataset_convert spec.
public typealias KITTIConvertConfig = Zoo_DatasetConvert_KITTIConfig
/// The COCO part of a dataset_convert spec.
public typealias COCOConvertConfig = Zoo_DatasetConvert_COCOConfig
/// The class-balancing part of a dataset_convert spec.
public typealias SampleModifierConfig = Zoo_DatasetConvert_DatasetExportConfig.SampleModifierConfig
