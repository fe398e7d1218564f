/// A table of rows under named columns that prints as NGC does: an ascii grid with `+---+` borders
/// whose cells wrap to fit the terminal, or the same rows as CSV or JSON.
///
/// ```
/// +----------------+---------------------------+
/// | Name           | Repository                |
/// +----------------+---------------------------+
/// | VehicleTypeNet | nvidia/tlt_vehicletypenet |
/// +----------------+---------------------------+
/// ```
public struct Table: Sendable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Renders in `format`; `width` bounds ascii tables (nil: never wrap).
    public func render(_ format: OutputFormat, width: Int? = nil) -> String {
        switch format {
        case .ascii: return ascii(width: width)
        case .csv: return csv()
        case .json: return json()
        }
    }

    // MARK: ascii

    /// The ascii grid. Cells longer than their column wrap onto more lines, breaking inside words
    /// as NGC does, so the table fits in `width` columns.
    public func ascii(width: Int? = nil) -> String {
        let count = columns.count
        guard count > 0 else { return "" }
        // Each cell is cleaned and measured once, into flat arrays (header first): list tables
        // can have 10,000 rows.
        let rowCount = rows.count + 1
        var cells: [String] = []
        var lengths: [Int] = []
        cells.reserveCapacity(rowCount * count)
        lengths.reserveCapacity(rowCount * count)
        func add(_ row: [String]) {
            for c in 0..<count {
                let (cell, length) = c < row.count ? Table.measure(row[c]) : ("", 0)
                cells.append(cell)
                lengths.append(length)
            }
        }
        add(columns)
        rows.forEach(add)
        var widths = [Int](repeating: 0, count: count)
        for (index, length) in lengths.enumerated() where length > widths[index % count] { widths[index % count] = length }
        if let width { widths = Table.fit(widths, into: width) }

        let border = Array(("+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n").utf8)
        let spaces = [UInt8](repeating: UInt8(ascii: " "), count: (widths.max() ?? 0) + 1)
        var out: [UInt8] = []
        out.reserveCapacity(border.count * (rowCount + 3))
        out += border
        for row in 0..<rowCount {
            let first = row * count
            if (0..<count).allSatisfy({ lengths[first + $0] <= widths[$0] }) {
                // The common case: every cell fits on one line.
                out.append(UInt8(ascii: "|"))
                for c in 0..<count {
                    out.append(UInt8(ascii: " "))
                    var cell = cells[first + c]
                    cell.withUTF8 { out.append(contentsOf: $0) }
                    out.append(contentsOf: spaces[0...(widths[c] - lengths[first + c])])
                    out.append(UInt8(ascii: "|"))
                }
                out.append(UInt8(ascii: "\n"))
            } else {
                let wrapped = (0..<count).map { Table.wrap(cells[first + $0], width: widths[$0]) }
                let height = wrapped.map(\.count).max() ?? 1
                for line in 0..<height {
                    let parts = (0..<count).map { c -> String in
                        let piece = line < wrapped[c].count ? wrapped[c][line] : ""
                        return piece + String(repeating: " ", count: widths[c] - piece.count)
                    }
                    out += ("| " + parts.joined(separator: " | ") + " |\n").utf8
                }
            }
            if row == 0 { out += border }
        }
        out += border
        return String(decoding: out, as: UTF8.self)
    }

    /// A cell ready for the grid (line breaks folded to spaces) and its length in characters,
    /// counted from its bytes when it is plain ASCII (nearly every cell).
    static func measure(_ cell: String) -> (String, Int) {
        if isPlain(cell) { return (cell, cell.utf8.count) }
        let cleaned = clean(cell)
        return (cleaned, cleaned.count)
    }

    /// True for ASCII text without line breaks (nearly every cell), which needs no cleaning and
    /// whose length is its byte count.
    static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var plain = true
            for byte in bytes where byte >= 0x80 || (byte >= 10 && byte <= 13) { plain = false }
            return plain
        }
    }

    /// Shrinks the widest columns, one character at a time, until the grid fits (never below 1).
    static func fit(_ widths: [Int], into total: Int) -> [Int] {
        var widths = widths
        let overhead = 3 * widths.count + 1
        while widths.reduce(0, +) + overhead > total {
            guard let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 else { break }
            widths[widest] -= 1
        }
        return widths
    }

    /// Splits a cell into lines of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width, width > 0 else { return [text] }
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return lines
    }

    static func clean(_ cell: String) -> String {
        if isPlain(cell) { return cell }
        return cell.contains(where: \.isNewline) ? cell.split(whereSeparator: \.isNewline).joined(separator: " ") : cell
    }

    // MARK: csv and json

    /// RFC 4180 CSV with a header row.
    public func csv() -> String {
        ([columns] + rows).map { row in row.map(Table.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// A JSON array with one object per row, keyed by column name, in column order.
    public func json() -> String {
        let objects = rows.map { row in
            "  {" + columns.enumerated().map { index, column in
                JSONText.quote(column) + ": " + JSONText.quote(index < row.count ? row[index] : "")
            }.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}

/// Minimal JSON text helpers for hand-built output that must keep key order.
public enum JSONText {
    /// A JSON string literal for `s`.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
