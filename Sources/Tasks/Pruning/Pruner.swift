import Engine
import ZooCore

/// A pruned model with the report of what was removed.
public struct PrunedModel {
    /// The thinner model: its own graph (new channel counts) and the kept slices of the weights.
    public let model: Model
    public let report: PruningReport
}

/// TAO's structured magnitude pruning ("min weight", `prune -pth …`) on any graph the Engine can
/// run: score each filter by its L2 norm, normalize per layer, equalize the layers whose channels
/// must match, keep the filters above the threshold (at least the minimum, rounded up to the
/// granularity) and rebuild the graph with the kept slices. The steps live in
/// `FilterStatistics` (scores and selection), `ChannelSpaces` (which channels are tied
/// together), `ChannelPlan` (what each node keeps) and `PrunedGraph` (the rebuilt graph and
/// weights).
public struct Pruner: Sendable {
    public var options: PruningOptions

    public init(options: PruningOptions = PruningOptions()) {
        self.options = options
    }

    /// Prunes `model`, leaving it untouched. Outputs keep their shapes: output layers, excluded
    /// layers and anything that must keep its channels whole keep all of them.
    public func prune(_ model: Model) throws -> PrunedModel {
        try options.validate()
        let graph = model.graph
        var spaces = try ChannelSpaces(graph: graph) { node in
            // Every convolution, depthwise convolution and dense node owns a kernel in its model.
            let kernel = model.parameter("\(node.name)/\(ParameterRole.kernel.rawValue)")!.value
            return FilterStatistics.normalize(FilterStatistics.filterNorms(kernel), by: options.normalizer)
        }
        for (name, reason) in try exclusions(in: graph) {
            spaces.keepWhole(spaces.layouts[name] ?? [], because: reason)
        }
        let plan = ChannelPlan(spaces: spaces, options: options)
        let (prunedGraph, weights) = try PrunedGraph.build(from: model, plan: plan)
        let pruned = try Model(graph: prunedGraph)
        try pruned.load(weights: weights)

        let channels = try graph.channels()
        let layers = graph.nodes.compactMap { node -> PruningReport.Layer? in
            switch node.op {
            case .conv2d, .depthwiseConv2d, .dense:
                let total = channels[node.name]!
                return PruningReport.Layer(name: node.name, type: node.op.typeName,
                                           kept: plan.keptPositions(of: node.name)?.count ?? total, total: total,
                                           note: plan.note(for: node.name))
            default:
                return nil
            }
        }
        let report = PruningReport(originalParameterCount: try graph.parameterCount(),
                                   prunedParameterCount: try prunedGraph.parameterCount(), layers: layers)
        return PrunedModel(model: pruned, report: report)
    }

    /// The nodes that keep all their channels and why, first reason first: `-el`, the forced
    /// names the graph has, the graph outputs. An `-el` name the graph lacks is an error.
    private func exclusions(in graph: Graph) throws -> [(String, String)] {
        for name in options.excludedLayers where graph.node(name) == nil {
            let layers = graph.nodes.filter {
                switch $0.op { case .conv2d, .depthwiseConv2d, .dense: true; default: false }
            }.map(\.name)
            throw ZooError.usage("Excluded layer '\(name)' is not in the model.",
                                 hint: "-el takes node names of the model, such as "
                                     + layers.prefix(4).joined(separator: ", ") + (layers.count > 4 ? ", …" : ""))
        }
        return options.excludedLayers.map { ($0, "excluded (-el)") }
            + options.forcedExclusions.filter { graph.node($0) != nil }.map { ($0, "excluded") }
            + graph.outputs.map { ($0, "model output") }
    }
}
