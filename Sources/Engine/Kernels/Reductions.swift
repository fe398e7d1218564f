/// Vectorized reductions. LLVM does not reorder float additions on its own, so a plain `s += x`
/// loop runs one add at a time; these keep independent SIMD accumulators instead.
enum Reductions {
    typealias Vector = SIMD16<Float>

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    /// Σ p[i].
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
        var a = Vector(), b = Vector()
        var i = 0
        while i &+ 32 <= count {
            a += load(p, i)
            b += load(p, i &+ 16)
            i &+= 32
        }
        var s = (a + b).sum()
        while i < count { s += p[i]; i &+= 1 }
        return s
    }

    /// Σ (p[i] − shift) and Σ (p[i] − shift)².
    @inline(__always)
    static func shiftedSums(_ p: UnsafePointer<Float>, _ count: Int, shift: Float) -> (sum: Float, squares: Float) {
        var s = Vector(), q = Vector()
        let k = Vector(repeating: shift)
        var i = 0
        while i &+ 16 <= count {
            let d = load(p, i) - k
            s += d
            q += d * d
            i &+= 16
        }
        var sum = s.sum(), squares = q.sum()
        while i < count { let d = p[i] - shift; sum += d; squares += d * d; i &+= 1 }
        return (sum, squares)
    }

    /// Σ g[i] and Σ g[i]·(x[i] − shift).
    @inline(__always)
    static func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int,
                             shift: Float) -> (sum: Float, dot: Float) {
        var s = Vector(), d = Vector()
        let k = Vector(repeating: shift)
        var i = 0
        while i &+ 16 <= count {
            let gv = load(g, i)
            s += gv
            d += gv * (load(x, i) - k)
            i &+= 16
        }
        var sum = s.sum(), dot = d.sum()
        while i < count { sum += g[i]; dot += g[i] * (x[i] - shift); i &+= 1 }
        return (sum, dot)
    }

    /// Σ a[i]·b[i].
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var s = Vector(), t = Vector()
        var i = 0
        while i &+ 32 <= count {
            s += load(a, i) * load(b, i)
            t += load(a, i &+ 16) * load(b, i &+ 16)
            i &+= 32
        }
        var total = (s + t).sum()
        while i < count { total += a[i] * b[i]; i &+= 1 }
        return total
    }
}
