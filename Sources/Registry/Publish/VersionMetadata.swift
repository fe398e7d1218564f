/// The metadata `upload-version` records with a version (NGC's flags), plus zoo's fields that the
/// task workflow sets when it builds a catalog version. Nil leaves the existing value.
public struct VersionMetadata: Sendable, Equatable {
    public var accuracyReached: Double?
    public var numberOfEpochs: Int?
    public var batchSize: Int?
    public var gpuModel: String?
    public var memoryFootprint: String?
    public var description: String?
    public var classes: [String]?
    public var inputDims: [Int]?
    public var key: String?
    /// How the version was built (a JSON object); nil leaves the catalog's recipe.
    public var recipe: JSONValue?

    public init(accuracyReached: Double? = nil, numberOfEpochs: Int? = nil, batchSize: Int? = nil,
                gpuModel: String? = nil, memoryFootprint: String? = nil, description: String? = nil,
                classes: [String]? = nil, inputDims: [Int]? = nil, key: String? = nil, recipe: JSONValue? = nil) {
        self.accuracyReached = accuracyReached
        self.numberOfEpochs = numberOfEpochs
        self.batchSize = batchSize
        self.gpuModel = gpuModel
        self.memoryFootprint = memoryFootprint
        self.description = description
        self.classes = classes
        self.inputDims = inputDims
        self.key = key
        self.recipe = recipe
    }

    /// `version` with every field set here replacing its value.
    public func applied(to version: RegistryVersion) -> RegistryVersion {
        var version = version
        if let accuracyReached { version.accuracyReached = accuracyReached }
        if let numberOfEpochs { version.numberOfEpochs = numberOfEpochs }
        if let batchSize { version.batchSize = batchSize }
        if let gpuModel { version.gpuModel = gpuModel }
        if let memoryFootprint { version.memoryFootprint = memoryFootprint }
        if let description { version.description = description }
        if let classes { version.classes = classes }
        if let inputDims { version.inputDims = inputDims }
        if let key { version.key = key }
        if let recipe { version.recipe = recipe }
        return version
    }
}
