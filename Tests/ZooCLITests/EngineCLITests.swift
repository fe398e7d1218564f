import Foundation
import Testing

@Suite struct EngineCLITests {
    @Test func verboseVersionReportsTheBLASKernel() throws {
        let result = try ZooProcess.run(["--version", "--verbose"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("blas: OpenBLAS "))
        #expect(result.stdout.contains("thread"))
    }

    @Test func forcedAVX2CoreTypeWarnsOnAnAVX512Machine() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let result = try ZooProcess.run(["--version", "--verbose"], environment: ["OPENBLAS_CORETYPE": "Haswell"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("OPENBLAS_CORETYPE=Haswell"))
        let hasAVX512 = cpuinfo.split(separator: "\n").contains { $0.hasPrefix("flags") && $0.contains(" avx512f") }
        #expect(result.stdout.contains("warning: OPENBLAS_CORETYPE=Haswell forces Haswell kernels") == hasAVX512)
    }
}
