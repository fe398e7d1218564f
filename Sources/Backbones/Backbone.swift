import Engine

/// A named intermediate feature map a head can read: which node, at which stride, with how
/// many channels.
public struct FeatureTap: Equatable, Sendable {
    /// The node whose output is the feature map (e.g. `block_3b_relu`).
    public var node: String
    /// Input pixels per feature-map pixel.
    public var stride: Int
    public var channels: Int
    /// The block (stage) number it ends, 1-based; 0 for the stem.
    public var block: Int
}

/// A backbone under construction: the builder holding its nodes (add heads to it, then
/// `build(outputs:)`), its input, its last feature node and its feature taps.
public struct Backbone: Sendable {
    public var builder: GraphBuilder
    /// The input node's name.
    public var input: String
    /// The last node of the backbone.
    public var output: String
    /// Feature taps, one per block, in order.
    public var taps: [FeatureTap]

    /// The deepest tap at `stride` (e.g. 8, 16, 32), if the backbone reaches it.
    public func tap(stride: Int) -> FeatureTap? { taps.last { $0.stride == stride } }

    /// The backbone alone as a graph whose outputs are `outputs` (default: its last node).
    public func graph(outputs: [String]? = nil) throws -> Graph {
        try builder.build(outputs: outputs ?? [output])
    }
}
