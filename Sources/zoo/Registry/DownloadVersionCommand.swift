import ArgumentParser
import Tasks
import Foundation
import Registry
import Tracking
import ZooCore

/// `zoo download-version TARGET [--dest DIR] [--file GLOB]... [--exclude GLOB]...`: NGC's download
/// into `{dest}/{name}_v{version}`, verified (size and SHA-256), resumable, through the cache.
struct DownloadVersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download-version",
        abstract: "Download a version's files into {dest}/{name}_v{version}.",
        discussion: """
            Files are streamed to the cache ($ZOO_HOME/cache) while hashed, resumed with HTTP Range after \
            any interruption, retried with backoff, and put in place only once their size and SHA-256 \
            match the registry's listing. A file already in the cache is not transferred again. \
            Tuning: ZOO_DOWNLOAD_RETRIES, ZOO_MAX_CONCURRENCY, ZOO_DOWNLOAD_BACKOFF, ZOO_TRANSFER_TIMEOUT.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scope: ScopeOptions

    @Argument(help: "[org/[team/]]name[:version] (no version: the model's latest).")
    var target: String

    @Option(name: .customLong("dest"), help: "Existing folder to download into (default: .).")
    var dest: String = "."

    @Option(name: .customLong("file"), help: "Only files matching this glob (repeatable; * matches across /).")
    var files: [String] = []

    @Option(name: .customLong("exclude"), help: "Skip files matching this glob (repeatable).")
    var excludes: [String] = []

    func run() throws {
        var ref = try scope.ref(target)
        let backend = try global.registryBackend()
        let destination = URL(fileURLWithPath: dest, isDirectory: true).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ZooError.usage("The path: '\(dest)' does not exist.", hint: "create it first, or pass an existing folder to --dest")
        }
        let json = global.format == .json
        let downloader = Downloader(cache: DownloadCache(paths: global.paths), settings: .fromEnvironment(), showsProgress: !json)
        if ref.version == nil {
            ref = try Downloader.latest(ref, from: backend)
            let note = "No version specified, downloading latest version: '\(ref.version ?? "")'.\n"
            Terminal.write(note, to: json ? .standardError : .standardOutput)
        }
        let plan = try downloader.plan(ref, from: backend, include: files, exclude: excludes)
        guard !plan.files.isEmpty else {
            throw ZooError.notFound("No files to download, exiting.",
                                    hint: "the --file/--exclude filters matched none of \(plan.ref)'s files; see 'zoo info \(plan.ref) --files'")
        }
        let report = try downloader.download(plan, from: backend, into: destination)
        try print(report)
        let result = try report.get()
        // Lineage: a run that later reads one of these files gets this registry version as its parent.
        try TrackingStore(uri: global.trackingLocation).recordDelivery(
            source: result.ref.description,
            files: result.files.map { Tracking.DeliveredFile(path: $0.url.path, size: $0.size, sha256: $0.sha256) })
    }

    private func print(_ report: DownloadReport) throws {
        let result = report.result
        let seconds = result.endedAt.timeIntervalSince(result.startedAt)
        let status = report.succeeded ? "Completed" : "Failed"
        if global.format == .json {
            return try RegistryOutput.json(Summary(report: report, status: status, seconds: seconds))
        }
        var lines = ["Downloaded \(Format.size(result.totalBytes)) in \(Format.duration(seconds: seconds)), "
                     + "Download speed: \(Format.rate(bytesPerSecond: Double(result.totalBytes) / max(seconds, 1e-6)))",
                     RegistryOutput.rule,
                     "Transfer id: \(result.transferID) Download status: \(status).",
                     "Downloaded local path: \(result.directory.path)",
                     "Total files downloaded: \(result.files.count)",
                     "Total downloaded size: \(Format.size(result.totalBytes))"]
        if !report.notFound.isEmpty { lines.append("Total files not found: \(report.notFound.count)") }
        if !report.failures.isEmpty { lines.append("Total failed downloads: \(report.failures.count)") }
        lines += ["Started at: \(Format.localTimestamp(result.startedAt))",
                  "Completed at: \(Format.localTimestamp(result.endedAt))",
                  "Duration taken: \(Format.duration(seconds: seconds))",
                  RegistryOutput.rule]
        RegistryOutput.lines(lines)
    }

    /// NGC's JSON keys (`local_path` and friends), plus every file with its SHA-256.
    struct Summary: Encodable {
        var transferId: String
        var status: String
        var localPath: String
        var filesDownloaded: Int
        var sizeDownloaded: String
        var downloadStart: String
        var downloadEnd: String
        var downloadTime: String
        var filesNotFound: [String]
        var failedFiles: [String]
        var bytesTransferred: Int64
        var files: [File]

        struct File: Encodable {
            var path: String
            var localPath: String
            var size: Int64
            var sha256: String
            var fromCache: Bool
            enum CodingKeys: String, CodingKey {
                case path, size, sha256
                case localPath = "local_path"
                case fromCache = "from_cache"
            }
        }

        enum CodingKeys: String, CodingKey {
            case status, files
            case transferId = "transfer_id"
            case localPath = "local_path"
            case filesDownloaded = "files_downloaded"
            case sizeDownloaded = "size_downloaded"
            case downloadStart = "download_start"
            case downloadEnd = "download_end"
            case downloadTime = "download_time"
            case filesNotFound = "files_not_found"
            case failedFiles = "failed_files"
            case bytesTransferred = "bytes_transferred"
        }

        init(report: DownloadReport, status: String, seconds: Double) {
            let result = report.result
            transferId = result.transferID
            self.status = status
            localPath = result.directory.path
            filesDownloaded = result.files.count
            sizeDownloaded = Format.size(result.totalBytes)
            downloadStart = Format.localTimestamp(result.startedAt)
            downloadEnd = Format.localTimestamp(result.endedAt)
            downloadTime = Format.duration(seconds: seconds)
            filesNotFound = report.notFound
            failedFiles = report.failures.map(\.path)
            bytesTransferred = result.transferredBytes
            files = result.files.map { File(path: $0.path, localPath: $0.url.path, size: $0.size, sha256: $0.sha256.hex, fromCache: $0.fromCache) }
        }
    }
}
