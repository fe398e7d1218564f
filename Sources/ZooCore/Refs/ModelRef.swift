/// A reference to a model or a model version: `[org/[team/]]name[:version]`, as NGC writes it.
///
/// ```swift
/// let ref = try ModelRef(parsing: "nvidia/tlt_peoplenet:pruned_v2.0")
/// ref.org == "nvidia"; ref.name == "tlt_peoplenet"; ref.version == "pruned_v2.0"
/// ```
public struct ModelRef: Hashable, Sendable, CustomStringConvertible {
    public var org: String
    public var team: String?
    public var name: String
    public var version: String?

    public init(org: String, team: String? = nil, name: String, version: String? = nil) {
        self.org = org
        self.team = team
        self.name = name
        self.version = version
    }

    /// Parses a target that names one model or version (no wildcards).
    /// - Parameter defaultOrg: the org used when the target names none (NGC's configured org).
    public init(parsing target: String, defaultOrg: String? = nil) throws {
        let parts = try TargetSyntax.split(target, defaultOrg: defaultOrg)
        if TargetSyntax.hasWildcard(target) {
            throw ZooError.usage(
                "Invalid target: '\(target)', pattern matching not supported with this verb.",
                hint: "name one model or version, e.g. nvidia/tlt_peoplenet:pruned_v2.0; use 'zoo list' to search")
        }
        self.init(org: parts.org, team: parts.team, name: parts.name, version: parts.version)
    }

    /// `org/team/name` or `org/name`: NGC's `resourceId` and the Repository column.
    public var repository: String {
        [org, team, name].compactMap { $0 }.joined(separator: "/")
    }

    /// The same model without a version.
    public var model: ModelRef { ModelRef(org: org, team: team, name: name) }

    /// The same model at `version`.
    public func at(_ version: String) -> ModelRef { ModelRef(org: org, team: team, name: name, version: version) }

    /// The folder NGC downloads a version into: `{name}_v{version}`.
    public var downloadFolderName: String? { version.map { "\(name)_v\($0)" } }

    public var description: String {
        version.map { "\(repository):\($0)" } ?? repository
    }
}

/// Splitting and validating the `[org/[team/]]name[:version]` grammar, shared by refs and patterns.
enum TargetSyntax {
    static let format = "[org/[team/]]name[:version]"

    struct Parts {
        var org: String
        var team: String?
        var name: String
        var version: String?
    }

    static func hasWildcard<S: StringProtocol>(_ text: S) -> Bool {
        text.contains("*") || text.contains("?")
    }

    static func split(_ target: String, defaultOrg: String?) throws -> Parts {
        let invalid = ZooError.usage(
            "Invalid target: '\(target)'. Format: \(format).",
            hint: "e.g. nvidia/tlt_peoplenet or nvidia/tlt_peoplenet:unpruned_v2.1")
        let colon = target.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let path = colon[0]
        var version: String? = nil
        if colon.count == 2 {
            guard !colon[1].isEmpty, !colon[1].contains(":") else { throw invalid }
            version = String(colon[1])
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(components.count), components.allSatisfy({ !$0.isEmpty }) else { throw invalid }
        for part in components + [version].compactMap({ $0 }) where !part.allSatisfy(isNameCharacter) {
            throw ZooError.usage(
                "Invalid target: '\(target)': '\(part)' contains characters a name cannot have.",
                hint: "names use letters, digits, '.', '_' and '-' (and '*' or '?' in list patterns)")
        }
        switch components.count {
        case 3:
            return Parts(org: components[0], team: components[1], name: components[2], version: version)
        case 2:
            return Parts(org: components[0], team: nil, name: components[1], version: version)
        default:
            guard let org = defaultOrg, !org.isEmpty else {
                throw ZooError.usage(
                    "Invalid target: '\(target)', no `org` specified. Format: \(format).",
                    hint: "prefix the org (e.g. nvidia/\(target)) or set ZOO_ORG")
            }
            return Parts(org: org, team: nil, name: components[0], version: version)
        }
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == "*" || c == "?")
    }
}
