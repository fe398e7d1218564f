import Foundation
import ZooCore

/// A TAO classification spec (`model_config`, `train_config`, `eval_config`) written as text from
/// a few choices: what `zoo registry build` writes for a recipe, and what tests train with.
public struct ClassificationSpecText: Sendable {
    public var arch = "resnet"
    public var layers = 18
    /// Image side in pixels (`input_image_size: "3,size,size"`).
    public var size = 64
    public var trainPath: String
    public var valPath: String
    /// `eval_dataset_path`; the validation set when nil.
    public var evalPath: String?
    public var pretrainedModelPath = ""
    /// `eval_config.model_path`.
    public var modelPath = ""
    public var epochs = 5
    public var batchSize = 32
    public var learningRate = 0.005
    /// `lr_config.cosine.min_lr_ratio` and `soft_start`.
    public var minLearningRateRatio = 0.05
    public var softStart = 0.05
    public var seed: UInt64 = 1
    public var workers = 2
    public var topK = 3
    /// The top-level sections to write (leaving one out makes a broken spec on purpose).
    public var sections: Set<String> = ["model_config", "train_config", "eval_config"]
    /// A comment line at the top, without the `#`.
    public var comment: String?

    public init(trainPath: String, valPath: String) {
        self.trainPath = trainPath
        self.valPath = valPath
    }

    /// The spec's text.
    public var text: String {
        var text = comment.map { "# \($0)\n" } ?? ""
        if sections.contains("model_config") {
            text += """
            model_config {
              arch: "\(arch)"
              n_layers: \(layers)
              use_batch_norm: true
              all_projections: true
              input_image_size: "3,\(size),\(size)"
            }

            """
        }
        if sections.contains("train_config") {
            text += """
            train_config {
              train_dataset_path: "\(trainPath)"
              val_dataset_path: "\(valPath)"
              pretrained_model_path: "\(pretrainedModelPath)"
              optimizer { sgd { lr: \(learningRate) momentum: 0.9 } }
              batch_size_per_gpu: \(batchSize)
              n_epochs: \(epochs)
              n_workers: \(workers)
              preprocess_mode: "caffe"
              random_seed: \(seed)
              reg_config { type: "L2" scope: "Conv2D,Dense" weight_decay: 5e-05 }
              lr_config { cosine { learning_rate: \(learningRate) min_lr_ratio: \(minLearningRateRatio) soft_start: \(softStart) } }
            }

            """
        }
        if sections.contains("eval_config") {
            text += """
            eval_config {
              eval_dataset_path: "\(evalPath ?? valPath)"
              model_path: "\(modelPath)"
              top_k: \(topK)
              batch_size: 32
              n_workers: \(workers)
            }

            """
        }
        return text
    }

    /// Writes the spec to `url` atomically and returns its path.
    @discardableResult
    public func write(to url: URL) throws -> String {
        try AtomicFile.write(text, to: url)
        return url.path
    }
}
