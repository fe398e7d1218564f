import ArgumentParser
import ZooCore

extension OutputFormat: ExpressibleByArgument {}

/// Options every command accepts, before or after the subcommand name (as NGC's `--format_type`).
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("format_type"),
            help: "Output format: ascii, csv or json (default: ZOO_FORMAT_TYPE or ascii).")
    var formatType: OutputFormat?

    @Option(name: .customLong("registry"),
            help: "Registry to use: a local store folder or an NGC-compatible URL (default: ZOO_REGISTRY, else the local store).")
    var registry: String?

    @Option(name: .customLong("tracking-uri"),
            help: "Experiment store, e.g. sqlite:///path/to/experiments.db (default: ZOO_TRACKING_URI, else $ZOO_HOME/experiments.db).")
    var trackingURI: String?

    /// The output format after the environment fallback.
    var format: OutputFormat {
        formatType ?? Environment.value("ZOO_FORMAT_TYPE").flatMap { OutputFormat(rawValue: $0.lowercased()) } ?? .ascii
    }

    /// The registry location after the environment fallback (nil: the local store under ZOO_HOME).
    var registryLocation: String? {
        registry ?? Environment.value("ZOO_REGISTRY").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The tracking store URI after the environment fallback (nil: the default database under ZOO_HOME).
    var trackingLocation: String? {
        trackingURI ?? Environment.value("ZOO_TRACKING_URI").flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The state folders (ZOO_HOME).
    var paths: ZooPaths { ZooPaths.fromEnvironment() }
}
