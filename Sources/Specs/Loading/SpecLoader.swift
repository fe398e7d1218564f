import Foundation
import Yams
import ZooCore

/// Any loaded spec, for code that handles every task alike (the CLI, the experiment tracker).
public enum AnySpec: Sendable {
    case detectnetV2Experiment(LoadedSpec<Zoo_DetectnetV2_Experiment>)
    case detectnetV2Inference(LoadedSpec<Zoo_DetectnetV2_Inference>)
    case datasetConvert(LoadedSpec<DatasetExportSpec>)
    case yoloV4Experiment(LoadedSpec<Zoo_YoloV4_Experiment>)
    case classificationExperiment(LoadedSpec<Zoo_Classification_Experiment>)
    case bpnetTrain(LoadedSpec<BPNetTrainSpec>)
    case bpnetInference(LoadedSpec<BPNetInferenceSpec>)

    private var summary: (task: SpecTask, kind: SpecKind, file: String, params: [SpecParam], text: String, written: String,
                          defaults: [String]) {
        func parts<M>(_ s: LoadedSpec<M>) -> (SpecTask, SpecKind, String, [SpecParam], String, String, [String]) {
            (s.task, s.kind, s.file, s.params, s.canonicalText, s.canonicalTextAsWritten, s.appliedDefaults)
        }
        switch self {
        case .detectnetV2Experiment(let s): return parts(s)
        case .detectnetV2Inference(let s): return parts(s)
        case .datasetConvert(let s): return parts(s)
        case .yoloV4Experiment(let s): return parts(s)
        case .classificationExperiment(let s): return parts(s)
        case .bpnetTrain(let s): return parts(s)
        case .bpnetInference(let s): return parts(s)
        }
    }

    public var task: SpecTask { summary.task }
    public var kind: SpecKind { summary.kind }
    public var file: String { summary.file }
    /// The spec as the task runs it, flattened for the experiment tracker.
    public var params: [SpecParam] { summary.params }
    /// The spec as the task runs it, printed in canonical form.
    public var canonicalText: String { summary.text }
    /// The spec as written, printed in canonical form.
    public var canonicalTextAsWritten: String { summary.written }
    /// TAO's fallbacks that changed a value.
    public var appliedDefaults: [String] { summary.defaults }
}

/// Loading any task's spec: by task and action (what a task plugin does), or by content
/// (`zoo spec show|validate FILE`).
public enum SpecLoader {
    /// Loads the spec `task` reads for `action`, validated for that action.
    public static func load(_ path: String, task: SpecTask, action: SpecAction) throws -> AnySpec {
        try load(path, task: task, kind: action.specKind(for: task), action: action)
    }

    /// Loads a spec whose task and kind are told by its content (restricted to `task` if given),
    /// validated for `action` (default: train, or what its kind is for).
    public static func load(_ path: String, task: SpecTask? = nil, action: SpecAction? = nil) throws -> AnySpec {
        if let task, let action { return try load(path, task: task, action: action) }
        let (detectedTask, kind) = try detect(path, task: task)
        let defaultAction: SpecAction = kind == .datasetConvert ? .datasetConvert : kind == .inference ? .inference : .train
        return try load(path, task: detectedTask, kind: kind, action: action ?? defaultAction)
    }

    /// Loads spec text that did not come from a file on disk (a spec stored inside a model file, say).
    /// `file` names it in messages, and relative paths inside it resolve against `file`'s folder.
    public static func load(text: String, file: String, task: SpecTask, action: SpecAction) throws -> AnySpec {
        try load(SourceText(text), file: file, task: task, kind: action.specKind(for: task), action: action)
    }

    static func load(_ path: String, task: SpecTask, kind: SpecKind, action: SpecAction) throws -> AnySpec {
        try load(SourceText(try SpecFile.read(path)), file: path, task: task, kind: kind, action: action)
    }

    static func load(_ source: SourceText, file: String, task: SpecTask, kind: SpecKind, action: SpecAction) throws -> AnySpec {
        switch (task, kind) {
        case (.detectnetV2, .experiment):
            return .detectnetV2Experiment(try DetectNetV2Spec.experimentFormat.load(source, file: file, for: action))
        case (.detectnetV2, .inference):
            return .detectnetV2Inference(try DetectNetV2Spec.inferenceFormat.load(source, file: file, for: action))
        case (.detectnetV2, .datasetConvert), (.yoloV4, .datasetConvert):
            return .datasetConvert(try DatasetConvertSpec.format(for: task).load(source, file: file, for: action))
        case (.yoloV4, _):
            return .yoloV4Experiment(try YOLOv4Spec.experimentFormat.load(source, file: file, for: action))
        case (.classification, _):
            return .classificationExperiment(try ClassificationSpec.experimentFormat.load(source, file: file, for: action))
        case (.bpnet, .inference):
            return .bpnetInference(try BPNetSpec.inferenceFormat.load(source, file: file))
        case (.bpnet, _):
            return .bpnetTrain(try BPNetSpec.trainFormat.load(source, file: file))
        }
    }

