import Foundation
import ZooCore

/// TensorRT's INT8 calibration cache, as TAO writes it: a `TRT-<version>-EntropyCalibration2` line,
/// then `<tensor>: <hex>` per tensor, where `<hex>` is the IEEE-754 bit pattern of the float32 scale
/// `amax / 127` in lower-case hex without padding. Also the `--cal_json_file` form
/// `{"tensor_scales": {"<tensor>": amax}}`.
public struct CalibrationCache: Sendable, Equatable {
    /// TensorRT version encoded as major·1000 + minor·100 + patch (8.6.1 → 8601).
    public var tensorRTVersion: Int
    /// Tensors and their calibrated ranges, in the order they are written.
    public var entries: [(tensor: String, amax: Float)]

    /// The version zoo's caches declare: TensorRT 8.6.1, the last 8.x release (8601).
    public static let defaultTensorRTVersion = 8601

    /// A cache of `entries` declaring `tensorRTVersion`.
    public init(tensorRTVersion: Int = defaultTensorRTVersion, entries: [(tensor: String, amax: Float)]) {
        self.tensorRTVersion = tensorRTVersion
        self.entries = entries
    }

    public static func == (a: CalibrationCache, b: CalibrationCache) -> Bool {
        a.tensorRTVersion == b.tensorRTVersion && a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.tensor == $1.tensor && $0.amax.bitPattern == $1.amax.bitPattern }
    }

    /// The scale TensorRT stores for `amax`.
    public static func scale(amax: Float) -> Float { amax / 127 }

    /// The cache file's text.
    public var text: String {
        var lines = ["TRT-\(tensorRTVersion)-EntropyCalibration2"]
        for entry in entries {
            lines.append("\(entry.tensor): " + String(CalibrationCache.scale(amax: entry.amax).bitPattern, radix: 16))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `--cal_json_file` text (amax per tensor, indented by 4 as TAO writes it).
    public var jsonText: String {
        let body = entries.map { "        \(JSONText.quote($0.tensor)): \(Double($0.amax))" }.joined(separator: ",\n")
        return "{\n    \"tensor_scales\": {\n" + body + "\n    }\n}\n"
    }

    /// Writes the cache file (`--cal_cache_file`) atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(text, to: url)
    }

    /// Writes the JSON scales (`--cal_json_file`) atomically.
    public func writeJSON(to url: URL) throws {
        try AtomicFile.write(jsonText, to: url)
    }

    /// Parses a cache file's text back (amax = scale·127).
    public init(parsing text: String) throws {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first, header.hasPrefix("TRT-"), header.hasSuffix("-EntropyCalibration2"),
              let version = Int(header.dropFirst(4).prefix { $0 != "-" }) else {
            throw ZooError("Not a TensorRT entropy calibration cache.", hint: "expected a first line like TRT-8601-EntropyCalibration2",
                           exitCode: ZooError.Code.integrity)
        }
        lines.removeFirst()
        var entries: [(String, Float)] = []
        for (index, line) in lines.enumerated() {
            guard let colon = line.lastIndex(of: ":"),
                  let bits = UInt32(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw ZooError("Calibration cache line \(index + 2) is malformed: \(line)", exitCode: ZooError.Code.integrity)
            }
            entries.append((String(line[..<colon]), Float(bitPattern: bits) * 127))
        }
        self.init(tensorRTVersion: version, entries: entries)
    }
}
