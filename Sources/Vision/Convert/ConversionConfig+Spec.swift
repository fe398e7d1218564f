import Specs

extension ConversionConfig {
    /// The conversion a loaded dataset_convert spec describes (TAO's `DatasetExportConfig`, field
    /// for field; paths are already resolved by the spec loader).
    public init(spec: DatasetExportSpec) {
        let source: Source
        switch spec.convertConfigType {
        case .cocoConfig(let coco)?:
            source = .coco(COCOConversionSource(rootDirectoryPath: coco.rootDirectoryPath, imgDirNames: coco.imgDirNames,
                                                annotationFiles: coco.annotationFiles, numPartitions: Int(coco.numPartitions),
                                                numShards: coco.numShards.map { Int($0) }))
        case .kittiConfig?, nil:
            // The spec loader rejects a spec with neither block; an empty KITTI source fails in the converter.
            let kitti = spec.kittiConfig
            source = .kitti(KITTIConversionSource(
                rootDirectoryPath: kitti.rootDirectoryPath, imageDirName: kitti.imageDirName, labelDirName: kitti.labelDirName,
                pointCloudsDir: kitti.pointCloudsDir, calibrationsDir: kitti.calibrationsDir,
                kittiSequenceToFramesFile: kitti.kittiSequenceToFramesFile,
                imageExtension: kitti.imageExtension.isEmpty ? ".png" : kitti.imageExtension,
                numPartitions: Int(kitti.numPartitions), numShards: Int(kitti.numShards),
                partitionMode: kitti.partitionMode, valSplit: kitti.valSplit))
        }
        let modifier = spec.sampleModifierConfig
        self.init(source: source,
                  sampleModifier: SampleModifierOptions(
                      filterSamplesContainingOnly: modifier.filterSamplesContainingOnly,
                      dominantTargetClasses: modifier.dominantTargetClasses,
                      minimumTargetClassImbalance: modifier.minimumTargetClassImbalance,
                      numDuplicates: Int(modifier.numDuplicates), maxTrainingSamples: Int(modifier.maxTrainingSamples),
                      sourceToTargetClassMapping: modifier.sourceToTargetClassMapping),
                  imageDirectoryPath: spec.imageDirectoryPath, targetClassMapping: spec.targetClassMapping)
    }
}
