import Foundation
import ZooCore

/// A model as a DAG of named nodes in topological order — the one representation training,
/// inference, pruning, serialization and ONNX export all read. Parameter values live in a
/// `Model`; the graph only says which parameters exist and what shape they have.
public struct Graph: Codable, Equatable, Sendable {
    /// Nodes, each after all of its inputs.
    public private(set) var nodes: [Node]
    /// Names of the nodes whose values the model returns.
    public private(set) var outputs: [String]
    private var indexByName: [String: Int]

    /// A validated graph: unique names, known inputs, no cycles, at least one input node, and
    /// shapes that fit. Nodes may come in any order; they are sorted topologically (stably).
    public init(nodes: [Node], outputs: [String]) throws {
        var index: [String: Int] = [:]
        for (i, node) in nodes.enumerated() {
            guard !node.name.isEmpty else { throw Graph.invalid("a node has an empty name") }
            guard index[node.name] == nil else { throw Graph.invalid("two nodes are named '\(node.name)'") }
            index[node.name] = i
        }
        for node in nodes {
            if case .input = node.op, !node.inputs.isEmpty {
                throw Graph.invalid("input node '\(node.name)' cannot have inputs")
            }
            for input in node.inputs where index[input] == nil {
                throw Graph.invalid("node '\(node.name)' reads '\(input)', which is not in the graph")
            }
        }
        guard nodes.contains(where: { if case .input = $0.op { true } else { false } }) else {
            throw Graph.invalid("the graph has no input node")
        }
        guard !outputs.isEmpty else { throw Graph.invalid("the graph has no outputs") }
        for output in outputs where index[output] == nil {
            throw Graph.invalid("output '\(output)' is not a node of the graph")
        }
        // Kahn's algorithm, always taking the earliest ready node to keep the given order.
        var pending = nodes.map { Set($0.inputs).count }
        var consumers = [[Int]](repeating: [], count: nodes.count)
        for (i, node) in nodes.enumerated() { for input in Set(node.inputs) { consumers[index[input]!].append(i) } }
        var ready = Set(pending.indices.filter { pending[$0] == 0 })
        var sorted: [Node] = []
        sorted.reserveCapacity(nodes.count)
        while let next = ready.min() {
            ready.remove(next)
            sorted.append(nodes[next])
            for c in consumers[next] {
                pending[c] -= 1
                if pending[c] == 0 { ready.insert(c) }
            }
        }
        guard sorted.count == nodes.count else {
            let stuck = nodes.indices.filter { pending[$0] > 0 }.map { nodes[$0].name }
            throw Graph.invalid("the graph has a cycle through \(stuck.prefix(3).joined(separator: ", "))")
        }
        self.nodes = sorted
        self.outputs = outputs
        indexByName = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1.name, $0) })
        _ = try shapes()
    }

    private static func invalid(_ why: String) -> ZooError {
        ZooError("Invalid graph: \(why).", hint: "the graph file is damaged or was built incorrectly")
    }

    /// Names of the input nodes, in graph order.
    public var inputs: [String] {
        nodes.compactMap { if case .input = $0.op { $0.name } else { nil } }
    }

    /// The node called `name`.
    public func node(_ name: String) -> Node? { indexByName[name].map { nodes[$0] } }

    /// Position of `name` in topological order.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// Names of the nodes that read `name`'s output, in graph order.
    public func consumers(of name: String) -> [String] {
        nodes.filter { $0.inputs.contains(name) }.map(\.name)
    }

    /// Per-item output shapes of every node (`-1` where the input size is not fixed), for the
    /// input sizes the input nodes declare or, when given, `inputSizes` (height, width per input).
    public func shapes(inputSizes: [String: Size2] = [:]) throws -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for node in nodes {
            var op = node.op
            if case .input(var a) = op, let size = inputSizes[node.name] {
                a.height = size.h
                a.width = size.w
                op = .input(a)
            }
            shapes[node.name] = try op.outputShape(node: node.name, inputs: node.inputs.map { shapes[$0]! })
        }
        return shapes
    }

    /// Output channels of every node (the first dimension of its per-item shape).
    public func channels() throws -> [String: Int] {
        try shapes().mapValues { $0.first ?? 1 }
    }

    /// Every parameter of the graph, node by node in graph order.
    public func parameterSpecs() throws -> [ParameterSpec] {
        let shapes = try shapes()
        return nodes.flatMap { $0.op.parameterSpecs(node: $0.name, inputs: $0.inputs.map { shapes[$0]! }) }
    }

    /// Number of scalar parameters (moving statistics included, as Keras counts them).
    public func parameterCount() throws -> Int {
        try parameterSpecs().reduce(0) { $0 + $1.shape.reduce(1, *) }
    }

    /// A copy with node `name` changed by `body` (e.g. a pruning pass setting fewer filters),
    /// revalidated.
    public func updatingNode(_ name: String, _ body: (inout Node) throws -> Void) throws -> Graph {
        guard let i = indexByName[name] else { throw Graph.invalid("no node named '\(name)'") }
        var nodes = self.nodes
        try body(&nodes[i])
        return try Graph(nodes: nodes, outputs: outputs)
    }

    /// A copy with `transform` applied to every node, revalidated.
    public func mapNodes(_ transform: (Node) throws -> Node) throws -> Graph {
        try Graph(nodes: nodes.map(transform), outputs: outputs)
    }

    /// A copy whose outputs are `outputs`.
    public func withOutputs(_ outputs: [String]) throws -> Graph {
        try Graph(nodes: nodes, outputs: outputs)
    }

    // MARK: JSON

    private enum Keys: String, CodingKey { case format, nodes, outputs }
    /// The JSON format tag written with every graph.
    public static let formatTag = "zoo-graph/1"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        try self.init(nodes: c.decode([Node].self, forKey: .nodes), outputs: c.decode([String].self, forKey: .outputs))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Graph.formatTag, forKey: .format)
        try c.encode(nodes, forKey: .nodes)
        try c.encode(outputs, forKey: .outputs)
    }

    /// The graph as pretty, key-sorted JSON.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a graph from JSON, with a `ZooError` for anything malformed.
    public init(jsonData data: Data) throws {
        do {
            self = try JSONDecoder().decode(Graph.self, from: data)
        } catch let error as ZooError {
            throw error
        } catch {
            throw ZooError("Cannot read the graph: \(Graph.describe(error)).",
                           hint: "the graph JSON is damaged or was written by an incompatible version")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c), DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? c.debugDescription : "\(path): \(c.debugDescription)"
        case DecodingError.keyNotFound(let key, let c):
            let path = (c.codingPath + [key]).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return "missing \(path)"
        default:
            return String(describing: error)
        }
    }

    public static func == (a: Graph, b: Graph) -> Bool { a.nodes == b.nodes && a.outputs == b.outputs }
}
