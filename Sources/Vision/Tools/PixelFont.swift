/// A 3×5 pixel font (upper case, digits, common punctuation) for labels on PNG charts.
enum PixelFont {
    static let width = 3, height = 5

    /// Rows of each glyph, top to bottom, 3 bits each (bit 2 = left column).
    private static let glyphs: [Character: [UInt8]] = [
        "A": [0b010, 0b101, 0b111, 0b101, 0b101], "B": [0b110, 0b101, 0b110, 0b101, 0b110],
        "C": [0b011, 0b100, 0b100, 0b100, 0b011], "D": [0b110, 0b101, 0b101, 0b101, 0b110],
        "E": [0b111, 0b100, 0b110, 0b100, 0b111], "F": [0b111, 0b100, 0b110, 0b100, 0b100],
        "G": [0b011, 0b100, 0b101, 0b101, 0b011], "H": [0b101, 0b101, 0b111, 0b101, 0b101],
        "I": [0b111, 0b010, 0b010, 0b010, 0b111], "J": [0b001, 0b001, 0b001, 0b101, 0b010],
        "K": [0b101, 0b101, 0b110, 0b101, 0b101], "L": [0b100, 0b100, 0b100, 0b100, 0b111],
        "M": [0b101, 0b111, 0b111, 0b101, 0b101], "N": [0b110, 0b101, 0b101, 0b101, 0b101],
        "O": [0b010, 0b101, 0b101, 0b101, 0b010], "P": [0b110, 0b101, 0b110, 0b100, 0b100],
        "Q": [0b010, 0b101, 0b101, 0b110, 0b011], "R": [0b110, 0b101, 0b110, 0b101, 0b101],
        "S": [0b011, 0b100, 0b010, 0b001, 0b110], "T": [0b111, 0b010, 0b010, 0b010, 0b010],
        "U": [0b101, 0b101, 0b101, 0b101, 0b011], "V": [0b101, 0b101, 0b101, 0b101, 0b010],
        "W": [0b101, 0b101, 0b111, 0b111, 0b101], "X": [0b101, 0b101, 0b010, 0b101, 0b101],
        "Y": [0b101, 0b101, 0b010, 0b010, 0b010], "Z": [0b111, 0b001, 0b010, 0b100, 0b111],
        "0": [0b111, 0b101, 0b101, 0b101, 0b111], "1": [0b010, 0b110, 0b010, 0b010, 0b111],
        "2": [0b110, 0b001, 0b010, 0b100, 0b111], "3": [0b110, 0b001, 0b010, 0b001, 0b110],
        "4": [0b101, 0b101, 0b111, 0b001, 0b001], "5": [0b111, 0b100, 0b110, 0b001, 0b110],
        "6": [0b011, 0b100, 0b111, 0b101, 0b111], "7": [0b111, 0b001, 0b010, 0b010, 0b010],
        "8": [0b111, 0b101, 0b111, 0b101, 0b111], "9": [0b111, 0b101, 0b111, 0b001, 0b110],
        ".": [0b000, 0b000, 0b000, 0b000, 0b010], ",": [0b000, 0b000, 0b000, 0b010, 0b100],
        ":": [0b000, 0b010, 0b000, 0b010, 0b000], "-": [0b000, 0b000, 0b111, 0b000, 0b000],
        "_": [0b000, 0b000, 0b000, 0b000, 0b111], "/": [0b001, 0b001, 0b010, 0b100, 0b100],
        "%": [0b101, 0b001, 0b010, 0b100, 0b101], "(": [0b010, 0b100, 0b100, 0b100, 0b010],
        ")": [0b010, 0b001, 0b001, 0b001, 0b010], "<": [0b001, 0b010, 0b100, 0b010, 0b001],
        ">": [0b100, 0b010, 0b001, 0b010, 0b100], "=": [0b000, 0b111, 0b000, 0b111, 0b000],
        "+": [0b000, 0b010, 0b111, 0b010, 0b000], "?": [0b110, 0b001, 0b010, 0b000, 0b010],
        "'": [0b010, 0b010, 0b000, 0b000, 0b000], "[": [0b110, 0b100, 0b100, 0b100, 0b110],
        "]": [0b011, 0b001, 0b001, 0b001, 0b011], "#": [0b101, 0b111, 0b101, 0b111, 0b101],
    ]

    /// Pixel width of `text` at `scale` (4 columns per character, the last without its gap).
    static func measure(_ text: String, scale: Int) -> Int { max(text.count * 4 - 1, 0) * scale }

    /// Sets the pixels of `text` with its top-left at `(x, y)`; `plot(x, y)` paints one pixel.
    static func draw(_ text: String, x: Int, y: Int, scale: Int, plot: (Int, Int) -> Void) {
        var cursor = x
        for character in text.uppercased() {
            if let rows = glyphs[character] {
                for (row, bits) in rows.enumerated() {
                    for column in 0..<3 where bits & (0b100 >> column) != 0 {
                        for dy in 0..<scale { for dx in 0..<scale { plot(cursor + column * scale + dx, y + row * scale + dy) } }
                    }
                }
            }
            cursor += 4 * scale
        }
    }
}
