import Foundation
import Testing
import ZooCore
@testable import Specs

/// A real TAO spec with one edit that breaks it, and the exact lines `zoo` must report.
struct BrokenSpec: CustomTestStringConvertible, Sendable {
    enum Loader: Sendable {
        case detectnetV2, detectnetV2Inference, yoloV4, classification, classificationEvaluate, datasetConvert, bpnetTrain, bpnetInference

        func load(_ path: String) throws {
            switch self {
            case .detectnetV2: _ = try DetectNetV2Spec.loadExperiment(path)
            case .detectnetV2Inference: _ = try DetectNetV2Spec.loadInference(path)
            case .yoloV4: _ = try YOLOv4Spec.loadExperiment(path)
            case .classification: _ = try ClassificationSpec.loadExperiment(path)
            case .classificationEvaluate: _ = try ClassificationSpec.loadExperiment(path, for: .evaluate)
            case .datasetConvert: _ = try DatasetConvertSpec.load(path)
            case .bpnetTrain: _ = try BPNetSpec.loadTrain(path)
            case .bpnetInference: _ = try BPNetSpec.loadInference(path)
            }
        }
    }

    var name: String
    var fixture: String
    var loader: Loader
    /// Text edits applied in order: (old, new).
    var edits: [(String, String)]
    /// Cuts the spec from this text to its end (drops its last section).
    var truncateFrom: String? = nil
    /// Expected lines as (text the problem is at, column offset into it, message). The line and
    /// column are found in the edited spec, so the test pins them exactly.
    var expected: [(at: String, message: String)]

    var testDescription: String { name }
}

@Suite struct BrokenSpecTests {
    static let dn = "detectnet_v2__detectnet_v2_train_resnet18_kitti.txt"
    static let yolo = "yolo_v4__yolo_v4_train_resnet18_kitti.txt"
    static let classification = "classification_tf1__classification_spec.cfg"

