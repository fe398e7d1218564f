import ZooCore

/// An L1 or L2 weight penalty on the parameters of chosen op types (TAO's `regularizer
/// {type, weight}` plus classification's `scope: "Conv2D,Dense"`), as Keras adds it to the loss:
/// L1 `w·Σ|θ|` (gradient `w·sign θ`), L2 `w·Σθ²` (gradient `2w·θ`).
public struct Regularizer: Sendable {
    /// The penalty's form.
    public enum Kind: String, Sendable { case l1, l2 }
    public var kind: Kind
    public var weight: Float
    /// Keras type names of the nodes it applies to (`Conv2D`, `Dense`, `DepthwiseConv2D`…),
    /// compared case-insensitively; nil means every node with a selected parameter.
    public var scope: Set<String>?
    /// Which parameters of those nodes (default: kernels only).
    public var roles: Set<ParameterRole>

    public init(_ kind: Kind, weight: Float, scope: Set<String>? = nil, roles: Set<ParameterRole> = [.kernel]) throws {
        guard weight >= 0, weight < 1 else { throw ZooError.usage("Regularization weight must lie in [0, 1), got \(weight).") }
        self.kind = kind
        self.weight = weight
        self.scope = scope.map { Set($0.map { $0.lowercased() }) }
        self.roles = roles
    }

    /// Adds the penalty's gradient to the selected trainable parameters of `model` and returns
    /// the penalty (to add to the reported loss).
    @discardableResult
    public func apply(to model: Model) -> Float {
        var total = 0.0
        let w = weight
        for p in model.trainableParameters where roles.contains(p.spec.role) {
            if let scope, let node = model.graph.node(p.spec.node), !scope.contains(node.op.typeName.lowercased()) { continue }
            let x = p.value.pointer
            let g = p.gradient.mutablePointer()
            var sum: Float = 0
            switch kind {
            case .l1:
                for i in 0..<p.value.count {
                    let v = x[i]
                    sum += abs(v)
                    g[i] += v > 0 ? w : (v < 0 ? -w : 0)
                }
            case .l2:
                for i in 0..<p.value.count {
                    let v = x[i]
                    sum += v * v
                    g[i] += 2 * w * v
                }
            }
            total += Double(sum)
        }
        return Float(Double(w) * total)
    }
}

/// Gradient clipping over a set of parameters.
public enum GradientClipping {
    /// Scales all gradients so their joint L2 norm is at most `maxNorm`; returns the norm before clipping.
    @discardableResult
    public static func clipByGlobalNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
        let trainable = parameters.filter(\.isTrainable)
        let norm = Float(trainable.reduce(0.0) { $0 + $1.gradient.squaredNorm() }.squareRoot())
        if norm > maxNorm && norm > 0 {
            for p in trainable { p.gradient.scale(by: maxNorm / norm) }
        }
        return norm
    }

    /// Clamps every gradient element to `[-limit, limit]`.
    public static func clipByValue(_ parameters: [Parameter], limit: Float) {
        for p in parameters where p.isTrainable {
            let g = p.gradient.mutablePointer()
            for i in 0..<p.gradient.count { g[i] = min(max(g[i], -limit), limit) }
        }
    }
}
