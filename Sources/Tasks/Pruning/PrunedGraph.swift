import Engine
import ZooCore

/// Rebuilds a model's graph and weights after a `ChannelPlan`: every node keeps its name, inputs
/// and attributes, convolutions and dense layers get the kept count as their filters or units,
/// and every parameter is sliced on its output-channel axis by its node's kept channels and on
/// its input-channel axis by its input's (conv and dense kernels on both, biases, batch-norm
/// γ/β/moving statistics and depthwise kernels on their one channel axis).
enum PrunedGraph {
    static func build(from model: Model, plan: ChannelPlan) throws -> (graph: Graph, weights: [String: Tensor]) {
        let graph = model.graph
        let nodes = graph.nodes.map { original -> Node in
            var node = original
            guard let count = plan.keptPositions(of: node.name)?.count else { return node }
            switch node.op {
            case .conv2d(var a):
                a.filters = count
                node.op = .conv2d(a)
            case .dense(var a):
                a.units = count
                node.op = .dense(a)
            default:
                break
            }
            return node
        }
        let pruned: Graph
        do {
            pruned = try Graph(nodes: nodes, outputs: graph.outputs)
            try checkChannels(of: pruned, against: graph, plan: plan)
        } catch let error as ZooError {
            throw ZooError("Pruning could not rebuild the model: \(error.message)",
                           hint: "exclude the layers named there with -el, or prune with a lower -pth")
        }

        var weights: [String: Tensor] = [:]
        for parameter in model.parameters {
            let spec = parameter.spec
            var value = parameter.value
            if let axis = spec.outputChannelAxis, let keep = plan.keptPositions(of: spec.node) {
                value = value.gathering(keep, along: axis)
            }
            if let axis = spec.inputChannelAxis, let input = graph.node(spec.node)?.inputs.first,
               let keep = plan.keptPositions(of: input) {
                value = value.gathering(keep, along: axis)
            }
            weights[parameter.name] = value
        }
        return (pruned, weights)
    }

    /// Every node of the rebuilt graph has exactly the channels the plan kept.
    private static func checkChannels(of pruned: Graph, against graph: Graph, plan: ChannelPlan) throws {
        let before = try graph.channels(), after = try pruned.channels()
        for node in graph.nodes {
            let expected = plan.keptPositions(of: node.name)?.count ?? before[node.name]!
            guard after[node.name] == expected else {
                throw ZooError("node '\(node.name)' has \(after[node.name] ?? 0) channels, \(expected) expected.")
            }
        }
    }
}
