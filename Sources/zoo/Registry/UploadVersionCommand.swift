import ArgumentParser
import Tasks
import Foundation
import Registry
import ZooCore

/// `zoo upload-version TARGET --source DIR …`: publishes a version (NGC's flags and summary).
struct UploadVersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload-version",
        abstract: "Upload a new version from a folder, a file or a .zip/.tar archive.",
        discussion: """
            The model must exist (zoo create, or a model of zoo's catalog). Local stores publish atomically: \
            the version appears complete or not at all. Archives are unpacked safely first (no absolute \
            paths, '..' or links leaving the archive).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scope: ScopeOptions

    @Argument(help: "[org/[team/]]name:version")
    var target: String

    @Option(name: .customLong("source"), help: "Folder, file or archive to upload (default: .).")
    var source: String = "."

    @Option(name: .customLong("accuracy-reached"), help: "Accuracy the model reached.")
    var accuracy: Double?

    @Option(name: .customLong("num-epochs"), help: "Epochs it was trained for.")
    var epochs: Int?

    @Option(name: .customLong("batch-size"), help: "Batch size it was trained with.")
    var batchSize: Int?

    @Option(name: .customLong("gpu-model"), help: "Hardware it was trained on.")
    var gpuModel: String?

    @Option(name: .customLong("memory-footprint"), help: "Memory footprint (free text, e.g. 89.0).")
    var memoryFootprint: String?

    @Option(name: .customLong("desc"), help: "Description of the version.")
    var description: String?

    @Flag(name: .customLong("dry-run"), help: "Show what would be uploaded and stop.")
    var dryRun = false

    func run() throws {
        let ref = try scope.ref(target)
        let publisher = Publisher(backend: try global.registryBackend())
        let sourceURL = URL(fileURLWithPath: source).standardizedFileURL
        let plan = try publisher.plan(ref, source: sourceURL)
        defer { plan.discard() }
        if dryRun {
            if global.format == .json {
                return try RegistryOutput.json(["total_size": Format.size(plan.totalSize), "number_of_files": String(plan.files.count)])
            }
            return RegistryOutput.lines(["Total Size: \(Format.size(plan.totalSize))", "Number of Files: \(plan.files.count)"]
                                        + plan.files.map { "    \($0.path)" })
        }
        let metadata = VersionMetadata(accuracyReached: accuracy, numberOfEpochs: epochs, batchSize: batchSize,
                                       gpuModel: gpuModel, memoryFootprint: memoryFootprint, description: description)
        let started = Date()
        let progress = global.format == .json ? nil : ProgressBar(label: "\(ref.name)[version=\(ref.version ?? "")]", total: plan.totalSize)
        let version = try publisher.publish(plan, metadata: metadata, progress: progress)
        let ended = Date()
        let seconds = ended.timeIntervalSince(started)
        let size = version.totalSizeInBytes ?? plan.totalSize
        let modelID = "\(ref.name)[version=\(version.versionId)]"
        if global.format == .json {
            return try RegistryOutput.json([
                "model_id": modelID, "status": "Completed", "local_path": sourceURL.path,
                "files_uploaded": String(version.totalFileCount ?? plan.files.count), "size_uploaded": Format.size(size),
                "upload_start": Format.localTimestamp(started), "upload_end": Format.localTimestamp(ended),
                "upload_time": Format.duration(seconds: seconds),
            ])
        }
        let count = version.totalFileCount ?? plan.files.count
        RegistryOutput.lines([
            "Uploaded \(Format.size(size)), \(count)/\(plan.files.count) files in \(Format.duration(seconds: seconds)), "
                + "Avg Upload speed: \(Format.rate(bytesPerSecond: Double(size) / max(seconds, 1e-6)))",
            RegistryOutput.rule,
            "Model ID: \(modelID)",
            "Upload status: Completed",
            "Uploaded local path: \(sourceURL.path)",
            "Total files uploaded: \(count)",
            "Total uploaded size: \(Format.size(size))",
            "Started at: \(Format.localTimestamp(started))",
            "Completed at: \(Format.localTimestamp(ended))",
            "Duration taken: \(Format.duration(seconds: seconds))",
            RegistryOutput.rule,
        ])
    }
}
