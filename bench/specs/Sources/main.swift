// Spec loading speed: zoo's parser + validation against swift-protobuf's own text decoder, and the
// fuzz workload of the test suite (10,000 mutated specs). Run through bench/specs/run.
import Foundation
import Specs
import SwiftProtobuf
import ZooCore

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func report(_ name: String, runs: Int, bytes: Int, time: Double) {
    let perRun = time / Double(runs) * 1e6
    let throughput = Double(bytes * runs) / time / 1_048_576
    print(String(format: "%-58@ %9.1f µs/spec %8.1f MB/s", name as NSString, perRun, throughput))
}

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: SpecsBench <folder of TAO sample specs>\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1])
let detectnet = folder.appendingPathComponent("detectnet_v2__detectnet_v2_train_resnet18_kitti.txt").path
let bpnet = folder.appendingPathComponent("bpnet__bpnet_train_m1_coco.yaml").path
let text = try String(contentsOfFile: detectnet, encoding: .utf8)
let yaml = try String(contentsOfFile: bpnet, encoding: .utf8)
let runs = 2_000

// Reference: swift-protobuf's text decoder alone (no positions, no validation).
var reference = Zoo_DetectnetV2_Experiment()
let decodeOnly = try seconds { for _ in 0..<runs { reference = try Zoo_DetectnetV2_Experiment(textFormatString: text) } }
report("swift-protobuf textFormatString decode (reference)", runs: runs, bytes: text.utf8.count, time: decodeOnly)

var loaded: AnySpec?
let full = try seconds {
    for _ in 0..<runs { loaded = try SpecLoader.load(text: text, file: detectnet, task: .detectnetV2, action: .train) }
}
report("zoo load: parse + validate + defaults + paths + params", runs: runs, bytes: text.utf8.count, time: full)
guard case .detectnetV2Experiment(let spec)? = loaded, spec.asWritten == reference else {
    fatalError("zoo and swift-protobuf read the spec differently")
}

let yamlTime = try seconds {
    for _ in 0..<runs / 4 { _ = try SpecLoader.load(text: yaml, file: bpnet, task: .bpnet, action: .train) }
}
report("zoo load of BPNet's YAML train spec", runs: runs / 4, bytes: yaml.utf8.count, time: yamlTime)

// The fuzz workload: 10,000 mutated detectnet_v2 specs (deletions, duplications, byte flips).
/// SplitMix64, so every run mutates the same way.
struct Mixer {
    var state: UInt64 = 0x5EED
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
var mixer = Mixer()
let bytes = Array(text.utf8)
var mutated: [[UInt8]] = []
for _ in 0..<10_000 {
    var copy = bytes
    let start = Int(mixer.next() % UInt64(copy.count))
    let length = min(Int(mixer.next() % 24) + 1, copy.count - start)
    switch mixer.next() % 3 {
    case 0: copy.removeSubrange(start..<start + length)
    case 1: copy.insert(contentsOf: copy[start..<start + length], at: Int(mixer.next() % UInt64(copy.count)))
    default: copy[start] ^= UInt8(truncatingIfNeeded: mixer.next() | 1)
    }
    mutated.append(copy)
}
var failures = 0
let fuzz = seconds {
    for m in mutated {
        do {
            _ = try SpecLoader.load(text: String(decoding: m, as: UTF8.self), file: "mutated.txt", task: .detectnetV2, action: .train)
        } catch {
            failures += 1
        }
    }
}
print(String(format: "%-58@ %9.2f s (%d rejected, %d loaded)", "10,000 mutated specs, loaded or rejected" as NSString,
             fuzz, failures, mutated.count - failures))
