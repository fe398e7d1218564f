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
    /// Every cell's UTF-8 bytes, row after row, left to right; cell `i` ends at `cellEnds[i]`.
    /// One flat buffer, so a 10,000-row list is built and printed without a String per cell.
    private var text: [UInt8] = []
    private var cellEnds: [Int] = []

    public init(columns: [String], rows: [[String]] = []) {
        self.columns = columns
        rows.forEach { append($0) }
    }

    /// The rows, as text (built on demand).
    public var rows: [[String]] {
        let count = max(columns.count, 1)
        return (0..<rowCount).map { row in (0..<columns.count).map { cell(row * count + $0) } }
    }

    /// How many complete rows the table has.
    public var rowCount: Int { columns.isEmpty ? 0 : cellEnds.count / columns.count }

    /// Adds a row; missing cells are empty, extra ones dropped.
    public mutating func append(_ row: [String]) {
        for c in 0..<columns.count {
            if c < row.count { write(row[c]) }
            endCell()
        }
    }

    // MARK: Building cell by cell

    /// Adds `bytes` (UTF-8) to the cell being written.
    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { text.append(contentsOf: bytes) }

    /// Adds `string` to the cell being written.
    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { text.append(contentsOf: $0) }
    }

    /// Makes room for `rows` more rows of about `bytesPerRow` bytes of text.
    public mutating func reserveCapacity(rows: Int, bytesPerRow: Int) {
        cellEnds.reserveCapacity(cellEnds.count + rows * columns.count)
        text.reserveCapacity(text.count + rows * bytesPerRow)
    }

    /// Ends the cell being written (the next write starts the next cell; rows wrap every
    /// `columns.count` cells).
    public mutating func endCell() { cellEnds.append(text.count) }

    private func cellRange(_ index: Int) -> Range<Int> { (index == 0 ? 0 : cellEnds[index - 1])..<cellEnds[index] }
    private func cell(_ index: Int) -> String { String(decoding: text[cellRange(index)], as: UTF8.self) }

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
        // The grid's cells are the header's, then the rows'. Each is measured once: plain ASCII
        // (nearly every cell) by its byte count, in place; any other cell is cleaned (line breaks
        // folded) into text kept aside, as the header is.
        let rowCount = self.rowCount + 1
        var lengths: [Int] = []
        lengths.reserveCapacity(rowCount * count)
        var cleaned = [String?](repeating: nil, count: rowCount * count)
        for (c, name) in columns.enumerated() {
            cleaned[c] = Table.clean(name)
            lengths.append(cleaned[c]!.count)
        }
        text.withUnsafeBufferPointer { bytes in
            for index in 0..<(rowCount - 1) * count {
                let cell = UnsafeBufferPointer(rebasing: bytes[cellRange(index)])
                if Table.isPlain(cell) {
                    lengths.append(cell.count)
                } else {
                    let text = Table.clean(String(decoding: cell, as: UTF8.self))
                    cleaned[count + index] = text
                    lengths.append(text.count)
                }
            }
        }
        var widths = [Int](repeating: 0, count: count)
        for (index, length) in lengths.enumerated() where length > widths[index % count] { widths[index % count] = length }
        if let width { widths = Table.fit(widths, into: width) }

        let border = Array(("+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n").utf8)
        let spaces = [UInt8](repeating: UInt8(ascii: " "), count: (widths.max() ?? 0) + 1)
        var out: [UInt8] = []
        out.reserveCapacity(border.count * (rowCount + 3))
        out += border
        text.withUnsafeBufferPointer { bytes in
            for row in 0..<rowCount {
                let first = row * count
                if (0..<count).allSatisfy({ lengths[first + $0] <= widths[$0] }) {
                    // The common case: every cell fits on one line.
                    out.append(UInt8(ascii: "|"))
                    for c in 0..<count {
                        let index = first + c
                        out.append(UInt8(ascii: " "))
                        if let text = cleaned[index] {
                            out += text.utf8
                        } else {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cellRange(index - count)]))
                        }
                        out.append(contentsOf: spaces[0...(widths[c] - lengths[index])])
                        out.append(UInt8(ascii: "|"))
                    }
                    out.append(UInt8(ascii: "\n"))
                } else {
                    let wrapped = (0..<count).map { c in
                        Table.wrap(cleaned[first + c] ?? cell(first + c - count), width: widths[c])
                    }
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
        }
        out += border
        return String(decoding: out, as: UTF8.self)
    }

    /// True for ASCII text without line breaks (nearly every cell), which needs no cleaning and
    /// whose length is its byte count.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var plain = true
        for byte in bytes where byte >= 0x80 || (byte >= 10 && byte <= 13) { plain = false }
        return plain
    }

    static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isPlain)
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
        var out: [UInt8] = []
        out.reserveCapacity(text.count + cellEnds.count + 64)
        func add(_ field: UnsafeBufferPointer<UInt8>, last: Bool) {
            if field.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                out.append(UInt8(ascii: "\""))
                for byte in field {
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                    out.append(byte)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: field)
            }
            out.append(last ? 10 : UInt8(ascii: ","))
        }
        for (c, name) in columns.enumerated() {
            var name = name
            name.withUTF8 { add($0, last: c == columns.count - 1) }
        }
        text.withUnsafeBufferPointer { bytes in
            for index in 0..<(rowCount * columns.count) {
                add(UnsafeBufferPointer(rebasing: bytes[cellRange(index)]), last: index % columns.count == columns.count - 1)
            }
        }
        return String(decoding: out, as: UTF8.self)
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
