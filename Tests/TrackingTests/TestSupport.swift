import Foundation
import Testing
@testable import Tracking
import ZooCore

/// A fresh folder that is removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-tracking-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Writes `text` to `name` and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let target = file(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
        return target
    }
}

/// A store in a temporary folder, with helpers to create runs deterministically.
struct TestStore {
    let folder: TemporaryFolder
    let store: TrackingStore

    init() throws {
        folder = try TemporaryFolder()
        store = try TrackingStore(location: StoreLocation(databaseURL: folder.file("experiments.db")))
    }

    /// This process as owner, no git, a fixed command line.
    static let context = RunContext(host: RunContext.thisHost, pid: getpid(), commandLine: "zoo test")

    /// A spec at a fixed start time (seconds after 2024-01-01) so outputs are stable.
    static func spec(_ name: String, experiment: String = "Default", action: String = "train", plugin: String? = "classification",
                     parent: Int64? = nil, start: Double = 0) -> RunSpec {
        RunSpec(experiment: experiment, name: name, task: plugin, action: action, plugin: plugin, parentRunID: parent,
                context: context, startTime: Date(timeIntervalSince1970: 1_704_067_200 + start))
    }

    /// Options that never flush on their own during a test.
    static var quiet: RunLogger.Options {
        var options = RunLogger.Options()
        options.flushInterval = 3600
        options.heartbeatInterval = 3600
        return options
    }
}
