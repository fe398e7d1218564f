import Foundation
import ZooCore

/// TAO's `status.json`: JSON lines appended to the results folder, one object per event, with keys
/// in TAO's order — the event's data keys, then `date` (`M/D/YYYY`), `time` (`H:M:S`), `status`,
/// `verbosity`, `message`, and `categorical` / `graphical` / `kpi` when they are non-empty
/// (they persist across writes until replaced, as TAO's StatusLogger keeps them).
public final class StatusLogger: @unchecked Sendable {
    /// TAO's status values.
    public enum Status: String, Sendable { case success = "SUCCESS", failure = "FAILURE", started = "STARTED", running = "RUNNING", skipped = "SKIPPED" }

    /// A JSON scalar in a status line.
    public enum Value: Sendable, Equatable {
        case int(Int)
        case double(Double)
        case string(String)

        var json: String {
            switch self {
            case .int(let v): return String(v)
            case .double(let v): return v.isFinite ? String(describing: v) : "NaN"
            case .string(let v): return JSONText.quote(v)
            }
        }
    }

    public let url: URL
    private let lock = NSLock()
    private var categorical: [(String, Value)] = []
    private var graphical: [(String, Value)] = []
    private var kpi: [(String, Value)] = []
    private let clock: @Sendable () -> Date

    /// - Parameter append: keep earlier lines (training) or start the file afresh (dataset_convert).
    public init(resultsDirectory: URL, append: Bool = true, clock: @escaping @Sendable () -> Date = Date.init) throws {
        try ZooPaths.ensureDirectory(resultsDirectory)
        url = resultsDirectory.appendingPathComponent("status.json")
        self.clock = clock
        if !append || !FileManager.default.fileExists(atPath: url.path) {
            try AtomicFile.write(Data(), to: url)
        }
    }

    /// Replaces the persistent groups that are given (nil leaves a group as it was).
    public func set(categorical: [(String, Value)]? = nil, graphical: [(String, Value)]? = nil, kpi: [(String, Value)]? = nil) {
        lock.lock(); defer { lock.unlock() }
        if let categorical { self.categorical = categorical }
        if let graphical { self.graphical = graphical }
        if let kpi { self.kpi = kpi }
    }

    /// Appends one line.
    public func write(data: [(String, Value)] = [], status: Status = .running, verbosity: String = "INFO", message: String? = nil) throws {
        let now = clock()
        var time = time_t(now.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&time, &parts)
        lock.lock()
        var fields = data.map { ($0.0, $0.1.json) }
        fields.append(("date", JSONText.quote("\(parts.tm_mon + 1)/\(parts.tm_mday)/\(parts.tm_year + 1900)")))
        fields.append(("time", JSONText.quote("\(parts.tm_hour):\(parts.tm_min):\(parts.tm_sec)")))
        fields.append(("status", JSONText.quote(status.rawValue)))
        fields.append(("verbosity", JSONText.quote(verbosity)))
        if let message { fields.append(("message", JSONText.quote(message))) }
        for (name, group) in [("categorical", categorical), ("graphical", graphical), ("kpi", kpi)] where !group.isEmpty {
            fields.append((name, "{" + group.map { JSONText.quote($0.0) + ": " + $0.1.json }.joined(separator: ", ") + "}"))
        }
        lock.unlock()
        let line = "{" + fields.map { JSONText.quote($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}\n"
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }

    /// Python's `str(timedelta(seconds=…))`: `0:01:23.456789`, `2 days, 3:04:05`.
    public static func timedelta(_ seconds: Double) -> String {
        let micros = Int((max(seconds, 0) * 1_000_000).rounded())
        let days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        let hours = rest / 3_600_000_000; rest %= 3_600_000_000
        let minutes = rest / 60_000_000; rest %= 60_000_000
        let secs = rest / 1_000_000
        let fraction = rest % 1_000_000
        var text = String(format: "%d:%02d:%02d", hours, minutes, secs)
        if fraction > 0 { text += String(format: ".%06d", fraction) }
        if days > 0 { text = "\(days) day\(days == 1 ? "" : "s"), " + text }
        return text
    }
}
