import Foundation
import Synchronization

/// The float32 buffer behind a `Tensor`: 64-byte aligned, owned by exactly one storage object,
/// and handed back to its `BufferPool` (when it came from one) instead of being freed.
final class TensorStorage: @unchecked Sendable {
    /// Start of the buffer (`capacity` floats).
    let base: UnsafeMutablePointer<Float>
    /// Number of floats the buffer holds.
    let capacity: Int
    /// Where the buffer returns when this storage dies; nil means `free`.
    let pool: BufferPool?

    /// A new uninitialized buffer of `capacity` floats.
    init(capacity: Int, pool: BufferPool? = nil) {
        self.capacity = capacity
        self.pool = pool
        if let pool {
            base = pool.take(capacity)
        } else {
            base = TensorStorage.allocate(capacity)
        }
    }

    deinit {
        if let pool { pool.give(base, capacity: capacity) } else { free(base) }
    }

    /// 64-byte aligned raw allocation (at least one float so the pointer is never null).
    static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        var raw: UnsafeMutableRawPointer?
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
            fatalError("Engine: out of memory allocating \(bytes) bytes")
        }
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }
}

/// A cache of freed tensor buffers, reused by exact size, so a training step does not return
/// memory to the system and fault it back in on the next step. Thread-safe.
public final class BufferPool: Sendable {
    /// Free buffers by size, kept as address bit patterns (which are `Sendable`).
    private struct State {
        var free: [Int: [UInt]] = [:]
        var cachedFloats = 0
    }
    private let state = Mutex(State())
    /// Most floats kept cached; buffers freed beyond it go back to the system.
    public let limit: Int

    /// A pool that caches at most `limitBytes` of free buffers.
    public init(limitBytes: Int = 4 << 30) {
        limit = limitBytes / MemoryLayout<Float>.stride
    }

    deinit {
        state.withLock { state in
            for list in state.free.values { for p in list { free(UnsafeMutableRawPointer(bitPattern: p)) } }
        }
    }

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let cached: UInt? = state.withLock { state in
            guard var list = state.free[count], let p = list.popLast() else { return nil }
            state.free[count] = list
            state.cachedFloats -= count
            return p
        }
        if let cached, let p = UnsafeMutablePointer<Float>(bitPattern: cached) { return p }
        return TensorStorage.allocate(count)
    }

    func give(_ pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let kept: Bool = state.withLock { state in
            guard state.cachedFloats + capacity <= limit else { return false }
            state.free[capacity, default: []].append(UInt(bitPattern: pointer))
            state.cachedFloats += capacity
            return true
        }
        if !kept { free(pointer) }
    }

    /// Bytes currently cached (free, ready for reuse).
    public var cachedBytes: Int { state.withLock { $0.cachedFloats } * MemoryLayout<Float>.stride }

    /// Frees every cached buffer.
    public func trim() {
        let lists = state.withLock { state -> [[UInt]] in
            let lists = Array(state.free.values)
            state.free = [:]
            state.cachedFloats = 0
            return lists
        }
        for list in lists { for p in list { free(UnsafeMutableRawPointer(bitPattern: p)) } }
    }
}
