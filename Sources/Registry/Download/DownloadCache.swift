import Foundation
import ZooCore

/// The content-addressed download cache under `$ZOO_HOME/cache`:
///
/// ```
/// blobs/<sha256 hex>          verified file contents, read-only, named by their digest
/// partial/<key>.partial       a download in progress (resumed from its length)
/// partial/<key>.lock          held while a process or thread transfers that file
/// snapshots/<org>/[<team>/]<name>/<version>/<path>   versions resolved for tasks (links to blobs)
/// ```
///
/// A file whose digest is already in `blobs/` is never transferred again; its digest is checked
/// again before it is handed out, and a blob that no longer matches is thrown away.
public struct DownloadCache: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// `$ZOO_HOME/cache`.
    public init(paths: ZooPaths) {
        self.init(root: paths.cache)
    }

    var blobs: URL { root.appendingPathComponent("blobs", isDirectory: true) }
    var partials: URL { root.appendingPathComponent("partial", isDirectory: true) }
    /// Where `Downloader.resolve` materialises versions for tasks.
    public var snapshots: URL { root.appendingPathComponent("snapshots", isDirectory: true) }

    func blobURL(_ digest: SHA256Digest) -> URL { blobs.appendingPathComponent(digest.hex) }
    func partialURL(_ key: String) -> URL { partials.appendingPathComponent(key + ".partial") }
    func lockURL(_ key: String) -> URL { partials.appendingPathComponent(key + ".lock") }

    /// The blob for `digest` when it is present with the right size and content; a blob that
    /// fails the check is removed (the caller downloads it again).
    func verifiedBlob(_ digest: SHA256Digest, size: Int64) -> URL? {
        let url = blobURL(digest)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              (attributes[.size] as? NSNumber)?.int64Value == size else {
            if FileManager.default.fileExists(atPath: url.path) { try? FileManager.default.removeItem(at: url) }
            return nil
        }
        guard let (actual, _) = try? SHA256Hasher.hash(file: url), actual == digest else {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        return url
    }
}
