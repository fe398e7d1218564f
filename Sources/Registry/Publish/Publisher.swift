import Foundation
import ZooCore

/// Publishes a version from a folder, a single file or a `.zip`/`.tar*` archive (what
/// `upload-version` does, and what the task workflow calls after building a catalog version).
/// The version's existing metadata (a catalog entry's classes, input dims, key and recipe) is
/// kept, with the given metadata on top.
public struct Publisher: Sendable {
    public let backend: any RegistryBackend

    public init(backend: any RegistryBackend) {
        self.backend = backend
    }

    /// What would be uploaded: the files found in the source and their total size.
    public struct Plan: Sendable {
        public var ref: ModelRef
        public var files: [RegistryStore.PublishedFile]
        public var totalSize: Int64
        /// A temporary folder holding an extracted archive; removed by `discard()`.
        var scratch: URL?

        /// Removes any temporary extraction.
        public func discard() {
            if let scratch { try? FileManager.default.removeItem(at: scratch) }
        }
    }

    /// Collects the files of `source` for `ref` (which must name a version). Archives are
    /// extracted safely into a temporary folder first.
    public func plan(_ ref: ModelRef, source: URL) throws -> Plan {
        guard ref.version != nil else {
            throw ZooError.usage("Invalid target: '\(ref)', a version is required.", hint: "e.g. \(ref):v1.0")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw ZooError.usage("The path: '\(source.path)' does not exist.", hint: "point --source at a folder, file or archive")
        }
        var scratch: URL?
        let files: [RegistryStore.PublishedFile]
        if isDirectory.boolValue {
            files = try Self.collect(folder: source)
        } else if ArchiveExtractor.isArchive(source) {
            let folder = fm.temporaryDirectory.appendingPathComponent("zoo-upload-\(UUID().uuidString)", isDirectory: true)
            scratch = folder
            do {
                try ArchiveExtractor.extract(source, into: folder)
                files = try Self.collect(folder: folder)
            } catch {
                try? fm.removeItem(at: folder)
                throw error
            }
        } else {
            files = [RegistryStore.PublishedFile(path: source.lastPathComponent, source: source)]
        }
        guard !files.isEmpty else {
            scratch.map { try? fm.removeItem(at: $0) }
            throw ZooError.usage("No files to upload in \(source.path).", hint: "point --source at the version's files")
        }
        let total = files.reduce(Int64(0)) { sum, file in
            sum + ((try? fm.attributesOfItem(atPath: file.source.path)[.size] as? NSNumber)??.int64Value ?? 0)
        }
        return Plan(ref: ref, files: files, totalSize: total, scratch: scratch)
    }

    /// Publishes `source` as `ref`'s version with `metadata`. The model must exist; the version
    /// must not be built yet (a catalog version waiting to be built, or a new id).
    public func publish(_ ref: ModelRef, source: URL, metadata: VersionMetadata = VersionMetadata(),
                        setLatest: Bool = false, progress: ProgressBar? = nil) throws -> RegistryVersion {
        let plan = try self.plan(ref, source: source)
        defer { plan.discard() }
        return try publish(plan, metadata: metadata, setLatest: setLatest, progress: progress)
    }

    /// Publishes a plan made by `plan(_:source:)`.
    public func publish(_ plan: Plan, metadata: VersionMetadata, setLatest: Bool = false,
                        progress: ProgressBar? = nil) throws -> RegistryVersion {
        let ref = plan.ref
        guard let id = ref.version else { throw ZooError.usage("Invalid target: '\(ref)', a version is required.") }
        let model = try backend.model(ref)
        var version = RegistryVersion(versionId: id, status: .uploadPending)
        if let (_, existing) = try? backend.version(ref) {
            guard existing.status != .uploadComplete else {
                throw ZooError("Version '\(ref)' already exists.",
                               hint: "upload under a new version id, or remove it first with 'zoo remove \(ref)'")
            }
            version = existing
        }
        version = metadata.applied(to: version)
        version.createdDate = nil
        return try backend.publish(version, of: model, files: plan.files, setLatest: setLatest, progress: progress)
    }

    /// The regular files under `folder` with their relative paths. Symlinks to files inside the
    /// folder are published as the file they point to; links leaving the folder are refused.
    static func collect(folder: URL) throws -> [RegistryStore.PublishedFile] {
        let root = folder.resolvingSymlinksInPath().standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else {
            return []
        }
        let prefix = root.path + "/"
        var files: [RegistryStore.PublishedFile] = []
        for case let url as URL in enumerator {
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }  // hidden files stay out
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values.isSymbolicLink == true {
                let target = url.resolvingSymlinksInPath()
                guard SafePath.isInside(target, root: root) else {
                    throw ZooError.usage("Refusing '\(path)': it links to \(target.path), outside \(folder.path).",
                                         hint: "copy the file into the folder instead of linking to it")
                }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(RegistryStore.PublishedFile(path: path, source: target))
                }
            } else if values.isRegularFile == true {
                files.append(RegistryStore.PublishedFile(path: path, source: url))
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}
