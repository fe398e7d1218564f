import Foundation
import ZooCore

/// A registry kept in a folder: models, versions, and for built versions their files with a
/// manifest (size and SHA-256 per file). The local store under `$ZOO_HOME/registry` is one; the
/// zoo's catalog in `registry/` is another, opened read-only. Layout: `StoreLayout`.
///
/// Every write holds the store's lock and is atomic: files are staged and renamed into place,
/// so a crash mid-publish leaves the previous state. A small index (`.index.tsv`) keeps
/// `list` fast over many models; it is rebuilt from the model files whenever it is missing or a
/// write did not finish.
public struct RegistryStore: Sendable {
    /// The store folder.
    public let root: URL
    /// True for the catalog: reads only, no index, no locks.
    public let isReadOnly: Bool
    let layout: StoreLayout

    public init(root: URL, readOnly: Bool = false) {
        self.root = root.standardizedFileURL
        self.isReadOnly = readOnly
        self.layout = StoreLayout(root: self.root)
    }

    // MARK: - Reading

    /// The models whose `org[/team]/name` matches `pattern`, as list and search show them: the
    /// indexed fields (no `description`, the model card, which `model(_:)` returns); sorted by
    /// repository.
    public func models(matching pattern: ModelPattern = .everything) throws -> [RegistryModel] {
        try listing(matching: pattern).models()
    }

    /// The models whose `org[/team]/name` matches `pattern`, as rows of their indexed fields,
    /// sorted by repository: read from the index, which is rebuilt from the model files when
    /// missing or stale (a read-only store, such as the catalog, always reads the files).
    public func listing(matching pattern: ModelPattern = .everything) throws -> ModelListing {
        if !isReadOnly, let indexed = StoreIndex.read(layout) { return indexed.filtered(pattern) }
        let models = try layout.modelRefs().map(readModel).sorted { $0.repository < $1.repository }
        // Persist the rebuilt index unless a writer is busy (it writes a fresh one when done).
        if !isReadOnly, FileManager.default.fileExists(atPath: root.path), let lock = FileLock(tryLocking: layout.lockFile) {
            defer { lock.unlock() }
            if StoreIndex.read(layout) == nil {
                try? StoreIndex.write(models, layout)
                try? FileManager.default.removeItem(at: layout.dirtyMarker)
            }
        }
        return ModelListing(models).filtered(pattern)
    }

    /// The model at `ref` (version ignored), or nil when the store has none.
    public func model(_ ref: ModelRef) throws -> RegistryModel? {
        try SafePath.checkRef(ref.model)
        guard FileManager.default.fileExists(atPath: layout.modelFile(ref.model).path) else { return nil }
        return try readModel(ref.model)
    }

    /// Every version of the model at `ref`, in no particular order (empty when there is no such model).
    public func versions(of ref: ModelRef) throws -> [RegistryVersion] {
        try SafePath.checkRef(ref.model)
        let directory = layout.versionsDirectory(ref.model)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        return try names.compactMap { name in
            let file = layout.versionFile(ref.model, name)
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            return try readVersion(file, id: name)
        }
    }

    /// The version `ref` names, or nil when the store has none.
    public func version(_ ref: ModelRef) throws -> RegistryVersion? {
        guard let id = ref.version else { return nil }
        try SafePath.checkRef(ref)
        let file = layout.versionFile(ref.model, id)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try readVersion(file, id: id)
    }

    /// The manifest of a built version: its files with sizes and digests (nil when not built).
    public func files(of ref: ModelRef) throws -> [RegistryFile]? {
        guard let id = ref.version else { return nil }
        try SafePath.checkRef(ref)
        let file = layout.manifestFile(ref.model, id)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try RegistryJSON.read(FileListEnvelope.self, from: file).modelFiles
    }

    /// The on-disk location of one file of a built version; refuses paths that leave the version.
    public func fileURL(_ ref: ModelRef, path: String) throws -> URL {
        guard let id = ref.version else { throw ZooError.usage("'\(ref)' names no version.") }
        try SafePath.checkRef(ref)
        let base = layout.filesDirectory(ref.model, id)
        let url = try SafePath.join(base, relative: path, what: "file")
        guard SafePath.isInside(url, root: base) else {
            throw ZooError("Refusing '\(path)': it resolves outside the version's folder.", exitCode: ZooError.Code.integrity)
        }
        return url
    }

