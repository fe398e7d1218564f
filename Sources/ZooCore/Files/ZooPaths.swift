import Foundation

/// Where zoo keeps its state: `ZOO_HOME` (default `~/.zoo`) and the folders under it.
///
/// ```
/// $ZOO_HOME/
///   cache/            content-addressed download cache (by SHA-256)
///   registry/         the local registry store (published versions)
///   experiments.db    the experiment tracker's SQLite database
///   plugins/          external task plugins (`zoo-<task>` executables)
/// ```
public struct ZooPaths: Sendable, Equatable {
    public let home: URL

    public init(home: URL) {
        self.home = home.standardizedFileURL
    }

    /// From `ZOO_HOME`, else `~/.zoo`.
    public static func fromEnvironment() -> ZooPaths {
        if let custom = Environment.value("ZOO_HOME"), !custom.isEmpty {
            return ZooPaths(home: URL(fileURLWithPath: custom, isDirectory: true))
        }
        let base = Environment.value("HOME").map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return ZooPaths(home: base.appendingPathComponent(".zoo", isDirectory: true))
    }

    public var cache: URL { home.appendingPathComponent("cache", isDirectory: true) }
    public var registry: URL { home.appendingPathComponent("registry", isDirectory: true) }
    public var experimentsDatabase: URL { home.appendingPathComponent("experiments.db") }
    public var plugins: URL { home.appendingPathComponent("plugins", isDirectory: true) }

    /// Creates `directory` (and parents) if missing; a clear error when that is impossible.
    @discardableResult
    public static func ensureDirectory(_ directory: URL) throws -> URL {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ZooError("\(directory.path) exists and is not a directory.",
                               hint: "move it away or point ZOO_HOME elsewhere")
            }
            return directory
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ZooError("Cannot create directory \(directory.path).",
                           hint: "check permissions, or set ZOO_HOME to a writable location")
        }
        return directory
    }
}
