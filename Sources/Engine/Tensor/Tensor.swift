import Foundation

/// A dense float32 tensor in row-major (NCHW for images) order on one contiguous, 64-byte
/// aligned buffer. A value type with copy-on-write storage: copies are cheap until one of
/// them is mutated.
public struct Tensor: Sendable, CustomStringConvertible {
    var storage: TensorStorage
    /// The dimensions, outermost first (`[N, C, H, W]` for a batch of images).
    public private(set) var shape: [Int]
    /// Number of elements (the product of `shape`).
    public let count: Int

    /// A tensor of `shape` with every element `value`.
    public init(shape: [Int], repeating value: Float = 0, pool: BufferPool? = nil) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(shape)")
        self.shape = shape
        count = shape.reduce(1, *)
        storage = TensorStorage(capacity: count, pool: pool)
        storage.base.initialize(repeating: value, count: count)
    }

    /// A tensor of `shape` holding `values` (row-major); `values.count` must equal the shape's product.
    public init(_ values: [Float], shape: [Int]) {
        let n = shape.reduce(1, *)
        precondition(values.count == n, "Tensor: \(values.count) values for shape \(shape) (\(n) elements)")
        self.shape = shape
        count = n
        storage = TensorStorage(capacity: n)
        values.withUnsafeBufferPointer { src in
            if let p = src.baseAddress { storage.base.update(from: p, count: n) }
        }
    }

    /// A tensor of `shape` whose elements are written by `body` (which must set all of them).
    public init(shape: [Int], pool: BufferPool? = nil,
                initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows {
        self.shape = shape
        count = shape.reduce(1, *)
        storage = TensorStorage(capacity: count, pool: pool)
        try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }

    /// An uninitialized tensor; internal kernels overwrite every element.
    init(uninitialized shape: [Int], pool: BufferPool? = nil) {
        self.shape = shape
        count = shape.reduce(1, *)
        storage = TensorStorage(capacity: count, pool: pool)
    }

    /// A scalar (shape `[]`).
    public init(scalar: Float) { self.init([scalar], shape: []) }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The elements as an array (row-major).
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.base, count: count)) }

    /// The element at a multi-dimensional index.
    public subscript(index: Int...) -> Float {
        get { storage.base[offset(of: index)] }
        set {
            let i = offset(of: index)
            mutablePointer()[i] = newValue
        }
    }

    /// Row-major offset of a multi-dimensional index.
    public func offset(of index: [Int]) -> Int {
        precondition(index.count == shape.count, "Tensor: index \(index) for shape \(shape)")
        var offset = 0
        for (i, d) in zip(index, shape) {
            precondition(i >= 0 && i < d, "Tensor: index \(index) out of bounds for shape \(shape)")
            offset = offset * d + i
        }
        return offset
    }

    /// Read access to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Write access to the elements (copies the buffer first if another tensor shares it).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }

    /// Start of the buffer for kernels that only read.
    var pointer: UnsafeMutablePointer<Float> { storage.base }

    /// Start of the buffer for kernels that write, after making the storage unique.
    mutating func mutablePointer() -> UnsafeMutablePointer<Float> {
        makeUnique()
        return storage.base
    }

    /// Whether no other tensor shares this one's buffer.
    mutating func isUniquelyOwned() -> Bool { isKnownUniquelyReferenced(&storage) }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = TensorStorage(capacity: count, pool: storage.pool)
            copy.base.update(from: storage.base, count: count)
            storage = copy
        }
    }

    /// The same elements under another shape with the same element count (shares the buffer).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var result = self
        result.shape = Tensor.resolve(newShape, count: count)
        return result
    }

    /// Replaces one `-1` in `shape` with the dimension that makes the element count `count`.
    static func resolve(_ shape: [Int], count: Int) -> [Int] {
        var shape = shape
        if let i = shape.firstIndex(of: -1) {
            let known = shape.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "Tensor: cannot reshape \(count) elements to \(shape)")
            shape[i] = count / known
        }
        precondition(shape.reduce(1, *) == count, "Tensor: cannot reshape \(count) elements to \(shape)")
        return shape
    }

    /// Whether both tensors have the same shape and exactly the same bits.
    public func bitwiseEqual(_ other: Tensor) -> Bool {
        guard shape == other.shape else { return false }
        return memcmp(pointer, other.pointer, count * MemoryLayout<Float>.stride) == 0
    }

    public var description: String {
        let preview = scalars.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", …" : "")])"
    }
}

extension Tensor {
    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// Batch size, channels, height and width of a rank-4 NCHW tensor.
    public var nchw: (n: Int, c: Int, h: Int, w: Int) {
        precondition(rank == 4, "Tensor: expected NCHW, got shape \(shape)")
        return (shape[0], shape[1], shape[2], shape[3])
    }

    /// Elements per item of the leading (batch) dimension.
    public var itemCount: Int { shape.isEmpty ? 1 : (shape[0] == 0 ? 0 : count / shape[0]) }

    /// Largest absolute difference to `other` (same shape required).
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "Tensor: shapes \(shape) and \(other.shape) differ")
        var m: Float = 0
        let a = pointer, b = other.pointer
        for i in 0..<count { m = Swift.max(m, abs(a[i] - b[i])) }
        return m
    }

    /// Sum of all elements (accumulated in double precision).
    public func sum() -> Double {
        var s = 0.0
        let p = pointer
        for i in 0..<count { s += Double(p[i]) }
        return s
    }

    /// The elements at `indices` along `axis`, in that order — how a pruning pass slices kept
    /// filters (axis 0 of a kernel) or kept input channels (axis 1).
    public func gathering(_ indices: [Int], along axis: Int) -> Tensor {
        precondition(axis >= 0 && axis < rank, "Tensor: axis \(axis) out of range for shape \(shape)")
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let dim = shape[axis]
        var newShape = shape
        newShape[axis] = indices.count
        for i in indices { precondition(i >= 0 && i < dim, "Tensor: index \(i) out of range 0..<\(dim)") }
        let src = pointer
        return Tensor(shape: newShape) { dst in
            var o = 0
            for a in 0..<outer {
                for i in indices {
                    (dst.baseAddress! + o).update(from: src + (a * dim + i) * inner, count: inner)
                    o += inner
                }
            }
        }
    }

    /// Items `range` of the leading dimension (copies).
    public func slice(items range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0], "Tensor: bad slice \(range) of \(shape)")
        var newShape = shape
        newShape[0] = range.count
        let item = itemCount
        let src = pointer + range.lowerBound * item
        return Tensor(shape: newShape) { dst in
            if !dst.isEmpty { dst.baseAddress!.update(from: src, count: dst.count) }
        }
    }

    /// Stacks equally shaped tensors along a new leading dimension (or concatenates along the
    /// leading dimension when `concatenating` is true).
    public static func stack(_ tensors: [Tensor], concatenating: Bool = false) -> Tensor {
        precondition(!tensors.isEmpty, "Tensor.stack: no tensors")
        let inner = concatenating ? Array(tensors[0].shape.dropFirst()) : tensors[0].shape
        for t in tensors {
            precondition((concatenating ? Array(t.shape.dropFirst()) : t.shape) == inner, "Tensor.stack: shapes differ")
        }
        let lead = concatenating ? tensors.map { $0.shape[0] }.reduce(0, +) : tensors.count
        return Tensor(shape: [lead] + inner) { dst in
            var o = 0
            for t in tensors {
                if t.count > 0 { (dst.baseAddress! + o).update(from: t.pointer, count: t.count) }
                o += t.count
            }
        }
    }
}
