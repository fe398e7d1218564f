import ClassificationPlugin
import Foundation
import Tasks
import Testing
import ZooCore

/// What a user gets wrong ends in one line with a hint, never a crash.
@Suite(.serialized) struct ErrorTests {
    @Test func wrongKeyIsNamed() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let train = try ws.dataset("train", count: 24, seed: 1)
        let spec = try ws.spec(train: train, val: train, model: ws.path("r/weights/resnet_001.tlt"), epochs: 1)
        _ = try ClassificationTrain.run(specPath: spec, resultsDirectory: ws.path("r"), key: "right", options: ws.options, quiet: true)
        let error = zooError { _ = try ClassificationEvaluate.run(specPath: spec, key: "wrong", options: ws.options, quiet: true) }
        #expect(error?.message == "wrong key for resnet_001.tlt")
        #expect(error?.exitCode == ZooError.Code.auth)
        #expect(error?.hint != nil)
    }

    @Test func missingSpecSection() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let spec = try ws.spec(train: "t", val: "v", sections: ["model_config", "eval_config"])
        let error = zooError { _ = try ClassificationTrain.run(specPath: spec, resultsDirectory: ws.path("r"), key: "k", options: ws.options, quiet: true) }
        #expect(error?.message.contains("train_config") == true)
    }

    @Test func classFolderWithoutImages() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let train = try ws.dataset("train", count: 24, seed: 1)
        let van = URL(fileURLWithPath: train).appendingPathComponent("van")
        for name in try FileManager.default.contentsOfDirectory(atPath: van.path) {
            try FileManager.default.removeItem(at: van.appendingPathComponent(name))
        }
        let spec = try ws.spec(train: train, val: train, epochs: 1)
        let error = zooError { _ = try ClassificationTrain.run(specPath: spec, resultsDirectory: ws.path("r"), key: "k", options: ws.options, quiet: true) }
        #expect(error?.message == "The class folder \(van.path) has no images.")
        #expect(error?.hint != nil)
    }

    @Test func corruptImageIsNamed() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let train = try ws.dataset("train", count: 24, seed: 1)
        let bad = URL(fileURLWithPath: train).appendingPathComponent("sedan/broken.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0x00, 0x13, 0x37]).write(to: bad)
        // In the validation set (read up front) and in the training set (read by the batch loader).
        let val = try ws.dataset("val", count: 12, seed: 2)
        for (name, trainPath, valPath) in [("v.cfg", val, train), ("t.cfg", train, val)] {
            let spec = try ws.spec(name, train: trainPath, val: valPath, epochs: 1)
            let error = zooError { _ = try ClassificationTrain.run(specPath: spec, resultsDirectory: ws.path("r-\(name)"), key: "k", options: ws.options, quiet: true) }
            #expect(error?.message.hasPrefix("Cannot ") == true && error?.message.contains("image \(bad.path)") == true, "\(String(describing: error))")
            #expect(error?.message.contains("\n") == false)
            #expect(error?.hint != nil)
        }
    }

    @Test func unknownArch() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let train = try ws.dataset("train", count: 24, seed: 1)
        let spec = try ws.spec(arch: "resnext", train: train, val: train, epochs: 1)
        let error = zooError { _ = try ClassificationTrain.run(specPath: spec, resultsDirectory: ws.path("r"), key: "k", options: ws.options, quiet: true) }
        #expect(error?.message.contains("resnext") == true)
        #expect(error?.hint != nil || error?.message.contains("resnet") == true)
    }
}
