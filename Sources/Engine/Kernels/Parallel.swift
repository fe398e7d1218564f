import Dispatch
import Foundation

/// Splits element-wise work across the cores (BLAS calls bring their own threads and are never
/// run inside a parallel region, so the two never oversubscribe the CPU).
public enum Parallel {
    /// Number of chunks work is split into (the active core count, at least 1).
    public static let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body` on disjoint sub-ranges covering `0..<count`, in parallel when each chunk
    /// would get at least `grain` items. `body` must only write state owned by its range.
    @inline(__always)
    public static func forEach(_ count: Int, grain: Int = 32_768, _ body: (Range<Int>) -> Void) {
        let chunks = Swift.min(threads, count / Swift.max(grain, 1))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: chunks) { i in
                work((count * i / chunks)..<(count * (i + 1) / chunks))
            }
        }
    }
}
