import Foundation
import Testing
import ZooCore
@testable import Specs

/// The sample specs in `specs/` drive zoo's own workflows: each loads, validates for what it is
/// for, and names data and runs inside the checkout, whatever the working directory.
@Suite struct SampleSpecTests {
    static let folder = Fixtures.repository.appendingPathComponent("specs")

    static var samples: [String] {
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return files.filter { [".txt", ".cfg", ".yaml"].contains(where: $0.hasSuffix) }.sorted()
    }

    @Test func everyTaskHasSamples() {
        let samples = Self.samples
        for name in ["detectnet_v2/peoplenet_train.txt", "detectnet_v2/peoplenet_retrain.txt", "detectnet_v2/trafficcamnet_train.txt",
                     "detectnet_v2/dashcamnet_retrain.txt", "detectnet_v2/facedetectir_train.txt", "detectnet_v2/peoplenet_kitti_config.txt",
                     "classification/vehiclemakenet_train.cfg", "classification/vehicletypenet_retrain.cfg",
                     "yolo_v4/yolo_v4_train.txt", "yolo_v4/yolo_v4_retrain.txt", "yolo_v4/yolo_v4_kitti_config.txt",
                     "bpnet/bpnet_train.yaml", "bpnet/bpnet_retrain.yaml", "bpnet/bpnet_infer.yaml"] {
            #expect(samples.contains(name), "missing sample spec \(name)")
        }
    }

    @Test(arguments: samples)
    func sampleLoads(_ name: String) throws {
        let task = SpecTask(name: String(name.split(separator: "/")[0]))
        let spec = try SpecLoader.load(Self.folder.appendingPathComponent(name).path, task: task)
        #expect(spec.task == task)
        let root = Fixtures.repository.standardizedFileURL.path
        // Every resolved path stays inside the checkout's data/, runs/ or specs/, or is a registry ref.
        for param in spec.params where param.value.hasPrefix("/") {
            let inside = ["/data/", "/runs/", "/specs/"].contains { param.value.hasPrefix(root + $0) }
            #expect(inside, "\(name): \(param.key) = \(param.value) is outside the checkout")
        }
        #expect(!spec.params.contains { $0.value.contains("/workspace") })
    }

    @Test func classificationSamplesEvaluate() throws {
        for name in Self.samples where name.hasPrefix("classification/") {
            let spec = try ClassificationSpec.loadExperiment(Self.folder.appendingPathComponent(name).path, for: .evaluate)
            #expect(spec.message.trainConfig.trainDatasetPath.hasSuffix("/data/" + (name.contains("make") ? "vehicle_makes" : "vehicle_types") + "/train"))
            #expect(spec.message.trainConfig.pretrainedModelPath.hasPrefix(name.contains("retrain") ? "/" : "nvidia/tlt_pretrained_classification:"))
        }
    }
}
