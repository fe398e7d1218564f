import Foundation
import ZooCore

/// Parameters that share a learning-rate multiplier (e.g. BPNet's per-stage multipliers),
/// usually selected by node path with `Model.parameterGroup(matching:)`.
public struct ParameterGroup {
    public var parameters: [Parameter]
    /// Factor applied to the schedule's learning rate for these parameters.
    public var learningRateMultiplier: Float

    public init(_ parameters: [Parameter], learningRateMultiplier: Float = 1) {
        self.parameters = parameters
        self.learningRateMultiplier = learningRateMultiplier
    }
}

/// Updates parameters from their gradients. State (momentum, moments) is kept per parameter
/// name and can be saved with a checkpoint and restored to resume training.
public protocol Optimizer {
    /// Applies one update (one iteration) to each trainable parameter of `groups`, with the
    /// learning rate `learningRate × group multiplier`.
    mutating func step(_ groups: [ParameterGroup], learningRate: Float)
    /// The optimizer's state as named tensors (`<parameter>/<slot>`, plus `step` where used).
    func state() -> [String: Tensor]
    /// Restores state saved by `state()`.
    mutating func load(state: [String: Tensor]) throws
}

extension Optimizer {
    /// Applies one update to `parameters` with one learning rate.
    public mutating func step(_ parameters: [Parameter], learningRate: Float) {
        step([ParameterGroup(parameters)], learningRate: learningRate)
    }
}

extension [ParameterGroup] {
    /// Each trainable parameter with its effective learning rate.
    func trainable(_ learningRate: Float) -> [(Parameter, Float)] {
        flatMap { group in group.parameters.filter(\.isTrainable).map { ($0, learningRate * group.learningRateMultiplier) } }
    }
}

/// Per-parameter slot tensors keyed `<parameter>/<slot>`.
struct OptimizerSlots {
    var tensors: [String: Tensor] = [:]

    mutating func pointer(_ parameter: Parameter, _ slot: String) -> UnsafeMutablePointer<Float> {
        let key = "\(parameter.name)/\(slot)"
        if tensors[key] == nil { tensors[key] = Tensor(shape: parameter.spec.shape, repeating: 0) }
        return tensors[key]!.mutablePointer()
    }
}

/// Stochastic gradient descent with optional momentum and Nesterov momentum (Keras form:
/// `v = μ·v − lr·g`, then `w += v`, or `w += μ·v − lr·g` with Nesterov).
public struct SGD: Optimizer {
    public var momentum: Float
    public var nesterov: Bool
    private var slots = OptimizerSlots()

    public init(momentum: Float = 0, nesterov: Bool = false) throws {
        guard momentum >= 0 else { throw ZooError.usage("SGD momentum must be ≥ 0, got \(momentum).") }
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public mutating func step(_ groups: [ParameterGroup], learningRate: Float) {
        for (p, lr) in groups.trainable(learningRate) {
            let g = p.gradient.pointer
            let w = p.value.mutablePointer()
            let mu = momentum
            if mu == 0 {
                Parallel.forEach(p.value.count, grain: 65_536) { r in for i in r { w[i] -= lr * g[i] } }
            } else {
                let v = slots.pointer(p, "momentum")
                let nesterov = self.nesterov
                Parallel.forEach(p.value.count, grain: 65_536) { r in
                    for i in r {
                        let vi = mu * v[i] - lr * g[i]
                        v[i] = vi
                        w[i] += nesterov ? mu * vi - lr * g[i] : vi
                    }
                }
            }
            p.touch()
        }
    }

    public func state() -> [String: Tensor] { slots.tensors }
    public mutating func load(state: [String: Tensor]) throws { slots.tensors = state }
}

/// Adam, optionally AMSGrad, in Keras' form: `lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`,
/// `w −= lr_t · m / (√v + ε)` (ε outside the square root, not bias-corrected).
public struct Adam: Optimizer {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var amsgrad: Bool
    /// Number of updates applied so far.
    public private(set) var iterations = 0
    private var slots = OptimizerSlots()

