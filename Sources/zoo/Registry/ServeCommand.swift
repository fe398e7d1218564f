import ArgumentParser
import Tasks
import Foundation
import Registry
import ZooCore

/// `zoo serve [--root DIR] [--host H] [--port N]`: host a local store (with zoo's catalog) over NGC's API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a local registry over NGC's API (models, versions, files with Range, zip, search, uploads).",
        discussion: """
            Reads are public unless the store is private ('zoo registry access --private'); writes need an API \
            key ('zoo registry keys add NAME'), sent as Authorization: Bearer <key>. Clients: \
            zoo --registry http://HOST:PORT …, ngc-style scripts, curl -L on the download URLs. \
            --port 0 picks a free port; the first line printed says which.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("root"), help: "The store to serve (default: --registry DIR, else $ZOO_HOME/registry).")
    var root: String?

    @Option(name: .customLong("host"), help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .customLong("port"), help: "Port to listen on (0: any free port).")
    var port = 8080

    func run() async throws {
        guard (0...65535).contains(port) else { throw ZooError.usage("--port \(port) is not a port number.") }
        let folder = try root.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL } ?? global.localStore()
        try ZooPaths.ensureDirectory(folder)
        let registry = LocalRegistry(store: RegistryStore(root: folder), catalog: Catalog.open())
        let access = try AccessControl.load(store: folder)
        let server = RegistryServer(registry: registry, host: host, port: port)
        let host = self.host
        do {
            try await server.run { bound in
                RegistryOutput.lines([
                    "zoo serve: listening on http://\(host):\(bound)",
                    "  store: \(folder.path)",
                    "  catalog: \(registry.catalog?.root.path ?? "none")",
                    "  reads: \(access.private ? "API key required" : "public"); writes: API key required (\(access.keys.count) key\(access.keys.count == 1 ? "" : "s"))",
                ])
            }
        } catch let error as ZooError {
            throw error
        } catch {
            throw ZooError("Cannot serve on \(host):\(port): \(error).",
                           hint: "is the port already in use? pick another with --port, or --port 0 for any free one",
                           exitCode: ZooError.Code.network)
        }
    }
}