    /// The cached zip of a built version (may not exist yet).
    public func zipURL(_ ref: ModelRef) throws -> URL {
        guard let id = ref.version else { throw ZooError.usage("'\(ref)' names no version.") }
        try SafePath.checkRef(ref)
        return layout.zipFile(ref.model, id)
    }

    func readModel(_ ref: ModelRef) throws -> RegistryModel {
        let file = layout.modelFile(ref)
        var model = try RegistryJSON.read(RegistryModel.self, from: file)
        guard model.orgName == ref.org, model.teamName == ref.team, model.name == ref.name else {
            throw ZooError("\(file.path) describes '\(model.repository)', but its folder says '\(ref.repository)'.",
                           hint: "make orgName, teamName and name in the file match the folder it is in",
                           exitCode: ZooError.Code.integrity)
        }
        if model.description == nil {
            let overview = layout.modelDirectory(ref).appendingPathComponent("overview.md")
            model.description = try? String(contentsOf: overview, encoding: .utf8)
        }
        return model
    }

    func readVersion(_ file: URL, id: String) throws -> RegistryVersion {
        let version = try RegistryJSON.read(RegistryVersion.self, from: file)
        guard version.versionId == id else {
            throw ZooError("\(file.path) describes version '\(version.versionId)', but its folder says '\(id)'.",
                           hint: "make versionId match the folder name", exitCode: ZooError.Code.integrity)
        }
        return version
    }

    // MARK: - Writing

    /// Creates a model; an error when it already exists.
    public func create(_ model: RegistryModel) throws {
        try mutate(model.ref) {
            guard !FileManager.default.fileExists(atPath: layout.modelFile(model.ref).path) else {
                throw ZooError("Model '\(model.repository)' already exists.", hint: "use 'zoo update' to change its metadata")
            }
            try writeModel(model)
        }
    }

    /// Writes a model's metadata, creating or replacing it.
    public func save(_ model: RegistryModel) throws {
        try mutate(model.ref) { try writeModel(model) }
    }

