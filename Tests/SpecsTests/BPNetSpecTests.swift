import Foundation
import Testing
import ZooCore
@testable import Specs

@Suite struct BPNetSpecTests {
    @Test(arguments: ["bpnet__bpnet_train_m1_coco.yaml", "bpnet__bpnet_retrain_m1_coco.yaml"])
    func taoTrainSpecsLoad(_ name: String) throws {
        let spec = try BPNetSpec.loadTrain(Fixtures.tao(name))
        let s = spec.message
        #expect(s.checkpointNEpoch == 5)
        #expect(s.dataloader.batchSize == 10)
        #expect(s.dataloader.poseConfig.targetShape == [32, 32])
        #expect(s.dataloader.datasetConfig.trainRecordsPath == ["train-fold-000-of-001"])
        #expect(s.dataloader.datasetConfig.datasetSpecs["coco"] == "/workspace/examples/bpnet/data_pose_config/coco_spec.json")
        #expect(s.dataloader.augmentationConfig.spatialAugParams.rotateDegMin == -40)
        #expect(s.dataloader.augmentationConfig.identitySpatialAugParams == nil)
        #expect(s.model.isLite)
        #expect(s.model.stages == 3)
        #expect(s.model.kernelRegularizationFactor == 5e-4)
        var schedule = BPNetLearningRateSchedule.SoftStartAnnealing()
        (schedule.softStart, schedule.annealing, schedule.baseLearningRate, schedule.minLearningRate) = (0.05, 0.5, 2e-5, 8e-8)
        #expect(s.optimizer.learningRateSchedule == .softStartAnnealing(schedule))
        #expect(s.loss.focalLossParams == .init())
        #expect(s.finetuningConfig.checkpointPath == nil)
        // Keys the file leaves out take TAO's constructor defaults, and say so.
        #expect(spec.appliedDefaults.contains("final_model_name = bpnet_model (TAO's default)"))
        // Printed back and loaded again: the same spec.
        let again = try BPNetSpec.loadTrain(try Fixtures.write(spec.canonicalTextAsWritten, name: "again.yaml"))
        #expect(again.asWritten == spec.asWritten)
        #expect(again.canonicalTextAsWritten == spec.canonicalTextAsWritten)
        #expect(spec.canonicalTextAsWritten.hasPrefix("__class_name__: BpNetTrainer\n"))
    }

    @Test func taoInferenceSpecLoads() throws {
        let spec = try BPNetSpec.loadInference(Fixtures.tao("bpnet__infer_spec.yaml"))
        #expect(spec.message.inputShape == [368, 368])
        #expect(spec.message.keepAspectRatioMode == "adjust_network_input")
        #expect(spec.message.outputStageToUse == nil)
        #expect(spec.message.scales == [0.5, 1.0, 1.5, 2.0])
        let again = try BPNetSpec.loadInference(try Fixtures.write(spec.canonicalTextAsWritten, name: "again.yaml"))
        #expect(again.asWritten == spec.asWritten)
    }

    @Test func exponentialDecayScheduleIsChosenByClassName() throws {
        var text = try String(contentsOfFile: Fixtures.tao("bpnet__bpnet_train_m1_coco.yaml"), encoding: .utf8)
        let old = """
            __class_name__: SoftstartAnnealingLearningRateSchedule
                soft_start: 0.05
                annealing: 0.5
                base_learning_rate: 2.e-5
                min_learning_rate: 8.e-08
                last_step: null
            """
        let new = """
            __class_name__: BpNetExponentialDecayLRSchedule
                learning_rate: 1.e-4
                decay_epochs: 5
                decay_rate: 0.5
                staircase: true
            """
        let range = try #require(text.range(of: old))
        text.replaceSubrange(range, with: new)
        let spec = try BPNetSpec.loadTrain(try Fixtures.write(text, name: "decay.yaml"))
        guard case .exponentialDecay(let decay) = spec.message.optimizer.learningRateSchedule else {
            Issue.record("expected the exponential decay schedule")
            return
        }
        #expect(decay.learningRate == 1e-4 && decay.decayEpochs == 5 && decay.staircase)
    }

    @Test func pathsResolveAgainstTheSpecFolderAndRefsStay() throws {
        var text = try String(contentsOfFile: Fixtures.tao("bpnet__bpnet_train_m1_coco.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "/workspace/tao-experiments/bpnet/pretrained_model/bodyposenet_vtrainable_v1.0/model.tlt",
                                         with: "nvidia/tao/bodyposenet:trainable_v1.0")
        text = text.replacingOccurrences(of: "checkpoint_dir: /workspace/tao-experiments/bpnet/models/exp_m1_unpruned",
                                         with: "checkpoint_dir: ../runs/bpnet")
        let path = try Fixtures.write(text, name: "train.yaml")
        let spec = try BPNetSpec.loadTrain(path)
        let root = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path
        #expect(spec.message.checkpointDir == root + "/runs/bpnet")
        #expect(spec.asWritten.checkpointDir == "../runs/bpnet")
        #expect(spec.message.pretrainedWeights == "nvidia/tao/bodyposenet:trainable_v1.0")
        #expect(spec.params.contains(SpecParam(key: "model.__class_name__", value: "BpNetLiteModel")))
        #expect(spec.params.contains(SpecParam(key: "dataloader.pose_config.target_shape.1", value: "32")))
    }
}
