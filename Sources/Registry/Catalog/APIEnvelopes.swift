/// The JSON envelopes of NGC's registry API (`reference/ngc.md` §2.6, §6), shared by the client
/// and `zoo serve`.

/// `requestStatus`: `SUCCESS`, or an error code such as `NOT_FOUND` with a description.
public struct RequestStatus: Codable, Sendable, Equatable {
    public var statusCode: String
    public var statusDescription: String?
    public var requestId: String?

    public init(statusCode: String, statusDescription: String? = nil, requestId: String? = nil) {
        self.statusCode = statusCode
        self.statusDescription = statusDescription
        self.requestId = requestId
    }

    /// The status of a request that succeeded.
    public static let success = RequestStatus(statusCode: "SUCCESS")
}

/// `paginationInfo` of list endpoints.
public struct PaginationInfo: Codable, Sendable, Equatable {
    public var index: Int
    public var size: Int
    public var totalResults: Int
    public var totalPages: Int
    public var nextPage: String?

    public init(index: Int, size: Int, totalResults: Int, totalPages: Int, nextPage: String? = nil) {
        self.index = index
        self.size = size
        self.totalResults = totalResults
        self.totalPages = totalPages
        self.nextPage = nextPage
    }
}

/// `GET …/models/{name}` and the create/update responses.
public struct ModelEnvelope: Codable, Sendable {
    public var model: RegistryModel
    public var requestStatus: RequestStatus?

    public init(model: RegistryModel, requestStatus: RequestStatus? = .success) {
        self.model = model
        self.requestStatus = requestStatus
    }
}

/// `GET …/models/{name}/versions/{ver}`.
public struct VersionEnvelope: Codable, Sendable {
    public var modelVersion: RegistryVersion
    public var model: RegistryModel?
    public var requestStatus: RequestStatus?

    public init(modelVersion: RegistryVersion, model: RegistryModel?, requestStatus: RequestStatus? = .success) {
        self.modelVersion = modelVersion
        self.model = model
        self.requestStatus = requestStatus
    }
}

/// `GET …/models/{name}/versions`.
public struct VersionListEnvelope: Codable, Sendable {
    public var modelVersions: [RegistryVersion]
    public var model: RegistryModel?
    public var paginationInfo: PaginationInfo?
    public var requestStatus: RequestStatus?

    public init(modelVersions: [RegistryVersion], model: RegistryModel?, paginationInfo: PaginationInfo?,
                requestStatus: RequestStatus? = .success) {
        self.modelVersions = modelVersions
        self.model = model
        self.paginationInfo = paginationInfo
        self.requestStatus = requestStatus
    }
}

/// `GET …/models/{name}/versions/{ver}/files`.
public struct FileListEnvelope: Codable, Sendable {
    public var modelFiles: [RegistryFile]
    public var paginationInfo: PaginationInfo?
    public var requestStatus: RequestStatus?

    public init(modelFiles: [RegistryFile], paginationInfo: PaginationInfo?, requestStatus: RequestStatus? = .success) {
        self.modelFiles = modelFiles
        self.paginationInfo = paginationInfo
        self.requestStatus = requestStatus
    }
}

/// The direct-download endpoint `GET …/models/{name}/{ver}/files[?path=p]`: parallel arrays of
/// file paths and the URLs that serve their bytes.
public struct DirectDownloadEnvelope: Codable, Sendable {
    public var filepath: [String]?
    public var urls: [String]
    public var paginationInfo: PaginationInfo?

    public init(filepath: [String]?, urls: [String], paginationInfo: PaginationInfo? = nil) {
        self.filepath = filepath
        self.urls = urls
        self.paginationInfo = paginationInfo
    }
}

/// An error response: NGC's `requestStatus` with a code and a description.
public struct ErrorEnvelope: Codable, Sendable {
    public var requestStatus: RequestStatus

    public init(requestStatus: RequestStatus) { self.requestStatus = requestStatus }
}

/// `GET /token`: a bearer token for the resource endpoints.
public struct TokenEnvelope: Codable, Sendable {
    public var token: String
    public var expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case token
        case expiresIn = "expires_in"
    }

    public init(token: String, expiresIn: Int) {
        self.token = token
        self.expiresIn = expiresIn
    }
}
