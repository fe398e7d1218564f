import ZooCore

/// An NGC model-version object, with NGC's field names, plus the fields zoo's catalog adds for
/// the versions it builds itself (`classes`, `inputDims`, `key`, `artifacts`, `recipe`). NGC
/// clients ignore the additions; zoo reads them back from its own server.
public struct RegistryVersion: Codable, Sendable, Equatable {
    public var versionId: String
    /// A float printed as-is (`79.5`).
    public var accuracyReached: Double?
    public var batchSize: Int?
    public var gpuModel: String?
    /// A free-form string entered at upload (`"89.0"`), not computed.
    public var memoryFootprint: String?
    public var numberOfEpochs: Int?
    public var description: String?
    public var status: VersionStatus?
    public var totalFileCount: Int?
    public var totalSizeInBytes: Int64?
    /// ISO timestamp `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var createdDate: String?
    public var createdByUser: String?
    public var ownerName: String?
    public var isSigned: Bool?

    // zoo's additions.

    /// The class list, in the order the model's outputs use.
    public var classes: [String]?
    /// Input dimensions `[C, H, W]`.
    public var inputDims: [Int]?
    /// The key the model files are encrypted with (`tlt_encode`): public, as NGC's model cards print it.
    public var key: String?
    /// The file names a build of this version produces (known before any file exists).
    public var artifacts: [String]?
    /// How zoo builds this version's artifacts (filled by the task workflow); nil or `null` until then.
    public var recipe: JSONValue?

    public init(versionId: String, status: VersionStatus? = nil) {
        self.versionId = versionId
        self.status = status
    }

    /// True when the version's files can be downloaded.
    public var isDownloadable: Bool { status == .uploadComplete }
}

/// A version's upload status. NGC uses `UPLOAD_PENDING` and `UPLOAD_COMPLETE`; other values are
/// kept as they come.
public struct VersionStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Created, files not (all) uploaded or not yet built: cannot be downloaded.
    public static let uploadPending = VersionStatus(rawValue: "UPLOAD_PENDING")
    /// Files uploaded and verified: downloadable.
    public static let uploadComplete = VersionStatus(rawValue: "UPLOAD_COMPLETE")

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

/// One file of a version, as NGC lists it: its path inside the version, size and SHA-256.
public struct RegistryFile: Codable, Sendable, Equatable {
    /// Relative path inside the version, `/`-separated.
    public var path: String
    public var sizeInBytes: Int64
    /// Base64 of the raw 32-byte SHA-256 digest.
    public var sha256Base64: String?
    public var createdDate: String?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case path, sizeInBytes, createdDate, description
        case sha256Base64 = "sha256_base64"
    }

    public init(path: String, sizeInBytes: Int64, sha256: SHA256Digest?, createdDate: String? = nil) {
        self.path = path
        self.sizeInBytes = sizeInBytes
        self.sha256Base64 = sha256?.base64
        self.createdDate = createdDate
    }

    /// The digest, when the listing carries a valid one.
    public var sha256: SHA256Digest? { sha256Base64.flatMap(SHA256Digest.init(base64:)) }
}
