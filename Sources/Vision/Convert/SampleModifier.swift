import ZooCore

/// TAO's sample modifier: on training folds only, drops frames whose mapped classes are all one
/// class listed in `filter_samples_containing_only`, duplicates frames where a rare class
/// outnumbers a dominant one (× `minimum_target_class_imbalance`, default 1), and caps the frames
/// per training fold at `max_training_samples / training folds`.
struct SampleModifier {
    let config: SampleModifierOptions
    let validationFold: Int?
    private let maxPerTrainingFold: Int
    private var sampleCounts: [Int]

    init(config: SampleModifierOptions, validationFold: Int?, folds: Int) throws {
        self.config = config
        self.validationFold = validationFold
        let targets = Set(config.sourceToTargetClassMapping.values)
        for name in config.dominantTargetClasses + config.filterSamplesContainingOnly where !targets.contains(name) {
            throw ZooError.usage("sample_modifier_config names class '\(name)', which is not a target of source_to_target_class_mapping.",
                                 hint: "dominant_target_classes and filter_samples_containing_only use target class names")
        }
        if config.maxTrainingSamples > 0 {
            guard folds > 0 else {
                throw ZooError.usage("max_training_samples needs num_partitions > 0.")
            }
            let trainingFolds = validationFold != nil ? folds - 1 : folds
            guard trainingFolds > 0 else { throw ZooError.usage("max_training_samples needs at least one training fold.") }
            maxPerTrainingFold = config.maxTrainingSamples / trainingFolds
        } else {
            maxPerTrainingFold = 0
        }
        sampleCounts = [Int](repeating: 0, count: max(folds, 1))
    }

    /// The copies of `record` to write into `fold` (none, one or several).
    mutating func modify(_ record: DetectionRecord, fold: Int) -> [DetectionRecord] {
        guard fold != validationFold else { return [record] }
        let targets = record.objects.compactMap { config.sourceToTargetClassMapping[$0.type] }
        var copies: [DetectionRecord] = [record]
        if !config.filterSamplesContainingOnly.isEmpty, Set(targets).count == 1,
           config.filterSamplesContainingOnly.contains(targets[0]) {
            copies = []
        }
        if !copies.isEmpty, !config.dominantTargetClasses.isEmpty, !targets.isEmpty {
            var counts: [String: Int] = [:]
            for target in targets { counts[target, default: 0] += 1 }
            let rare = Set(targets).filter { !config.dominantTargetClasses.contains($0) }
            let exceeded = rare.contains { rareClass in
                config.dominantTargetClasses.contains { dominant in
                    Double(counts[rareClass] ?? 0) > Double(counts[dominant] ?? 0) * Double(config.minimumTargetClassImbalance[rareClass] ?? 1)
                }
            }
            if exceeded { copies += [DetectionRecord](repeating: record, count: config.numDuplicates) }
        }
        if maxPerTrainingFold > 0, fold < sampleCounts.count {
            let room = max(maxPerTrainingFold - sampleCounts[fold], 0)
            copies = Array(copies.prefix(room))
            sampleCounts[fold] += copies.count
        }
        return copies
    }
}