    public init(beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false) throws {
        guard beta1 > 0, beta1 < 1, beta2 > 0, beta2 < 1 else {
            throw ZooError.usage("Adam betas must lie in (0, 1), got \(beta1) and \(beta2).")
        }
        guard epsilon > 0 else { throw ZooError.usage("Adam epsilon must be positive, got \(epsilon).") }
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.amsgrad = amsgrad
    }

    public mutating func step(_ groups: [ParameterGroup], learningRate: Float) {
        iterations += 1
        let t = Double(iterations)
        let correction = Float((1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t)))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for (p, lr) in groups.trainable(learningRate) {
            let lrT = lr * correction
            let g = p.gradient.pointer
            let w = p.value.mutablePointer()
            let m = slots.pointer(p, "m"), v = slots.pointer(p, "v")
            let vMax = amsgrad ? slots.pointer(p, "v_max") : nil
            Parallel.forEach(p.value.count, grain: 65_536) { r in
                for i in r {
                    let gi = g[i]
                    let mi = b1 * m[i] + (1 - b1) * gi
                    let vi = b2 * v[i] + (1 - b2) * gi * gi
                    m[i] = mi
                    v[i] = vi
                    var denominator = vi
                    if let vMax {
                        denominator = Swift.max(vMax[i], vi)
                        vMax[i] = denominator
                    }
                    w[i] -= lrT * mi / (denominator.squareRoot() + eps)
                }
            }
            p.touch()
        }
    }

    public func state() -> [String: Tensor] {
        var s = slots.tensors
        s["iterations"] = Tensor(scalar: Float(iterations))
        return s
    }

    public mutating func load(state: [String: Tensor]) throws {
        guard let it = state["iterations"], it.count == 1 else {
            throw ZooError("The Adam state has no iteration count.", hint: "the checkpoint's optimizer state is damaged")
        }
        iterations = Int(it.scalars[0])
        var tensors = state
        tensors["iterations"] = nil
        slots.tensors = tensors
    }
}

/// RMSprop: `a = ρ·a + (1 − ρ)·g²`, update `lr·g / (√a + ε)` (centered: `√(a − ḡ²)`), with
/// optional momentum on the update.
public struct RMSprop: Optimizer {
    public var rho: Float
    public var momentum: Float
    public var epsilon: Float
    public var centered: Bool
    private var slots = OptimizerSlots()

    public init(rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7, centered: Bool = false) throws {
        guard rho > 0, rho < 1 else { throw ZooError.usage("RMSprop rho must lie in (0, 1), got \(rho).") }
        guard momentum >= 0 else { throw ZooError.usage("RMSprop momentum must be ≥ 0, got \(momentum).") }
        guard epsilon > 0 else { throw ZooError.usage("RMSprop epsilon must be positive, got \(epsilon).") }
        self.rho = rho; self.momentum = momentum; self.epsilon = epsilon; self.centered = centered
    }

    public mutating func step(_ groups: [ParameterGroup], learningRate: Float) {
        let (rho, mu, eps) = (rho, momentum, epsilon)
        for (p, lr) in groups.trainable(learningRate) {
            let g = p.gradient.pointer
            let w = p.value.mutablePointer()
            let a = slots.pointer(p, "rms")
            let mg = centered ? slots.pointer(p, "mean_grad") : nil
            let mom = mu > 0 ? slots.pointer(p, "momentum") : nil
            Parallel.forEach(p.value.count, grain: 65_536) { r in
                for i in r {
                    let gi = g[i]
                    let ai = rho * a[i] + (1 - rho) * gi * gi
                    a[i] = ai
                    var denominator = ai
                    if let mg {
                        let m = rho * mg[i] + (1 - rho) * gi
                        mg[i] = m
                        denominator = Swift.max(ai - m * m, 0)
                    }
                    let update = lr * gi / (denominator.squareRoot() + eps)
                    if let mom {
                        mom[i] = mu * mom[i] + update
                        w[i] -= mom[i]
                    } else {
                        w[i] -= update
                    }
                }
            }
            p.touch()
        }
    }

    public func state() -> [String: Tensor] { slots.tensors }
    public mutating func load(state: [String: Tensor]) throws { slots.tensors = state }
}
