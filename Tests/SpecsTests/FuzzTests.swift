import Foundation
import SwiftProtobuf
import Testing
import ZooCore
@testable import Specs

/// A small deterministic generator (SplitMix64), so a failing mutation can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutates TAO's real specs 10,000 times (deletions, duplications, byte flips) and loads each:
/// loading never crashes or hangs, and every failure is a `ZooError` with a position.
@Suite struct FuzzTests {
    static let mutations = 10_000

    enum Mutation: CaseIterable { case delete, duplicate, flip }

    static func mutate(_ bytes: [UInt8], with rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...3, using: &rng) where !out.isEmpty {
            let start = Int.random(in: 0..<out.count, using: &rng)
            let length = min(Int.random(in: 1...24, using: &rng), out.count - start)
            switch Mutation.allCases.randomElement(using: &rng)! {
            case .delete:
                out.removeSubrange(start..<start + length)
            case .duplicate:
                let chunk = out[start..<start + length]
                out.insert(contentsOf: chunk, at: Int.random(in: 0...out.count, using: &rng))
            case .flip:
                let flips: [UInt8] = [0x01, 0x20, 0x80, UInt8.random(in: 0...255, using: &rng)]
                out[start] ^= flips.randomElement(using: &rng)!
                if out[start] == 0 { out[start] = UInt8(ascii: "{") }
            }
        }
        return out
    }

    /// Loads mutated bytes as `fixture`'s format; returns whether it loaded.
    static func load(_ bytes: [UInt8], like fixture: String) throws -> Bool {
        let source = SourceText(bytes)
        let file = "mutated-" + fixture
        do {
            switch fixture.split(separator: "_").first {
            case "bpnet":
                if fixture.contains("infer") {
                    _ = try BPNetSpec.inferenceFormat.load(source, file: file)
                } else {
                    _ = try BPNetSpec.trainFormat.load(source, file: file)
                }
            case "classification":
                _ = try ClassificationSpec.experimentFormat.load(source, file: file, for: .evaluate)
            case "yolo" where !fixture.contains("tfrecords"):
                _ = try YOLOv4Spec.experimentFormat.load(source, file: file, for: .train)
            case _ where fixture.contains("tfrecords"):
                _ = try DatasetConvertSpec.format(for: .detectnetV2).load(source, file: file, for: .datasetConvert)
            case _ where fixture.contains("inference"):
                _ = try DetectNetV2Spec.inferenceFormat.load(source, file: file, for: .inference)
            default:
                _ = try DetectNetV2Spec.experimentFormat.load(source, file: file, for: .train)
            }
            return true
        } catch let error as ZooError {
            for line in error.message.split(separator: "\n") {
                #expect(line.hasPrefix(file + ":"), "a problem without its file: \(line)")
            }
            return false
        }
    }

    @Test func mutatedSpecsFailOnlyWithZooErrors() throws {
        let fixtures = try Fixtures.taoSpecs.map { path in
            (name: URL(fileURLWithPath: path).lastPathComponent, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        var rng = SplitMix64(state: 0x5EED_5EED)
        var loaded = 0
        for i in 0..<Self.mutations {
            let fixture = fixtures[i % fixtures.count]
            let mutated = Self.mutate(fixture.bytes, with: &rng)
            do {
                if try Self.load(mutated, like: fixture.name) { loaded += 1 }
            } catch {
                Issue.record("mutation \(i) of \(fixture.name) failed with \(type(of: error)): \(error)")
            }
        }
        // Most mutations break something, some land in comments or values and still load.
        #expect(loaded > 0 && loaded < Self.mutations)
    }

    /// Where swift-protobuf's own text decoder also accepts a mutated spec, both must read the
    /// same values: zoo's parser agrees with the reference implementation.
    @Test func parserAgreesWithSwiftProtobufWhereBothAccept() throws {
        let path = Fixtures.tao("detectnet_v2__detectnet_v2_train_resnet18_kitti.txt")
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let format = DetectNetV2Spec.experimentFormat
        var rng = SplitMix64(state: 42)
        var compared = 0
        for _ in 0..<4_000 {
            let mutated = Self.mutate(bytes, with: &rng)
            guard let text = String(validating: mutated, as: UTF8.self),
                  let reference = try? Zoo_DetectnetV2_Experiment(textFormatString: text),
                  let (ours, _) = try? format.parse(SourceText(mutated), file: "mutated") else { continue }
            #expect(ours == reference, "values differ for:\n\(text)")
            compared += 1
        }
        #expect(compared > 100)
    }
}
