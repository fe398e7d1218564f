import Foundation
import ZooCore

/// How paths written inside a spec are read: relative to the spec file's folder, so a checkout's
/// specs work from any working directory. Absolute paths, `~/…`, URLs and registry refs
/// (`nvidia/tlt_pretrained_classification:resnet18`, resolved later through the registry) are kept.
public enum SpecPaths {
    /// `value` as the task should open it, for a spec in `folder`.
    public static func resolve(_ value: String, relativeTo folder: String) -> String {
        if value.isEmpty || value.hasPrefix("/") || value.contains("://") || isRegistryRef(value) { return value }
        if value == "~" || value.hasPrefix("~/") {
            return NSString(string: value).expandingTildeInPath
        }
        let joined = URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(value).standardizedFileURL.path
        // Keep a trailing slash or glob the user wrote; URL drops the former.
        return value.hasSuffix("/") && !joined.hasSuffix("/") ? joined + "/" : joined
    }

    /// Whether `value` names a registry version (`org/[team/]name:version`) rather than a file.
    public static func isRegistryRef(_ value: String) -> Bool {
        guard value.contains(":"), !value.hasPrefix("."), !value.contains("*"),
              let ref = try? ModelRef(parsing: value) else { return false }
        return ref.version != nil && value.contains("/")
    }

    /// The absolute folder of a spec file named `path` (relative to the working directory).
    static func folder(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
    }
}

/// Reading spec files with errors a user can act on.
enum SpecFile {
    static func read(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ZooError.notFound("spec file not found: \(path)", hint: "check the path; relative paths start at the current folder")
        }
        guard !isDirectory.boolValue else {
            throw ZooError.usage("\(path) is a folder, not a spec file", hint: "name the spec file itself, e.g. \(path)/train.txt")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZooError("cannot read spec file \(path)", hint: "check that you may read it")
        }
        return Array(data)
    }
}
