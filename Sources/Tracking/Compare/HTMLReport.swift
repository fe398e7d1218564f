import Foundation
import ZooCore

/// A self-contained HTML page for a comparison: the table (differences highlighted) and an SVG
/// line chart of every metric the runs share, over steps. No scripts, no network, no external
/// files — it opens anywhere, offline, and prints.
public enum HTMLReport {
    /// Line colours, one per run (cycled).
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// The page for `comparison`; `includeAll` shows rows that do not differ too.
    public static func render(_ comparison: RunComparison, includeAll: Bool, generated: Date = Date()) -> String {
        let runs = comparison.runs
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>zoo runs compare \(runs.map { "\($0.id)" }.joined(separator: " "))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
            table{border-collapse:collapse;margin-bottom:24px}
            th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-variant-numeric:tabular-nums}
            th{background:#f3f3f3} td.differs{background:#fff4d6} td.section{color:#777;font-size:12px}
            .chart{display:inline-block;margin:0 16px 16px 0} .chart h3{margin:0 0 4px;font-size:14px}
            .legend span{display:inline-block;margin-right:12px} .swatch{display:inline-block;width:12px;height:3px;vertical-align:middle;margin-right:4px}
            </style></head><body>
            <h1>Runs \(runs.map { "#\($0.id)" }.joined(separator: ", "))</h1>
            <p>\(includeAll ? "All rows" : "Only rows that differ") · metrics: \(comparison.aggregate.rawValue) value · generated \(escape(Format.iso(generated)))</p>
            <p class="legend">\(runs.enumerated().map { index, run in
                "<span><span class=\"swatch\" style=\"background:\(color(index))\"></span>#\(run.id) \(escape(run.name))</span>"
            }.joined())</p>
            <table><tr><th>Section</th><th>Key</th>\(runs.map { "<th>#\($0.id)</th>" }.joined())</tr>

            """
        for row in comparison.rows(includeAll: includeAll) {
            let cells = row.values.map { "<td\(row.differs ? " class=\"differs\"" : "")>\(escape($0 ?? "-"))</td>" }.joined()
            html += "<tr><td class=\"section\">\(row.section.rawValue)</td><td>\(escape(row.label))</td>\(cells)</tr>\n"
        }
        html += "</table>\n"
        let charts = comparison.sharedMetrics
        if !charts.isEmpty {
            html += "<h2>Metrics</h2>\n"
            for row in charts { html += chart(row) }
        }
        return html + "</body></html>\n"
    }

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// One SVG line chart: a polyline per run over steps, axes labelled with the ranges.
    static func chart(_ row: RunComparison.Row, width: Double = 560, height: Double = 260) -> String {
        let left = 64.0, right = 12.0, top = 12.0, bottom = 28.0
        let points = row.curves.flatMap { $0.filter { $0.value.isFinite } }
        guard let minStep = points.map(\.step).min(), let maxStep = points.map(\.step).max(),
              var low = points.map(\.value).min(), var high = points.map(\.value).max() else { return "" }
        if low == high { low -= 0.5; high += 0.5 }
        let stepSpan = Double(max(1, maxStep - minStep))
        func x(_ step: Int64) -> Double { left + Double(step - minStep) / stepSpan * (width - left - right) }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        var svg = """
            <div class="chart"><h3>\(escape(row.key))</h3>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(escape(row.key)) by step">
            <rect x="\(left)" y="\(top)" width="\(width - left - right)" height="\(height - top - bottom)" fill="none" stroke="#ccc"/>
            <text x="\(left - 6)" y="\(top + 4)" text-anchor="end" font-size="11">\(escape(TrackingFormat.number(high)))</text>
            <text x="\(left - 6)" y="\(height - bottom)" text-anchor="end" font-size="11">\(escape(TrackingFormat.number(low)))</text>
            <text x="\(left)" y="\(height - 8)" font-size="11">step \(minStep)</text>
            <text x="\(width - right)" y="\(height - 8)" text-anchor="end" font-size="11">\(maxStep)</text>

            """
        for (index, curve) in row.curves.enumerated() {
            let finite = downsample(curve.filter { $0.value.isFinite }, to: 500)
            guard !finite.isEmpty else { continue }
            let coordinates = finite.map { String(format: "%.1f,%.1f", x($0.step), y($0.value)) }.joined(separator: " ")
            if finite.count == 1 {
                svg += "<circle cx=\"\(String(format: "%.1f", x(finite[0].step)))\" cy=\"\(String(format: "%.1f", y(finite[0].value)))\" r=\"3\" fill=\"\(color(index))\"/>\n"
            } else {
                svg += "<polyline fill=\"none\" stroke=\"\(color(index))\" stroke-width=\"1.5\" points=\"\(coordinates)\"/>\n"
            }
        }
        return svg + "</svg></div>\n"
    }

    /// At most `limit` points, evenly spaced, always keeping the last.
    static func downsample(_ points: [(step: Int64, value: Double)], to limit: Int) -> [(step: Int64, value: Double)] {
        guard points.count > limit else { return points }
        var result = (0..<limit - 1).map { points[$0 * points.count / (limit - 1)] }
        result.append(points[points.count - 1])
        return result
    }

    /// Text safe inside HTML elements and attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
