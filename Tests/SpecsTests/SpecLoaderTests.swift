import Foundation
import Testing
import ZooCore
@testable import Specs

@Suite struct SpecLoaderTests {
    @Test(arguments: [
        ("detectnet_v2__detectnet_v2_train_resnet18_kitti.txt", SpecTask.detectnetV2, SpecKind.experiment),
        ("detectnet_v2__detectnet_v2_inference_kitti_tlt.txt", .detectnetV2, .inference),
        ("detectnet_v2__detectnet_v2_tfrecords_kitti_trainval.txt", .detectnetV2, .datasetConvert),
        ("yolo_v4__yolo_v4_retrain_resnet18_kitti.txt", .yoloV4, .experiment),
        ("classification_tf1__classification_spec.cfg", .classification, .experiment),
        ("bpnet__bpnet_train_m1_coco.yaml", .bpnet, .experiment),
        ("bpnet__infer_spec.yaml", .bpnet, .inference),
    ])
    func tellsTheTaskFromTheContent(_ name: String, _ task: SpecTask, _ kind: SpecKind) throws {
        let spec = try SpecLoader.load(Fixtures.tao(name))
        #expect(spec.task == task)
        #expect(spec.kind == kind)
    }

    @Test func aTaskNarrowsTheChoice() throws {
        let spec = try SpecLoader.load(Fixtures.tao("yolo_v4__yolo_v4_tfrecords_kitti_train.txt"), task: .yoloV4)
        #expect(spec.task == .yoloV4 && spec.kind == .datasetConvert)
    }

    @Test func theActionPicksTheSpecKind() throws {
        let spec = try SpecLoader.load(Fixtures.tao("detectnet_v2__detectnet_v2_inference_kitti_tlt.txt"),
                                       task: .detectnetV2, action: .inference)
        guard case .detectnetV2Inference(let inference) = spec else {
            Issue.record("expected an inference spec")
            return
        }
        #expect(inference.message.bboxHandlerConfig.kittiDump)
    }

    @Test func anUnknownFileSaysWhatItSaw() throws {
        let path = try Fixtures.write("foo: 1\nbar { baz: 2 }\n")
        let error = try #require(throws: ZooError.self) { try SpecLoader.load(path) }
        #expect(error.message == "\(path) does not look like a spec zoo knows: its top-level fields are bar, foo")
        #expect(error.hint?.contains("--task") == true)
    }

    @Test func aMissingFileIsNotFound() throws {
        let error = try #require(throws: ZooError.self) { try SpecLoader.load("/nonexistent/spec.txt") }
        #expect(error.exitCode == ZooError.Code.notFound)
        #expect(error.message == "spec file not found: /nonexistent/spec.txt")
    }

    @Test func paramsAreDottedIndexedAndKeyed() throws {
        let spec = try DetectNetV2Spec.loadExperiment(Fixtures.tao("detectnet_v2__detectnet_v2_train_resnet18_kitti.txt"))
        let params = Dictionary(spec.params.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(params["model_config.arch"] == "resnet")
        #expect(params["model_config.num_layers"] == "18")
        #expect(params["cost_function_config.target_classes.1.name"] == "cyclist")
        #expect(params["cost_function_config.target_classes.1.objectives.1.weight_target"] == "1.0")
        #expect(params["dataset_config.target_class_mapping.person_sitting"] == "pedestrian")
        #expect(params["postprocessing_config.target_class_config.car.clustering_config.dbscan_eps"] == "0.2")
        #expect(params["training_config.regularizer.type"] == "L1")
        #expect(params["training_config.checkpoint_interval"] == "10")
        #expect(params["dataset_config.validation_fold"] == "0")
        #expect(params["training_config.visualizer.wandb_config.tags.3"] == "unpruned")
        #expect(spec.params.count == Set(spec.params.map(\.key)).count)
    }

    @Test func defaultsAreAppliedAndListed() throws {
        var text = try String(contentsOfFile: Fixtures.tao("detectnet_v2__detectnet_v2_train_resnet18_kitti.txt"), encoding: .utf8)
        text = text.replacingOccurrences(of: "  checkpoint_interval: 10\n", with: "")
        let spec = try DetectNetV2Spec.loadExperiment(try Fixtures.write(text))
        #expect(spec.asWritten.trainingConfig.checkpointInterval == 0)
        #expect(spec.message.trainingConfig.checkpointInterval == 10)
        #expect(spec.appliedDefaults == ["training_config.checkpoint_interval = 10 (detectnet_v2 train checkpoints every 10 epochs when it is 0)"])
    }

    @Test func registryRefsAndAbsolutePathsStay() {
        #expect(SpecPaths.resolve("nvidia/tlt_pretrained_classification:resnet18", relativeTo: "/a/b") == "nvidia/tlt_pretrained_classification:resnet18")
        #expect(SpecPaths.resolve("/data/x", relativeTo: "/a/b") == "/data/x")
        #expect(SpecPaths.resolve("../../data/vehicle_types/train", relativeTo: "/repo/specs/classification") == "/repo/data/vehicle_types/train")
        #expect(SpecPaths.resolve("tfrecords/*", relativeTo: "/repo") == "/repo/tfrecords/*")
        #expect(SpecPaths.resolve("", relativeTo: "/repo") == "")
    }
}
