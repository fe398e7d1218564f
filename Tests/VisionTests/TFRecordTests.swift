import Foundation
import Testing
import ZooCore
@testable import Vision

@Suite struct TFRecordTests {
    @Test func crc32cKnownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.masked(0) == 0xA282_EAD8)
    }

    @Test func writesAndReadsRecords() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        let url = directory.appendingPathComponent("shard")
        let writer = try TFRecordWriter(url: url)
        let records = [Data("first".utf8), Data(), Data((0..<5000).map { UInt8($0 % 251) })]
        for record in records { try writer.write(record) }
        #expect(!FileManager.default.fileExists(atPath: url.path))  // nothing visible before finish
        try writer.finish()
        #expect(try TFRecordReader(url: url).records() == records)
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        #expect(size == records.reduce(0) { $0 + $1.count + 16 })
    }

    @Test func damagedRecordsReportFileAndOffset() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        let url = directory.appendingPathComponent("shard")
        let writer = try TFRecordWriter(url: url)
        try writer.write(Data("alpha".utf8))
        try writer.write(Data("bravo".utf8))
        try writer.finish()
        var bytes = try Data(contentsOf: url)
        let second = 5 + 16  // offset of the second record
        bytes[second + 12 + 2] ^= 0x40  // a bit flip in its data
        try bytes.write(to: url)
        let flipped = try #require(throws: ZooError.self) { try TFRecordReader(url: url).records() }
        #expect(flipped.message.contains(url.path) && flipped.message.contains("offset \(second)") && flipped.message.contains("data checksum"))
        #expect(flipped.exitCode == ZooError.Code.integrity)
        try bytes.prefix(second + 20).write(to: url)
        let truncated = try #require(throws: ZooError.self) { try TFRecordReader(url: url).records() }
        #expect(truncated.message.contains("truncated") && truncated.message.contains("offset \(second)"))
        // Iteration stops at the damage and keeps the error.
        var iterator = try TFRecordReader(url: url).makeIterator()
        #expect(iterator.next() == Data("alpha".utf8))
        #expect(iterator.next() == nil && iterator.error != nil)
    }

    @Test func discardedWriterLeavesNothing() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        let writer = try TFRecordWriter(url: directory.appendingPathComponent("shard"))
        try writer.write(Data("x".utf8))
        writer.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func exampleRoundTripIsDeterministic() throws {
        let record = DetectionRecord(frameID: "images/000001", width: 480, height: 272, objects: [
            KITTIObject(type: "person", box: BoundingBox(x1: 1.5, y1: 2, x2: 30.25, y2: 80), truncation: 0.1, occlusion: 2, alpha: -1,
                        dimensions: SIMD3(1.7, 0.5, 0.4), location: SIMD3(1, 2, 3), rotationY: 0.5),
            KITTIObject(type: "bag", box: BoundingBox(x1: 10, y1: 20, x2: 30, y2: 40)),
        ])
        let bytes = record.example.serialized()
        #expect(bytes == record.example.serialized())  // same bytes every time
        let parsed = try TFExample(serialized: bytes)
        #expect(parsed.strings(DetectionRecord.Key.objectClass) == ["person", "bag"])
        #expect(parsed.ints(DetectionRecord.Key.occlusion) == [2, 0])
        #expect(try DetectionRecord(example: parsed, source: "test") == record)
        let empty = DetectionRecord(frameID: "images/2", width: 4, height: 4, objects: [])
        #expect(try DetectionRecord(example: TFExample(serialized: empty.example.serialized()), source: "t") == empty)
        #expect(throws: ZooError.self) { try DetectionRecord(example: TFExample(), source: "t") }
        #expect(throws: (any Error).self) { try TFExample(serialized: Data([0xFF, 0xFF, 0xFF])) }
    }

    @Test func shardGlobsAndFolds() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        for name in ["k-fold-000-of-002-shard-00000-of-00002", "k-fold-000-of-002-shard-00001-of-00002", "k-fold-001-of-002-shard-00000-of-00002", "k_warning.json"] {
            try Data().write(to: directory.appendingPathComponent(name))
        }
        let all = try TFRecordShards.resolve(directory.path + "/k*")
        #expect(all.count == 3)
        #expect(all.filter { TFRecordShards.isInFold($0, fold: 0) }.count == 2)
        #expect(throws: ZooError.self) { try TFRecordShards.resolve(directory.path + "/none*") }
    }
}