    /// Removes a model and all its versions; false when the store has no such model.
    @discardableResult
    public func removeModel(_ ref: ModelRef) throws -> Bool {
        try mutate(ref.model) {
            let directory = layout.modelDirectory(ref.model)
            guard FileManager.default.fileExists(atPath: layout.modelFile(ref.model).path) else { return false }
            // Team models may live inside an org-level model's folder: keep those.
            let keep = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0 != "versions" && $0 != "model.json" && $0 != "overview.md" && !$0.hasPrefix(".") }
            if keep.isEmpty {
                try FileCopy.removeAtomically(directory, trash: layout.staging)
            } else {
                try FileCopy.removeAtomically(layout.versionsDirectory(ref.model), trash: layout.staging)
                try FileManager.default.removeItem(at: layout.modelFile(ref.model))
            }
            return true
        }
    }

    /// Removes one version; false when the store has no such version.
    @discardableResult
    public func removeVersion(_ ref: ModelRef) throws -> Bool {
        guard let id = ref.version else { throw ZooError.usage("'\(ref)' names no version.") }
        return try mutate(ref.model) {
            let directory = layout.versionDirectory(ref.model, id)
            guard FileManager.default.fileExists(atPath: directory.path) else { return false }
            try FileCopy.removeAtomically(directory, trash: layout.staging)
            return true
        }
    }

    /// Records a version whose files are still to come (`UPLOAD_PENDING`), creating the model
    /// from `model` when the store does not have it yet. An error when the version exists.
    public func createPendingVersion(_ version: RegistryVersion, model: RegistryModel) throws -> RegistryVersion {
        let ref = model.ref.at(version.versionId)
        try SafePath.checkRef(ref)
        return try mutate(model.ref) {
            if let existing = try self.version(ref) {
                guard existing.status != .uploadComplete else {
                    throw ZooError("Version '\(ref)' already exists.",
                                   hint: "upload under a new version id, or remove it first with 'zoo remove \(ref)'")
                }
            }
            if !FileManager.default.fileExists(atPath: layout.modelFile(model.ref).path) { try writeModel(model) }
            var pending = version
            pending.status = .uploadPending
            pending.createdDate = pending.createdDate ?? Format.iso(Date())
            pending.totalFileCount = nil
            pending.totalSizeInBytes = nil
            try AtomicFile.write(RegistryJSON.encode(pending), to: layout.versionFile(ref.model, version.versionId))
            return pending
        }
    }

    /// Moves an uploaded file (already on disk in `temporary`) into a pending version at `path`.
    public func placeUploadedFile(_ temporary: URL, at path: String, in ref: ModelRef) throws {
        guard let current = try version(ref), current.status == .uploadPending else {
            throw ZooError.notFound("'\(ref)' is not a version waiting for files.",
                                    hint: "create the version first (POST …/versions), then upload its files")
        }
        let destination = try fileURL(ref, path: path)
        try ZooPaths.ensureDirectory(destination.deletingLastPathComponent())
        try AtomicFile.replace(destination, with: temporary)
    }

    /// Finishes a pending version: hashes its files, writes the manifest and marks it `UPLOAD_COMPLETE`.
    public func completeVersion(_ ref: ModelRef) throws -> RegistryVersion {
        guard let id = ref.version else { throw ZooError.usage("'\(ref)' names no version.") }
        return try mutate(ref.model) {
            guard var version = try self.version(ref) else {
                throw ZooError.notFound("'\(ref)' could not be found.")
            }
            guard version.status != .uploadComplete else { return version }
            let base = layout.filesDirectory(ref.model, id)
            var files: [RegistryFile] = []
            for path in try Self.relativeFiles(under: base) {
                let (digest, size) = try SHA256Hasher.hash(file: try SafePath.join(base, relative: path, what: "file"))
                files.append(RegistryFile(path: path, sizeInBytes: size, sha256: digest, createdDate: Format.iso(Date())))
            }
            guard !files.isEmpty else {
                throw ZooError("'\(ref)' has no files to complete.", hint: "upload at least one file first")
            }
            version.status = .uploadComplete
            version.totalFileCount = files.count
            version.totalSizeInBytes = files.reduce(0) { $0 + $1.sizeInBytes }
            try AtomicFile.write(RegistryJSON.encode(FileListEnvelope(modelFiles: files, paginationInfo: nil, requestStatus: nil)),
                                 to: layout.manifestFile(ref.model, id))
            try AtomicFile.write(RegistryJSON.encode(version), to: layout.versionFile(ref.model, id))
            try updateLatest(of: ref.model, with: version, force: false)
            return version
        }
    }

    /// Publishes a built version in one atomic step: copies (and hashes) `files` into a staging
    /// folder with the manifest and the `UPLOAD_COMPLETE` version, then renames it into place.
    /// Creates the model from `model` when needed. An error when the version is already built.
    public func publish(_ version: RegistryVersion, files: [PublishedFile], model: RegistryModel,
                        setLatest: Bool = false) throws -> RegistryVersion {
        let ref = model.ref.at(version.versionId)
        try SafePath.checkRef(ref)
        guard !files.isEmpty else {
            throw ZooError.usage("Nothing to publish for '\(ref)': no files.", hint: "point --source at a folder or archive with the version's files")
        }
        var seen = Set<String>()
        for file in files {
            guard SafePath.components(ofRelativePath: file.path) != nil else {
                throw ZooError.usage("Refusing file path '\(file.path)': it is absolute or climbs out with '..'.")
            }
            guard seen.insert(file.path).inserted else { throw ZooError.usage("File '\(file.path)' is listed twice.") }
        }
        return try mutate(model.ref) {
            if let existing = try self.version(ref), existing.status == .uploadComplete {
                throw ZooError("Version '\(ref)' already exists.",
                               hint: "publish under a new version id, or remove it first with 'zoo remove \(ref)'")
            }
            let stage = layout.staging.appendingPathComponent("publish-\(UUID().uuidString)", isDirectory: true)
            defer { try? FileManager.default.removeItem(at: stage) }
            var manifest: [RegistryFile] = []
            let now = Format.iso(Date())
            for file in files.sorted(by: { $0.path < $1.path }) {
                let target = try SafePath.join(stage.appendingPathComponent("files"), relative: file.path, what: "file")
                let (digest, size) = try FileCopy.copy(file.source, to: target)
                manifest.append(RegistryFile(path: file.path, sizeInBytes: size, sha256: digest, createdDate: now))
            }
            var built = version
            built.status = .uploadComplete
            built.totalFileCount = manifest.count
            built.totalSizeInBytes = manifest.reduce(0) { $0 + $1.sizeInBytes }
            built.createdDate = built.createdDate ?? now
            built.createdByUser = built.createdByUser ?? Environment.value("USER")
            try AtomicFile.write(RegistryJSON.encode(FileListEnvelope(modelFiles: manifest, paginationInfo: nil, requestStatus: nil)),
                                 to: stage.appendingPathComponent("manifest.json"))
            try AtomicFile.write(RegistryJSON.encode(built), to: stage.appendingPathComponent("version.json"))

            if !FileManager.default.fileExists(atPath: layout.modelFile(model.ref).path) { try writeModel(model) }
            let destination = layout.versionDirectory(model.ref, version.versionId)
            try FileCopy.removeAtomically(destination, trash: layout.staging)  // a pending upload, if any
            try ZooPaths.ensureDirectory(destination.deletingLastPathComponent())
            guard rename(stage.path, destination.path) == 0 else {
                throw ZooError("Cannot move the published version into \(destination.path): \(String(cString: strerror(errno))).",
                               hint: "check permissions on the store folder")
            }
            try updateLatest(of: model.ref, with: built, force: setLatest)
            return built
        }
    }

    /// Points the model's latest version at `ref`'s version.
    public func setLatest(_ ref: ModelRef, model: RegistryModel) throws {
        guard let id = ref.version else { throw ZooError.usage("'\(ref)' names no version.") }
        try mutate(ref.model) {
            var updated = (try self.model(ref)) ?? model
            updated.latestVersionIdStr = id
            updated.latestVersionSizeInBytes = try self.version(ref)?.totalSizeInBytes
            updated.updatedDate = Format.iso(Date())
            try writeModel(updated)
        }
    }

    /// A file to publish: its path inside the version and where its bytes are now.
    public struct PublishedFile: Sendable {
        public var path: String
        public var source: URL

        public init(path: String, source: URL) {
            self.path = path
            self.source = source
        }
    }

    // MARK: - Internals

    private func writeModel(_ model: RegistryModel) throws {
        try SafePath.checkRef(model.ref)
        var model = model
        let now = Format.iso(Date())
        model.createdDate = model.createdDate ?? now
        model.updatedDate = model.updatedDate ?? now
        try AtomicFile.write(RegistryJSON.encode(model), to: layout.modelFile(model.ref))
    }

    /// After a version is built: the model's latest becomes it when forced, when the model had
    /// no latest yet, or when it already was the latest (its size is now known).
    private func updateLatest(of ref: ModelRef, with version: RegistryVersion, force: Bool) throws {
        guard var model = try self.model(ref) else { return }
        if force || model.latestVersionIdStr == nil || model.latestVersionIdStr == version.versionId {
            model.latestVersionIdStr = version.versionId
            model.latestVersionSizeInBytes = version.totalSizeInBytes
        }
        model.updatedDate = Format.iso(Date())
        try writeModel(model)
    }

    /// Runs a write under the store lock, keeping the index true: the dirty marker goes down
    /// first and comes off once the index has the changed model again.
    private func mutate<T>(_ ref: ModelRef, _ body: () throws -> T) throws -> T {
        guard !isReadOnly else {
            throw ZooError("The registry at \(root.path) is read-only.", hint: "publish to a local store instead")
        }
        try SafePath.checkRef(ref.model)
        try ZooPaths.ensureDirectory(root)
        return try FileLock.withLock(layout.lockFile) {
            removeLeftovers()
            let before = StoreIndex.read(layout)?.models()
            try AtomicFile.write(Data(), to: layout.dirtyMarker)
            let result = try body()
            var models = try before ?? layout.modelRefs().map(readModel)
            models.removeAll { $0.ref == ref.model }
            if let changed = try self.model(ref) { models.append(changed) }
            try StoreIndex.write(models, layout)
            try? FileManager.default.removeItem(at: layout.dirtyMarker)
            return result
        }
    }

    /// Staged publishes and removals are only made under the lock, so any found when taking it
    /// were left by a crash: they go. Uploads a server is receiving are left alone unless a day old.
    private func removeLeftovers() {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: layout.staging.path)) ?? []
        let dayAgo = Date().addingTimeInterval(-86_400)
        for name in names {
            let url = layout.staging.appendingPathComponent(name)
            let stale = name.hasPrefix("upload-")
                && ((try? fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date()) < dayAgo
            if name.hasPrefix("publish-") || name.hasPrefix("removed-") || stale { try? fm.removeItem(at: url) }
        }
    }

    /// Relative paths of the regular files under `base`, sorted; symlinks are refused.
    static func relativeFiles(under base: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else {
            return []
        }
        let prefix = base.standardizedFileURL.path + "/"
        var paths: [String] = []
        for case let url as URL in enumerator {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            if values.isSymbolicLink == true {
                throw ZooError("Refusing symbolic link '\(path)' in \(base.path).", hint: "replace it with the file it points to")
            }
            if values.isRegularFile == true { paths.append(path) }
        }
        return paths.sorted()
    }
}
