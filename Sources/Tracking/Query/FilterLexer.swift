/// A token of the filter language, with the 1-based column where it starts.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)      // metrics.mAP, params.model_config.arch, status
        case string(String)          // 'resnet' or "resnet"
        case number(Double, String)  // 0.8, -1e-3 (value and text)
        case op(String)              // = == != <> < <= > >=
        case keyword(String)         // and or not in like ilike is null (lowercased)
        case leftParen, rightParen, comma, end
    }
    var kind: Kind
    var column: Int
    var length: Int
}

/// A filter that cannot be parsed or compiled, pointing at the column of the problem.
public struct FilterError: Error, Sendable, Equatable {
    /// What is wrong.
    public var message: String
    /// The 1-based column it points at.
    public var column: Int
}

/// Splits a filter into tokens. Identifiers are a prefix and a key joined by dots; a key with
/// other characters is quoted with backticks or double quotes right after the dot:
/// ``metrics.`f1 score` ``.
struct FilterLexer {
    static let keywords: Set<String> = ["and", "or", "not", "in", "like", "ilike", "is", "null"]

    private let chars: [Character]
    private var index = 0

    static func tokens(_ text: String) throws -> [FilterToken] {
        var lexer = FilterLexer(chars: Array(text))
        var tokens: [FilterToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private init(chars: [Character]) { self.chars = chars }

    private func error(_ message: String, at position: Int) -> FilterError { FilterError(message: message, column: position + 1) }

    private mutating func next() throws -> FilterToken {
        while index < chars.count, chars[index].isWhitespace { index += 1 }
        let start = index
        func token(_ kind: FilterToken.Kind) -> FilterToken { FilterToken(kind: kind, column: start + 1, length: max(1, index - start)) }
        guard index < chars.count else { return token(.end) }
        let c = chars[index]
        switch c {
        case "(": index += 1; return token(.leftParen)
        case ")": index += 1; return token(.rightParen)
        case ",": index += 1; return token(.comma)
        case "'", "\"": return token(.string(try quoted(c)))
        case "=", "!", "<", ">":
            index += 1
            if index < chars.count, chars[index] == "=" || (c == "<" && chars[index] == ">") { index += 1 }
            let op = String(chars[start..<index])
            guard op != "!" else { throw error("'!' must be followed by '=' (use != or 'not')", at: start) }
            return token(.op(op == "==" ? "=" : op == "<>" ? "!=" : op))
        case _ where c.isNumber || c == "-" || c == "+" || (c == "." && index + 1 < chars.count && chars[index + 1].isNumber):
            return token(try number())
        case _ where c.isLetter || c == "_" || c == "`":
            let word = try identifier()
            let lower = word.lowercased()
            return token(Self.keywords.contains(lower) && !word.contains(".") ? .keyword(lower) : .identifier(word))
        default:
            throw error("unexpected character '\(c)'", at: start)
        }
    }

    /// A quoted string; the quote character is escaped by doubling it or with a backslash.
    private mutating func quoted(_ quote: Character) throws -> String {
        let start = index
        index += 1
        var text = ""
        while index < chars.count {
            let c = chars[index]
            if c == "\\", index + 1 < chars.count {
                text.append(chars[index + 1])
                index += 2
            } else if c == quote {
                if index + 1 < chars.count, chars[index + 1] == quote {
                    text.append(quote)
                    index += 2
                } else {
                    index += 1
                    return text
                }
            } else {
                text.append(c)
                index += 1
            }
        }
        throw error("unterminated string (missing closing \(quote))", at: start)
    }

    private mutating func number() throws -> FilterToken.Kind {
        let start = index
        if chars[index] == "-" || chars[index] == "+" { index += 1 }
        while index < chars.count, chars[index].isNumber || chars[index] == "." || chars[index] == "e" || chars[index] == "E"
                || ((chars[index] == "-" || chars[index] == "+") && (chars[index - 1] == "e" || chars[index - 1] == "E")) {
            index += 1
        }
        let text = String(chars[start..<index])
        guard let value = Double(text), value.isFinite else { throw error("malformed number '\(text)'", at: start) }
        return .number(value, text)
    }

    /// A dotted identifier whose parts may be quoted with backticks (or, after a dot, double quotes).
    private mutating func identifier() throws -> String {
        var text = ""
        var partStart = true
        while index < chars.count {
            let c = chars[index]
            if partStart, c == "`" || (c == "\"" && !text.isEmpty) {
                let start = index
                index += 1
                guard let close = chars[index...].firstIndex(of: c) else {
                    throw error("unterminated quoted name (missing closing \(c))", at: start)
                }
                text += String(chars[index..<close])
                index = close + 1
                partStart = false
            } else if c.isLetter || c.isNumber || c == "_" || c == "-" || c == "/" || c == ":" || c == "@" {
                text.append(c)
                index += 1
                partStart = false
            } else if c == "." {
                text.append(c)
                index += 1
                partStart = true
            } else {
                break
            }
        }
        return text
    }
}
