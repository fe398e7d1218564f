/// A problem that stops parsing: where (byte offset) and what.
struct ParseFailure: Error, Sendable {
    var offset: Int
    var message: String
}

/// One token of protobuf text format.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        /// A name: `batch_size_per_gpu`, `true`, `DBSCAN`, `inf`.
        case identifier
        /// A number as written, possibly signed: `42`, `-1`, `5e-06`, `.15`, `1.5f`, `0x1F`, `-inf`.
        case number
        /// One quoted string, escapes decoded into `bytes`.
        case string
        /// One of `{ } < > [ ] : , ;`.
        case symbol(UInt8)
        case end
    }

    var kind: Kind
    /// Byte offsets of the token in the file.
    var start: Int
    var end: Int
    /// Identifier or number text; decoded bytes for strings.
    var bytes: ArraySlice<UInt8>

    var text: String { String(decoding: bytes, as: UTF8.self) }

    func isSymbol(_ c: Character) -> Bool { kind == .symbol(c.asciiValue!) }
}

/// Splits protobuf text format into tokens, the way protobuf's own tokenizers do: `#` comments,
/// single- or double-quoted strings with C escapes, no newline inside a string.
struct TextFormatLexer {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let symbols: Set<UInt8> = Set("{}<>[]:,;".utf8)

    mutating func next() throws(ParseFailure) -> Token {
        skipWhitespaceAndComments()
        let start = offset
        guard offset < bytes.count else { return Token(kind: .end, start: start, end: start, bytes: []) }
        let c = bytes[offset]
        if Self.symbols.contains(c) {
            offset += 1
            return Token(kind: .symbol(c), start: start, end: offset, bytes: [])
        }
        if isLetter(c) || c == UInt8(ascii: "_") {
            consumeWord()
            return Token(kind: .identifier, start: start, end: offset, bytes: bytes[start..<offset])
        }
        if isDigit(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") {
            return try number(start: start)
        }
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            return try string(start: start, quote: c)
        }
        throw ParseFailure(offset: start, message: "unexpected character \(Self.describe(byteAt: start, in: bytes))")
    }

    private mutating func skipWhitespaceAndComments() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                offset += 1
            case UInt8(ascii: "#"):
                while offset < bytes.count, bytes[offset] != 0x0A, bytes[offset] != 0x0D { offset += 1 }
            default:
                return
            }
        }
    }

    private mutating func consumeWord() {
        while offset < bytes.count, isWordCharacter(bytes[offset]) { offset += 1 }
    }

    /// A number, or a signed name such as `-inf`: everything up to the next separator, so that
    /// `4abc` or `1.2.3` come back whole and are rejected as one bad value.
    private mutating func number(start: Int) throws(ParseFailure) -> Token {
        if bytes[offset] == UInt8(ascii: "-") {
            offset += 1
            guard offset < bytes.count, isWordCharacter(bytes[offset]) || bytes[offset] == UInt8(ascii: ".") else {
                throw ParseFailure(offset: start, message: "expected a number after '-'")
            }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "."),
           !(offset + 1 < bytes.count && isDigit(bytes[offset + 1])) {
            throw ParseFailure(offset: start, message: "unexpected character '.'")
        }
        while offset < bytes.count {
            let c = bytes[offset]
            if isWordCharacter(c) || c == UInt8(ascii: ".") {
                offset += 1
            } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")),
                      bytes[offset - 1] | 0x20 == UInt8(ascii: "e") {
                offset += 1
            } else {
                break
            }
        }
        return Token(kind: .number, start: start, end: offset, bytes: bytes[start..<offset])
    }

    private mutating func string(start: Int, quote: UInt8) throws(ParseFailure) -> Token {
        offset += 1
        var decoded: [UInt8] = []
        while true {
            guard offset < bytes.count else {
                throw ParseFailure(offset: start, message: "unterminated string: missing closing \(quote == 0x22 ? "\"" : "'")")
            }
            let c = bytes[offset]
            if c == quote {
                offset += 1
                return Token(kind: .string, start: start, end: offset, bytes: decoded[...])
            }
            if c == 0x0A || c == 0x0D {
                throw ParseFailure(offset: start, message: "unterminated string: a string cannot span lines")
            }
            if c == UInt8(ascii: "\\") {
                try escape(into: &decoded)
            } else {
                decoded.append(c)
                offset += 1
            }
        }
    }

    /// Decodes one C escape (`\n`, `\"`, `\101`, `\x41`, `\u00e9`, `\U0001F600`).
    private mutating func escape(into out: inout [UInt8]) throws(ParseFailure) {
        let start = offset
        offset += 1
        guard offset < bytes.count else { throw ParseFailure(offset: start, message: "unterminated string") }
        let c = bytes[offset]
        offset += 1
        switch c {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): out.append(c)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(c - UInt8(ascii: "0"))
            for _ in 0..<2 {
                guard offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[offset]) else { break }
                value = value * 8 + UInt32(bytes[offset] - UInt8(ascii: "0"))
                offset += 1
            }
            out.append(UInt8(truncatingIfNeeded: value))
        case UInt8(ascii: "x"):
            guard let first = hexValue(at: offset) else {
                throw ParseFailure(offset: start, message: "invalid escape '\\x': expected a hex digit")
            }
            var value = first
            offset += 1
            if let second = hexValue(at: offset) {
                value = value * 16 + second
                offset += 1
            }
            out.append(UInt8(value))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = c == UInt8(ascii: "u") ? 4 : 8
            var scalar: UInt32 = 0
            for _ in 0..<digits {
                guard let digit = hexValue(at: offset) else {
                    throw ParseFailure(offset: start, message: "invalid escape '\\\(Character(Unicode.Scalar(c)))': expected \(digits) hex digits")
                }
                scalar = scalar * 16 + UInt32(digit)
                offset += 1
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw ParseFailure(offset: start, message: "invalid escape: U+\(String(scalar, radix: 16, uppercase: true)) is not a Unicode character")
            }
            out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default:
            throw ParseFailure(offset: start, message: "invalid escape '\\\(Self.describeCharacter(c))' in string")
        }
    }

    private func hexValue(at i: Int) -> UInt8? {
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return bytes[i] - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return bytes[i] - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return bytes[i] - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private func isWordCharacter(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) || c == UInt8(ascii: "_") }

    /// `'x'` for a printable ASCII byte, the whole character for UTF-8, `byte 0x01` otherwise.
    static func describe(byteAt i: Int, in bytes: [UInt8]) -> String {
        let c = bytes[i]
        if c >= 0x80 {
            var end = i + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'\(String(decoding: bytes[i..<end], as: UTF8.self))'"
        }
        return "'\(describeCharacter(c))'"
    }

    private static func describeCharacter(_ c: UInt8) -> String {
        (0x20..<0x7F).contains(c) ? String(Character(Unicode.Scalar(c))) : "\\x" + String(c, radix: 16)
    }
}
