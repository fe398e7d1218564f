import Foundation
import ZooCore

/// A learning rate as a function of the iteration, as TAO's Keras callbacks compute it
/// (per iteration, from `progress = step / totalSteps`).
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for iteration `step` (0-based) of `totalSteps`.
    func learningRate(step: Int, totalSteps: Int) -> Float
}

private func progress(_ step: Int, _ total: Int) -> Double {
    min(max(Double(step) / Double(max(total, 1)), 0), 1)
}

/// A fixed learning rate.
public struct ConstantSchedule: LearningRateSchedule {
    public var learningRate: Float
    public init(learningRate: Float) { self.learningRate = learningRate }
    public func learningRate(step: Int, totalSteps: Int) -> Float { learningRate }
}

/// TAO `soft_start_annealing_schedule` (DetectNet_v2, BPNet): a log-linear ramp from `minLR` to
/// `maxLR` until `softStart`, flat until `annealing`, then log-linear back down to `minLR`:
/// `lr = exp(ln(min) + t·(ln(max) − ln(min)))`.
public struct SoftStartAnnealingSchedule: LearningRateSchedule {
    public var maxLR: Float, minLR: Float, softStart: Double, annealing: Double

    public init(maxLR: Float, minLR: Float, softStart: Double, annealing: Double) throws {
        guard minLR > 0, maxLR > minLR else {
            throw ZooError.usage("Learning rates must satisfy 0 < min_learning_rate < max_learning_rate (got \(minLR), \(maxLR)).")
        }
        guard (0...1).contains(softStart), (0...1).contains(annealing), softStart < annealing else {
            throw ZooError.usage("soft_start (\(softStart)) and annealing (\(annealing)) must lie in [0, 1] with soft_start < annealing.")
        }
        self.maxLR = maxLR; self.minLR = minLR; self.softStart = softStart; self.annealing = annealing
    }

    public func learningRate(step: Int, totalSteps: Int) -> Float {
        let p = progress(step, totalSteps)
        var t = 1.0
        if p < softStart { t = softStart > 0 ? p / softStart : 1 }
        if p > annealing { t = annealing < 1 ? (1 - p) / (1 - annealing) : 1 }
        let lo = log(Double(minLR)), hi = log(Double(maxLR))
        return Float(exp(lo + t * (hi - lo)))
    }
}

/// TAO `soft_start_cosine_annealing_schedule` (YOLOv4, classification `cosine`): linear ramp
/// from `minLR` to `maxLR` until `softStart`, then `min + (max − min)·(1 + cos(π·(p − softStart)))/2`
/// (TAO does not renormalize by `1 − softStart`, so the end value stays above `minLR`).
public struct SoftStartCosineAnnealingSchedule: LearningRateSchedule {
    public var maxLR: Float, minLR: Float, softStart: Double

    public init(maxLR: Float, minLR: Float, softStart: Double) throws {
        guard minLR >= 0, maxLR > 0, maxLR >= minLR else {
            throw ZooError.usage("Learning rates must satisfy 0 ≤ min ≤ max (got \(minLR), \(maxLR)).")
        }
        guard (0...1).contains(softStart) else { throw ZooError.usage("soft_start must lie in [0, 1], got \(softStart).") }
        self.maxLR = maxLR; self.minLR = minLR; self.softStart = softStart
    }

    public func learningRate(step: Int, totalSteps: Int) -> Float {
        let p = progress(step, totalSteps)
        let ramp = softStart > 0 ? p / softStart : 1
        let lo = Double(minLR), hi = Double(maxLR)
        if ramp < 1 { return Float((hi - lo) * ramp + lo) }
        return Float(lo + (hi - lo) * (1 + cos(Double.pi * (p - softStart))) / 2)
    }
}

/// TAO classification `step` schedule: `lr = base · γ^(step / n)` with
/// `n = totalSteps · stepSize // 100` (a smooth exponential, as TAO computes it).
public struct StepSchedule: LearningRateSchedule {
    public var baseLR: Float, gamma: Float, stepSize: Double

    /// `stepSize` is a percentage of the total steps.
    public init(baseLR: Float, gamma: Float, stepSize: Double) throws {
        guard (0...100).contains(stepSize), stepSize > 0 else { throw ZooError.usage("step_size must lie in (0, 100], got \(stepSize).") }
        guard (0...1).contains(gamma) else { throw ZooError.usage("gamma must lie in [0, 1], got \(gamma).") }
        self.baseLR = baseLR; self.gamma = gamma; self.stepSize = stepSize
    }

    public func learningRate(step: Int, totalSteps: Int) -> Float {
        let n = max(floor(Double(totalSteps) * stepSize / 100), 1)
        return Float(Double(baseLR) * pow(Double(gamma), Double(step) / n))
    }
}

/// TAO classification `soft_anneal` schedule: linear from `startLR` (TAO hard-codes 3e-4) to
/// `baseLR` until `softStart`, then divided by `annealingDivider` at each annealing point passed.
public struct SoftAnnealSchedule: LearningRateSchedule {
    public var baseLR: Float, startLR: Float, softStart: Double, annealingPoints: [Double], annealingDivider: Float

    public init(baseLR: Float, startLR: Float = 3e-4, softStart: Double, annealingPoints: [Double], annealingDivider: Float) throws {
        guard (0...1).contains(softStart) else { throw ZooError.usage("soft_start must lie in [0, 1], got \(softStart).") }
        var previous = 0.0
        for p in annealingPoints {
            guard (0...1).contains(p), p >= previous, p > softStart else {
                throw ZooError.usage("annealing_points must increase within [0, 1] and come after soft_start (\(softStart)).")
            }
            previous = p
        }
        guard annealingDivider > 0 else { throw ZooError.usage("annealing_divider must be positive, got \(annealingDivider).") }
        self.baseLR = baseLR; self.startLR = startLR; self.softStart = softStart
        self.annealingPoints = annealingPoints; self.annealingDivider = annealingDivider
    }

    public func learningRate(step: Int, totalSteps: Int) -> Float {
        let p = progress(step, totalSteps)
        if p < softStart {
            let t = Float(p / softStart)
            return t * baseLR + (1 - t) * startLR
        }
        var lr = baseLR
        for point in annealingPoints where p > point { lr /= annealingDivider }
        return lr
    }
}

/// Exponential decay (BPNet): `lr = lr₀ · rate^(step / decaySteps)`, the exponent floored when
/// `staircase`, never below `minLR`.
public struct ExponentialDecaySchedule: LearningRateSchedule {
    public var initialLR: Float, decayRate: Float, decaySteps: Int, staircase: Bool, minLR: Float

    public init(initialLR: Float, decayRate: Float, decaySteps: Int, staircase: Bool = false, minLR: Float = 0) throws {
        guard decaySteps > 0 else { throw ZooError.usage("decay steps must be positive, got \(decaySteps).") }
        guard decayRate > 0 else { throw ZooError.usage("decay rate must be positive, got \(decayRate).") }
        self.initialLR = initialLR; self.decayRate = decayRate; self.decaySteps = decaySteps
        self.staircase = staircase; self.minLR = minLR
    }

    public func learningRate(step: Int, totalSteps: Int) -> Float {
        var exponent = Double(step) / Double(decaySteps)
        if staircase { exponent.round(.down) }
        return max(Float(Double(initialLR) * pow(Double(decayRate), exponent)), minLR)
    }
}
