/// Shell-style wildcard matching (`*`, `?`, `[abc]`, `[a-z]`, `[!x]`) over a whole string.
///
/// With `slashIsSeparator`, `*` and `?` never match `/`, so `nvidia/*` matches `nvidia/x` but not
/// `nvidia/tao/x` (model patterns). Without it, matching is Python's `fnmatch` (file globs).
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    public let pattern: String
    public let slashIsSeparator: Bool
    private let tokens: [Token]

    private enum Token: Hashable, Sendable {
        case literal(UInt8)
        case any            // ?
        case star           // *
        case set([ClosedRange<UInt8>], negated: Bool)
    }

    public init(_ pattern: String, slashIsSeparator: Bool = false) {
        self.pattern = pattern
        self.slashIsSeparator = slashIsSeparator
        self.tokens = Glob.tokenize(Array(pattern.utf8))
    }

    /// True when the pattern has any wildcard.
    public var isPattern: Bool { tokens.contains { if case .literal = $0 { return false } else { return true } } }

    public var description: String { pattern }

    /// Whether `text` matches the whole pattern.
    public func matches<S: StringProtocol>(_ text: S) -> Bool {
        let bytes = Array(text.utf8)
        // Iterative wildcard matching with single-star backtracking: linear in practice, never exponential.
        var t = 0, p = 0
        var starP = -1, starT = 0
        while t < bytes.count {
            if p < tokens.count, step(tokens[p], bytes[t]) {
                t += 1; p += 1
            } else if p < tokens.count, case .star = tokens[p] {
                starP = p; starT = t; p += 1
            } else if starP >= 0, !(slashIsSeparator && bytes[starT] == UInt8(ascii: "/")) {
                starT += 1; t = starT; p = starP + 1
            } else {
                return false
            }
        }
        while p < tokens.count, case .star = tokens[p] { p += 1 }
        return p == tokens.count
    }

    private func step(_ token: Token, _ byte: UInt8) -> Bool {
        switch token {
        case .literal(let c): return c == byte
        case .any: return !(slashIsSeparator && byte == UInt8(ascii: "/"))
        case .star: return false
        case .set(let ranges, let negated):
            if slashIsSeparator && byte == UInt8(ascii: "/") { return false }
            return ranges.contains { $0.contains(byte) } != negated
        }
    }

    private static func tokenize(_ p: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < p.count {
            let c = p[i]
            switch c {
            case UInt8(ascii: "*"):
                if tokens.last != .star { tokens.append(.star) }
                i += 1
            case UInt8(ascii: "?"):
                tokens.append(.any); i += 1
            case UInt8(ascii: "["):
                if let (token, next) = parseSet(p, from: i) { tokens.append(token); i = next }
                else { tokens.append(.literal(c)); i += 1 }
            default:
                tokens.append(.literal(c)); i += 1
            }
        }
        return tokens
    }

    /// Parses `[...]` starting at `start`; nil when unterminated (then `[` is a literal, as in fnmatch).
    private static func parseSet(_ p: [UInt8], from start: Int) -> (Token, Int)? {
        var i = start + 1
        var negated = false
        if i < p.count, p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^") { negated = true; i += 1 }
        var ranges: [ClosedRange<UInt8>] = []
        var first = true
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "]") && !first { return (.set(ranges, negated: negated), i + 1) }
            first = false
            if i + 2 < p.count, p[i + 1] == UInt8(ascii: "-"), p[i + 2] != UInt8(ascii: "]") {
                let lo = c, hi = p[i + 2]
                if lo <= hi { ranges.append(lo...hi) }
                i += 3
            } else {
                ranges.append(c...c)
                i += 1
            }
        }
        return nil
    }
}
