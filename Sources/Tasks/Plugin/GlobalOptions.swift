import ArgumentParser
import Foundation
import Registry
import ZooCore

extension OutputFormat: ExpressibleByArgument {}

/// Options every command accepts, before or after the subcommand name (as NGC's `--format_type`).
/// They live here, not in the CLI, so plugin commands include them too.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("format_type"),
            help: "Output format: ascii, csv or json (default: ZOO_FORMAT_TYPE or ascii).")
    public var formatType: OutputFormat?

    @Option(name: .customLong("registry"),
            help: "Registry to use: a local store folder or an NGC-compatible URL (default: ZOO_REGISTRY, else the local store).")
    public var registry: String?

    @Option(name: .customLong("tracking-uri"),
            help: "Experiment store, e.g. sqlite:///path/to/experiments.db (default: ZOO_TRACKING_URI, else $ZOO_HOME/experiments.db).")
    public var trackingURI: String?

    /// The output format after the environment fallback.
    public var format: OutputFormat {
        formatType ?? Environment.value("ZOO_FORMAT_TYPE").flatMap { OutputFormat(rawValue: $0.lowercased()) } ?? .ascii
    }

    /// The registry location after the environment fallback (nil: the local store under ZOO_HOME).
    public var registryLocation: String? {
        registry ?? Environment.value("ZOO_REGISTRY").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The tracking store URI after the environment fallback (nil: the default database under ZOO_HOME).
    public var trackingLocation: String? {
        trackingURI ?? Environment.value("ZOO_TRACKING_URI").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The state folders (ZOO_HOME).
    public var paths: ZooPaths { ZooPaths.fromEnvironment() }

    /// Options from the command line.
    public init() {}
}

extension GlobalOptions {
    /// The registry the command talks to: an NGC-compatible URL (`http(s)://…`, key from
    /// `ZOO_API_KEY`), a store folder, or the local store under `ZOO_HOME`; local stores come
    /// with the zoo's catalog.
    public func registryBackend() throws -> any RegistryBackend {
        guard let location = registryLocation else { return LocalRegistry.standard(paths: paths) }
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            return RemoteRegistry(url: location, apiKey: Environment.value("ZOO_API_KEY"))
        }
        return LocalRegistry(store: RegistryStore(root: try localStoreFolder(location)), catalog: Catalog.open())
    }

    /// The local store folder: `--registry DIR` / `ZOO_REGISTRY` when it is a folder, else `$ZOO_HOME/registry`.
    public func localStore() throws -> URL {
        guard let location = registryLocation else { return paths.registry }
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            throw ZooError.usage("This command works on a local store, not on \(location).",
                                 hint: "run it where the store is, or pass --root DIR")
        }
        return try localStoreFolder(location)
    }

    private func localStoreFolder(_ location: String) throws -> URL {
        let path = location.hasPrefix("file://") ? String(location.dropFirst("file://".count)) : location
        let url = URL(fileURLWithPath: path, isDirectory: true)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ZooError.usage("--registry \(location) is a file, not a store folder or a URL.",
                                 hint: "pass a folder (created on first write) or an http(s):// URL")
        }
        return url
    }
}
