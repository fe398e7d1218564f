/// The literal forms protobuf text format accepts for booleans and numbers.
enum ScalarLiterals {
    /// `true`, `True`, `t`, `T`, `1` / `false`, `False`, `f`, `F`, `0`.
    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "t", "T", "1": return true
        case "false", "False", "f", "F", "0": return false
        default: return nil
        }
    }

    /// An integer literal: decimal, `0x` hex or `0` octal, optionally negative.
    struct Integer {
        var isNegative: Bool
        var magnitude: UInt64

        /// The value as a signed 64-bit integer, if it fits.
        var signed: Int64? {
            if !isNegative { return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil }
            if magnitude == UInt64(Int64.max) + 1 { return .min }
            return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
        }
    }

    static func integer(_ text: String) -> Integer? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        let radix: UInt64
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.count > 1, digits.first == "0" {
            radix = 8
            digits = digits.dropFirst()
        } else {
            radix = 10
        }
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for c in digits.utf8 {
            let digit: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return Integer(isNegative: negative, magnitude: value)
    }

    /// A floating-point literal: `1`, `-0.5`, `.15`, `5e-06`, `1.5f`, `inf`, `-infinity`, `nan`
    /// (the words in any case). A leading zero may not be followed by another digit.
    static func floatingPoint(_ text: String) -> Double? {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        switch body.lowercased() {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        if body.last == "f" || body.last == "F" { body = body.dropLast() }
        guard body.count < 128, isDecimalFloat(body.utf8) else { return nil }
        guard let value = Double(String(body)) else { return nil }
        return negative ? -value : value
    }

    /// digits [ "." digits ] [ exponent ] | "." digits [ exponent ], without a leading "0" before a digit.
    private static func isDecimalFloat(_ bytes: Substring.UTF8View) -> Bool {
        var i = bytes.startIndex
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        var integerDigits = 0
        let first = i < bytes.endIndex ? bytes[i] : 0
        while i < bytes.endIndex, isDigit(bytes[i]) { integerDigits += 1; i = bytes.index(after: i) }
        if integerDigits > 1, first == UInt8(ascii: "0") { return false }
        var fractionDigits = 0
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: ".") {
            i = bytes.index(after: i)
            while i < bytes.endIndex, isDigit(bytes[i]) { fractionDigits += 1; i = bytes.index(after: i) }
        }
        if integerDigits == 0, fractionDigits == 0 { return false }
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i = bytes.index(after: i)
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
            var exponentDigits = 0
            while i < bytes.endIndex, isDigit(bytes[i]) { exponentDigits += 1; i = bytes.index(after: i) }
            if exponentDigits == 0 { return false }
        }
        return i == bytes.endIndex
    }
}