    static let cases: [BrokenSpec] = [
        BrokenSpec(name: "unknown field with a close match", fixture: dn, loader: .detectnetV2,
                   edits: [("  batch_size_per_gpu: 4", "  batch_size_per_gpus: 4")],
                   expected: [("batch_size_per_gpus: 4",
                               "unknown field \"batch_size_per_gpus\" in training_config; did you mean \"batch_size_per_gpu\"?")]),
        BrokenSpec(name: "unknown field with no close match lists the fields", fixture: dn, loader: .detectnetV2,
                   edits: [("  num_epochs: 120", "  num_epochs: 120\n  bogus: 1")],
                   expected: [("bogus: 1", "unknown field \"bogus\" in training_config; expected one of: batch_size_per_gpu, "
                               + "num_epochs, learning_rate, regularizer, optimizer, cost_scaling, checkpoint_interval, enable_qat, visualizer")]),
        BrokenSpec(name: "every unknown field at once", fixture: dn, loader: .detectnetV2,
                   edits: [("random_seed: 42", "random_seeds: 42"), ("    hflip_probability: 0.5", "    hflip_prob: 0.5")],
                   expected: [("random_seeds: 42", "unknown field \"random_seeds\"; did you mean \"random_seed\"?"),
                              ("hflip_prob: 0.5", "unknown field \"hflip_prob\" in augmentation_config.spatial_augmentation; did you mean \"hflip_probability\"?")]),
        BrokenSpec(name: "string where a number belongs", fixture: dn, loader: .detectnetV2,
                   edits: [("  num_epochs: 120", "  num_epochs: \"120\"")],
                   expected: [("\"120\"", "training_config.num_epochs expects a non-negative integer (uint32), not a string")]),
        BrokenSpec(name: "fraction where a whole number belongs", fixture: dn, loader: .detectnetV2,
                   edits: [("  batch_size_per_gpu: 4", "  batch_size_per_gpu: 4.5")],
                   expected: [("4.5", "training_config.batch_size_per_gpu expects a whole number, not 4.5")]),
        BrokenSpec(name: "negative unsigned value", fixture: dn, loader: .detectnetV2,
                   edits: [("  checkpoint_interval: 10", "  checkpoint_interval: -10")],
                   expected: [("-10", "training_config.checkpoint_interval cannot be negative (got -10)")]),
        BrokenSpec(name: "number without quotes for a string", fixture: dn, loader: .detectnetV2,
                   edits: [("  arch: \"resnet\"", "  arch: resnet")],
                   expected: [("resnet\n}", "model_config.arch expects a quoted string, e.g. arch: \"resnet\"")]),
        BrokenSpec(name: "bad enum value", fixture: dn, loader: .detectnetV2,
                   edits: [("average_precision_mode: INTEGRATE", "average_precision_mode: INTEGRAL")],
                   expected: [("INTEGRAL", "unknown value \"INTEGRAL\" for evaluation_config.average_precision_mode; did you mean \"INTEGRATE\"?")]),
        BrokenSpec(name: "bad boolean", fixture: dn, loader: .detectnetV2,
                   edits: [("  use_batch_norm: true", "  use_batch_norm: yes")],
                   expected: [("yes", "model_config.use_batch_norm expects true or false, not yes")]),
        BrokenSpec(name: "unterminated block", fixture: dn, loader: .detectnetV2,
                   edits: [("bbox_rasterizer_config {", "bbox_rasterizer_config {\n  deadzone_radius: 0.4\n  { x: 1 }")],
                   expected: [("{ x: 1 }", "expected a field name, found '{'")]),
        BrokenSpec(name: "missing closing brace", fixture: "detectnet_v2__detectnet_v2_tfrecords_kitti_trainval.txt", loader: .datasetConvert,
                   edits: [("  num_shards: 10\n}", "  num_shards: 10\n")],
                   expected: [("{", "unterminated block: '}' missing for kitti_config opened here"),
                              ("image_directory_path: \"/workspace", "unknown field \"image_directory_path\" in kitti_config; did you mean \"root_directory_path\"?")]),
        BrokenSpec(name: "stray closing brace", fixture: "detectnet_v2__detectnet_v2_tfrecords_kitti_trainval.txt", loader: .datasetConvert,
                   edits: [("image_directory_path: \"/workspace", "}\nimage_directory_path: \"/workspace")],
                   expected: [("}\nimage_directory_path", "unexpected '}': there is no open block to close")]),
        BrokenSpec(name: "unterminated string", fixture: dn, loader: .detectnetV2,
                   edits: [("  image_extension: \"png\"", "  image_extension: \"png")],
                   expected: [("\"png", "unterminated string: a string cannot span lines")]),
        BrokenSpec(name: "missing colon before a value", fixture: dn, loader: .detectnetV2,
                   edits: [("  num_epochs: 120", "  num_epochs 120")],
                   expected: [("120\n  learning_rate", "expected ':' between num_epochs and its value")]),
        BrokenSpec(name: "two members of a oneof", fixture: dn, loader: .detectnetV2,
                   edits: [("  validation_fold: 0", "  validation_fold: 0\n  validation_data_source { tfrecords_path: \"x\" image_directory_path: \"y\" }")],
                   expected: [("validation_data_source {", "validation_data_source cannot be set together with validation_fold: "
                               + "only one of validation_fold, validation_data_source may be set")]),
        BrokenSpec(name: "missing required section", fixture: dn, loader: .detectnetV2, edits: [],
                   truncateFrom: "bbox_rasterizer_config {",
                   expected: [("random_seed: 42", "missing required section bbox_rasterizer_config")]),
        BrokenSpec(name: "missing required sections, all reported", fixture: classification, loader: .classification,
                   edits: [("  reg_config {\n    type: \"L2\"\n    scope: \"Conv2D,Dense\"\n    weight_decay: 0.00005\n  }\n", "")],
                   expected: [("train_config {", "missing required section reg_config in train_config")]),
        BrokenSpec(name: "input width not a multiple of 16", fixture: dn, loader: .detectnetV2,
                   edits: [("output_image_width: 1248", "output_image_width: 1250")],
                   expected: [("output_image_width: 1250",
                               "augmentation_config.preprocessing.output_image_width must be a multiple of 16, got 1250")]),
        BrokenSpec(name: "probability above 1 and an unset required value", fixture: dn, loader: .detectnetV2,
                   edits: [("    hflip_probability: 0.5", "    hflip_probability: 1.5"), ("  first_validation_epoch: 30\n", "")],
                   expected: [("hflip_probability: 1.5", "augmentation_config.spatial_augmentation.hflip_probability must be at most 1, got 1.5"),
                              ("evaluation_config {", "evaluation_config.first_validation_epoch must be greater than 0, it is not set")]),
        BrokenSpec(name: "target class without evaluation settings", fixture: dn, loader: .detectnetV2,
                   edits: [("  evaluation_box_config {\n    key: \"cyclist\"", "  evaluation_box_config {\n    key: \"bicycle\"")],
                   expected: [("evaluation_box_config {", "evaluation_config.evaluation_box_config has no entry for target class \"cyclist\"")]),
        BrokenSpec(name: "IoU threshold above 1", fixture: dn, loader: .detectnetV2,
                   edits: [("    key: \"cyclist\"\n    value: 0.5", "    key: \"cyclist\"\n    value: 5")],
                   expected: [("minimum_detection_ground_truth_overlap {\n    key: \"cyclist\"",
                               "evaluation_config.minimum_detection_ground_truth_overlap.cyclist must be within [0, 1], got 5")]),
        BrokenSpec(name: "yolo_v4 input size not a multiple of 32", fixture: yolo, loader: .yoloV4,
                   edits: [("  output_width: 1248", "  output_width: 1240"), ("  mosaic_min_ratio:0.2", "  mosaic_min_ratio:0.7")],
                   expected: [("output_width: 1240", "augmentation_config.output_width must be a multiple of 32, got 1240"),
                              ("mosaic_min_ratio:0.7", "augmentation_config.mosaic_min_ratio must be within (0, 0.5), got 0.7")]),
        BrokenSpec(name: "yolo_v4 anchors that do not parse", fixture: yolo, loader: .yoloV4,
                   edits: [("  mid_anchor_shape: \"[(42.99, 31.91), (79.57, 31.75), (56.80, 56.93)]\"", "  mid_anchor_shape: \"[(42.99, 31.91), (79.57)]\"")],
                   expected: [("mid_anchor_shape:", "yolov4_config.mid_anchor_shape must be a list of (width, height) pairs in pixels, got \"[(42.99, 31.91), (79.57)]\"")]),
        BrokenSpec(name: "classification preprocess mode misspelt", fixture: classification, loader: .classification,
                   edits: [("preprocess_mode: \"caffe\"", "preprocess_mode: \"cafe\"")],
                   expected: [("preprocess_mode: \"cafe\"", "train_config.preprocess_mode must be one of tf, caffe, torch, got \"cafe\"; did you mean \"caffe\"?")]),
        BrokenSpec(name: "classification evaluate needs eval_config", fixture: classification, loader: .classificationEvaluate,
                   edits: [], truncateFrom: "eval_config {",
                   expected: [("model_config {", "missing required section eval_config")]),
        BrokenSpec(name: "bpnet unknown key and wrong type", fixture: "bpnet__bpnet_train_m1_coco.yaml", loader: .bpnetTrain,
                   edits: [("  batch_size: 10", "  batch_size: ten"), ("  stages: 3", "  stage: 3")],
                   expected: [("ten\n  pose_config", "dataloader.batch_size must be a whole number"),
                              ("stage: 3", "unknown key \"stage\" in model; did you mean \"stages\"?")]),
        BrokenSpec(name: "bpnet class name", fixture: "bpnet__bpnet_train_m1_coco.yaml", loader: .bpnetTrain,
                   edits: [("__class_name__: BpNetLiteModel", "__class_name__: BpNetLite")],
                   expected: [("BpNetLite\n", "model has __class_name__ \"BpNetLite\"; expected BpNetModel or BpNetLiteModel; did you mean \"BpNetLiteModel\"?")]),
        BrokenSpec(name: "bpnet inference threshold out of range", fixture: "bpnet__infer_spec.yaml", loader: .bpnetInference,
                   edits: [("heatmap_threshold: 0.1", "heatmap_threshold: 1.1"), ("input_shape: [368, 368]", "input_shape: [368]")],
                   expected: [("input_shape", "input_shape must be [height, width], got [368]"),
                              ("heatmap_threshold", "heatmap_threshold must be within [0, 1], got 1.1")]),
        BrokenSpec(name: "bpnet YAML syntax", fixture: "bpnet__infer_spec.yaml", loader: .bpnetInference,
                   edits: [("paf_threshold: 0.05", "paf_threshold: [0.05")],
                   expected: [(": False\nscales", "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)")]),
    ]

