/// What `zoo list` searches for: a model pattern (`nvidia/tlt_*`) or one model's version pattern
/// (`nvidia/tlt_peoplenet:*`, `nvidia/tlt_peoplenet:pruned_*`).
///
/// Model patterns match the whole `org[/team]/name` and `*` does not cross `/`, so `nvidia/tlt_*`
/// matches `nvidia/tlt_peoplenet` but not `nvidia/tao/peoplenet`. A wildcard on both sides of `:`
/// is an error, as in NGC.
public struct ModelPattern: Sendable, CustomStringConvertible {
    /// Matches `org[/team]/name`.
    public let repository: Glob
    /// Matches version ids; nil when the pattern lists models.
    public let version: Glob?
    public let text: String

    /// Every model in every org (a bare `zoo list`).
    public static let everything = ModelPattern(repository: Glob("*", slashIsSeparator: false), version: nil, text: "*")

    private init(repository: Glob, version: Glob?, text: String) {
        self.repository = repository
        self.version = version
        self.text = text
    }

    public init(parsing text: String, defaultOrg: String? = nil) throws {
        let parts = try TargetSyntax.split(text, defaultOrg: defaultOrg)
        let repo = [parts.org, parts.team, parts.name].compactMap { $0 }.joined(separator: "/")
        if let version = parts.version, TargetSyntax.hasWildcard(version), TargetSyntax.hasWildcard(repo) {
            throw ZooError.usage(
                "Invalid target: '\(text)', pattern matching is not allowed on both model and version at the same time.",
                hint: "list models with a model pattern (nvidia/tlt_*), or one model's versions (nvidia/tlt_peoplenet:*)")
        }
        self.init(repository: Glob(repo, slashIsSeparator: true), version: parts.version.map { Glob($0) }, text: text)
    }

    /// True when this pattern lists versions of one model.
    public var listsVersions: Bool { version != nil }

    /// The single model a version pattern names (nil for model patterns).
    public var modelRef: ModelRef? {
        guard version != nil, !repository.isPattern else { return nil }
        let parts = repository.pattern.split(separator: "/").map(String.init)
        return parts.count == 3
            ? ModelRef(org: parts[0], team: parts[1], name: parts[2])
            : ModelRef(org: parts[0], name: parts[parts.count - 1])
    }

    /// Whether a model's `org[/team]/name` matches.
    public func matches(repository candidate: String) -> Bool { repository.matches(candidate) }

    /// Whether a version id matches (always true for model patterns).
    public func matches(version candidate: String) -> Bool { version?.matches(candidate) ?? true }

    public var description: String { text }
}
