import Engine
import Foundation
import Tasks
import ZooCore

/// Running a classifier: forward passes in batches, the loss TAO trains with, and what a model
/// file says about its classes and preprocessing.
enum Classifier {
    /// Categorical cross-entropy on the softmax output `probabilities` (`[N, K]`) against `targets`
    /// (`[N, K]`: one-hot labels, or mixup's blends), as Keras computes it (probabilities clipped to
    /// 1e-7), with `labelSmoothing`; returns the mean loss and its gradient with respect to the
    /// probabilities.
    static func crossEntropy(_ probabilities: Tensor, targets: Tensor, labelSmoothing: Float = 0) -> (loss: Float, gradient: Tensor) {
        let n = probabilities.shape.first ?? 0, k = probabilities.shape.last ?? 1
        var gradient = [Float](repeating: 0, count: n * k)
        var loss: Double = 0
        probabilities.withUnsafeBufferPointer { p in
            targets.withUnsafeBufferPointer { t in
                for i in 0..<(n * k) {
                    let target = t[i] * (1 - labelSmoothing) + labelSmoothing / Float(k)
                    guard target > 0 else { continue }
                    let q = min(max(p[i], 1e-7), 1)
                    loss -= Double(target * log(q))
                    gradient[i] = -target / q / Float(n)
                }
            }
        }
        return (Float(loss / Double(max(n, 1))), Tensor(gradient, shape: [n, k]))
    }

    /// One training step: forward in training mode, the loss, backward. Returns the loss.
    static func trainStep(_ model: Model, _ batch: TrainingBatch<Tensor>, labelSmoothing: Float) throws -> Float {
        let output = try model.forward(batch.images, mode: .training)
        let (loss, gradient) = crossEntropy(output, targets: batch.targets, labelSmoothing: labelSmoothing)
        _ = try model.backward([model.graph.outputs[0]: gradient])
        return loss
    }

    /// The softmax scores of every image of `data`, `[count][classes]`, in batches of `batchSize`.
    static func scores(_ model: Model, _ data: ClassificationData, batchSize: Int) throws -> [[Float]] {
        var all: [[Float]] = []
        all.reserveCapacity(data.count)
        for batch in data.orderedBatches(batchSize: batchSize) {
            let output = try model.forward(data.tensor(batch))
            let k = output.shape.last ?? 1
            let values = output.scalars
            for i in 0..<batch.count { all.append(Array(values[(i * k)..<((i + 1) * k)])) }
        }
        return all
    }

    /// Accuracy (top-`topK`), mean loss and the full metrics of `model` on `data`.
    static func evaluate(_ model: Model, _ data: ClassificationData, classes: [String], topK: Int,
                         batchSize: Int) throws -> (metrics: ClassificationMetrics, loss: Double) {
        var metrics = ClassificationMetrics(classNames: classes, topK: max(1, min(topK, classes.count)))
        var loss: Double = 0
        for (i, scores) in try Self.scores(model, data, batchSize: batchSize).enumerated() {
            metrics.add(label: data.labels[i], scores: scores)
            loss -= log(Double(max(scores[data.labels[i]], 1e-7)))
        }
        return (metrics, loss / Double(max(data.count, 1)))
    }

    /// The classification model in `url` (a `.tlt` needs `key`), checked to be a classifier.
    static func read(_ url: URL, key: String?) throws -> ModelFile {
        let file = try ModelFile.read(url, key: key)
        guard file.info.task == "classification" else {
            throw ZooError.usage("\(url.lastPathComponent) is a \(file.info.task) model, not a classification model.",
                                 hint: "pass a model trained by 'zoo classification train'")
        }
        return file
    }
}
