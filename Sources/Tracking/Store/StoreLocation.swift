import Foundation
import ZooCore

/// Where the experiment store lives, parsed from a tracking URI.
///
/// Accepted forms (SQLAlchemy's, as MLflow uses them):
/// - `sqlite:///experiments.db`: a path relative to the working directory;
/// - `sqlite:////var/lib/zoo/experiments.db`: an absolute path (four slashes);
/// - `file:///abs/path.db`, or a plain path (`./runs.db`, `/abs/runs.db`);
/// - nothing: `$ZOO_HOME/experiments.db`.
public struct StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// The SQLite database file.
    public let databaseURL: URL

    /// A store at a database file.
    public init(databaseURL: URL) {
        self.databaseURL = databaseURL.standardizedFileURL
    }

    /// Resolves a tracking URI (`--tracking-uri` / `ZOO_TRACKING_URI`), or the default under `paths`.
    public static func resolve(uri: String?, paths: ZooPaths, workingDirectory: URL? = nil) throws -> StoreLocation {
        guard let uri, !uri.isEmpty else { return StoreLocation(databaseURL: paths.experimentsDatabase) }
        let base = workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        func path(_ text: String) throws -> StoreLocation {
            guard !text.isEmpty else {
                throw ZooError.usage("The tracking URI '\(uri)' names no database file.",
                                     hint: "use sqlite:///relative/path.db or sqlite:////absolute/path.db")
            }
            let url = text.hasPrefix("/") ? URL(fileURLWithPath: text) : base.appendingPathComponent(text)
            return StoreLocation(databaseURL: url)
        }
        if uri.hasPrefix("sqlite:///") { return try path(String(uri.dropFirst("sqlite:///".count))) }
        if uri.hasPrefix("file://") { return try path(String(uri.dropFirst("file://".count))) }
        if let scheme = uri.range(of: "://").map({ String(uri[..<$0.lowerBound]) }) {
            if scheme == "sqlite" {
                throw ZooError.usage("The tracking URI '\(uri)' names a host; SQLite stores are local files.",
                                     hint: "use sqlite:///relative/path.db or sqlite:////absolute/path.db")
            }
            throw ZooError.usage("Tracking URIs with scheme '\(scheme)' are not supported.",
                                 hint: "use a local SQLite store: sqlite:///path/to/experiments.db")
        }
        return try path(uri)
    }

    /// The URI form of this location (`sqlite:////abs/path.db`).
    public var uri: String { "sqlite:///" + databaseURL.path }

    /// The database path.
    public var description: String { databaseURL.path }
}
