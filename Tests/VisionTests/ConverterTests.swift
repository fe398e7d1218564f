import Foundation
import Testing
import ZooCore
@testable import Vision

@Suite(.serialized) struct ConverterTests {
    /// A small synthetic KITTI dataset (traffic scenes at 96×64).
    private func makeDataset(count: Int) throws -> URL {
        let root = try temporaryDirectory().appendingPathComponent("kitti")
        _ = try SyntheticDataset.generate(.traffic, count: count, seed: 5, width: 96, height: 64, output: root)
        return root
    }

    @Test func randomPartitionsShardsAndNames() throws {
        let root = try makeDataset(count: 23)
        defer { cleanUp(root.deletingLastPathComponent()) }
        let output = root.deletingLastPathComponent().appendingPathComponent("tfrecords/kitti_trainval").path
        let config = ConversionConfig(source: .kitti(KITTIConversionSource(rootDirectoryPath: root.path, imageDirName: "images", labelDirName: "labels",
                                                                           imageExtension: ".png", numPartitions: 2, numShards: 3,
                                                                           partitionMode: "random", valSplit: 14)))
        let report = try DatasetConverter.convert(config, output: output)
        // Validation = the first int(0.14 · 23) = 3 frames by name, the rest train; 3 shards each.
        #expect(report.framesPerFold == [3, 20])
        let names = report.shards.map(\.url.lastPathComponent)
        #expect(names == (0..<2).flatMap { f in (0..<3).map { String(format: "kitti_trainval-fold-%03d-of-002-shard-%05d-of-00003", f, $0) } })
        #expect(report.shards.map(\.records) == [1, 1, 1, 6, 6, 8])
        // Every frame is written once, with the labels of its file.
        let dataset = KITTIDataset(root: root)
        let validation = try DetectionRecord.read(report.shards.filter { $0.fold == 0 }.map(\.url))
        #expect(Set(validation.map(\.frameID)) == Set(["images/000000", "images/000001", "images/000002"]))
        let all = try DetectionRecord.read(report.shards.map(\.url))
        #expect(Set(all.map(\.frameID)).count == 23)
        for record in all {
            let frame = String(record.frameID.dropFirst("images/".count))
            let labels = try dataset.objects(frame).filter(\.hasValidBox)
            #expect(record.objects.map(\.type) == labels.map { $0.type.lowercased() })
            #expect(record.objects.map(\.box) == labels.map(\.box))
            #expect(record.width == 96 && record.height == 64)
        }
        #expect(report.totalObjects.values.reduce(0, +) == all.reduce(0) { $0 + $1.objects.count })
        #expect(report.warningsFile == nil)
    }

    @Test func shuffleMatchesTAOsPythonOrder() throws {
        // With random.seed(42) TAO shuffles the validation list, then the training list, then both again.
        let root = try makeDataset(count: 10)
        defer { cleanUp(root.deletingLastPathComponent()) }
        let output = root.deletingLastPathComponent().appendingPathComponent("out/t").path
        let config = ConversionConfig(source: .kitti(KITTIConversionSource(rootDirectoryPath: root.path, numPartitions: 2, numShards: 0,
                                                                           partitionMode: "random", valSplit: 30)))
        let report = try DatasetConverter.convert(config, output: output)
        var random = PythonRandom(seed: 42)
        var partitions = [["000000", "000001", "000002"], (3..<10).map { String(format: "%06d", $0) }]
        for _ in 0..<2 { for i in partitions.indices { random.shuffle(&partitions[i]) } }
        let written = try report.shards.map { try DetectionRecord.read([$0.url]).map { String($0.frameID.dropFirst(7)) } }
        #expect(written == partitions)
        #expect(report.shards.map(\.url.lastPathComponent) == ["t-fold-000-of-002", "t-fold-001-of-002"])
    }

