import Engine
import Foundation
import ZooCore

/// One training batch: the input tensor `[N, C, H, W]` and whatever targets the task's loss reads.
public struct TrainingBatch<Targets> {
    /// The images.
    public var images: Tensor
    /// The targets (class labels, coverage maps, …).
    public var targets: Targets

    /// A batch.
    public init(images: Tensor, targets: Targets) {
        self.images = images
        self.targets = targets
    }
}

/// The training loop every task shares: epochs of batches, the spec's optimizer, learning-rate
/// schedule and regularizer, checkpoints every `checkpointInterval` epochs named as TAO names
/// them, resume from the newest checkpoint, validation on the spec's schedule, TAO's status.json
/// lines, metrics into the tracking run and a progress line per epoch.
public struct Trainer<Targets> {
    /// How long and how often.
    public struct Schedule: Sendable {
        /// `n_epochs`.
        public var epochs: Int
        /// Save a checkpoint every this many epochs (and always after the last).
        public var checkpointInterval: Int = 1
        /// Validate every this many epochs (0: never).
        public var validationInterval: Int = 1

        /// A schedule of `epochs` epochs.
        public init(epochs: Int, checkpointInterval: Int = 1, validationInterval: Int = 1) {
            self.epochs = epochs
            self.checkpointInterval = max(1, checkpointInterval)
            self.validationInterval = validationInterval
        }
    }

    /// What the task supplies.
    public struct Hooks {
        /// Starts epoch `epoch` (0-based) and returns the function that yields its batches in
        /// order, nil at the end (a loader's error, such as an unreadable image, ends training).
        public var batches: (_ epoch: Int) throws -> () throws -> TrainingBatch<Targets>?
        /// Number of batches per epoch (for the schedule's total steps and the ETA).
        public var batchesPerEpoch: Int
        /// Forward, loss and backward for one batch; returns the loss. Gradients are zeroed before.
        public var step: (_ model: Model, _ batch: TrainingBatch<Targets>) throws -> Float
        /// Validation metrics after an epoch (keys like `validation_accuracy`).
        public var validate: ((_ model: Model, _ epoch: Int) throws -> [String: Double])?
        /// Writes the checkpoint of `epoch` (1-based) and returns its file.
        public var saveCheckpoint: (_ model: Model, _ epoch: Int, _ optimizerState: [String: Tensor]) throws -> URL

        /// Hooks for a task.
        public init(batches: @escaping (Int) throws -> () throws -> TrainingBatch<Targets>?, batchesPerEpoch: Int,
                    step: @escaping (Model, TrainingBatch<Targets>) throws -> Float,
                    validate: ((Model, Int) throws -> [String: Double])? = nil,
                    saveCheckpoint: @escaping (Model, Int, [String: Tensor]) throws -> URL) {
            self.batches = batches
            self.batchesPerEpoch = batchesPerEpoch
            self.step = step
            self.validate = validate
            self.saveCheckpoint = saveCheckpoint
        }
    }

    /// The result of `fit`.
    public struct Outcome {
        /// Every checkpoint written, oldest first.
        public var checkpoints: [URL]
        /// The last epoch's mean training loss.
        public var finalLoss: Float
        /// The last validation's metrics.
        public var finalValidation: [String: Double]
    }

    public var model: Model
    public var optimizer: any Optimizer
    public var learningRate: any LearningRateSchedule
    public var regularizer: Regularizer?
    public var schedule: Schedule

    /// A trainer for `model`.
    public init(model: Model, optimizer: any Optimizer, learningRate: any LearningRateSchedule,
                regularizer: Regularizer?, schedule: Schedule) {
        self.model = model
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.regularizer = regularizer
        self.schedule = schedule
    }

