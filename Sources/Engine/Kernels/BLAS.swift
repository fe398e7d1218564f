import CBLAS
import Foundation

/// Thin, row-major wrappers over OpenBLAS' `cblas_sgemm`, the one place the engine multiplies
/// matrices.
enum BLAS {
    /// C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major; `lda`/`ldb`/`ldc` are row strides.
    @inline(__always)
    static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                     alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int,
                     beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // Nothing to multiply: C = beta·C.
            for i in 0..<m { let row = c + i * ldc; for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] } }
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// What the linked BLAS is and how it runs here: the kernel family OpenBLAS chose, its
/// threads, and whether a forced `OPENBLAS_CORETYPE` leaves the CPU's AVX-512 unused.
public struct BLASInfo: Sendable {
    /// OpenBLAS' kernel family in use (e.g. `Cooperlake`, `Haswell`).
    public var coreName: String
    /// Threads OpenBLAS runs GEMMs on.
    public var threads: Int
    /// OpenBLAS' build configuration string.
    public var config: String
    /// The `OPENBLAS_CORETYPE` the environment forces, if any.
    public var forcedCoreType: String?
    /// Whether the CPU supports AVX-512F.
    public var cpuHasAVX512: Bool

    /// The kernel families of OpenBLAS 0.3.x that use AVX-512.
    public static let avx512CoreNames: Set<String> = ["skylakex", "cooperlake", "sapphirerapids"]

    /// The running process' BLAS.
    public static var current: BLASInfo {
        let env = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        return BLASInfo(coreName: String(cString: openblas_get_corename()),
                        threads: Int(openblas_get_num_threads()),
                        config: String(cString: openblas_get_config()).trimmingCharacters(in: .whitespaces),
                        forcedCoreType: (env?.isEmpty ?? true) ? nil : env,
                        cpuHasAVX512: cpuFlags.contains("avx512f"))
    }

    /// Whether the kernels in use are AVX-512 ones.
    public var usesAVX512: Bool { BLASInfo.avx512CoreNames.contains(coreName.lowercased()) }

    /// A warning when `OPENBLAS_CORETYPE` forces kernels that leave AVX-512 unused on a CPU that has it.
    public var warning: String? {
        guard let forced = forcedCoreType, cpuHasAVX512, !usesAVX512 else { return nil }
        return "OPENBLAS_CORETYPE=\(forced) forces \(coreName) kernels, leaving this CPU's AVX-512 unused "
            + "(about half the GEMM speed); unset it to let OpenBLAS pick AVX-512 kernels"
    }

    /// One line for `zoo --version --verbose` and benchmarks, e.g. `OpenBLAS Cooperlake, 2 threads`.
    public var summary: String {
        var text = "OpenBLAS \(coreName) (\(usesAVX512 ? "AVX-512" : "no AVX-512")), \(threads) thread\(threads == 1 ? "" : "s")"
        if let forced = forcedCoreType { text += ", OPENBLAS_CORETYPE=\(forced)" }
        return text
    }

    /// Sets the number of threads OpenBLAS uses.
    public static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }

    /// The CPU feature flags of the first processor (Linux `/proc/cpuinfo`; empty elsewhere).
    static let cpuFlags: Set<String> = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            if let colon = line.firstIndex(of: ":") {
                return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
            }
        }
        return []
    }()
}
