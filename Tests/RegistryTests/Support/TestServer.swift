import Foundation
import Registry

/// `zoo serve`'s server running in this process on an ephemeral loopback port.
final class TestServer: @unchecked Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    static func start(_ registry: LocalRegistry) async throws -> TestServer {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await RegistryServer(registry: registry, host: "127.0.0.1", port: 0).run(handlingSignals: false) { port in
                continuation.yield(port)
                continuation.finish()
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return TestServer(port: port, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
