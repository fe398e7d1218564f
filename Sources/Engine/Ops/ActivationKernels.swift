import Foundation

/// Forward and backward of the activation functions on raw buffers laid out `[outer, channels,
/// inner]` (channels matter only for softmax, which normalizes over them).
extension Activation {
    /// Whether `f'` can be computed from the output alone (so backward needs only `y`).
    var derivativeFromOutput: Bool {
        switch self {
        case .swish, .mish: false
        case .leakyRelu(let alpha): alpha >= 0
        default: true
        }
    }

    /// `y = f(x)`; `x` and `y` may be the same buffer.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, channels: Int, inner: Int) {
        if case .softmax = self {
            Activation.softmax(x, y, outer: count / max(channels &* inner, 1), channels: channels, inner: inner)
            return
        }
        Parallel.forEach(count, grain: 65_536) { r in
            switch self {
            case .relu:
                for i in r { let v = x[i]; y[i] = v > 0 ? v : 0 }
            case .relu6:
                for i in r { y[i] = Swift.min(Swift.max(x[i], 0), 6) }
            case .leakyRelu(let alpha):
                for i in r { let v = x[i]; y[i] = v > 0 ? v : alpha * v }
            case .sigmoid:
                for i in r { y[i] = Activation.sigmoid(x[i]) }
            case .tanh:
                for i in r { y[i] = Foundation.tanh(x[i]) }
            case .swish:
                for i in r { let v = x[i]; y[i] = v * Activation.sigmoid(v) }
            case .mish:
                for i in r { let v = x[i]; y[i] = v * Foundation.tanh(Activation.softplus(v)) }
            case .softmax:
                break
            }
        }
    }

    /// `dx = dy · f'(x)`, written over `dy`. `y` is the output, `x` the input (needed only when
    /// `derivativeFromOutput` is false).
    func backward(_ dy: UnsafeMutablePointer<Float>, y: UnsafePointer<Float>, x: UnsafePointer<Float>?,
                  count: Int, channels: Int, inner: Int) {
        if case .softmax = self {
            Activation.softmaxBackward(dy, y: y, outer: count / max(channels &* inner, 1), channels: channels, inner: inner)
            return
        }
        Parallel.forEach(count, grain: 65_536) { r in
            switch self {
            case .relu:
                for i in r { dy[i] = y[i] > 0 ? dy[i] : 0 }
            case .relu6:
                for i in r { let v = y[i]; dy[i] = (v > 0 && v < 6) ? dy[i] : 0 }
            case .leakyRelu(let alpha):
                if let x {
                    for i in r { dy[i] = x[i] > 0 ? dy[i] : alpha * dy[i] }
                } else {
                    for i in r { dy[i] = y[i] > 0 ? dy[i] : alpha * dy[i] }
                }
            case .sigmoid:
                for i in r { let v = y[i]; dy[i] *= v * (1 - v) }
            case .tanh:
                for i in r { let v = y[i]; dy[i] *= 1 - v * v }
            case .swish:
                let x = x!
                for i in r {
                    let v = x[i], s = Activation.sigmoid(v)
                    dy[i] *= s * (1 + v * (1 - s))
                }
            case .mish:
                let x = x!
                for i in r {
                    let v = x[i]
                    let t = Foundation.tanh(Activation.softplus(v))
                    dy[i] *= t + v * (1 - t * t) * Activation.sigmoid(v)
                }
            case .softmax:
                break
            }
        }
    }

    @inline(__always)
    static func sigmoid(_ v: Float) -> Float {
        v >= 0 ? 1 / (1 + Foundation.exp(-v)) : { let e = Foundation.exp(v); return e / (1 + e) }()
    }

    @inline(__always)
    static func softplus(_ v: Float) -> Float {
        v > 20 ? v : Foundation.log1p(Foundation.exp(v))
    }

    private static func softmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, outer: Int, channels: Int, inner: Int) {
        Parallel.forEach(outer &* inner, grain: 4096 / max(channels, 1) + 1) { r in
            for position in r {
                let o = position / inner, s = position % inner
                let base = o &* channels &* inner &+ s
                var m = -Float.infinity
                for c in 0..<channels { m = Swift.max(m, x[base &+ c &* inner]) }
                var total: Float = 0
                for c in 0..<channels {
                    let e = Foundation.exp(x[base &+ c &* inner] - m)
                    y[base &+ c &* inner] = e
                    total += e
                }
                let inv = 1 / total
                for c in 0..<channels { y[base &+ c &* inner] *= inv }
            }
        }
    }

    private static func softmaxBackward(_ dy: UnsafeMutablePointer<Float>, y: UnsafePointer<Float>, outer: Int, channels: Int, inner: Int) {
        Parallel.forEach(outer &* inner, grain: 4096 / max(channels, 1) + 1) { r in
            for position in r {
                let o = position / inner, s = position % inner
                let base = o &* channels &* inner &+ s
                var dot: Float = 0
                for c in 0..<channels { dot += dy[base &+ c &* inner] * y[base &+ c &* inner] }
                for c in 0..<channels {
                    let i = base &+ c &* inner
                    dy[i] = y[i] * (dy[i] - dot)
                }
            }
        }
    }
}
