import Foundation
import ZooCore

/// The registry on this machine: the local store (published versions, writable) over the zoo's
/// catalog (the models zoo offers, read-only). A model or version in the store shadows the
/// catalog's entry of the same name; catalog versions not built yet are `UPLOAD_PENDING`.
public struct LocalRegistry: RegistryBackend {
    /// Where published versions live (`$ZOO_HOME/registry` by default).
    public let store: RegistryStore
    /// The zoo's catalog, when one is found (see `Catalog.locate`).
    public let catalog: RegistryStore?

    public init(store: RegistryStore, catalog: RegistryStore?) {
        self.store = store
        self.catalog = catalog
    }

    /// The store at `folder` (default `$ZOO_HOME/registry`) over the catalog `Catalog.open()` finds.
    public static func standard(paths: ZooPaths, folder: URL? = nil) -> LocalRegistry {
        LocalRegistry(store: RegistryStore(root: folder ?? paths.registry), catalog: Catalog.open())
    }

    public var location: String { store.root.path }

    // MARK: - Reading

    public func models(matching pattern: ModelPattern) throws -> [RegistryModel] {
        try listing(matching: pattern).models()
    }

    /// The matching models of store and catalog (a store model shadows the catalog's of the
    /// same name), sorted by repository.
    public func listing(matching pattern: ModelPattern) throws -> ModelListing {
        let stored = try store.listing(matching: pattern)
        guard let catalog else { return stored }
        return stored.shadowing(try catalog.listing(matching: pattern))
    }

    /// Every model: catalog models shadowed by store models, sorted by repository.
    func allModels() throws -> [RegistryModel] {
        try models(matching: .everything)
    }

    public func model(_ ref: ModelRef) throws -> RegistryModel {
        if let model = try store.model(ref) ?? catalog?.model(ref) { return model }
        throw RegistryErrors.modelNotFound(ref, among: try allModels())
    }

    /// True when the store or the catalog has the model `ref` names (a cheap check, no listing).
    public func contains(_ ref: ModelRef) -> Bool {
        ((try? store.model(ref)) ?? nil) != nil || ((try? catalog?.model(ref)) ?? nil) != nil
    }

    public func versions(of ref: ModelRef) throws -> [RegistryVersion] {
        _ = try model(ref)
        var byId: [String: RegistryVersion] = [:]
        for version in try catalog?.versions(of: ref) ?? [] { byId[version.versionId] = version }
        for version in try store.versions(of: ref) { byId[version.versionId] = version }
        return Array(byId.values)
    }

    public func version(_ ref: ModelRef) throws -> (model: RegistryModel, version: RegistryVersion) {
        let model = try model(ref)
        if let version = try store.version(ref) ?? catalog?.version(ref) { return (model, version) }
        throw RegistryErrors.versionNotFound(ref, among: try versions(of: ref))
    }

    public func files(of ref: ModelRef) throws -> [RegistryFile] {
        let (_, version) = try version(ref)
        guard version.isDownloadable, let files = try store.files(of: ref) else {
            throw RegistryErrors.notDownloadable(ref, status: version.status)
        }
        return files
    }

    public func transferSources(for ref: ModelRef, paths: [String]) throws -> [String: TransferSource] {
        var sources: [String: TransferSource] = [:]
        for path in paths { sources[path] = TransferSource(url: try store.fileURL(ref, path: path).absoluteString) }
        return sources
    }

    // MARK: - Writing

    public func create(_ model: RegistryModel) throws -> RegistryModel {
        if try catalog?.model(model.ref) != nil {
            throw ZooError("Model '\(model.repository)' already exists (in zoo's catalog).", hint: "use 'zoo update' to change its metadata")
        }
        try store.create(model)
        return try self.model(model.ref)
    }

    public func update(_ ref: ModelRef, _ change: ModelChange) throws -> RegistryModel {
        try save(change.applied(to: try model(ref)))
    }

    /// Stores a model's metadata as given (a catalog model gets its copy in the store).
    @discardableResult
    public func save(_ model: RegistryModel) throws -> RegistryModel {
        var updated = model
        updated.updatedDate = Format.iso(Date())
        try store.save(updated)
        return try self.model(model.ref)
    }

    /// Starts an upload: records `version` as `UPLOAD_PENDING` in the store, on top of the
    /// catalog's entry for it when there is one (so its classes, input dims and recipe stay).
    public func createPendingVersion(_ version: RegistryVersion, of ref: ModelRef) throws -> RegistryVersion {
        let model = try model(ref)
        let versionRef = ref.model.at(version.versionId)
        var merged = version
        if let base = try catalog?.version(versionRef) {
            let patch = try JSONDecoder().decode([String: JSONValue].self, from: RegistryJSON.encode(version, pretty: false))
            merged = try JSONValue.overlay(base, with: patch)
        }
        return try store.createPendingVersion(merged, model: model)
    }

    public func setLatest(_ ref: ModelRef) throws {
        let (model, _) = try version(ref)
        try store.setLatest(ref, model: model)
    }

    public func remove(_ ref: ModelRef) throws -> RemovalOutcome {
        let inCatalog: Bool
        let removed: Bool
        if ref.version == nil {
            _ = try model(ref)
            inCatalog = try catalog?.model(ref) != nil
            removed = try store.removeModel(ref)
        } else {
            _ = try version(ref)
            inCatalog = try catalog?.version(ref) != nil
            removed = try store.removeVersion(ref)
        }
        switch (removed, inCatalog) {
        case (true, false): return .removed
        case (true, true): return .revertedToCatalog
        default:
            throw ZooError("'\(ref)' is part of zoo's catalog (\(catalog?.root.path ?? "registry/")) and cannot be removed.",
                           hint: "only published versions can be removed; set ZOO_CATALOG=none to work without the catalog")
        }
    }

    public func publish(_ version: RegistryVersion, of model: RegistryModel, files: [RegistryStore.PublishedFile],
                        setLatest: Bool, progress: ProgressBar?) throws -> RegistryVersion {
        let published = try store.publish(version, files: files, model: model, setLatest: setLatest)
        progress?.set(done: published.totalSizeInBytes ?? 0)
        progress?.finish()
        return published
    }
}
