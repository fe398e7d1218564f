import Foundation
import Synchronization

/// A progress bar with bytes (or items), rate and ETA, drawn on stderr only when stderr is a
/// terminal; elsewhere (logs, CI, pipes) it stays silent. Safe to update from several threads.
///
/// ```swift
/// let bar = ProgressBar(label: "tlt_peoplenet_vunpruned_v2.1", total: size, unit: .bytes)
/// bar.advance(by: chunk.count)
/// bar.finish()
/// ```
public final class ProgressBar: Sendable {
    /// What the counts measure.
    public enum Unit: Sendable { case bytes, items }

    private struct State {
        var done: Int64 = 0
        var total: Int64?
        var lastDraw: Double = 0
        var finished = false
    }

    public let label: String
    public let unit: Unit
    /// Whether anything is drawn at all.
    public let isEnabled: Bool
    private let width: Int
    private let started: Double
    private let sink: @Sendable (String) -> Void
    private let clock: @Sendable () -> Double
    private let state: Mutex<State>

    /// - Parameters:
    ///   - enabled: defaults to "stderr is a terminal".
    ///   - sink: where frames go (stderr by default; tests capture them).
    ///   - clock: seconds, monotonic (tests inject one).
    public init(label: String, total: Int64?, unit: Unit = .bytes,
                enabled: Bool = Terminal.isTerminal(.standardError),
                width: Int = Terminal.width(.standardError) ?? 80,
                sink: @escaping @Sendable (String) -> Void = { Terminal.write($0, to: .standardError) },
                clock: @escaping @Sendable () -> Double = { ProgressBar.monotonicSeconds() }) {
        self.label = label
        self.unit = unit
        self.isEnabled = enabled
        self.width = max(width, 40)
        self.sink = sink
        self.clock = clock
        self.started = clock()
        self.state = Mutex(State(total: total))
    }

    /// Adds `count` to the work done and redraws at most ten times a second.
    public func advance(by count: Int64) {
        update { $0.done += count }
    }

    /// Sets the work done (e.g. when a resumed download starts from an offset).
    public func set(done: Int64, total: Int64? = nil) {
        update { state in
            state.done = done
            if let total { state.total = total }
        }
    }

    /// Draws the final frame and ends the line.
    public func finish() {
        guard isEnabled else { return }
        let frame: String? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            return render(done: state.done, total: state.total, now: clock()) + "\n"
        }
        if let frame { sink("\r" + frame) }
    }

    private func update(_ change: (inout State) -> Void) {
        guard isEnabled else { return }
        let now = clock()
        let frame: String? = state.withLock { state in
            change(&state)
            guard !state.finished, now - state.lastDraw >= 0.1 || state.done == state.total else { return nil }
            state.lastDraw = now
            return render(done: state.done, total: state.total, now: now)
        }
        if let frame { sink("\r" + frame) }
    }

    /// One frame: `label [#####-----]  42% 37.5 MB/88.96 MB 12.3 MB/s ETA 4s`.
    func render(done: Int64, total: Int64?, now: Double) -> String {
        let elapsed = max(now - started, 1e-9)
        let rate = Double(done) / elapsed
        let amount: String
        let speed: String
        switch unit {
        case .bytes:
            amount = total.map { "\(Format.size(done))/\(Format.size($0))" } ?? Format.size(done)
            speed = Format.rate(bytesPerSecond: rate)
        case .items:
            amount = total.map { "\(done)/\($0)" } ?? "\(done)"
            speed = Format.decimal(rate, places: 1) + "/s"
        }
        var eta = ""
        if let total, total > 0, rate > 0, done < total {
            eta = " ETA " + Format.duration(seconds: Double(total - done) / rate)
        }
        let tail = " \(amount) \(speed)\(eta)"
        guard let total, total > 0 else { return label + tail }
        let fraction = min(max(Double(done) / Double(total), 0), 1)
        let digits = String(Int(fraction * 100))
        let percent = String(repeating: " ", count: 4 - digits.count) + digits + "%"
        let barWidth = max(10, width - label.count - tail.count - percent.count - 4)
        let filled = Int(fraction * Double(barWidth))
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]" + percent + tail
    }

    /// Seconds from a monotonic clock.
    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
