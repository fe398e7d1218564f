import ClassificationPlugin
import Foundation
import Testing

/// `zoo classification …` through the real binary, with TAO's flags as users type them
/// (single-dash long options such as `-pth`, `-nf`, `-eq`).
@Suite struct ClassificationCLITests {
    @Test func trainThenPruneWithTAOsFlags() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-cls-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let env = ["ZOO_HOME": root.appendingPathComponent("home").path]
        let data = root.appendingPathComponent("data").path
        let synth = try ZooProcess.run(["dataset", "synth", "vehicle_types", "--out", data, "--count", "24", "--size", "32x32"], environment: env)
        #expect(synth.status == 0, "\(synth.stderr)")
        var spec = ClassificationSpecText(trainPath: data, valPath: data)
        spec.layers = 10
        spec.size = 32
        spec.epochs = 1
        spec.batchSize = 8
        let specPath = try spec.write(to: root.appendingPathComponent("spec.cfg"))
        let train = try ZooProcess.run(["classification", "train", "-e", specPath, "-r", root.appendingPathComponent("r").path, "-k", "k"],
                                       environment: env)
        #expect(train.status == 0, "\(train.stderr)")
        let model = root.appendingPathComponent("r/weights/resnet_001.tlt").path

        for (flags, output) in [(["-pth", "0.9", "-nf", "8", "-eq", "union", "-pg", "8", "-n", "max"], "single.tlt"),
                                (["--pth", "0.9", "--nf", "8", "--equalization_criterion", "union"], "double.tlt")] {
            let out = root.appendingPathComponent(output).path
            let prune = try ZooProcess.run(["classification", "prune", "-m", model, "-o", out, "-k", "k"] + flags, environment: env)
            #expect(prune.status == 0, "\(flags): \(prune.stderr)")
            #expect(prune.stdout.contains("Pruning ratio (pruned model / original model): "), "\(prune.stdout)")
            #expect(FileManager.default.fileExists(atPath: out))
        }
        let unknown = try ZooProcess.run(["classification", "prune", "-m", model, "-o", "x.tlt", "-k", "k", "--pthx", "0.5"], environment: env)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("pthx"))
    }
}
