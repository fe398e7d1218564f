import Backbones
import Engine
import ZooCore

/// The classification models the interop check exports: every backbone family zoo builds, with
/// TAO's classification head (`ClassificationNetwork`: average pool over the whole feature map,
/// flatten, dense `predictions` with softmax), batch norm on, at TAO's default input size.
enum Architectures {
    static let inputSize = Size2(224, 224)
    static let classes = 10

    /// TAO arch name (`resnet18`) → catalog family and depth, in the order the check runs them.
    static let all: [(name: String, arch: String, layers: Int)] = [
        ("resnet10", "resnet", 10), ("resnet18", "resnet", 18), ("resnet34", "resnet", 34), ("resnet50", "resnet", 50),
        ("vgg16", "vgg", 16), ("vgg19", "vgg", 19),
        ("mobilenet_v1", "mobilenet_v1", 0), ("mobilenet_v2", "mobilenet_v2", 0), ("googlenet", "googlenet", 0),
        ("darknet19", "darknet", 19), ("darknet53", "darknet", 53),
        ("cspdarknet19", "cspdarknet", 19), ("cspdarknet53", "cspdarknet", 53), ("cspdarknet_tiny", "cspdarknet_tiny", 0),
        ("efficientnet_b0", "efficientnet_b0", 0), ("efficientnet_b1", "efficientnet_b1", 0),
    ]

    /// The arch called `name` with TAO's head, or a usage error listing the known names.
    static func classifier(_ name: String) throws -> Graph {
        guard let entry = all.first(where: { $0.name == name }) else {
            throw ZooError.usage("Unknown arch '\(name)'.", hint: "choose from \(all.map(\.name).joined(separator: ", "))")
        }
        var options = ClassificationNetwork.Options()
        options.useBatchNorm = true
        options.allProjections = true
        return try ClassificationNetwork.build(arch: entry.arch, layers: entry.layers,
                                               inputShape: (3, inputSize.h, inputSize.w), classes: classes, options: options)
    }
}
