import Engine
import ZooCore

/// One channel of a node's output, named by the channel space it comes from and its index there.
struct ChannelRef: Equatable {
    var space: Int
    var index: Int
}

/// A set of channels born at one node: the filters of a convolution or the units of a dense
/// layer (which pruning may thin), or channels pruning must leave whole (the graph input, what a
/// reshape or grouped convolution produces).
struct ChannelSpace {
    /// The node that creates these channels.
    var owner: String
    var size: Int
    /// Normalized filter norms of the layers that vote on these channels: the owner and any
    /// depthwise convolution that reads exactly these channels.
    var scores: [[Float]] = []
    /// Why every channel must stay; nil while the space may be pruned.
    var keptWhole: String?
}

/// The channel bookkeeping of a graph: which space every output channel of every node comes
/// from, and which spaces must be pruned alike. Every op either creates a space or rearranges
/// its inputs' channels — passes them through (batch norm, activations, pooling, depthwise
/// convolution, a reshape to `[-1, …]` that leaves each channel's elements together),
/// concatenates them (concat, with offsets), repeats them (flatten: each channel `H·W` times,
/// NCHW) — so a node keeps an output channel exactly when its space keeps the channel it refers
/// to. Element-wise ops (add, multiply) join the spaces of their inputs into one equalization
/// group; a layout that cannot be aligned channel by channel keeps its spaces whole instead, as
/// do splits, other reshapes, grouped convolutions, excluded layers and outputs.
struct ChannelSpaces {
    private(set) var spaces: [ChannelSpace] = []
    /// Each node's output channels, in order.
    private(set) var layouts: [String: [ChannelRef]] = [:]
    /// Union-find parents joining spaces into equalization groups.
    private var parents: [Int] = []

    /// Walks `graph` in order. `scores(node)` gives the normalized norms of a convolution's,
    /// dense layer's or depthwise convolution's filters.
    init(graph: Graph, scores: (Node) -> [Float]) throws {
        let shapes = try graph.shapes()
        for node in graph.nodes {
            let inputs = node.inputs.map { layouts[$0]! }
            layouts[node.name] = layout(of: node, inputs: inputs, inputShapes: node.inputs.map { shapes[$0]! },
                                        channels: shapes[node.name]!.first ?? 0, scores: scores)
        }
    }

    private mutating func layout(of node: Node, inputs: [[ChannelRef]], inputShapes: [[Int]], channels: Int,
                                 scores: (Node) -> [Float]) -> [ChannelRef] {
        switch node.op {
        case .input:
            return newSpace(node.name, size: channels, keptWhole: "graph input")
        case .conv2d(let a) where a.groups == 1:
            return newSpace(node.name, size: a.filters, scores: scores(node))
        case .conv2d(let a):
            keepWhole(inputs[0], because: "feeds grouped convolution \(node.name)")
            return newSpace(node.name, size: a.filters, keptWhole: "grouped convolution")
        case .dense(let a):
            return newSpace(node.name, size: a.units, scores: scores(node))
        case .depthwiseConv2d(let a):
            guard a.multiplier == 1 else {
                // Output channel c·m + j reads input channel c.
                return inputs[0].flatMap { Array(repeating: $0, count: a.multiplier) }
            }
            // Paired with its producer: its norms vote on the channels it reads.
            if let space = wholeSpace(inputs[0]) { spaces[space].scores.append(scores(node)) }
            return inputs[0]
        case .batchNorm, .activation, .maxPool, .averagePool, .globalAveragePool, .upsample, .dropout, .zeroPad:
            return inputs[0]
        case .concat:
            return inputs.flatMap { $0 }
        case .add, .multiply:
            for other in inputs.dropFirst() { align(inputs[0], other, at: node.name) }
            return inputs[0]
        case .flatten:
            let spatial = inputShapes[0].dropFirst().reduce(1, *)
            guard spatial > 0 else {
                keepWhole(inputs[0], because: "flattened at an open input size by \(node.name)")
                return newSpace(node.name, size: max(channels, 0), keptWhole: "flatten of an open size")
            }
            return inputs[0].flatMap { Array(repeating: $0, count: spatial) }
        case .reshape(let a) where a.shape.first == -1 && channels == inputShapes[0].first && !inputShapes[0].contains { $0 < 0 }:
            // `[C] → [-1, 1, 1]` (squeeze-excite) and the like: each channel keeps its elements,
            // and the -1 follows the kept count (TAO's "Reshape with -1").
            return inputs[0]
        case .reshape:
            keepWhole(inputs[0], because: "reshaped by \(node.name)")
            return newSpace(node.name, size: max(channels, 0), keptWhole: "reshape output")
        case .split(let a):
            keepWhole(inputs[0], because: "split by \(node.name)")
            let n = inputs[0].count / a.groups
            return Array(inputs[0][a.index * n..<(a.index + 1) * n])
        }
    }

    // MARK: Spaces and groups

    private mutating func newSpace(_ owner: String, size: Int, scores: [Float]? = nil, keptWhole: String? = nil) -> [ChannelRef] {
        let id = spaces.count
        spaces.append(ChannelSpace(owner: owner, size: size, scores: scores.map { [$0] } ?? [], keptWhole: keptWhole))
        parents.append(id)
        return (0..<size).map { ChannelRef(space: id, index: $0) }
    }

    /// Marks every space a layout draws on as kept whole (the first reason sticks).
    mutating func keepWhole(_ layout: [ChannelRef], because reason: String) {
        var seen = Set<Int>()
        for ref in layout where seen.insert(ref.space).inserted {
            if spaces[ref.space].keptWhole == nil { spaces[ref.space].keptWhole = reason }
        }
    }

    /// The space a layout covers exactly, in order, if it does.
    private func wholeSpace(_ layout: [ChannelRef]) -> Int? {
        guard let first = layout.first, layout.count == spaces[first.space].size else { return nil }
        for (i, ref) in layout.enumerated() where ref.space != first.space || ref.index != i { return nil }
        return first.space
    }

    /// Makes two inputs of an element-wise op keep the same channels.
    private mutating func align(_ a: [ChannelRef], _ b: [ChannelRef], at node: String) {
        if a == b { return }
        if let sa = wholeSpace(a), let sb = wholeSpace(b) {
            parents[root(sa)] = root(sb)
        } else {
            keepWhole(a, because: "mixed channels meet at \(node)")
            keepWhole(b, because: "mixed channels meet at \(node)")
        }
    }

    /// The representative of a space's equalization group.
    func root(_ space: Int) -> Int {
        var s = space
        while parents[s] != s { s = parents[s] }
        return s
    }

    /// The spaces of each equalization group, keyed by the group's representative.
    func groups() -> [Int: [Int]] {
        Dictionary(grouping: spaces.indices, by: root)
    }
}
