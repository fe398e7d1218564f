import Foundation
import ZooCore

/// What loading weights by name matched and what it did not.
public struct WeightsLoadReport: Sendable, Equatable {
    /// A tensor whose shape differs from the model's parameter of the same name.
    public struct Mismatch: Sendable, Equatable {
        public var name: String
        public var expected: [Int]
        public var found: [Int]

        public init(name: String, expected: [Int], found: [Int]) {
            self.name = name; self.expected = expected; self.found = found
        }
    }
    /// Parameters that received values.
    public var loaded: [String] = []
    /// Parameters with no tensor of their name (they keep their current values).
    public var missing: [String] = []
    /// Tensors with no parameter of their name (ignored).
    public var unexpected: [String] = []
    /// Tensors whose shape does not fit (ignored).
    public var mismatched: [Mismatch] = []

    /// Whether every parameter was loaded and every tensor used.
    public var isExact: Bool { missing.isEmpty && unexpected.isEmpty && mismatched.isEmpty }

    /// One line per problem, for logs and error messages.
    public var summary: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.count): \(Self.list(missing))") }
        if !unexpected.isEmpty { parts.append("unexpected \(unexpected.count): \(Self.list(unexpected))") }
        if !mismatched.isEmpty {
            parts.append("mis-shaped \(mismatched.count): "
                + Self.list(mismatched.map { "\($0.name) \($0.found) (model \($0.expected))" }))
        }
        return parts.isEmpty ? "all \(loaded.count) tensors loaded" : parts.joined(separator: "; ")
    }

    private static func list(_ names: [String]) -> String {
        names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
    }
}

extension Model {
    /// Every parameter value by name (moving statistics included).
    public func weights() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value) })
    }

    /// Copies tensors into the parameters of the same name and shape. `strict` (the default)
    /// throws when anything is missing, unexpected or mis-shaped, before changing anything;
    /// otherwise loads what fits (e.g. a pretrained backbone under new heads) and reports the rest.
    @discardableResult
    public func load(weights tensors: [String: Tensor], strict: Bool = true) throws -> WeightsLoadReport {
        var report = WeightsLoadReport()
        var updates: [(Parameter, Tensor)] = []
        for p in parameters {
            guard let t = tensors[p.name] else { report.missing.append(p.name); continue }
            guard t.shape == p.spec.shape else {
                report.mismatched.append(.init(name: p.name, expected: p.spec.shape, found: t.shape))
                continue
            }
            updates.append((p, t))
        }
        report.unexpected = tensors.keys.filter { parameter($0) == nil }.sorted()
        if strict && !report.isExact {
            throw ZooError("The weights do not fit the model: \(report.summary).",
                           hint: "load weights saved from the same graph, or load non-strictly to take what fits",
                           exitCode: ZooError.Code.integrity)
        }
        for (p, t) in updates {
            p.value = t
            report.loaded.append(p.name)
        }
        return report
    }

    /// The weights as a safetensors buffer, with the graph's JSON in the metadata under `graph`
    /// so the file alone can rebuild the model.
    public func weightsData() throws -> Data {
        let graphJSON = String(decoding: try graph.jsonData(), as: UTF8.self)
        return try SafeTensors.encode(weights(), metadata: ["format": Graph.formatTag, "graph": graphJSON])
    }

    /// A model rebuilt from `weightsData()` output: its graph (channel counts included, so a
    /// pruned model comes back pruned) and its weights, loaded strictly.
    public convenience init(weightsData data: Data, pool: BufferPool = BufferPool()) throws {
        let (tensors, metadata) = try SafeTensors.decode(data)
        guard let json = metadata["graph"] else {
            throw ZooError("The weights file carries no graph.", hint: "pass the graph separately with Model(graph:) and load(weights:)")
        }
        try self.init(graph: Graph(jsonData: Data(json.utf8)), pool: pool)
        try load(weights: tensors)
    }

    /// Writes `graph.json` and `weights.safetensors` into `directory` (each atomically).
    public func save(to directory: URL) throws {
        try AtomicFile.write(graph.jsonData(), to: directory.appendingPathComponent("graph.json"))
        try AtomicFile.write(weightsData(), to: directory.appendingPathComponent("weights.safetensors"))
    }

    /// Reads a model saved with `save(to:)`.
    public static func load(from directory: URL, pool: BufferPool = BufferPool()) throws -> Model {
        let url = directory.appendingPathComponent("weights.safetensors")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ZooError.notFound("No weights at \(url.path).", hint: "point to a folder written by Model.save(to:)")
        }
        return try Model(weightsData: data, pool: pool)
    }
}
