import Foundation
import Tasks
import Vision
import ZooCore

/// A scratch folder per test, with a tracking database and registry inside it.
struct Workspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-cls-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Global options pointing tracking and the registry into the workspace.
    var options: GlobalOptions {
        var options = GlobalOptions()
        options.trackingURI = "sqlite:///" + path("experiments.db")
        options.registry = path("store")
        return options
    }

    /// `count` synthetic `kind` images in class folders under `name`.
    func dataset(_ name: String, kind: SyntheticKind = .vehicleTypes, count: Int, seed: UInt64, size: Int = 32) throws -> String {
        _ = try SyntheticDataset.generate(kind, count: count, seed: seed, width: size, height: size, output: root.appendingPathComponent(name))
        return path(name)
    }

    /// A classification spec written into the workspace.
    func spec(_ name: String = "spec.cfg", arch: String = "resnet", layers: Int = 10, size: Int = 32, train: String, val: String,
              eval: String? = nil, model: String = "", pretrained: String = "", epochs: Int = 3, batch: Int = 16,
              lr: Double = 0.05, sections: Set<String> = ["model_config", "train_config", "eval_config"]) throws -> String {
        var text = ""
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
              train_dataset_path: "\(train)"
              val_dataset_path: "\(val)"
              pretrained_model_path: "\(pretrained)"
              optimizer { sgd { lr: \(lr) momentum: 0.9 } }
              batch_size_per_gpu: \(batch)
              n_epochs: \(epochs)
              n_workers: 1
              preprocess_mode: "caffe"
              random_seed: 7
              reg_config { type: "L2" scope: "Conv2D,Dense" weight_decay: 5e-05 }
              lr_config { cosine { learning_rate: \(lr) min_lr_ratio: 0.1 soft_start: 0.1 } }
            }

            """
        }
        if sections.contains("eval_config") {
            text += """
            eval_config {
              eval_dataset_path: "\(eval ?? val)"
              model_path: "\(model)"
              top_k: 2
              batch_size: 32
              n_workers: 1
            }

            """
        }
        let url = root.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Runs `body` and returns the ZooError it throws (nil if it throws none or another error).
func zooError(_ body: () throws -> Void) -> ZooError? {
    do { try body() } catch let error as ZooError { return error } catch { return nil }
    return nil
}
