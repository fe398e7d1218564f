/// The orders `list --sort` offers for a version list; NGC's default is `SEMVER_DESC`.
public enum VersionOrder: String, CaseIterable, Sendable {
    case semverDescending = "SEMVER_DESC"
    case semverAscending = "SEMVER_ASC"
    case createdDescending = "CREATED_DATE_DESC"
    case createdAscending = "CREATED_DATE_ASC"

    /// `versions` in this order. Version ids that are dotted numbers (`1.10.0`) compare as
    /// semantic versions; any other id compares as text, which is what NGC shows for ids like
    /// `resnet101` and `resnet18` (`vgg19, vgg16, …, resnet50, resnet34, resnet18, resnet101`).
    public func sorted(_ versions: [RegistryVersion]) -> [RegistryVersion] {
        switch self {
        case .semverDescending: return versions.sorted { VersionOrder.precedes($1.versionId, $0.versionId) }
        case .semverAscending: return versions.sorted { VersionOrder.precedes($0.versionId, $1.versionId) }
        case .createdDescending:
            return versions.sorted { ($0.createdDate ?? "", $0.versionId) > ($1.createdDate ?? "", $1.versionId) }
        case .createdAscending:
            return versions.sorted { ($0.createdDate ?? "", $0.versionId) < ($1.createdDate ?? "", $1.versionId) }
        }
    }

    /// Semantic-version order for dotted numbers (optionally `v`-prefixed), text order otherwise.
    static func precedes(_ a: String, _ b: String) -> Bool {
        if let x = numericParts(a), let y = numericParts(b), x != y {
            return x.lexicographicallyPrecedes(y)
        }
        return a < b
    }

    static func numericParts(_ id: String) -> [Int]? {
        let body = id.hasPrefix("v") ? id.dropFirst() : Substring(id)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy(\.isASCII), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        return numbers
    }
}