    @Test func invalidBoxesGoToTheWarningsFile() throws {
        let root = try temporaryDirectory().appendingPathComponent("kitti")
        defer { cleanUp(root.deletingLastPathComponent()) }
        for name in ["a", "b"] { try gradientImage(width: 20, height: 10).write(to: root.appendingPathComponent("images/\(name).png")) }
        try "car 0 0 0 1 1 5 5 0 0 0 0 0 0 0\nCar 0 0 0 7.5 1 7.9 5 0 0 0 0 0 0 0\n".write(to: try root.appendingPathComponent("labels/a.txt").creatingParent(), atomically: true, encoding: .utf8)
        try "van 0 0 0 9 9 3 3 0 0 0 0 0 0 0\n".write(to: root.appendingPathComponent("labels/b.txt"), atomically: true, encoding: .utf8)
        let output = root.deletingLastPathComponent().appendingPathComponent("rec").path
        let config = ConversionConfig(source: .kitti(KITTIConversionSource(rootDirectoryPath: root.path, numPartitions: 2, numShards: 1,
                                                                           partitionMode: "random", valSplit: 0)))
        let report = try DatasetConverter.convert(config, output: output)
        #expect(report.invalidBoxes == 2 && report.framesPerFold == [2])  // the empty validation fold is skipped
        #expect(report.shards.map(\.url.lastPathComponent) == ["rec-fold-000-of-002-shard-00000-of-00001"])
        let warnings = try String(contentsOf: try #require(report.warningsFile), encoding: .utf8)
        let labelA = root.appendingPathComponent("labels/a.txt").standardizedFileURL.path
        #expect(warnings.contains("\"\(labelA)_1\": [\n    7,\n    1,\n    7,\n    5\n  ]"))
        #expect(warnings.hasPrefix("{\n  \"") && warnings.hasSuffix("\n}"))
        #expect(report.classMap == ["car": "car"])
    }

    @Test func sampleModifierDuplicatesAndFilters() throws {
        let root = try temporaryDirectory().appendingPathComponent("kitti")
        defer { cleanUp(root.deletingLastPathComponent()) }
        let labels = ["a": "bicycle 0 0 0 1 1 5 5 0 0 0 0 0 0 0\nbicycle 0 0 0 1 1 5 5 0 0 0 0 0 0 0\ncar 0 0 0 1 1 5 5 0 0 0 0 0 0 0\n",
                      "b": "car 0 0 0 1 1 5 5 0 0 0 0 0 0 0\n", "c": "person 0 0 0 1 1 5 5 0 0 0 0 0 0 0\n"]
        for (name, text) in labels {
            try gradientImage(width: 8, height: 8).write(to: root.appendingPathComponent("images/\(name).png"))
            try text.write(to: try root.appendingPathComponent("labels/\(name).txt").creatingParent(), atomically: true, encoding: .utf8)
        }
        let modifier = SampleModifierOptions(filterSamplesContainingOnly: ["car"], dominantTargetClasses: ["car"],
                                            minimumTargetClassImbalance: ["bicycle": 1], numDuplicates: 2,
                                            sourceToTargetClassMapping: ["car": "car", "bicycle": "bicycle", "person": "person"])
        let config = ConversionConfig(source: .kitti(KITTIConversionSource(rootDirectoryPath: root.path, kittiSequenceToFramesFile: "seq.json",
                                                                           numPartitions: 0, numShards: 0, partitionMode: "sequence")),
                                         sampleModifier: modifier)
        try "{\"s1\": [\"a\", \"b\"], \"s2\": [\"c\"]}".write(to: root.appendingPathComponent("seq.json"), atomically: true, encoding: .utf8)
        let report = try DatasetConverter.convert(config, output: root.deletingLastPathComponent().appendingPathComponent("m").path, validationFold: 5)
        // b (only cars) is dropped; a (2 bicycles > 1 car) and c (1 person > 0 cars) are written 3 times each.
        #expect(report.framesPerFold == [6])
        #expect(report.shards.map(\.url.lastPathComponent) == ["m"])
        let frames = try DetectionRecord.read(report.shards.map(\.url)).map(\.frameID)
        #expect(frames.filter { $0 == "images/a" }.count == 3 && frames.filter { $0 == "images/c" }.count == 3 && !frames.contains("images/b"))
    }

    @Test func sequencePartitionsDealLongestFirstThenReverse() throws {
        let root = try temporaryDirectory().appendingPathComponent("kitti")
        defer { cleanUp(root.deletingLastPathComponent()) }
        for name in ["a1", "a2", "a3", "b1", "b2", "c1"] {
            try gradientImage(width: 8, height: 8).write(to: root.appendingPathComponent("images/\(name).png"))
            try "car 0 0 0 1 1 5 5 0 0 0 0 0 0 0\n".write(to: try root.appendingPathComponent("labels/\(name).txt").creatingParent(), atomically: true, encoding: .utf8)
        }
        try "{\"c\": [\"c1\"], \"a\": [\"a1\", \"a2\", \"a3\"], \"b\": [\"b1\", \"b2\"]}".write(to: root.appendingPathComponent("map.json"), atomically: true, encoding: .utf8)
        let config = ConversionConfig(source: .kitti(KITTIConversionSource(rootDirectoryPath: root.path, kittiSequenceToFramesFile: "map.json",
                                                                           numPartitions: 2, numShards: 0, partitionMode: "sequence")))
        let report = try DatasetConverter.convert(config, output: root.deletingLastPathComponent().appendingPathComponent("s").path)
        // Sorted (a:3, b:2, c:1) dealt round-robin → [a, c], [b]; reversed → fold 0 = b, fold 1 = a + c.
        let folds = try report.shards.map { try Set(DetectionRecord.read([$0.url]).map(\.frameID)) }
        #expect(folds == [["images/b1", "images/b2"], ["images/a1", "images/a2", "images/a3", "images/c1"]])
    }

    @Test func badConfigurationsAreUsageErrors() throws {
        let root = try makeDataset(count: 3)
        defer { cleanUp(root.deletingLastPathComponent()) }
        let out = root.deletingLastPathComponent().appendingPathComponent("x").path
        func convert(_ kitti: KITTIConversionSource) throws { _ = try DatasetConverter.convert(ConversionConfig(source: .kitti(kitti)), output: out) }
        let partitions = try #require(throws: ZooError.self) { try convert(KITTIConversionSource(rootDirectoryPath: root.path, numPartitions: 3)) }
        #expect(partitions.message.contains("num_partitions: 2"))
        #expect(throws: ZooError.self) { try convert(KITTIConversionSource(rootDirectoryPath: root.path, valSplit: 100)) }
        #expect(throws: ZooError.self) { try convert(KITTIConversionSource(rootDirectoryPath: root.path, partitionMode: "sequence")) }
        #expect(throws: ZooError.self) { try convert(KITTIConversionSource(rootDirectoryPath: root.path, partitionMode: "shuffle")) }
        let missing = try #require(throws: ZooError.self) { try convert(KITTIConversionSource(rootDirectoryPath: root.path + "/nope")) }
        #expect(missing.message.contains("nope"))
        #expect(throws: ZooError.self) { _ = try DatasetConverter.convert(ConversionConfig(source: .kitti(KITTIConversionSource(rootDirectoryPath: root.path))), output: out + "/") }
        // A broken label file stops the conversion and leaves no shard behind.
        try "car 0 0 0 1 1\n".write(to: root.appendingPathComponent("labels/000001.txt"), atomically: true, encoding: .utf8)
        let bad = try #require(throws: ZooError.self) { try convert(KITTIConversionSource(rootDirectoryPath: root.path, numShards: 1, valSplit: 0)) }
        #expect(bad.message.contains("000001.txt:1"))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: root.deletingLastPathComponent().path)).contains { $0.hasPrefix("x") || $0.hasPrefix(".x") })
    }

    @Test func cocoPartitionsFollowTheAnnotationFiles() throws {
        let root = try temporaryDirectory().appendingPathComponent("coco")
        defer { cleanUp(root.deletingLastPathComponent()) }
        _ = try SyntheticDataset.generate(.poses, count: 4, seed: 1, width: 64, height: 64, output: root)
        let config = ConversionConfig(source: .coco(COCOConversionSource(rootDirectoryPath: root.path, imgDirNames: ["images", "images"],
                                                                         annotationFiles: ["annotations/person_keypoints.json", "annotations/person_keypoints.json"],
                                                                         numPartitions: 2, numShards: [2])))
        let report = try DatasetConverter.convert(config, output: root.deletingLastPathComponent().appendingPathComponent("c").path)
        #expect(report.shards.map(\.url.lastPathComponent) == ["c-fold-000-of-002-shard-00000-of-00002", "c-fold-000-of-002-shard-00001-of-00002",
                                                               "c-fold-001-of-002-shard-00000-of-00002", "c-fold-001-of-002-shard-00001-of-00002"])
        let records = try DetectionRecord.read(Array(report.shards.prefix(2)).map(\.url))
        #expect(records.map(\.frameID) == ["images/000000", "images/000001", "images/000002", "images/000003"])  // file order, not shuffled
        let coco = try COCODataset.read(root.appendingPathComponent("annotations/person_keypoints.json"))
        #expect(records.reduce(0) { $0 + $1.objects.count } == coco.annotations.filter { Int($0.box.x1) < Int($0.box.x2) && Int($0.box.y1) < Int($0.box.y2) }.count)
        #expect(records.allSatisfy { $0.objects.allSatisfy { $0.type == "person" } })
    }
}
