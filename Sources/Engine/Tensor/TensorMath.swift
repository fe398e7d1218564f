/// Whole-tensor arithmetic used by the executor, optimizers and tests.
extension Tensor {
    /// `self += other` element-wise (same shape).
    public mutating func add(_ other: Tensor) {
        precondition(shape == other.shape, "Tensor.add: shapes \(shape) and \(other.shape) differ")
        let b = other.pointer
        let a = mutablePointer()
        Parallel.forEach(count, grain: 131_072) { r in for i in r { a[i] += b[i] } }
    }

    /// `self *= factor` element-wise.
    public mutating func scale(by factor: Float) {
        let a = mutablePointer()
        Parallel.forEach(count, grain: 131_072) { r in for i in r { a[i] *= factor } }
    }

    /// Sets every element to `value`.
    public mutating func fill(_ value: Float) {
        let a = mutablePointer()
        a.update(repeating: value, count: count)
    }

    /// Sum of squares (in double precision).
    public func squaredNorm() -> Double {
        let p = pointer
        var total = 0.0
        var i = 0
        while i < count {
            let end = Swift.min(i + 4096, count)
            var s: Float = 0
            for j in i..<end { s += p[j] * p[j] }
            total += Double(s)
            i = end
        }
        return total
    }

    /// `a + b` element-wise.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        var result = a
        result.add(b)
        return result
    }

    /// `a · factor` element-wise.
    public static func * (a: Tensor, factor: Float) -> Tensor {
        var result = a
        result.scale(by: factor)
        return result
    }
}
