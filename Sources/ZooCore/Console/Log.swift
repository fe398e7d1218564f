import Logging

/// Diagnostic logging (swift-log) to stderr, quiet by default. `ZOO_LOG_LEVEL=debug` or the CLI's
/// `--verbose` turns it up. User-facing output goes to stdout through the commands, not here.
public enum Log {
    /// Installs the stderr handler once; `level` defaults to `ZOO_LOG_LEVEL` or `warning`.
    public static func bootstrap(level: Logger.Level? = nil) {
        let chosen = level ?? Environment.value("ZOO_LOG_LEVEL").flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = chosen
            return handler
        }
    }

    /// A logger for a zoo subsystem, e.g. `Log.logger("registry")`.
    public static func logger(_ subsystem: String) -> Logger {
        Logger(label: "zoo.\(subsystem)")
    }
}
