/// Tiny terminal charts of a metric's curve: `▁▂▄▆█`.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The curve of `values`, averaged into at most `width` buckets and scaled between `low` and
    /// `high` (pass a shared range so several curves compare). NaN and infinite values are skipped.
    public static func draw(_ values: [Double], low: Double, high: Double, width: Int = 10) -> String {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty, width > 0 else { return "" }
        let buckets = Swift.min(width, finite.count)
        var out = ""
        for bucket in 0..<buckets {
            let from = bucket * finite.count / buckets
            let to = Swift.max(from + 1, (bucket + 1) * finite.count / buckets)
            let mean = finite[from..<to].reduce(0, +) / Double(to - from)
            let level = high > low ? Int(((mean - low) / (high - low) * Double(bars.count - 1)).rounded()) : bars.count / 2
            out.append(bars[Swift.max(0, Swift.min(bars.count - 1, level))])
        }
        return out
    }
}
