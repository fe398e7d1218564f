import ZooCore

/// The registry's user-facing errors, worded as NGC words them, with hints that list what does
/// exist so a typo is one glance away from its fix.
public enum RegistryErrors {
    /// An unknown model: the hint lists the org's models, or the orgs when the org is unknown too.
    public static func modelNotFound(_ ref: ModelRef, among models: [RegistryModel]) -> ZooError {
        let sameOrg = models.filter { $0.orgName == ref.org }
        let hint: String
        if sameOrg.isEmpty {
            let orgs = Set(models.map(\.orgName)).sorted()
            hint = orgs.isEmpty ? "the registry has no models yet; create one with 'zoo create'"
                                : "no models in org '\(ref.org)'; orgs: \(list(orgs))"
        } else {
            hint = "models in \(ref.org): \(list(sameOrg.map(\.repository).sorted()))"
        }
        return .notFound("Target '\(ref.model)' could not be found.", hint: hint)
    }

    /// An unknown version: the hint lists the model's versions.
    public static func versionNotFound(_ ref: ModelRef, among versions: [RegistryVersion]) -> ZooError {
        let ids = VersionOrder.semverDescending.sorted(versions).map(\.versionId)
        let hint = ids.isEmpty ? "'\(ref.model)' has no versions yet"
                               : "versions of \(ref.model): \(list(ids)) (see 'zoo list \(ref.model):*')"
        return .notFound("'\(ref)' could not be found.", hint: hint)
    }

    /// A version that cannot be downloaded because its files are not built or not all uploaded.
    public static func notDownloadable(_ ref: ModelRef, status: VersionStatus?) -> ZooError {
        ZooError("'\(ref)' is not in state UPLOAD_COMPLETE.",
                 hint: status == .uploadPending
                     ? "its artifacts have not been built yet: run 'zoo registry build \(ref)' to build them with zoo's recipe"
                     : "its status is \(status?.rawValue ?? "unknown"); only UPLOAD_COMPLETE versions can be downloaded",
                 exitCode: ZooError.Code.notFound)
    }

    /// `first, second, … and N more`.
    static func list(_ names: [String], limit: Int = 12) -> String {
        guard names.count > limit else { return names.joined(separator: ", ") }
        return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
    }
}
