import Foundation

/// A grid of small bar charts, written as SVG or PNG (the plots of `zoo dataset stats`).
public struct Chart: Sendable {
    /// One panel: a title and labeled values, drawn as vertical bars (histograms) or horizontal
    /// bars with names (counts per class).
    public struct Panel: Sendable {
        public var title: String
        public var bars: [(label: String, value: Double)]
        public var horizontal: Bool

        public init(title: String, bars: [(label: String, value: Double)], horizontal: Bool = false) {
            self.title = title; self.bars = bars; self.horizontal = horizontal
        }
    }

    public var title: String
    public var panels: [Panel]
    public var columns = 3

    public init(title: String, panels: [Panel]) {
        self.title = title
        self.panels = panels
    }

    static let panelWidth = 320, panelHeight = 240, header = 30, margin = 10

    var size: (width: Int, height: Int) {
        let rows = (panels.count + columns - 1) / columns
        return (columns * Self.panelWidth, Self.header + rows * Self.panelHeight)
    }

    /// A rectangle or a text run in chart coordinates.
    enum Mark {
        case rect(x: Int, y: Int, width: Int, height: Int, color: (UInt8, UInt8, UInt8))
        case text(String, x: Int, y: Int, size: Int, anchorEnd: Bool)
    }

    /// Everything to draw, shared by both renderers.
    func marks() -> [Mark] {
        var marks: [Mark] = [.text(title, x: Self.margin, y: 8, size: 3, anchorEnd: false)]
        let bar: (UInt8, UInt8, UInt8) = (70, 130, 180), axis: (UInt8, UInt8, UInt8) = (160, 160, 160)
        for (index, panel) in panels.enumerated() {
            let ox = (index % columns) * Self.panelWidth + Self.margin
            let oy = Self.header + (index / columns) * Self.panelHeight + Self.margin
            let w = Self.panelWidth - 2 * Self.margin, h = Self.panelHeight - 2 * Self.margin
            marks.append(.text(panel.title, x: ox, y: oy, size: 2, anchorEnd: false))
            let top = oy + 16
            let maximum = max(panel.bars.map(\.value).max() ?? 0, 1e-9)
            guard !panel.bars.isEmpty else {
                marks.append(.text("no data", x: ox, y: top + 20, size: 2, anchorEnd: false))
                continue
            }
            if panel.horizontal {
                let labelWidth = min(PixelFont.measure(String(repeating: "M", count: panel.bars.map(\.label.count).max() ?? 1), scale: 1) + 6, w / 2)
                let rowHeight = max(min((h - 20) / panel.bars.count, 16), 7)
                for (k, item) in panel.bars.prefix((h - 20) / rowHeight).enumerated() {
                    let y = top + k * rowHeight
                    marks.append(.text(item.label, x: ox + labelWidth - 4, y: y + (rowHeight - 5) / 2, size: 1, anchorEnd: true))
                    let length = Int(Double(w - labelWidth - 40) * item.value / maximum)
                    marks.append(.rect(x: ox + labelWidth, y: y + 1, width: max(length, 1), height: rowHeight - 2, color: bar))
                    marks.append(.text(format(item.value), x: ox + labelWidth + length + 4, y: y + (rowHeight - 5) / 2, size: 1, anchorEnd: false))
                }
            } else {
                let baseline = oy + h - 14
                let plotHeight = baseline - top - 10
                let slot = w / panel.bars.count
                marks.append(.rect(x: ox, y: baseline, width: w, height: 1, color: axis))
                marks.append(.text(format(maximum), x: ox, y: top, size: 1, anchorEnd: false))
                for (k, item) in panel.bars.enumerated() {
                    let height = Int(Double(plotHeight) * item.value / maximum)
                    let x = ox + k * slot
                    marks.append(.rect(x: x + 2, y: baseline - height, width: max(slot - 4, 1), height: height, color: bar))
                    marks.append(.text(item.label, x: x + slot / 2 + PixelFont.measure(item.label, scale: 1) / 2, y: baseline + 4, size: 1, anchorEnd: true))
                }
            }
        }
        return marks
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.3g", value)
    }

    /// The chart as an SVG document.
    public func svg() -> String {
        let (width, height) = size
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\">\n"
        out += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"white\"/>\n"
        for mark in marks() {
            switch mark {
            case .rect(let x, let y, let w, let h, let c):
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"rgb(\(c.0),\(c.1),\(c.2))\"/>\n"
            case .text(let text, let x, let y, let size, let anchorEnd):
                let pixels = size * 5 + 3
                out += "<text x=\"\(x)\" y=\"\(y + pixels - 2)\" font-size=\"\(pixels)\"\(anchorEnd ? " text-anchor=\"end\"" : "")>\(escape(text))</text>\n"
            }
        }
        return out + "</svg>\n"
    }

    /// The chart as a PNG image.
    public func png() throws -> Data {
        let (width, height) = size
        var image = Image(width: width, height: height, channels: 3, fill: [1])
        func plot(_ x: Int, _ y: Int, _ c: (Float, Float, Float)) {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            image[x, y, 0] = c.0; image[x, y, 1] = c.1; image[x, y, 2] = c.2
        }
        for mark in marks() {
            switch mark {
            case .rect(let x, let y, let w, let h, let c):
                let color = (Float(c.0) / 255, Float(c.1) / 255, Float(c.2) / 255)
                for yy in y..<(y + h) { for xx in x..<(x + w) { plot(xx, yy, color) } }
            case .text(let text, let x, let y, let size, let anchorEnd):
                let start = anchorEnd ? x - PixelFont.measure(text, scale: size) : x
                PixelFont.draw(text, x: start, y: y, scale: size) { plot($0, $1, (0.1, 0.1, 0.1)) }
            }
        }
        return try image.encoded(as: .png)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
