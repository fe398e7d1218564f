import ArgumentParser
import Tasks
import Registry
import ZooCore

/// `zoo info TARGET [--files]`: a model's or a version's details, as NGC prints them.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a model, or a version (with --files, its files).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scope: ScopeOptions

    @Argument(help: "[org/[team/]]name[:version]")
    var target: String

    @Flag(name: .customLong("files"), help: "List the version's files (version targets only).")
    var files = false

    func run() throws {
        let ref = try scope.ref(target)
        let backend = try global.registryBackend()
        guard ref.version != nil else {
            if files {
                throw ZooError.usage("--files argument is not valid for a model target; please specify a version",
                                     hint: "e.g. zoo info \(ref):<version> --files")
            }
            let model = try backend.model(ref)
            if global.format == .json { return try RegistryOutput.json(model) }
            return RegistryOutput.lines(Self.describe(model))
        }
        let (_, version) = try backend.version(ref)
        let list = files && version.isDownloadable ? try backend.files(of: ref) : []
        if global.format == .json {
            return files ? try RegistryOutput.json(VersionWithFiles(version: version, fileList: list)) : try RegistryOutput.json(version)
        }
        RegistryOutput.lines(Self.describe(version, files: files ? list : nil))
    }

    /// `info --files --format_type json`: `{"version": {...}, "file_list": [...]}`.
    struct VersionWithFiles: Encodable {
        var version: RegistryVersion
        var fileList: [RegistryFile]
        enum CodingKeys: String, CodingKey {
            case version
            case fileList = "file_list"
        }
    }

    static func describe(_ model: RegistryModel) -> [String] {
        var lines = [RegistryOutput.rule, "  Model Information"]
        func field(_ label: String, _ value: String?) { lines.append("    \(label): \(value ?? "")") }
        field("Name", model.name)
        field("Application", model.application)
        field("Framework", model.framework)
        field("Model Format", model.modelFormat)
        field("Precision", model.precision)
        field("Short Description", model.shortDescription)
        field("Display Name", model.displayName)
        field("Logo", model.logo)
        field("Org", model.orgName)
        field("Team", model.teamName)
        field("Built By", model.builtBy)
        field("Publisher", model.publisher)
        field("Created Date", model.createdDate)
        field("Updated Date", model.updatedDate)
        field("Labels", model.generalLabels.joined(separator: ", "))
        field("Latest Version ID", model.latestVersionIdStr)
        field("Latest Version Size (bytes)", model.latestVersionSizeInBytes.map(String.init))
        if let dataset = model.publicDatasetUsed {
            lines.append("  Public Dataset Used")
            field("Name", dataset.name)
            field("Link", dataset.link)
            field("License", dataset.license)
        }
        if let overview = model.description, !overview.isEmpty {
            lines.append("  Overview")
            lines += overview.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        }
        lines.append(RegistryOutput.rule)
        return lines
    }

    static func describe(_ version: RegistryVersion, files: [RegistryFile]?) -> [String] {
        var lines = [RegistryOutput.rule, "  Model Version Information"]
        func field(_ label: String, _ value: String?) { lines.append("    \(label): \(value ?? "")") }
        field("Id", version.versionId)
        field("Batch Size", version.batchSize.map(String.init))
        field("Memory Footprint", version.memoryFootprint)
        field("Number Of Epochs", version.numberOfEpochs.map(String.init))
        field("Accuracy Reached", version.accuracyReached.map { "\($0)" })
        field("GPU Model", version.gpuModel)
        field("Created Date", version.createdDate)
        field("Description", version.description)
        field("Status", version.status?.rawValue)
        field("Total File Count", version.totalFileCount.map(String.init))
        field("Total Size", version.totalSizeInBytes.map(Format.size))
        if let classes = version.classes { field("Classes", "\(classes.joined(separator: ", ")) (\(classes.count))") }
        if let dims = version.inputDims { field("Input Dims", dims.map(String.init).joined(separator: "x")) }
        if let key = version.key { field("Key", key) }
        if let artifacts = version.artifacts { field("Artifacts", artifacts.joined(separator: ", ")) }
        if version.artifacts != nil || version.recipe != nil {
            field("Recipe", version.recipe.map { $0.isNull ? "none yet" : "yes" } ?? "none yet")
        }
        if let files {
            lines.append("  File List")
            lines += files.isEmpty ? ["    (no files: the version is not built)"] : files.map { "    \($0.path) - \(Format.size($0.sizeInBytes))" }
        }
        lines.append(RegistryOutput.rule)
        return lines
    }
}
