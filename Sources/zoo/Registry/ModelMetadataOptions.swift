import ArgumentParser
import Tasks
import Foundation
import Registry
import ZooCore

/// The optional model metadata flags `create` and `update` share (NGC's names).
struct ModelMetadataOptions: ParsableArguments {
    @Option(name: .customLong("display-name"), help: "Name shown in lists.")
    var displayName: String?

    @Option(name: .customLong("overview-filename"), help: "Markdown file with the model's overview (its card).")
    var overviewFile: String?

    @Option(name: .customLong("built-by"), help: "Who built the model.")
    var builtBy: String?

    @Option(name: .customLong("publisher"), help: "Who publishes it.")
    var publisher: String?

    @Option(name: .customLong("logo"), help: "Logo URL.")
    var logo: String?

    /// The overview file's text, or nil when not given.
    func overview() throws -> String? {
        guard let overviewFile else { return nil }
        do {
            return try String(contentsOfFile: overviewFile, encoding: .utf8)
        } catch {
            throw ZooError.usage("Cannot read the overview file '\(overviewFile)'.", hint: "pass a readable UTF-8 markdown file")
        }
    }
}

/// `zoo create TARGET --application … --framework … --format … --precision … --short-desc …`.
struct CreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a model (metadata only).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scope: ScopeOptions

    @Argument(help: "[org/[team/]]name")
    var target: String

    @Option(name: .customLong("application"), help: "e.g. 'Object Detection', 'Classification'.")
    var application: String

    @Option(name: .customLong("framework"), help: "e.g. 'Transfer Learning Toolkit'.")
    var framework: String

    @Option(name: .customLong("format"), help: "Model format, e.g. TLT, ONNX.")
    var format: String

    @Option(name: .customLong("precision"), help: "e.g. FP32, INT8.")
    var precision: String

    @Option(name: .customLong("short-desc"), help: "One-line description.")
    var shortDescription: String

    @Option(name: .customLong("label"), help: "A label (repeatable).")
    var labels: [String] = []

    @OptionGroup var metadata: ModelMetadataOptions

    func run() throws {
        let ref = try scope.ref(target)
        if let version = ref.version {
            throw ZooError.usage("Invalid target: '\(target)', create takes a model, not a version.", hint: "drop ':\(version)'")
        }
        try SafePath.checkRef(ref)
        var model = RegistryModel(ref: ref)
        model.application = application
        model.framework = framework
        model.modelFormat = format
        model.precision = precision
        model.shortDescription = shortDescription
        model.displayName = metadata.displayName
        model.description = try metadata.overview()
        model.builtBy = metadata.builtBy
        model.publisher = metadata.publisher
        model.logo = metadata.logo
        model.labels = labels.isEmpty ? nil : [RegistryLabel(key: "general", values: labels)]
        model.isPublic = true
        model.canGuestDownload = true
        let created = try global.registryBackend().create(model)
        if global.format == .json { return try RegistryOutput.json(created) }
        RegistryOutput.lines(["Successfully created model '\(ref)'."] + InfoCommand.describe(created))
    }
}

/// `zoo update TARGET [metadata flags] [--set-latest]`.
struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Update a model's metadata, or make a version the latest (--set-latest).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scope: ScopeOptions

    @Argument(help: "[org/[team/]]name[:version]")
    var target: String

    @Option(name: .customLong("application")) var application: String?
    @Option(name: .customLong("framework")) var framework: String?
    @Option(name: .customLong("format"), help: "Model format.") var format: String?
    @Option(name: .customLong("precision")) var precision: String?
    @Option(name: .customLong("short-desc"), help: "One-line description.") var shortDescription: String?
    @Option(name: .customLong("desc"), help: "The model's overview text.") var description: String?
    @Option(name: .customLong("add-label"), help: "Add a label (repeatable).") var addLabels: [String] = []
    @Option(name: .customLong("remove-label"), help: "Remove a label (repeatable).") var removeLabels: [String] = []
    @OptionGroup var metadata: ModelMetadataOptions

    @Flag(name: .customLong("set-latest"), help: "Make the target version the model's latest.")
    var setLatest = false

    func run() throws {
        let ref = try scope.ref(target)
        let backend = try global.registryBackend()
        var change = ModelChange()
        change.application = application
        change.framework = framework
        change.modelFormat = format
        change.precision = precision
        change.shortDescription = shortDescription
        change.description = try metadata.overview() ?? description
        change.displayName = metadata.displayName
        change.builtBy = metadata.builtBy
        change.publisher = metadata.publisher
        change.logo = metadata.logo
        change.addLabels = addLabels
        change.removeLabels = removeLabels
        if let version = ref.version {
            guard setLatest, change.isEmpty else {
                throw ZooError.usage("A version target takes only --set-latest.",
                                     hint: "to edit the model's metadata, target the model: zoo update \(ref.model) …")
            }
            try backend.setLatest(ref)
            if global.format == .json { return try RegistryOutput.json(try backend.model(ref)) }
            return RegistryOutput.lines(["Successfully set '\(version)' as the latest version of '\(ref.model)'."])
        }
        if setLatest {
            throw ZooError.usage("--set-latest needs a version target.", hint: "e.g. zoo update \(ref):<version> --set-latest")
        }
        guard !change.isEmpty else {
            throw ZooError.usage("Nothing to update.", hint: "pass the fields to change, e.g. --short-desc or --add-label")
        }
        let updated = try backend.update(ref, change)
        if global.format == .json { return try RegistryOutput.json(updated) }
        RegistryOutput.lines(["Successfully updated model '\(ref)'."] + InfoCommand.describe(updated))
    }
}

/// `zoo remove TARGET [-y]`.
struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a model or a version.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scope: ScopeOptions

    @Argument(help: "[org/[team/]]name[:version]")
    var target: String

    @Flag(name: [.customShort("y"), .customLong("yes")], help: "Do not ask for confirmation.")
    var yes = false

    func run() throws {
        let ref = try scope.ref(target)
        let backend = try global.registryBackend()
        if !yes {
            Terminal.write("Are you sure you would like to remove \(ref)? [y/n] ", to: .standardError)
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                throw ZooError.usage("Not removed: '\(ref)' is unchanged.", hint: "answer y, or pass -y to skip the question")
            }
        }
        let outcome = try backend.remove(ref)
        let message: String
        switch (outcome, ref.version) {
        case (.removed, _): message = "Successfully removed '\(ref)'."
        case (.revertedToCatalog, nil): message = "Removed the published versions of '\(ref)'; zoo's catalog still lists the model."
        case (.revertedToCatalog, _): message = "Removed the built files of '\(ref)'; zoo's catalog still lists it as UPLOAD_PENDING."
        }
        if global.format == .json { return try RegistryOutput.json(["status": outcome == .removed ? "removed" : "reverted_to_catalog", "target": ref.description]) }
        RegistryOutput.lines([message])
    }
}
