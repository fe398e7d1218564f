import Backbones
import Engine
import ZooCore

/// The classification models the interop check exports: each backbone family zoo builds, with
/// TAO's classification head (average pool over the whole feature map, flatten, dense
/// `predictions` with softmax), at TAO's default input size.
enum Architectures {
    static let inputSize = Size2(224, 224)
    static let classes = 10

    /// Backbone builders by TAO arch name, in the order the check runs them.
    static let all: [(name: String, build: @Sendable () throws -> Backbone)] = [
        ("resnet18", {
            var o = ResNet.Options(layers: 18)
            o.inputHeight = inputSize.h
            o.inputWidth = inputSize.w
            o.usePooling = true
            return try ResNet.build(o)
        }),
    ]

    /// The arch called `name` with TAO's head, or a usage error listing the known names.
    static func classifier(_ name: String) throws -> Graph {
        guard let arch = all.first(where: { $0.name == name }) else {
            throw ZooError.usage("Unknown arch '\(name)'.", hint: "choose from \(all.map(\.name).joined(separator: ", "))")
        }
        let backbone = try arch.build()
        var b = backbone.builder
        let shape = b.shape(of: backbone.output)
        let pooled = b.averagePool(backbone.output, Pool2D(kernel: Size2(shape[1], shape[2]), padding: .valid))
        let flat = b.flatten(pooled)
        let predictions = b.dense(flat, Dense(units: classes, activation: .softmax), name: "predictions")
        return try b.build(outputs: [predictions])
    }
}
