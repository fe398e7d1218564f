import Foundation
import ZooCore

/// Validation of every name and relative path that becomes part of a filesystem path, so that no
/// model, version or file name can reach outside a store, a download folder or an extraction
/// folder (`..`, absolute paths, hidden store internals, NUL bytes).
public enum SafePath {
    /// Checks one org, team, model or version name: non-empty, not `.`/`..`, not starting with
    /// `.` (reserved for store internals), no `/` or NUL.
    public static func checkName(_ name: String, kind: String) throws {
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.contains("\0"), !name.contains("\\") else {
            throw ZooError.usage("Invalid \(kind) name '\(name)'.",
                                 hint: "names use letters, digits, '.', '_' and '-', and do not start with '.'")
        }
    }

    /// Checks every part of a reference (org, team, name and version when present).
    public static func checkRef(_ ref: ModelRef) throws {
        try checkName(ref.org, kind: "org")
        if let team = ref.team { try checkName(team, kind: "team") }
        try checkName(ref.name, kind: "model")
        if ref.name == "versions" {
            throw ZooError.usage("'versions' cannot be a model name.", hint: "it is reserved by the store layout; pick another name")
        }
        if let version = ref.version { try checkName(version, kind: "version") }
    }

    /// The components of a relative file path inside a version (`a/b.txt` → `["a", "b.txt"]`),
    /// or nil when the path is empty, absolute, or has an empty, `.`, `..` or NUL component.
    public static func components(ofRelativePath path: String) -> [String]? {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"), !path.contains("\\") else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return parts
    }

    /// `base` + the relative `path`, or a clear error when the path could leave `base`.
    public static func join(_ base: URL, relative path: String, what: String) throws -> URL {
        guard let parts = components(ofRelativePath: path) else {
            throw ZooError("Refusing \(what) path '\(path)': it is absolute, empty or climbs out with '..'.",
                           hint: "file paths inside a version are relative and stay inside it",
                           exitCode: ZooError.Code.integrity)
        }
        return parts.reduce(base) { $0.appendingPathComponent($1) }
    }

    /// True when `url`, with symlinks resolved, is `root` or inside it (root resolved too).
    public static func isInside(_ url: URL, root: URL) -> Bool {
        let resolvedRoot = root.resolvingSymlinksInPath().standardizedFileURL.path
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        return resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/")
    }
}
