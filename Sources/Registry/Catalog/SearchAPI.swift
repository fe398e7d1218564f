/// NGC's search service, which `list` uses: `GET /v2/search/{scope}/resources/MODEL?q={json}`.

/// The `q` parameter: `{"query": "resourceId:<glob>", "page": N, "pageSize": M, …}`.
public struct SearchQuery: Codable, Sendable, Equatable {
    public var query: String
    public var page: Int?
    public var pageSize: Int?
    public var queryFields: [String]?
    public var fields: [String]?
    public var orderBy: [SearchOrder]?
    public var filters: [SearchFilter]?

    public init(resourceIdPattern: String, page: Int = 0, pageSize: Int = 1000) {
        self.query = "resourceId:" + resourceIdPattern
        self.page = page
        self.pageSize = pageSize
    }

    /// The glob after `resourceId:`, or `*` when the query names none.
    public var resourceIdPattern: String {
        let prefix = "resourceId:"
        guard query.hasPrefix(prefix) else { return query.isEmpty ? "*" : query }
        let pattern = String(query.dropFirst(prefix.count))
        return pattern.isEmpty ? "*" : pattern
    }
}

/// An `orderBy` entry of a search query.
public struct SearchOrder: Codable, Sendable, Equatable {
    public var field: String
    public var value: String
}

/// A `filters` entry of a search query.
public struct SearchFilter: Codable, Sendable, Equatable {
    public var field: String
    public var value: String
}

/// The search response: pages of results grouped by resource type.
public struct SearchEnvelope: Codable, Sendable {
    public var resultTotal: Int
    public var resultPageTotal: Int
    public var results: [SearchResultGroup]

    public init(resultTotal: Int, resultPageTotal: Int, results: [SearchResultGroup]) {
        self.resultTotal = resultTotal
        self.resultPageTotal = resultPageTotal
        self.results = results
    }
}

/// One group of search results (`groupValue` is `MODEL`).
public struct SearchResultGroup: Codable, Sendable {
    public var groupValue: String
    public var resources: [SearchResource]

    public init(groupValue: String, resources: [SearchResource]) {
        self.groupValue = groupValue
        self.resources = resources
    }
}

/// A `{key, value}` attribute of a search resource.
public struct SearchAttribute: Codable, Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// A model as the search service returns it; attributes carry the fields the table needs.
public struct SearchResource: Codable, Sendable {
    public var resourceId: String
    public var resourceType: String?
    public var name: String
    public var displayName: String?
    public var description: String?
    public var orgName: String?
    public var teamName: String?
    public var dateCreated: String?
    public var dateModified: String?
    public var isPublic: Bool?
    public var guestAccess: Bool?
    public var labels: [RegistryLabel]?
    public var attributes: [SearchAttribute]?

    /// The search form of a model (what `zoo serve` returns).
    public init(model: RegistryModel) {
        resourceId = model.repository
        resourceType = "MODEL"
        name = model.name
        displayName = model.displayName
        description = model.shortDescription
        orgName = model.orgName
        teamName = model.teamName
        dateCreated = model.createdDate
        dateModified = model.updatedDate
        isPublic = model.isPublic
        guestAccess = model.canGuestDownload
        labels = model.labels
        var attributes: [SearchAttribute] = []
        func add(_ key: String, _ value: String?) {
            if let value { attributes.append(SearchAttribute(key: key, value: value)) }
        }
        add("latestVersionIdStr", model.latestVersionIdStr)
        add("latestVersionSizeInBytes", model.latestVersionSizeInBytes.map(String.init))
        add("application", model.application)
        add("framework", model.framework)
        add("precision", model.precision)
        add("format", model.modelFormat)
        self.attributes = attributes
    }

    /// NGC's `ModelSearchTransformer`: attributes flattened into model fields (`format` →
    /// `modelFormat`, `dateModified` → `updatedDate`, `dateCreated` → `createdDate`).
    public var model: RegistryModel {
        let parts = resourceId.split(separator: "/").map(String.init)
        let org = orgName ?? parts.first ?? ""
        let team = teamName ?? (parts.count == 3 ? parts[1] : nil)
        var model = RegistryModel(name: name, orgName: org, teamName: team)
        model.displayName = displayName
        model.shortDescription = description
        model.createdDate = dateCreated
        model.updatedDate = dateModified
        model.isPublic = isPublic
        model.canGuestDownload = guestAccess
        model.labels = labels
        for attribute in attributes ?? [] {
            switch attribute.key {
            case "latestVersionIdStr": model.latestVersionIdStr = attribute.value
            case "latestVersionSizeInBytes": model.latestVersionSizeInBytes = Int64(attribute.value)
            case "application": model.application = attribute.value
            case "framework": model.framework = attribute.value
            case "precision": model.precision = attribute.value
            case "format": model.modelFormat = attribute.value
            default: break
            }
        }
        return model
    }
}
