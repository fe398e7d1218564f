extension Graph {
    /// Floating-point operations of one forward pass over `batch` items, counted the usual way:
    /// 2 × multiply-accumulates of convolutions and dense layers (batch norm, activations and
    /// pooling are memory-bound and not counted). A training step is conventionally 3 × this.
    public func forwardFLOPs(batch: Int, inputSizes: [String: Size2] = [:]) throws -> Double {
        let shapes = try shapes(inputSizes: inputSizes)
        var total = 0.0
        for node in nodes {
            let out = shapes[node.name]!
            let inputs = node.inputs.map { shapes[$0]! }
            switch node.op {
            case .conv2d(let a):
                let perOutput = Double(inputs[0][0] / a.groups * a.kernel.h * a.kernel.w)
                total += 2 * perOutput * Double(out.reduce(1, *))
            case .depthwiseConv2d(let a):
                total += 2 * Double(a.kernel.h * a.kernel.w) * Double(out.reduce(1, *))
            case .dense(let a):
                total += 2 * Double(inputs[0][0]) * Double(a.units)
            default:
                break
            }
        }
        return total * Double(batch)
    }
}
