import Foundation
import SwiftProtobuf
import Testing
import ZooCore
@testable import Specs

/// TAO's own sample specs load unchanged, validate, print back and load again to an equal message.
@Suite struct TAOSpecTests {
    @Test(arguments: ["detectnet_v2__detectnet_v2_train_resnet18_kitti.txt", "detectnet_v2__detectnet_v2_retrain_resnet18_kitti.txt"])
    func detectnetV2Experiments(_ name: String) throws {
        let spec = try DetectNetV2Spec.loadExperiment(Fixtures.tao(name))
        #expect(spec.message.costFunctionConfig.targetClasses.map(\.name) == ["car", "cyclist", "pedestrian"])
        #expect(spec.message.datasetConfig.targetClassMapping["person_sitting"] == "pedestrian")
        #expect(spec.message.datasetConfig.validationFold == 0)
        #expect(spec.message.datasetConfig.datasetSplitType != nil)
        #expect(spec.message.trainingConfig.learningRate.softStartAnnealingSchedule.maxLearningRate == 5e-05)
        #expect(spec.message.trainingConfig.regularizer.type == .l1)
        #expect(spec.message.evaluationConfig.averagePrecisionMode == .integrate)
        #expect(spec.message.postprocessingConfig.targetClassConfig["pedestrian"]?.clusteringConfig.dbscanEps == Float(0.230000004172))
        #expect(spec.message.trainingConfig.visualizer.clearmlConfig.tags.count == 4)
        try expectRoundTrip(spec) { try DetectNetV2Spec.loadExperiment($0) }
    }

    @Test func detectnetV2Inference() throws {
        let spec = try DetectNetV2Spec.loadInference(Fixtures.tao("detectnet_v2__detectnet_v2_inference_kitti_tlt.txt"))
        #expect(spec.message.inferencerConfig.targetClasses == ["car", "cyclist", "pedestrian"])
        #expect(spec.message.inferencerConfig.tltConfig.model.hasSuffix("resnet18_detector_pruned.hdf5"))
        let handlers = spec.message.bboxHandlerConfig.classwiseBboxHandlerConfig
        #expect(Set(handlers.keys) == ["car", "cyclist", "pedestrian", "default"])
        #expect(handlers["cyclist"]?.bboxColor.b == 255)
        #expect(handlers["car"]?.clusteringConfig.dbscanConfidenceThreshold == 0.9)
        try expectRoundTrip(spec) { try DetectNetV2Spec.loadInference($0) }
    }

    @Test(arguments: ["yolo_v4__yolo_v4_train_resnet18_kitti.txt", "yolo_v4__yolo_v4_retrain_resnet18_kitti.txt"])
    func yoloV4Experiments(_ name: String) throws {
        let spec = try YOLOv4Spec.loadExperiment(Fixtures.tao(name))
        let model = spec.message.yolov4Config
        #expect(model.arch == "resnet" && model.nlayers == 18)
        #expect(YOLOv4Spec.anchors(model.bigAnchorShape)?.count == 3)
        #expect(YOLOv4Spec.anchors(model.smallAnchorShape)?.first?.width == 15.60)
        #expect(spec.message.augmentationConfig.outputDepth == 8)
        #expect(spec.asWritten.augmentationConfig.outputDepth == 0)
        #expect(spec.message.nmsConfig.topK == 200)
        #expect(spec.message.trainingConfig.learningRate.softStartCosineAnnealingSchedule.softStart == 0.3)
        #expect(spec.message.datasetConfig.validationDataSources.count == 1)
        try expectRoundTrip(spec) { try YOLOv4Spec.loadExperiment($0) }
    }

    @Test(arguments: ["classification_tf1__classification_spec.cfg", "classification_tf1__classification_retrain_spec.cfg"])
    func classificationExperiments(_ name: String) throws {
        let spec = try ClassificationSpec.loadExperiment(Fixtures.tao(name), for: .evaluate)
        #expect(spec.message.modelConfig.arch == "resnet")
        #expect(spec.message.trainConfig.optimizer.sgd.momentum == 0.9)
        #expect(spec.message.trainConfig.lrConfig.step.stepSize == 10)
        #expect(spec.message.trainConfig.regConfig.scope == "Conv2D,Dense")
        #expect(spec.message.evalConfig.topK == 3)
        #expect(ClassificationSpec.inputShape(spec.message.modelConfig.inputImageSize)! == (3, 224, 224))
        try expectRoundTrip(spec) { try ClassificationSpec.loadExperiment($0, for: .evaluate) }
    }

    @Test func classificationFreezeBlocksAreRepeated() throws {
        let spec = try ClassificationSpec.loadExperiment(Fixtures.tao("classification_tf1__classification_spec.cfg"))
        #expect(spec.message.modelConfig.freezeBlocks == [0, 1])
        #expect(spec.params.contains(SpecParam(key: "model_config.freeze_blocks.1", value: "1")))
    }

    /// Prints `spec` as written, loads that text again and expects the same message.
    private func expectRoundTrip<M: SwiftProtobuf.Message & Equatable>(_ spec: LoadedSpec<M>, load: (String) throws -> LoadedSpec<M>,
                                                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try Fixtures.write(spec.canonicalTextAsWritten)
        let again = try load(path)
        #expect(again.asWritten == spec.asWritten, sourceLocation: sourceLocation)
        #expect(again.canonicalTextAsWritten == spec.canonicalTextAsWritten, sourceLocation: sourceLocation)
    }
}
