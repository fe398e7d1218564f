import ArgumentParser
import Foundation

/// The one place subcommands plug into `zoo`. Each capability adds its command groups here.
enum CommandRegistry {
    /// Top-level subcommands, in the order `zoo --help` lists them.
    static let commands: [any ParsableCommand.Type] = [
        SpecCommand.self,
        BenchCommand.self,
        ExperimentsCommand.self,
        RunsCommand.self,
        // Registry (Sources/zoo/Registry): NGC's `registry model` verbs at the top level, `serve`, and `registry`.
        ListCommand.self, InfoCommand.self, DownloadVersionCommand.self, UploadVersionCommand.self,
        CreateCommand.self, UpdateCommand.self, RemoveCommand.self, ServeCommand.self, RegistryGroup.self,
        DatasetCommand.self,
        TasksCommand.self,
    ] + BuiltInPlugins.all.map(\.command)

    /// Lines `zoo --version --verbose` prints, contributed by each subsystem (label, value).
    static let versionDetails: [@Sendable () -> [(String, String)]] = [
        { [("platform", platform), ("cpus", String(ProcessInfo.processInfo.activeProcessorCount))] },
        { EngineVersionInfo.lines() },
    ]

    /// Kernel name, release and machine, as `uname -srm` prints them.
    private static var platform: String {
        var info = utsname()
        uname(&info)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(info.sysname)) \(field(info.release)) \(field(info.machine))"
    }
}
