import ZooCore

/// An NGC model object: the metadata of one model repository (`org/[team/]name`), with NGC's JSON
/// field names so that API responses and `--format_type json` output round-trip unchanged.
/// Every field but `name` and `orgName` is optional; absent fields are left out when encoding.
public struct RegistryModel: Codable, Sendable, Equatable {
    public var name: String
    public var orgName: String
    public var teamName: String?
    public var displayName: String?
    public var ownerName: String?
    /// e.g. `Object Detection`, `Classification`.
    public var application: String?
    /// e.g. `Transfer Learning Toolkit`.
    public var framework: String?
    /// e.g. `TLT`, `ONNX`.
    public var modelFormat: String?
    /// e.g. `FP32`, `INT8`.
    public var precision: String?
    public var shortDescription: String?
    /// The long markdown overview (the model card).
    public var description: String?
    public var labels: [RegistryLabel]?
    /// The version the owner marked as latest: set explicitly, not derived from the newest version.
    public var latestVersionIdStr: String?
    public var latestVersionSizeInBytes: Int64?
    /// ISO timestamp `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var createdDate: String?
    /// ISO timestamp `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var updatedDate: String?
    public var isPublic: Bool?
    public var canGuestDownload: Bool?
    public var isReadOnly: Bool?
    public var accessType: String?
    public var productNames: [String]?
    public var hasSignedVersion: Bool?
    public var builtBy: String?
    public var publisher: String?
    public var logo: String?
    public var publicDatasetUsed: PublicDataset?
    public var bias: String?
    public var explainability: String?
    public var privacy: String?
    public var safetyAndSecurity: String?

    public init(name: String, orgName: String, teamName: String? = nil) {
        self.name = name
        self.orgName = orgName
        self.teamName = teamName
    }

    /// A new model at `ref` (its version, if any, is ignored).
    public init(ref: ModelRef) {
        self.init(name: ref.name, orgName: ref.org, teamName: ref.team)
    }

    /// The model's reference (no version).
    public var ref: ModelRef { ModelRef(org: orgName, team: teamName, name: name) }

    /// `org/team/name` or `org/name`: the Repository column and the search `resourceId`.
    public var repository: String {
        teamName.map { orgName + "/" + $0 + "/" + name } ?? orgName + "/" + name
    }

    /// The Name column: the display name when set, else the name.
    public var shownName: String { displayName.flatMap { $0.isEmpty ? nil : $0 } ?? name }

    /// The values of the `general` label, NGC's Labels column.
    public var generalLabels: [String] { labels?.first { $0.key == "general" }?.values ?? [] }
}

/// A model label: a key (`general`, `framework`, `precision`, `publisher`…) and its values.
public struct RegistryLabel: Codable, Sendable, Equatable {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }
}

/// The public dataset a model was trained on, as NGC's model card shows it.
public struct PublicDataset: Codable, Sendable, Equatable {
    public var name: String?
    public var link: String?
    public var license: String?

    public init(name: String? = nil, link: String? = nil, license: String? = nil) {
        self.name = name
        self.link = link
        self.license = license
    }
}
