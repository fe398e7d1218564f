import Foundation

/// Batch normalization over axis 1 of `[N, C, …]`: batch statistics and moving-average updates
/// in training, moving statistics at inference (or always, when the statistics are frozen).
final class BatchNormLayer: Layer {
    let attributes: BatchNorm
    let gamma: Parameter, beta: Parameter
    let movingMean: Parameter, movingVariance: Parameter
    /// Set when inference folds this node into the preceding convolution: forward passes through.
    var foldedIntoProducer = false
    /// Use the moving statistics during training too (starts as the node's attribute).
    var frozenStatistics: Bool
    private var mean: [Float] = []
    private var inverseStd: [Float] = []
    private var usedBatchStatistics = false
    private var inputShape: [Int] = []

    init(_ attributes: BatchNorm, gamma: Parameter, beta: Parameter, movingMean: Parameter, movingVariance: Parameter) {
        self.attributes = attributes
        self.gamma = gamma; self.beta = beta
        self.movingMean = movingMean; self.movingVariance = movingVariance
        frozenStatistics = attributes.frozenStatistics
    }

    var needsInputs: Bool { true }
    var needsOutput: Bool { false }

    private static func layout(_ shape: [Int]) -> (outer: Int, channels: Int, inner: Int) {
        (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
    }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        if foldedIntoProducer && !context.training { return inputs[0] }
        inputShape = inputs[0].shape
        let (outer, channels, inner) = BatchNormLayer.layout(inputShape)
        let useBatch = context.training && !frozenStatistics
        usedBatchStatistics = useBatch
        mean = [Float](repeating: 0, count: channels)
        inverseStd = [Float](repeating: 0, count: channels)
        let eps = attributes.epsilon
        let x = inputs[0].pointer
        if useBatch {
            let m = outer &* inner
            let momentum = attributes.momentum
            let mm = movingMean.value.mutablePointer(), mv = movingVariance.value.mutablePointer()
            mean.withUnsafeMutableBufferPointer { meanp in
                inverseStd.withUnsafeMutableBufferPointer { isp in
                    Parallel.forEach(channels, grain: max(1, 65_536 / max(m, 1))) { cs in
                        for c in cs {
                            var sum = 0.0
                            for o in 0..<outer {
                                let row = x + (o &* channels &+ c) &* inner
                                var s: Float = 0
                                for i in 0..<inner { s += row[i] }
                                sum += Double(s)
                            }
                            let mu = Float(sum / Double(m))
                            var sq = 0.0
                            for o in 0..<outer {
                                let row = x + (o &* channels &+ c) &* inner
                                var s: Float = 0
                                for i in 0..<inner { let d = row[i] - mu; s += d * d }
                                sq += Double(s)
                            }
                            let variance = Float(sq / Double(m))
                            meanp[c] = mu
                            isp[c] = 1 / (variance + eps).squareRoot()
                            let unbiased = m > 1 ? Float(sq / Double(m - 1)) : variance
                            mm[c] = momentum * mm[c] + (1 - momentum) * mu
                            mv[c] = momentum * mv[c] + (1 - momentum) * unbiased
                        }
                    }
                }
            }
            movingMean.touch()
            movingVariance.touch()
        } else {
            let mm = movingMean.value.pointer, mv = movingVariance.value.pointer
            for c in 0..<channels {
                mean[c] = mm[c]
                inverseStd[c] = 1 / (mv[c] + eps).squareRoot()
            }
        }
        var y = inPlaceOutput(&inputs, context)
        let yp = y.mutablePointer()
        let g = gamma.value.pointer, b = beta.value.pointer
        mean.withUnsafeBufferPointer { meanp in
            inverseStd.withUnsafeBufferPointer { isp in
                Parallel.forEach(outer &* channels, grain: max(1, 65_536 / max(inner, 1))) { planes in
                    for plane in planes {
                        let c = plane % channels
                        let scale = g[c] * isp[c]
                        let shift = b[c] - meanp[c] * scale
                        let src = x + plane &* inner, dst = yp + plane &* inner
                        for i in 0..<inner { dst[i] = src[i] * scale + shift }
                    }
                }
            }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        let (outer, channels, inner) = BatchNormLayer.layout(inputShape)
        let m = outer &* inner
        let x = inputs[0].pointer
        let dy = gradient.pointer
        let needDX = needsInputGradient.first ?? false
        // dx is written over dy (each element is read before it is overwritten).
        let dxp = needDX ? gradient.mutablePointer() : nil
        let trainGamma = gamma.isTrainable, trainBeta = beta.isTrainable
        let dg = trainGamma ? gamma.gradient.mutablePointer() : nil
        let db = trainBeta ? beta.gradient.mutablePointer() : nil
        let g = gamma.value.pointer
        let batch = usedBatchStatistics
        mean.withUnsafeBufferPointer { meanp in
            inverseStd.withUnsafeBufferPointer { isp in
                Parallel.forEach(channels, grain: max(1, 32_768 / max(m, 1))) { cs in
                    for c in cs {
                        let mu = meanp[c], istd = isp[c]
                        var sumDy = 0.0, sumDyXmu = 0.0
                        for o in 0..<outer {
                            let off = (o &* channels &+ c) &* inner
                            let xr = x + off, dr = dy + off
                            var s1: Float = 0, s2: Float = 0
                            for i in 0..<inner {
                                let d = dr[i]
                                s1 += d
                                s2 += d * (xr[i] - mu)
                            }
                            sumDy += Double(s1)
                            sumDyXmu += Double(s2)
                        }
                        let dGamma = Float(sumDyXmu) * istd
                        if let dg { dg[c] += dGamma }
                        if let db { db[c] += Float(sumDy) }
                        guard let dxp else { continue }
                        let scale = g[c] * istd
                        if batch {
                            let meanDy = Float(sumDy / Double(m))
                            let k = Float(sumDyXmu / Double(m)) * istd * istd
                            for o in 0..<outer {
                                let off = (o &* channels &+ c) &* inner
                                let xr = x + off, dr = dxp + off
                                for i in 0..<inner { dr[i] = scale * (dr[i] - meanDy - (xr[i] - mu) * k) }
                            }
                        } else {
                            for o in 0..<outer {
                                let dr = dxp + (o &* channels &+ c) &* inner
                                for i in 0..<inner { dr[i] *= scale }
                            }
                        }
                    }
                }
            }
        }
        return [needDX ? gradient : nil]
    }

    /// Per-channel scale and shift `γ/√(σ²+ε)`, `β − μ·scale` from the moving statistics.
    func inferenceScaleShift() -> (scale: [Float], shift: [Float]) {
        let c = gamma.value.count
        let g = gamma.value.pointer, b = beta.value.pointer
        let mm = movingMean.value.pointer, mv = movingVariance.value.pointer
        var scale = [Float](repeating: 0, count: c), shift = [Float](repeating: 0, count: c)
        for i in 0..<c {
            scale[i] = g[i] / (mv[i] + attributes.epsilon).squareRoot()
            shift[i] = b[i] - mm[i] * scale[i]
        }
        return (scale, shift)
    }
}

/// The output buffer for an element-wise op: `inputs[0]` itself when nothing else references
/// it (the op then runs in place), a new pooled tensor otherwise.
func inPlaceOutput(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
    if inputs[0].isUniquelyOwned() {
        let y = inputs[0]
        inputs[0] = Tensor.placeholder
        return y
    }
    return context.allocate(inputs[0].shape)
}

extension Tensor {
    /// An empty tensor standing in for a value the executor no longer holds.
    static let placeholder = Tensor(shape: [0])
}