    /// Trains from `startEpoch` (0 for a new run; the checkpoint's epoch when resuming) to the
    /// schedule's last epoch, reporting through `context`.
    public mutating func fit(from startEpoch: Int = 0, hooks: Hooks, context: TaskContext) throws -> Outcome {
        let totalSteps = schedule.epochs * max(hooks.batchesPerEpoch, 1)
        var step = startEpoch * hooks.batchesPerEpoch
        var checkpoints: [URL] = []
        var lastLoss: Float = 0
        var lastValidation: [String: Double] = [:]
        let started = Date()
        let groups = [ParameterGroup(model.trainableParameters)]
        if startEpoch > 0 { context.say("Resuming from epoch \(startEpoch).") }
        for epoch in startEpoch..<schedule.epochs {
            let epochStart = Date()
            var lossSum: Double = 0
            var count = 0
            var lr: Float = 0
            let nextBatch = try hooks.batches(epoch)
            while let batch = try nextBatch() {
                lr = learningRate.learningRate(step: step, totalSteps: totalSteps)
                model.zeroGradients()
                var loss = try hooks.step(model, batch)
                if let regularizer { loss += regularizer.apply(to: model) }
                guard loss.isFinite else {
                    throw ZooError("Training diverged at epoch \(epoch + 1), step \(step): the loss is \(loss).",
                                   hint: "lower the learning rate in the spec's lr_config / optimizer")
                }
                optimizer.step(groups, learningRate: lr)
                lossSum += Double(loss)
                count += 1
                step += 1
                if step % 10 == 0 { try context.run.logMetrics(["loss": Double(loss), "learning_rate": Double(lr)], step: Int64(step)) }
            }
            lastLoss = count == 0 ? 0 : Float(lossSum / Double(count))
            let done = epoch + 1
            var metrics: [String: Double] = ["epoch_loss": Double(lastLoss)]
            if let validate = hooks.validate, schedule.validationInterval > 0,
               done % schedule.validationInterval == 0 || done == schedule.epochs {
                lastValidation = try validate(model, done)
                metrics.merge(lastValidation) { _, new in new }
            }
            try context.run.logMetrics(metrics, step: Int64(done))
            if done % schedule.checkpointInterval == 0 || done == schedule.epochs {
                checkpoints.append(try hooks.saveCheckpoint(model, done, optimizer.state()))
            }
            let elapsed = Date().timeIntervalSince(started)
            let perEpoch = elapsed / Double(done - startEpoch)
            let eta = perEpoch * Double(schedule.epochs - done)
            var line = "Epoch \(done)/\(schedule.epochs): loss \(String(format: "%.4f", lastLoss)), lr \(String(format: "%.2e", lr))"
            for key in lastValidation.keys.sorted() where metrics[key] != nil {
                line += ", \(key) \(String(format: "%.4f", lastValidation[key]!))"
            }
            line += ", \(Format.duration(seconds: Date().timeIntervalSince(epochStart))) (ETA \(Format.duration(seconds: eta)))"
            context.say(line)
            var data: [(String, StatusLogger.Value)] = [("epoch", .int(done)), ("max_epoch", .int(schedule.epochs)),
                                                        ("time_per_epoch", .string(StatusLogger.timedelta(perEpoch))),
                                                        ("eta", .string(StatusLogger.timedelta(eta)))]
            context.status.set(graphical: [("loss", .double(Double(lastLoss))), ("learning_rate", .double(Double(lr)))]
                               + lastValidation.keys.sorted().map { ($0, .double(lastValidation[$0]!)) })
            data.append(("loss", .double(Double(lastLoss))))
            try context.status.write(data: data, status: .running, message: "Training loop in progress")
        }
        return Outcome(checkpoints: checkpoints, finalLoss: lastLoss, finalValidation: lastValidation)
    }
}

/// Checkpoint files as TAO names them: `<results>/weights/<arch>_<epoch, 3 digits>.tlt`.
public enum Checkpoints {
    /// The weights folder of a results folder.
    public static func folder(_ results: URL) -> URL { results.appendingPathComponent("weights", isDirectory: true) }

    /// The checkpoint file of `epoch` (1-based) for backbone `arch`.
    public static func file(_ results: URL, arch: String, epoch: Int) -> URL {
        folder(results).appendingPathComponent("\(arch)_\(String(format: "%03d", epoch)).tlt")
    }

    /// The newest checkpoint for `arch` in a results folder and its epoch, if any (for resume).
    public static func latest(_ results: URL, arch: String) -> (url: URL, epoch: Int)? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder(results).path)) ?? []
        let epochs = names.compactMap { name -> Int? in
            guard name.hasPrefix(arch + "_"), name.hasSuffix(".tlt") else { return nil }
            return Int(name.dropFirst(arch.count + 1).dropLast(4))
        }
        guard let epoch = epochs.max() else { return nil }
        return (file(results, arch: arch, epoch: epoch), epoch)
    }
}
