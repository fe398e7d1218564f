import Foundation
import ZooCore

/// What a download delivered: the version, the folder, and every file with its local path,
/// size and SHA-256, so that the caller can record where the bytes came from (run lineage
/// links a run to a registry version by these digests).
public struct DownloadResult: Sendable {
    /// The version downloaded (always with a version id).
    public var ref: ModelRef
    /// The folder the files are in: `{dest}/{name}_v{version}` (or the cache snapshot).
    public var directory: URL
    /// Every delivered file, verified.
    public var files: [DeliveredFile]
    /// NGC's transfer id: the folder name, `{name}_v{version}`.
    public var transferID: String
    public var startedAt: Date
    public var endedAt: Date
    /// Bytes that crossed the network (or were copied from a local store) in this run.
    public var transferredBytes: Int64

    /// The total size of the delivered files.
    public var totalBytes: Int64 { files.reduce(0) { $0 + $1.size } }
    /// Files that came out of the cache without a transfer.
    public var cachedFiles: Int { files.filter(\.fromCache).count }
}

/// One delivered file: where it is now, its size and its digest (checked after the transfer).
public struct DeliveredFile: Sendable, Equatable {
    /// The path inside the version (`labels.txt`, `weights/model.tlt`).
    public var path: String
    /// Where the file is on disk.
    public var url: URL
    public var size: Int64
    public var sha256: SHA256Digest
    /// True when the bytes were already in the cache.
    public var fromCache: Bool
}

/// The outcome of a download that may have partly failed: what was delivered, and why the rest was not.
public struct DownloadReport: Sendable {
    public var result: DownloadResult
    /// Files that could not be delivered, with the reason.
    public var failures: [(path: String, error: ZooError)]
    /// Files the filters selected that the registry does not have.
    public var notFound: [String]

    public var succeeded: Bool { failures.isEmpty && notFound.isEmpty }

    /// The result, or the error that explains why not every file arrived.
    public func get() throws -> DownloadResult {
        if let first = failures.first {
            guard failures.count > 1 else { throw first.error }
            throw ZooError("\(failures.count) files of '\(result.ref)' could not be downloaded; the first: \(first.path): \(first.error.message)",
                           hint: first.error.hint, exitCode: first.error.exitCode)
        }
        return result
    }
}
