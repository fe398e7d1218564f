/// Parses the filter language into a `FilterExpression`:
///
/// ```
/// expr    := and ('or' and)*
/// and     := unary ('and' unary)*
/// unary   := 'not' unary | '(' expr ')' | test
/// test    := field op literal | field ['not'] 'in' '(' literal (',' literal)* ')'
///          | field ['not'] ('like' | 'ilike') string | field 'is' ['not'] 'null'
/// field   := prefix '.' key | attribute | ('min' | 'max' | 'last') '(' metrics '.' key ')'
/// prefix  := metrics | metric | params | param | parameters | tags | tag | attributes | attribute | attr | run
/// ```
struct FilterParser {
    private let tokens: [FilterToken]
    private var position = 0

    static func parse(_ text: String) throws -> FilterExpression {
        var parser = FilterParser(tokens: try FilterLexer.tokens(text))
        let expression = try parser.orExpression()
        guard parser.current.kind == .end else {
            throw parser.error("expected 'and', 'or' or the end of the filter, found \(parser.describe(parser.current))")
        }
        return expression
    }

    /// Parses a sort key or any single field reference (`metrics.mAP`, `start_time`).
    static func parseField(_ text: String) throws -> RunField {
        var parser = FilterParser(tokens: try FilterLexer.tokens(text))
        let field = try parser.field()
        guard parser.current.kind == .end else { throw parser.error("expected a single field, found \(parser.describe(parser.current))") }
        return field
    }

    private init(tokens: [FilterToken]) { self.tokens = tokens }

    private var current: FilterToken { tokens[position] }

    private mutating func advance() -> FilterToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func error(_ message: String, at token: FilterToken? = nil) -> FilterError {
        FilterError(message: message, column: (token ?? current).column)
    }

    private func describe(_ token: FilterToken) -> String {
        switch token.kind {
        case .identifier(let name): return "'\(name)'"
        case .string(let text): return "'\(text)'"
        case .number(_, let text): return text
        case .op(let op): return "'\(op)'"
        case .keyword(let word): return "'\(word)'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .comma: return "','"
        case .end: return "the end of the filter"
        }
    }

    private mutating func isKeyword(_ word: String) -> Bool {
        if case .keyword(word) = current.kind { return true }
        return false
    }

    private mutating func orExpression() throws -> FilterExpression {
        var left = try andExpression()
        while isKeyword("or") {
            _ = advance()
            left = .or(left, try andExpression())
        }
        return left
    }

    private mutating func andExpression() throws -> FilterExpression {
        var left = try unary()
        while isKeyword("and") {
            _ = advance()
            left = .and(left, try unary())
        }
        return left
    }

    private mutating func unary() throws -> FilterExpression {
        if isKeyword("not") {
            _ = advance()
            return .not(try unary())
        }
        if current.kind == .leftParen {
            let open = advance()
            let inner = try orExpression()
            guard current.kind == .rightParen else {
                throw error("expected ')' to close the '(' at column \(open.column), found \(describe(current))")
            }
            _ = advance()
            return inner
        }
        return try test()
    }

    private mutating func test() throws -> FilterExpression {
        let fieldToken = current
        let field = try field()
        let operatorToken = current
        switch current.kind {
        case .op(let op):
            _ = advance()
            return .compare(field, op, try literal(), column: operatorToken.column)
        case .keyword("in"):
            _ = advance()
            return .member(field, try literalList(), negated: false, column: operatorToken.column)
        case .keyword("like"), .keyword("ilike"):
            return try pattern(field, negated: false)
        case .keyword("is"):
            _ = advance()
            var negated = false
            if isKeyword("not") { _ = advance(); negated = true }
            guard isKeyword("null") else { throw error("expected 'null' after 'is', found \(describe(current))") }
            _ = advance()
            return .isNull(field, negated: negated)
        case .keyword("not"):
            _ = advance()
            if isKeyword("in") {
                _ = advance()
                return .member(field, try literalList(), negated: true, column: operatorToken.column)
            }
            if isKeyword("like") || isKeyword("ilike") { return try pattern(field, negated: true) }
            throw error("expected 'in', 'like' or 'ilike' after 'not', found \(describe(current))")
        default:
            throw error("expected a comparison (=, !=, <, <=, >, >=, in, like, ilike, is) after \(describe(fieldToken)), found \(describe(current))")
        }
    }

