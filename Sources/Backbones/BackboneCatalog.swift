import ZooCore

/// Every backbone family by TAO's arch name, so tasks can build one from a spec's `arch` and
/// depth and tell the user what exists when a name is wrong.
public enum BackboneCatalog {
    /// One family: its TAO arch name, its depths (empty when it has one) and its builder.
    public struct Family: Sendable {
        /// TAO's `arch` string (`resnet`, `mobilenet_v2`, `efficientnet_b0`, …).
        public let arch: String
        /// The depths `layers` may take; empty when the family has a single depth.
        public let depths: [Int]
        let build: @Sendable (BackboneOptions) throws -> Backbone

        /// `resnet 10/18/34/50/101`, `googlenet`.
        public var summary: String {
            depths.isEmpty ? arch : "\(arch) \(depths.map(String.init).joined(separator: "/"))"
        }
    }

    /// The families, in the order TAO's documentation lists them.
    public static let families: [Family] = [
        Family(arch: "resnet", depths: ResNet.depths, build: ResNet.build),
        Family(arch: "vgg", depths: VGG.depths, build: VGG.build),
        Family(arch: "googlenet", depths: [], build: GoogLeNet.build),
        Family(arch: "mobilenet_v1", depths: [], build: MobileNetV1.build),
        Family(arch: "mobilenet_v2", depths: [], build: MobileNetV2.build),
        Family(arch: "darknet", depths: DarkNet.depths, build: DarkNet.build),
        Family(arch: "cspdarknet", depths: CSPDarkNet.depths, build: CSPDarkNet.build),
        Family(arch: "cspdarknet_tiny", depths: [], build: CSPDarkNetTiny.build),
    ] + EfficientNet.Variant.allCases.map { variant in
        Family(arch: variant.arch, depths: [], build: { try EfficientNet.build($0, variant: variant) })
    } + [
        Family(arch: "alexnet", depths: [], build: AlexNet.build),
        Family(arch: "squeezenet", depths: [], build: SqueezeNet.build),
    ]

    /// The family called `arch`, if any.
    public static func family(_ arch: String) -> Family? { families.first { $0.arch == arch } }

    /// Every family and depth, for hints: `resnet 10/18/34/50/101, vgg 16/19, googlenet, …`.
    public static var supported: String { families.map(\.summary).joined(separator: ", ") }

    /// Builds family `arch` at `options.layers` (ignored for single-depth families), or throws a
    /// usage `ZooError` naming what exists when the arch or the depth is not one TAO builds.
    public static func build(arch: String, options: BackboneOptions) throws -> Backbone {
        guard let family = family(arch) else {
            throw ZooError.usage("Unknown arch '\(arch)'.", hint: "supported: \(supported)")
        }
        if !family.depths.isEmpty && !family.depths.contains(options.layers) {
            throw ZooError.usage("\(arch) has no \(options.layers)-layer version.",
                                 hint: "choose n_layers from \(family.depths.map(String.init).joined(separator: ", ")) for \(arch)")
        }
        return try family.build(options)
    }
}
