import Foundation
import Testing

/// `zoo spec validate|show` as a user runs them.
@Suite struct SpecCLITests {
    static let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("specs")

    @Test func validatesASampleSpec() throws {
        let file = Self.specs.appendingPathComponent("detectnet_v2/peoplenet_train.txt").path
        let result = try ZooProcess.run(["spec", "validate", file])
        #expect(result.status == 0)
        #expect(result.stdout == "\(file): valid detectnet_v2 experiment spec\n")
    }

    @Test func validateReportsEveryProblemWithPositions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-spec-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("broken.txt")
        var text = try String(contentsOf: Self.specs.appendingPathComponent("detectnet_v2/peoplenet_train.txt"), encoding: .utf8)
        text = text.replacingOccurrences(of: "  num_epochs: 6", with: "  num_epoch: 6")
        text = text.replacingOccurrences(of: "  average_precision_mode: INTEGRATE", with: "  average_precision_mode: INTEGRAL")
        try Data(text.utf8).write(to: file)
        let result = try ZooProcess.run(["spec", "validate", file.path])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Error: \(file.path):"))
        #expect(lines[0].hasSuffix(": unknown value \"INTEGRAL\" for evaluation_config.average_precision_mode; did you mean \"INTEGRATE\"?"))
        #expect(lines[1].hasPrefix(file.path + ":") && lines[1].hasSuffix(": unknown field \"num_epoch\" in training_config; did you mean \"num_epochs\"?"))
        #expect(lines[2].hasPrefix("Hint: fix these 2 problems"))
    }

    @Test func showPrintsCanonicalTextThatValidatesAgain() throws {
        let file = Self.specs.appendingPathComponent("yolo_v4/yolo_v4_train.txt").path
        let shown = try ZooProcess.run(["spec", "show", file])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("yolov4_config {\n  big_anchor_shape: "))
        #expect(!shown.stdout.contains("#"))
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-spec-show-\(UUID().uuidString).txt")
        try Data(shown.stdout.utf8).write(to: copy)
        let again = try ZooProcess.run(["spec", "validate", copy.path, "--task", "yolo_v4"])
        #expect(again.status == 0, "\(again.stderr)")
    }

    @Test func showEffectiveListsDefaultsAndResolvesPaths() throws {
        let file = Self.specs.appendingPathComponent("yolo_v4/yolo_v4_train.txt").path
        let result = try ZooProcess.run(["spec", "show", file, "--effective"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# default: augmentation_config.output_depth = 8"))
        let root = Self.specs.deletingLastPathComponent().standardizedFileURL.path
        #expect(result.stdout.contains("tfrecords_path: \"\(root)/data/traffic/yolo_tfrecords/*\""))
        #expect(result.stdout.contains("pretrain_model_path: \"nvidia/tlt_pretrained_object_detection:resnet18\""))
    }

    @Test func showParamsAsCSV() throws {
        let file = Self.specs.appendingPathComponent("classification/vehicletypenet_train.cfg").path
        let result = try ZooProcess.run(["spec", "show", file, "--params", "--format_type", "csv"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Key,Value\n"))
        #expect(result.stdout.contains("\nmodel_config.arch,resnet\n"))
        #expect(result.stdout.contains("\ntrain_config.optimizer.sgd.momentum,0.9\n"))
    }

    @Test func validateAsJSON() throws {
        let file = Self.specs.appendingPathComponent("bpnet/bpnet_infer.yaml").path
        let result = try ZooProcess.run(["spec", "validate", file, "--format_type", "json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["task"] as? String == "bpnet")
        #expect(object?["kind"] as? String == "inference")
        #expect(object?["valid"] as? Bool == true)
    }

    @Test func unknownTaskIsAUsageError() throws {
        let file = Self.specs.appendingPathComponent("bpnet/bpnet_infer.yaml").path
        let result = try ZooProcess.run(["spec", "validate", file, "--task", "ssd"])
        #expect(result.status == 64 || result.status == 2)
        #expect(result.stderr.contains("--task"))
    }
}