    // MARK: - Telling a spec's task and kind from its content

    /// The top-level messages of each protobuf spec format, in the order ties are broken.
    private static let protoFormats: [(task: SpecTask, kind: SpecKind, root: MessageSchema)] = [
        (.detectnetV2, .experiment, ProtoSchema.specs.message(for: Zoo_DetectnetV2_Experiment.self)),
        (.yoloV4, .experiment, ProtoSchema.specs.message(for: Zoo_YoloV4_Experiment.self)),
        (.classification, .experiment, ProtoSchema.specs.message(for: Zoo_Classification_Experiment.self)),
        (.detectnetV2, .inference, ProtoSchema.specs.message(for: Zoo_DetectnetV2_Inference.self)),
        (.detectnetV2, .datasetConvert, ProtoSchema.specs.message(for: DatasetExportSpec.self)),
    ]

    /// Which task and kind a spec file is for, from its top-level names.
    static func detect(_ path: String, task: SpecTask?) throws -> (SpecTask, SpecKind) {
        let bytes = try SpecFile.read(path)
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let yamlKeys = ext == "yaml" || ext == "yml" || task == .bpnet ? bpnetKeys(bytes) : nil
        if let keys = yamlKeys ?? (topLevelNames(bytes) == nil ? bpnetKeys(bytes) : nil) {
            if let task, task != .bpnet {
                throw ZooError.usage("\(path) is a YAML spec; only bpnet specs are YAML, not \(task) specs",
                                     hint: "drop --task or pass --task bpnet")
            }
            return (.bpnet, keys.contains("__class_name__") || keys.contains("dataloader") ? .experiment : .inference)
        }
        let names = topLevelNames(bytes) ?? []
        guard !names.isEmpty else {
            throw ZooError.usage("\(path) has no fields; cannot tell which task it is for", hint: "write the spec, then run `zoo spec validate \(path)`")
        }
        // yolo_v4 reads detectnet_v2's dataset_convert spec.
        let candidates = protoFormats.filter { task == nil || $0.task == task || (task == .yoloV4 && $0.kind == .datasetConvert) }
        let scored = candidates.map { format -> (SpecTask, SpecKind, Int) in
            let known = names.filter { format.root.field(named: $0) != nil }.count
            return (task ?? format.task, format.kind, 2 * known - names.count)
        }
        guard let best = scored.max(by: { $0.2 < $1.2 }), best.2 > -names.count else {
            throw ZooError.usage("\(path) does not look like a \(task.map { "\($0) " } ?? "")spec zoo knows: its top-level fields are "
                                 + names.sorted().joined(separator: ", "),
                                 hint: "pass --task detectnet_v2|yolo_v4|classification|bpnet")
        }
        let tied = scored.filter { $0.2 == best.2 && ($0.0 != best.0 || $0.1 != best.1) }
        if !tied.isEmpty, task == nil {
            let options = ([best] + tied).map { "\($0.0) \($0.1)" }.joined(separator: " or ")
            throw ZooError.usage("cannot tell whether \(path) is a \(options) spec", hint: "pass --task")
        }
        return (best.0, best.1)
    }

    /// The field names at the top level of a protobuf text spec, or nil if it does not lex as one.
    static func topLevelNames(_ bytes: [UInt8]) -> Set<String>? {
        var lexer = TextFormatLexer(bytes)
        var names = Set<String>()
        var depth = 0
        var expectingName = true
        while true {
            guard let token = try? lexer.next() else { return nil }
            switch token.kind {
            case .end: return names
            case .symbol(let c) where c == UInt8(ascii: "{") || c == UInt8(ascii: "<"): depth += 1; expectingName = true
            case .symbol(let c) where c == UInt8(ascii: "}") || c == UInt8(ascii: ">"): depth -= 1; expectingName = true
            case .symbol(let c) where c == UInt8(ascii: ":"): expectingName = false
            case .symbol: expectingName = true
            case .identifier where depth == 0 && expectingName: names.insert(token.text); expectingName = false
            default: expectingName = true
            }
        }
    }

    /// The top-level keys of a YAML mapping, or nil if the text is not one.
    private static func bpnetKeys(_ bytes: [UInt8]) -> Set<String>? {
        guard let node = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)), let mapping = node.mapping else { return nil }
        return Set(mapping.keys.compactMap(\.string))
    }
}
