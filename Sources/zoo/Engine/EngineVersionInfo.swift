import Engine

/// The engine's lines for `zoo --version --verbose`: the BLAS kernel in use and its threads,
/// plus a warning when a forced `OPENBLAS_CORETYPE` leaves the CPU's AVX-512 unused.
enum EngineVersionInfo {
    static func lines() -> [(String, String)] {
        let info = BLASInfo.current
        var lines = [("blas", info.summary)]
        if let warning = info.warning { lines.append(("warning", warning)) }
        return lines
    }
}
