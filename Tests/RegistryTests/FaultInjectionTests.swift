import Foundation
import Registry
import Synchronization
import Testing
import ZooCore

/// 100 downloads of a multi-file version through a proxy that cuts connections at random
/// offsets, answers 500, stalls, or flips bytes: each ends verified or refused, and no file
/// that does not match its digest is ever installed where a user would load it.
@Suite struct FaultInjectionTests {
    @Test func everyDownloadEndsVerifiedOrRefused() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let proxy = try FaultProxy(upstreamPort: server.port, faultRate: 0.3, stallSeconds: 3)
        defer { proxy.stop() }
        let settings = TransferSettings(retries: 6, concurrency: 4, backoff: 0.005, maxBackoff: 0.05,
                                        stallTimeout: 1, connectTimeout: 2)
        let expected = Dictionary(uniqueKeysWithValues: sampleFiles.map { ($0.0, SHA256Hasher.hash($0.1)) })
        let ref = fixture.model.at("v1")
        let workspace = TemporaryFolder("zoo-faults")

        struct Tally { var verified = 0; var refused = 0; var corrupt: [String] = [] }
        let tally = Mutex(Tally())
        let clients = 4, runsPerClient = 25
        try await blocking {
            DispatchQueue.concurrentPerform(iterations: clients) { client in
                for run in 0..<runsPerClient {
                    let name = "c\(client)-r\(run)"
                    let destination = workspace.path("dest-\(name)")
                    try? FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
                    // A fresh cache per download, so every one of them really transfers.
                    let downloader = Downloader(cache: DownloadCache(root: workspace.path("cache-\(name)")), settings: settings)
                    let remote = RemoteRegistry(url: proxy.url, apiKey: nil, settings: settings)
                    var complete = false
                    do {
                        let report = try downloader.download(try downloader.plan(ref, from: remote), from: remote, into: destination)
                        complete = report.succeeded && report.result.files.count == sampleFiles.count
                    } catch {
                        complete = false
                    }
                    // Whatever happened, every file present where a user would look must be intact.
                    let folder = destination.appendingPathComponent("detector_vv1")
                    let present = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String]) ?? []
                    var corrupt: [String] = []
                    for path in present {
                        let url = folder.appendingPathComponent(path)
                        var isDirectory: ObjCBool = false
                        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                        if (try? digest(of: url)) != expected[path] { corrupt.append("\(name)/\(path)") }
                    }
                    if complete, Set(present.filter { expected[$0] != nil }) != Set(expected.keys) {
                        corrupt.append("\(name): reported complete with files missing")
                    }
                    tally.withLock { tally in
                        tally.corrupt += corrupt
                        if complete { tally.verified += 1 } else { tally.refused += 1 }
                    }
                    try? FileManager.default.removeItem(at: workspace.path("cache-\(name)"))
                }
            }
        }
        let result = tally.withLock { $0 }
        let faults = proxy.faultCounts
        #expect(result.corrupt.isEmpty, "corrupt or missing files installed: \(result.corrupt)")
        #expect(result.verified + result.refused == clients * runsPerClient)
        // Retries make nearly every download succeed despite ~30% of connections failing.
        #expect(result.verified >= 90, "only \(result.verified) of 100 downloads completed")
        for fault in FaultProxy.Fault.allCases where fault != .none {
            #expect(faults[fault, default: 0] > 0, "the proxy never injected \(fault)")
        }
    }
}
