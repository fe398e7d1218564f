import Foundation
import ZooCore

/// A registry the commands talk to: the local store (with the zoo's catalog) or a remote
/// NGC-compatible API. Both answer the same questions and take the same writes, so every
/// command works the same against either.
public protocol RegistryBackend: Sendable {
    /// Where the registry is, for messages: a folder or a URL.
    var location: String { get }

    /// True when browsing without credentials: models without guest access show as `locked`.
    var isGuest: Bool { get }

    /// Models whose `org[/team]/name` matches the pattern's model part (search summaries).
    func models(matching pattern: ModelPattern) throws -> [RegistryModel]

    /// The same models as rows of their list fields, for tables (cheaper than `models` for long lists).
    func listing(matching pattern: ModelPattern) throws -> ModelListing

    /// The model `ref` names (its version ignored); a not-found error listing what exists.
    func model(_ ref: ModelRef) throws -> RegistryModel

    /// Every version of the model `ref` names (any order); a not-found error when there is no such model.
    func versions(of ref: ModelRef) throws -> [RegistryVersion]

    /// The version `ref` names and its model; a not-found error listing the versions that exist.
    func version(_ ref: ModelRef) throws -> (model: RegistryModel, version: RegistryVersion)

    /// The files of a built version with sizes and digests.
    func files(of ref: ModelRef) throws -> [RegistryFile]

    /// Where each file's bytes can be fetched (for the downloader), keyed by file path.
    func transferSources(for ref: ModelRef, paths: [String]) throws -> [String: TransferSource]

    /// Creates a model.
    func create(_ model: RegistryModel) throws -> RegistryModel

    /// Changes a model's metadata and returns it as stored.
    func update(_ ref: ModelRef, _ change: ModelChange) throws -> RegistryModel

    /// Marks `ref`'s version as the model's latest.
    func setLatest(_ ref: ModelRef) throws

    /// Removes a model (no version in `ref`) or one version.
    func remove(_ ref: ModelRef) throws -> RemovalOutcome

    /// Publishes a version from files on disk (the upload half of `upload-version`).
    func publish(_ version: RegistryVersion, of model: RegistryModel, files: [RegistryStore.PublishedFile],
                 setLatest: Bool, progress: ProgressBar?) throws -> RegistryVersion
}

extension RegistryBackend {
    public var isGuest: Bool { false }

    public func listing(matching pattern: ModelPattern) throws -> ModelListing {
        ModelListing(try models(matching: pattern))
    }
}

/// What `remove` did.
public enum RemovalOutcome: Sendable, Equatable {
    /// The model or version is gone.
    case removed
    /// The built files are gone; the catalog still lists the version (or model) as `UPLOAD_PENDING`.
    case revertedToCatalog
}

/// Where the bytes of one file come from: a URL (`http(s)://` or `file://`) and the request
/// headers it needs.
public struct TransferSource: Sendable, Equatable {
    public var url: String
    public var headers: [String]

    public init(url: String, headers: [String] = []) {
        self.url = url
        self.headers = headers
    }
}

/// The metadata `zoo update` can change on a model (nil: leave as is).
public struct ModelChange: Sendable, Equatable {
    public var application: String?
    public var framework: String?
    public var modelFormat: String?
    public var precision: String?
    public var shortDescription: String?
    public var description: String?
    public var displayName: String?
    public var builtBy: String?
    public var publisher: String?
    public var logo: String?
    public var addLabels: [String] = []
    public var removeLabels: [String] = []

    public init() {}

    /// True when nothing would change.
    public var isEmpty: Bool { self == ModelChange() }

    /// `model` with the changes applied (labels edit the `general` label).
    public func applied(to model: RegistryModel) -> RegistryModel {
        var model = model
        if let application { model.application = application }
        if let framework { model.framework = framework }
        if let modelFormat { model.modelFormat = modelFormat }
        if let precision { model.precision = precision }
        if let shortDescription { model.shortDescription = shortDescription }
        if let description { model.description = description }
        if let displayName { model.displayName = displayName }
        if let builtBy { model.builtBy = builtBy }
        if let publisher { model.publisher = publisher }
        if let logo { model.logo = logo }
        if !addLabels.isEmpty || !removeLabels.isEmpty {
            var labels = model.labels ?? []
            var general = labels.first { $0.key == "general" }?.values ?? []
            general.removeAll { removeLabels.contains($0) }
            for label in addLabels where !general.contains(label) { general.append(label) }
            labels.removeAll { $0.key == "general" }
            if !general.isEmpty { labels.insert(RegistryLabel(key: "general", values: general), at: 0) }
            model.labels = labels.isEmpty ? nil : labels
        }
        return model
    }
}