    @Test(arguments: cases)
    func reportsEveryProblemWithItsPosition(_ broken: BrokenSpec) throws {
        var text = try String(contentsOfFile: Fixtures.tao(broken.fixture), encoding: .utf8)
        for (old, new) in broken.edits {
            #expect(text.contains(old), "edit target not found: \(old)")
            if let range = text.range(of: old) { text.replaceSubrange(range, with: new) }
        }
        if let cut = broken.truncateFrom, let range = text.range(of: cut) { text = String(text[..<range.lowerBound]) }
        let ext = URL(fileURLWithPath: broken.fixture).pathExtension
        let path = try Fixtures.write(text, name: "broken.\(ext)")
        let error = try #require(throws: ZooError.self) { try broken.loader.load(path) }
        let expected = broken.expected.map { "\(path):\(Self.position(of: $0.at, in: text)): \($0.message)" }
        #expect(error.message.split(separator: "\n").map(String.init) == expected)
        #expect(error.exitCode == ZooError.Code.usage)
        #expect(error.hint?.contains("zoo spec validate") == true)
    }

    /// `line:column` of the first occurrence of `marker` in `text`.
    static func position(of marker: String, in text: String) -> String {
        guard let range = text.range(of: marker) else { return "?:?" }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex,
                                     to: before.endIndex) + 1
        return "\(line):\(column)"
    }
}
