import Engine
import Foundation
import Testing

/// Checks a graph's analytic gradients (w.r.t. its inputs and every trainable parameter)
/// against central finite differences of `L = Σ output · r` for a fixed random `r`.
struct GradientCheck {
    var epsilon: Float = 1e-2
    /// Largest accepted `|analytic − numeric| / max(|analytic|, |numeric|, floor)`.
    var tolerance: Float = 3e-2
    var floor: Float = 5e-2
    /// Elements checked per tensor (spread over the tensor).
    var samples = 24

    /// Checks the single-output `graph` on `inputs`.
    func check(_ graph: Graph, inputs: [String: Tensor], seed: UInt64 = 7,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let model = try Model(graph: graph, seed: seed)
        try check(model, inputs: inputs, seed: seed, sourceLocation: sourceLocation)
    }

    /// Checks `model` (its current parameter values) on `inputs`.
    func check(_ model: Model, inputs: [String: Tensor], seed: UInt64 = 7,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        model.computesInputGradients = true
        let output = model.graph.outputs[0]
        var generator = SeededGenerator(seed: seed &+ 99)
        let y = try model.forward(inputs, mode: .training)[output]!
        let r = Tensor.normal(y.shape, generator: &generator)
        model.zeroGradients()
        let inputGradients = try model.backward([output: r])

        func loss(_ inputs: [String: Tensor]) throws -> Double {
            let y = try model.forward(inputs, mode: .training)[output]!
            var total = 0.0
            let a = y.scalars, b = r.scalars
            for i in a.indices { total += Double(a[i]) * Double(b[i]) }
            return total
        }
        func indices(_ count: Int) -> [Int] {
            count <= samples ? Array(0..<count) : (0..<samples).map { $0 * count / samples + ($0 * 7919) % max(count / samples, 1) }
        }
        func compare(_ analytic: Float, _ numeric: Float, _ what: String) {
            let scale = Swift.max(abs(analytic), abs(numeric), floor)
            let error = abs(analytic - numeric) / scale
            #expect(error <= tolerance, "\(what): analytic \(analytic) vs numeric \(numeric)", sourceLocation: sourceLocation)
        }

        for (name, x) in inputs {
            let analytic = inputGradients[name]!
            for i in indices(x.count) {
                var plus = x, minus = x
                plus.withUnsafeMutableBufferPointer { $0[i] += epsilon }
                minus.withUnsafeMutableBufferPointer { $0[i] -= epsilon }
                var pi = inputs, mi = inputs
                pi[name] = plus
                mi[name] = minus
                let numeric = Float((try loss(pi) - loss(mi)) / Double(2 * epsilon))
                compare(analytic.scalars[i], numeric, "d\(name)[\(i)]")
            }
        }
        for p in model.trainableParameters {
            let analytic = p.gradient.scalars
            let original = p.value
            for i in indices(original.count) {
                var plus = original, minus = original
                plus.withUnsafeMutableBufferPointer { $0[i] += epsilon }
                minus.withUnsafeMutableBufferPointer { $0[i] -= epsilon }
                p.value = plus
                let lp = try loss(inputs)
                p.value = minus
                let lm = try loss(inputs)
                p.value = original
                compare(analytic[i], Float((lp - lm) / Double(2 * epsilon)), "d\(p.name)[\(i)]")
            }
        }
    }
}

/// A one-op graph reading `inputShapes.count` inputs `x0`, `x1`, … (per-item shapes), output `y`.
func singleOpGraph(_ op: Op, inputs inputShapes: [[Int]]) throws -> Graph {
    var b = GraphBuilder()
    let names = inputShapes.enumerated().map { i, s in b.input("x\(i)", channels: s[0], height: s[1], width: s[2]) }
    b.add(op, inputs: names, name: "y")
    return try b.build(outputs: ["y"])
}

/// Random `[N, C, H, W]` inputs for `singleOpGraph`.
func randomInputs(batch: Int, _ shapes: [[Int]], seed: UInt64 = 3, scale: Float = 1) -> [String: Tensor] {
    var g = SeededGenerator(seed: seed)
    var result: [String: Tensor] = [:]
    for (i, s) in shapes.enumerated() { result["x\(i)"] = Tensor.normal([batch] + s, stddev: scale, generator: &g) }
    return result
}

/// Values that are all at least `gap` apart (in random order), so max-pool and ReLU kinks stay
/// out of reach of finite differences.
func spreadInput(_ shape: [Int], gap: Float = 0.05, seed: UInt64 = 5) -> Tensor {
    let n = shape.reduce(1, *)
    var g = SeededGenerator(seed: seed)
    var order = Array(0..<n)
    order.shuffle(using: &g)
    return Tensor(order.map { (Float($0) - Float(n) / 2) * gap + gap / 2 }, shape: shape)
}