    private mutating func pattern(_ field: RunField, negated: Bool) throws -> FilterExpression {
        let caseSensitive = isKeyword("like")
        let column = advance().column
        guard case .string(let text) = current.kind else {
            throw error("expected a quoted pattern such as '%resnet%', found \(describe(current))")
        }
        _ = advance()
        return .pattern(field, text, caseSensitive: caseSensitive, negated: negated, column: column)
    }

    private mutating func literal() throws -> FilterLiteral {
        switch current.kind {
        case .string(let text): _ = advance(); return .string(text)
        case .number(let value, let text): _ = advance(); return .number(value, text)
        default: throw error("expected a value (a number or a quoted string), found \(describe(current))")
        }
    }

    private mutating func literalList() throws -> [FilterLiteral] {
        guard current.kind == .leftParen else { throw error("expected '(' to start the list, found \(describe(current))") }
        _ = advance()
        var items = [try literal()]
        while current.kind == .comma {
            _ = advance()
            items.append(try literal())
        }
        guard current.kind == .rightParen else { throw error("expected ',' or ')' in the list, found \(describe(current))") }
        _ = advance()
        return items
    }

    // MARK: - Fields

    private static let prefixes: [String: String] = [
        "metrics": "metrics", "metric": "metrics",
        "params": "params", "param": "params", "parameters": "params", "parameter": "params",
        "tags": "tags", "tag": "tags",
        "attributes": "attributes", "attribute": "attributes", "attr": "attributes", "run": "attributes",
    ]

    private mutating func field() throws -> RunField {
        let token = current
        guard case .identifier(let name) = token.kind else {
            throw error("expected a field such as metrics.mAP, params.lr, tags.stage or status, found \(describe(token))")
        }
        _ = advance()
        if let aggregate = MetricAggregate(rawValue: name.lowercased()), current.kind == .leftParen {
            _ = advance()
            let inner = current
            let field = try self.field()
            guard case .metric = field.kind else {
                throw error("\(aggregate.rawValue)(…) takes a metric, such as \(aggregate.rawValue)(metrics.loss)", at: inner)
            }
            guard current.kind == .rightParen else { throw error("expected ')' after \(field), found \(describe(current))") }
            _ = advance()
            return RunField(kind: .metric(aggregate), key: field.key)
        }
        guard let dot = name.firstIndex(of: ".") else { return try attribute(name, token: token) }
        let prefix = String(name[..<dot])
        let key = String(name[name.index(after: dot)...])
        guard let canonical = Self.prefixes[prefix.lowercased()] else {
            let suggestion = Self.closest(prefix, among: ["metrics", "params", "tags", "attributes"])
            throw error("unknown field prefix '\(prefix)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; use metrics., params., tags. or attributes."), at: token)
        }
        guard !key.isEmpty else { throw error("expected a name after '\(prefix).'", at: token) }
        switch canonical {
        case "metrics": return RunField(kind: .metric(.last), key: key)
        case "params": return RunField(kind: .param, key: key)
        case "tags": return RunField(kind: .tag, key: key)
        default: return try attribute(key, token: token)
        }
    }

    private func attribute(_ name: String, token: FilterToken) throws -> RunField {
        let lower = name.lowercased()
        guard let attribute = RunAttribute(rawValue: lower) ?? RunAttribute.aliases[lower] else {
            let names = RunAttribute.allCases.map(\.rawValue)
            let suggestion = Self.closest(lower, among: names + ["metrics", "params", "tags"])
            throw error("unknown attribute '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; attributes are " + names.joined(separator: ", ")), at: token)
        }
        return RunField(kind: .attribute(attribute), key: attribute.rawValue)
    }

    /// The candidate within edit distance 2 of `word`, if any.
    private static func closest(_ word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }
        return scored.min(by: { $0.1 < $1.1 })?.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}
