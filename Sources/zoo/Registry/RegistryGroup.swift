import ArgumentParser
import Tasks
import Foundation
import Registry
import ZooCore

/// `zoo registry`: NGC's `registry model <verb>` spelling, and the served store's access settings.
struct RegistryGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "The model registry: 'zoo registry model <verb>' (as in NGC's CLI), API keys and access for 'zoo serve'.",
        subcommands: [ModelGroup.self, BuildCommand.self, KeysGroup.self, AccessCommand.self])

    /// `zoo registry model list|info|download-version|upload-version|create|update|remove`.
    struct ModelGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "model",
            abstract: "NGC's 'registry model' verbs (the same commands as 'zoo list', 'zoo info', …).",
            subcommands: [ListCommand.self, InfoCommand.self, DownloadVersionCommand.self, UploadVersionCommand.self,
                          CreateCommand.self, UpdateCommand.self, RemoveCommand.self])
    }
}

/// Options naming the store whose access settings a command changes.
struct StoreRootOption: ParsableArguments {
    @Option(name: .customLong("root"), help: "The store (default: --registry DIR, else $ZOO_HOME/registry).")
    var root: String?

    func folder(_ global: GlobalOptions) throws -> URL {
        try root.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL } ?? global.localStore()
    }
}

/// `zoo registry keys add|list|remove`: the API keys `zoo serve` accepts.
struct KeysGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "API keys that 'zoo serve' accepts for writes (and for reads of a private store).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a key and print it (it is shown only once).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var store: StoreRootOption
        @Argument(help: "A name for the key (who or what uses it).") var name: String

        func run() throws {
            let folder = try store.folder(global)
            var access = try AccessControl.load(store: folder)
            let key = try access.addKey(named: name)
            try access.save(store: folder)
            if global.format == .json { return try RegistryOutput.json(["name": name, "key": key]) }
            RegistryOutput.lines([key])
            Terminal.write("Key '\(name)' added to \(folder.path). Clients send it as ZOO_API_KEY; it is not shown again.\n",
                           to: .standardError)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys (names and dates; keys themselves are not stored).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var store: StoreRootOption

        func run() throws {
            let access = try AccessControl.load(store: try store.folder(global))
            if global.format == .json { return try RegistryOutput.json(access.keys.map { ["name": $0.name, "createdDate": $0.createdDate ?? ""] }) }
            CLIOutput.print(Table(columns: ["Name", "Created Date"],
                                  rows: access.keys.map { [$0.name, $0.createdDate.map { Format.listDate(iso: $0) } ?? ""] }),
                            format: global.format)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a key: clients using it are refused from then on.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var store: StoreRootOption
        @Argument(help: "The key's name.") var name: String

        func run() throws {
            let folder = try store.folder(global)
            var access = try AccessControl.load(store: folder)
            guard access.removeKey(named: name) else {
                throw ZooError.notFound("No key named '\(name)'.", hint: "see 'zoo registry keys list'")
            }
            try access.save(store: folder)
            RegistryOutput.lines(["Removed key '\(name)'."])
        }
    }
}

/// `zoo registry access [--private | --public]`: whether reading a served store needs a key.
struct AccessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "Show, or set with --private/--public, whether reading the served store needs an API key.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var store: StoreRootOption

    @Flag(exclusivity: .exclusive, help: "Reads need a key (--private) or not (--public).")
    var visibility: Visibility?

    enum Visibility: String, EnumerableFlag {
        case `private`, `public`
    }

    func run() throws {
        let folder = try store.folder(global)
        var access = try AccessControl.load(store: folder)
        if let visibility {
            access.private = visibility == .private
            try access.save(store: folder)
        }
        RegistryOutput.lines(["\(folder.path): reads are \(access.private ? "private (API key required)" : "public"); "
                              + "writes need an API key (\(access.keys.count) defined)."])
    }
}
