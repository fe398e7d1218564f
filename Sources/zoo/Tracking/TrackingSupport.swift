import ArgumentParser
import Tasks
import Foundation
import Tracking
import ZooCore

extension GlobalOptions {
    /// The experiment store chosen by `--tracking-uri`, `ZOO_TRACKING_URI`, or `$ZOO_HOME/experiments.db`;
    /// commands that only query it open it with `readOnly`, which skips the cost of a read-write open.
    func openStore(readOnly: Bool = false) throws -> TrackingStore {
        var options = TrackingStore.Options()
        options.readOnly = readOnly
        return try TrackingStore(uri: trackingLocation, paths: paths, options: options)
    }
}

extension RunStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension ComparisonAggregate: ExpressibleByArgument {}

/// Formatting shared by the tracking commands.
enum TrackingOutput {
    /// A local `2024-05-01 12:00:03` for ascii tables; ISO-8601 UTC for csv and json.
    static func date(_ date: Date?, _ format: OutputFormat) -> String {
        guard let date else { return "" }
        guard format == .ascii else { return Format.iso(date) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// Parses `key=value` arguments.
    static func keyValues(_ pairs: [String], what: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw ZooError.usage("Expected \(what) as key=value, got '\(pair)'.", hint: "for example: stage=dev")
            }
            result[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return result
    }

    /// Pretty JSON of an encodable value, dates as ISO-8601, keys sorted.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Format.iso(date))
        }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
