import ArgumentParser
import Tasks
import Specs
import ZooCore

extension SpecTask: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension SpecAction: ExpressibleByArgument {}

/// `zoo spec`: TAO spec files, checked and printed without running anything.
struct SpecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec",
        abstract: "Check and print TAO spec files (protobuf text, or YAML for bpnet).",
        subcommands: [SpecValidate.self, SpecShow.self])
}

/// The options `spec validate` and `spec show` share.
struct SpecFileOptions: ParsableArguments {
    @Argument(help: "The spec file.")
    var file: String

    @Option(name: .customLong("task"),
            help: "The task the spec is for: detectnet_v2, yolo_v4, classification or bpnet (default: told by its content).")
    var task: SpecTask?

    @Option(name: .customLong("action"),
            help: "The action to check it for: train, evaluate, inference, prune, export, dataset_convert, … (default: what the spec is for).")
    var action: SpecAction?

    func load() throws -> AnySpec {
        if action != nil, task == nil {
            throw ZooError.usage("--action needs --task", hint: "e.g. zoo spec validate \(file) --task classification --action evaluate")
        }
        return try SpecLoader.load(file, task: task, action: action)
    }
}

/// `zoo spec validate FILE`: every problem of a spec at once, with line and column.
struct SpecValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a spec file: syntax, field names and types, required sections and value ranges.",
        discussion: "Every problem is reported at once as FILE:LINE:COLUMN: message. Exits 2 if the spec is invalid.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecFileOptions

    func run() throws {
        let loaded = try spec.load()
        let kind = "\(loaded.task) \(loaded.kind) spec"
        switch global.format {
        case .json:
            print("{\"file\": \(JSONText.quote(loaded.file)), \"task\": \(JSONText.quote(loaded.task.rawValue)), "
                  + "\"kind\": \(JSONText.quote(loaded.kind.rawValue)), \"valid\": true}")
        case .csv:
            print("file,task,kind,valid\n\(loaded.file),\(loaded.task),\(loaded.kind),true")
        case .ascii:
            print("\(loaded.file): valid \(kind)")
        }
    }
}

/// `zoo spec show FILE`: the spec printed back in canonical form, or as the task runs it.
struct SpecShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a spec file in canonical form (protobuf text format, or YAML for bpnet).",
        discussion: "With --effective, print it as the task runs it: TAO's code-level defaults applied and paths "
            + "resolved against the spec's folder. With --params, print it flattened into the key/value params "
            + "the experiment tracker records.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var spec: SpecFileOptions

    @Flag(name: .customLong("effective"), help: "Apply TAO's defaults and resolve paths, as the task does.")
    var effective = false

    @Flag(name: .customLong("params"), help: "Print the flattened params (key, value) instead of the text.")
    var params = false

    func run() throws {
        let loaded = try spec.load()
        if params {
            var table = Table(columns: ["Key", "Value"])
            for param in loaded.params { table.append([param.key, param.value]) }
            CLIOutput.print(table, format: global.format)
            return
        }
        let text = effective ? loaded.canonicalText : loaded.canonicalTextAsWritten
        switch global.format {
        case .json:
            let defaults = loaded.appliedDefaults.map(JSONText.quote).joined(separator: ", ")
            print("{\"file\": \(JSONText.quote(loaded.file)), \"task\": \(JSONText.quote(loaded.task.rawValue)), "
                  + "\"kind\": \(JSONText.quote(loaded.kind.rawValue)), \"text\": \(JSONText.quote(text)), "
                  + "\"applied_defaults\": [\(defaults)]}")
        case .ascii, .csv:
            if effective, !loaded.appliedDefaults.isEmpty {
                print(loaded.appliedDefaults.map { "# default: \($0)" }.joined(separator: "\n"))
            }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
