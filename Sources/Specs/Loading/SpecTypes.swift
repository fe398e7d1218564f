/// A task whose spec files zoo reads.
public enum SpecTask: String, CaseIterable, Sendable, CustomStringConvertible {
    case detectnetV2 = "detectnet_v2"
    case yoloV4 = "yolo_v4"
    case classification
    case bpnet

    /// Parses a task name as TAO writes it (`classification_tf1` is TAO 5's name for classification).
    public init?(name: String) {
        switch name.lowercased() {
        case "detectnet_v2": self = .detectnetV2
        case "yolo_v4": self = .yoloV4
        case "classification", "classification_tf1": self = .classification
        case "bpnet": self = .bpnet
        default: return nil
        }
    }

    public var description: String { rawValue }
}

/// What a spec file configures.
public enum SpecKind: String, Sendable, CustomStringConvertible {
    /// Training and everything that reads the training setup (evaluate, prune, export, kmeans).
    case experiment
    /// A standalone inference spec (detectnet_v2's `Inference`, bpnet's inference YAML).
    case inference
    /// The dataset_convert spec: KITTI or COCO data into shards.
    case datasetConvert = "dataset_convert"

    public var description: String { rawValue }
}

/// The task action a spec is loaded for. It picks which spec kind the task reads and which
/// sections are required (classification's evaluate needs `eval_config`, train does not).
public enum SpecAction: String, CaseIterable, Sendable, CustomStringConvertible {
    case train, evaluate, inference, prune, export, kmeans
    case datasetConvert = "dataset_convert"
    case calibrationTensorfile = "calibration_tensorfile"

    public var description: String { rawValue }

    /// The kind of spec `task` reads for this action.
    public func specKind(for task: SpecTask) -> SpecKind {
        switch (task, self) {
        case (_, .datasetConvert): return .datasetConvert
        case (.detectnetV2, .inference), (.bpnet, .inference), (.bpnet, .evaluate): return .inference
        default: return .experiment
        }
    }
}

/// One flattened spec value for the experiment tracker: `model_config.arch` = `resnet`,
/// repeated fields indexed (`cost_function_config.target_classes.0.name`), maps keyed
/// (`dataset_config.target_class_mapping.car`).
public struct SpecParam: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    public var description: String { "\(key)=\(value)" }
}

/// A spec file after loading: the message as written, the message zoo runs with (TAO's
/// code-level defaults applied, paths resolved against the spec's folder), and its params.
public struct LoadedSpec<Message: Sendable>: Sendable {
    /// The spec file as the user named it.
    public let file: String
    public let task: SpecTask
    public let kind: SpecKind
    /// Exactly what the file says (proto3 zero values where it says nothing).
    public let asWritten: Message
    /// What the task runs with: `asWritten` plus TAO's fallbacks and resolved paths.
    public var message: Message
    /// Every fallback that changed a value, as `path = value (why)`.
    public let appliedDefaults: [String]
    /// `message` flattened into dotted keys, in field order.
    public let params: [SpecParam]
    /// `message` printed back in its canonical form (protobuf text format, or YAML for bpnet).
    public let canonicalText: String
    /// `asWritten` in canonical form.
    public let canonicalTextAsWritten: String
}
