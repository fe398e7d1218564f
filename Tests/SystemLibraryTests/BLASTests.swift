import CBLAS
import Testing

@Suite struct BLASTests {
    @Test func sgemmMatchesNaiveProduct() {
        let (m, n, k) = (37, 29, 53)
        var a = [Float](repeating: 0, count: m * k)
        var b = [Float](repeating: 0, count: k * n)
        for i in a.indices { a[i] = Float((i * 7) % 13) - 6 }
        for i in b.indices { b[i] = Float((i * 5) % 11) * 0.5 - 2 }
        var c = [Float](repeating: 1, count: m * n)
        // C = 2·A·B + 0.5·C
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                    2, a, Int32(k), b, Int32(n), 0.5, &c, Int32(n))
        for i in 0..<m {
            for j in 0..<n {
                var expected: Float = 0
                for p in 0..<k { expected += a[i * k + p] * b[p * n + j] }
                expected = 2 * expected + 0.5
                #expect(abs(c[i * n + j] - expected) < 1e-3)
            }
        }
    }

    @Test func reportsItsCoreAndThreads() {
        let core = String(cString: openblas_get_corename())
        #expect(!core.isEmpty)
        #expect(openblas_get_num_threads() >= 1)
    }
}
