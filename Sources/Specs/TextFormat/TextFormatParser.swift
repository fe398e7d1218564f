/// Parses protobuf text format against a message schema into a `TextMessage`, recording where every
/// field was written and reporting every problem it can recover from (unknown fields, values of the
/// wrong type, unknown enum values, conflicting oneof members) before stopping at the first one it
/// cannot (an unbalanced brace, an unterminated string).
///
/// It accepts what TAO's parser (Python protobuf's `text_format.Merge`) accepts: `#` comments, an
/// optional `:` before a message, `{}` or `<>` blocks, `[a, b]` lists, `,`/`;` separators, repeated
/// singular fields (the last value wins; messages merge), adjacent strings concatenated, and numbers
/// written as `5e-06`, `.15`, `1.5f`, `0x1F`, `inf` or `nan`.
struct TextFormatParser {
    /// Problems found, as (byte offset, message).
    private(set) var problems: [(offset: Int, message: String)] = []

    private let schema: ProtoSchema
    private var lexer: TextFormatLexer
    private var token: Token
    private var lookaheadFailure: ParseFailure?
    private var depth = 0

    /// Deeper nesting than this is refused (TAO's specs nest five levels deep; protobuf's decoders
    /// stop at 100).
    static let maximumDepth = 64
    /// Parsing stops after this many problems.
    static let maximumProblems = 50

    init(_ bytes: [UInt8], schema: ProtoSchema = .specs) {
        self.schema = schema
        lexer = TextFormatLexer(bytes)
        token = Token(kind: .end, start: 0, end: 0, bytes: [])
        advance()
    }

    /// Parses the whole input as one `root` message; nil when a problem stopped parsing.
    mutating func parse(_ root: MessageSchema) -> TextMessage? {
        var message = TextMessage(schema: root, nameOffset: 0)
        do {
            try parseFields(into: &message, context: "", closing: nil, openedAt: 0)
            return message
        } catch {
            if problems.count < Self.maximumProblems { problems.append((error.offset, error.message)) }
            return nil
        }
    }

    // MARK: - Tokens

    private mutating func advance() {
        do {
            token = try lexer.next()
        } catch {
            // Reported when the parser actually reaches the bad token.
            lookaheadFailure = error
            token = Token(kind: .end, start: error.offset, end: error.offset, bytes: [])
        }
    }

    /// The current token, or the lexing failure that stands in its place.
    private func current() throws(ParseFailure) -> Token {
        if let failure = lookaheadFailure { throw failure }
        return token
    }

    private mutating func take() throws(ParseFailure) -> Token {
        let t = try current()
        advance()
        return t
    }

    private mutating func skipOptional(_ symbol: Character) throws(ParseFailure) -> Bool {
        if try current().isSymbol(symbol) {
            advance()
            return true
        }
        return false
    }

    /// Skips an optional `,` or `;` after a field.
    private mutating func skipSeparator() throws(ParseFailure) {
        if try !skipOptional(",") { _ = try skipOptional(";") }
    }

    private mutating func report(_ offset: Int, _ message: String) throws(ParseFailure) {
        problems.append((offset, message))
        if problems.count >= Self.maximumProblems {
            throw ParseFailure(offset: offset, message: "too many problems; stopping here")
        }
    }

    // MARK: - Messages

    /// Parses fields until `closing` (or the end of input for the root), merging them into `message`.
    private mutating func parseFields(into message: inout TextMessage, context: String, closing: UInt8?,
                                      openedAt: Int) throws(ParseFailure) {
        while true {
            let t = try current()
            switch t.kind {
            case .end:
                if let closing {
                    throw ParseFailure(offset: openedAt, message:
                        "unterminated block: '\(Character(Unicode.Scalar(closing)))' missing for \(display(context)) opened here")
                }
                return
            case .symbol(let c) where c == closing:
                advance()
                return
            case .identifier:
                advance()
                try parseField(named: t, into: &message, context: context)
                try skipSeparator()
            case .symbol(UInt8(ascii: "[")):
                throw ParseFailure(offset: t.start, message: "extension and Any fields ('[...]') are not supported in specs")
            case .symbol(UInt8(ascii: "}")), .symbol(UInt8(ascii: ">")):
                let found = describe(t)
                guard let closing else {
                    throw ParseFailure(offset: t.start, message: "unexpected \(found): there is no open block to close")
                }
                throw ParseFailure(offset: t.start, message:
                    "unexpected \(found): expected '\(Character(Unicode.Scalar(closing)))' to close \(display(context))")
            case .number:
                throw ParseFailure(offset: t.start, message: "expected a field name, found the number \(t.text)")
            case .string:
                throw ParseFailure(offset: t.start, message: "expected a field name, found a string")
            case .symbol(let c):
                throw ParseFailure(offset: t.start, message: "expected a field name, found '\(Character(Unicode.Scalar(c)))'")
            }
        }
    }

    private mutating func parseField(named nameToken: Token, into message: inout TextMessage,
                                     context: String) throws(ParseFailure) {
        let name = nameToken.text
        guard let field = message.schema.field(named: name) else {
            let known = message.schema.fields.map(\.name)
            try report(nameToken.start, "unknown field \"\(name)\"\(context.isEmpty ? "" : " in \(context)")"
                + Suggestions.hint(for: name, in: known))
            try skipUnknownValue()
            return
        }
        let path = context.isEmpty ? name : context + "." + name
        if let oneof = field.oneof {
            if let chosen = message.oneofChoices[oneof], chosen.field != name {
                try report(nameToken.start, "\(name) cannot be set together with \(chosen.field): only one of "
                    + message.schema.members(ofOneof: oneof).joined(separator: ", ") + " may be set")
            } else {
                message.oneofChoices[oneof] = (name, nameToken.start)
            }
        }
        if case .message(let typeName) = field.kind, let nested = schema.messages[typeName] {
            _ = try skipOptional(":")
            if try skipOptional("[") {
                if try skipOptional("]") { return }
                repeat {
                    try parseMessageValue(field, nested, nameToken: nameToken, into: &message, path: path)
                } while try skipOptional(",")
                try expectListEnd(for: path)
            } else {
                try parseMessageValue(field, nested, nameToken: nameToken, into: &message, path: path)
            }
            return
        }
        let colon = try current()
        if colon.isSymbol(":") {
            advance()
        } else {
            switch colon.kind {
            case .identifier, .number, .string:
                try report(colon.start, "expected ':' between \(name) and its value")
            default:
                throw ParseFailure(offset: colon.start, message: "expected ':' and a value after \(path), found \(describe(colon))")
            }
        }
        try parseScalarValues(field, nameToken: nameToken, into: &message, path: path)
    }

    private mutating func parseScalarValues(_ field: FieldSchema, nameToken: Token, into message: inout TextMessage,
                                            path: String) throws(ParseFailure) {
        if try skipOptional("[") {
            guard field.isRepeated else {
                throw ParseFailure(offset: nameToken.start, message: "\(path) takes one value, not a list")
            }
            if try skipOptional("]") { return }
            repeat {
                try parseScalar(field, nameToken: nameToken, into: &message, path: path)
            } while try skipOptional(",")
            try expectListEnd(for: path)
        } else {
            try parseScalar(field, nameToken: nameToken, into: &message, path: path)
        }
    }

    private mutating func expectListEnd(for path: String) throws(ParseFailure) {
        let t = try current()
        guard t.isSymbol("]") else {
            throw ParseFailure(offset: t.start, message: "expected ',' or ']' in the list of \(path)")
        }
        advance()
    }

    /// One `{ ... }` value of a message field (or map entry), merged into `message`.
    private mutating func parseMessageValue(_ field: FieldSchema, _ nested: MessageSchema, nameToken: Token,
                                            into message: inout TextMessage, path: String) throws(ParseFailure) {
        let open = try current()
        let closing: UInt8
        if open.isSymbol("{") { closing = UInt8(ascii: "}") } else if open.isSymbol("<") { closing = UInt8(ascii: ">") } else {
            throw ParseFailure(offset: open.start, message: "expected '{' to open \(path)")
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ParseFailure(offset: open.start, message: "blocks nested deeper than \(Self.maximumDepth) levels")
        }
        advance()

        let index = message.index(of: field.name)
        if nested.isMapEntry {
            var entry = TextMessage(schema: nested, nameOffset: nameToken.start)
            try parseFields(into: &entry, context: path, closing: closing, openedAt: open.start)
            try insertMapEntry(entry, field: field, nameToken: nameToken, into: &message, at: index, path: path)
        } else if field.isRepeated {
            var element = TextMessage(schema: nested, nameOffset: nameToken.start)
            try parseFields(into: &element, context: path, closing: closing, openedAt: open.start)
            if let index, case .messages(var list) = message.entries[index].value {
                list.append(element)
                message.entries[index].value = .messages(list)
            } else {
                message.entries.append(TextEntry(field: field, value: .messages([element]), nameOffset: nameToken.start))
            }
        } else {
            var merged = TextMessage(schema: nested, nameOffset: nameToken.start)
            if let index, case .message(let existing) = message.entries[index].value { merged = existing }
            try parseFields(into: &merged, context: path, closing: closing, openedAt: open.start)
            if let index {
                message.entries[index].value = .message(merged)
            } else {
                message.entries.append(TextEntry(field: field, value: .message(merged), nameOffset: nameToken.start))
            }
        }
    }

    private mutating func insertMapEntry(_ entry: TextMessage, field: FieldSchema, nameToken: Token,
                                         into message: inout TextMessage, at index: Int?, path: String) throws(ParseFailure) {
        guard let key = entry.scalar("key") else {
            return try report(nameToken.start, "\(path) entry has no key")
        }
        let value: TextValue
        if let written = entry.entry("value") {
            value = written.value
        } else {
            return try report(nameToken.start, "\(path) entry \"\(key.value.keyText)\" has no value")
        }
        let mapEntry = TextMapEntry(key: key, value: value, nameOffset: nameToken.start)
        guard let index, case .map(var entries) = message.entries[index].value else {
            message.entries.append(TextEntry(field: field, value: .map([mapEntry]), nameOffset: nameToken.start))
            return
        }
        if let existing = entries.firstIndex(where: { $0.key.value == key.value }) {
            entries[existing] = mapEntry
        } else {
            entries.append(mapEntry)
        }
        message.entries[index].value = .map(entries)
    }

    // MARK: - Scalars

    private mutating func parseScalar(_ field: FieldSchema, nameToken: Token, into message: inout TextMessage,
                                      path: String) throws(ParseFailure) {
        let valueToken = try current()
        guard let value = try scalarValue(for: field, path: path) else { return }
        let scalar = TextScalar(value: value, nameOffset: nameToken.start, valueOffset: valueToken.start)
        guard let index = message.index(of: field.name) else {
            message.entries.append(TextEntry(field: field, value: field.isRepeated ? .scalars([scalar]) : .scalar(scalar),
                                             nameOffset: nameToken.start))
            return
        }
        if case .scalars(var list) = message.entries[index].value {
            list.append(scalar)
            message.entries[index].value = .scalars(list)
        } else {
            message.entries[index].value = .scalar(scalar)
        }
    }

    /// Reads one value for `field`; reports a value of the wrong type and returns nil (the bad
    /// token is consumed, so parsing goes on).
    private mutating func scalarValue(for field: FieldSchema, path: String) throws(ParseFailure) -> ScalarValue? {
        let t = try current()
        switch t.kind {
        case .identifier, .number, .string: break
        default:
            throw ParseFailure(offset: t.start, message: "expected a value for \(path), found \(describe(t))")
        }
        if t.kind == .string {
            var bytes = Array(t.bytes)
            advance()
            while case .string = try current().kind {
                bytes += try take().bytes
            }
            switch field.kind {
            case .string:
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    try report(t.start, "\(path) is not valid UTF-8 text")
                    return nil
                }
                return .string(text)
            case .bytes:
                return .bytes(bytes)
            default:
                try report(t.start, "\(path) expects \(Self.describe(field.kind, schema: schema)), not a string")
                return nil
            }
        }
        advance()
        let text = t.text
        let value: ScalarValue?
        let problem: String
        switch field.kind {
        case .string, .bytes:
            value = nil
            problem = "\(path) expects a quoted string, e.g. \(path.split(separator: ".").last ?? ""): \"\(text)\""
        case .bool:
            value = ScalarLiterals.bool(text).map(ScalarValue.bool)
            problem = "\(path) expects true or false, not \(text)"
        case .enumeration(let typeName):
            let enumSchema = schema.enums[typeName]
            let names = enumSchema?.values.map(\.name) ?? []
            if t.kind == .identifier {
                value = enumSchema?.number(named: text).map { .enumeration(name: text, number: $0) }
                problem = "unknown value \"\(text)\" for \(path)" + Suggestions.hint(for: text, in: names)
            } else if let n = ScalarLiterals.integer(text), let number = Int32(exactly: n.signed ?? Int64.max),
                      let name = enumSchema?.name(of: number) {
                value = .enumeration(name: name, number: number)
                problem = ""
            } else {
                value = nil
                problem = "unknown value \(text) for \(path); expected one of: " + names.joined(separator: ", ")
            }
        case .float, .double:
            value = ScalarLiterals.floatingPoint(text).map(ScalarValue.float)
            problem = "\(path) expects a number, not \(text)"
        case .int32, .sint32, .sfixed32, .int64, .sint64, .sfixed64, .uint32, .fixed32, .uint64, .fixed64:
            (value, problem) = Self.integerValue(text, isNumber: t.kind == .number, kind: field.kind, path: path)
        case .message:
            value = nil
            problem = "\(path) expects a { ... } block"
        }
        if value == nil { try report(t.start, problem) }
        return value
    }

    private static func integerValue(_ text: String, isNumber: Bool, kind: FieldSchema.Kind,
                                     path: String) -> (ScalarValue?, String) {
        let typeName = describe(kind, schema: nil)
        guard isNumber, let literal = ScalarLiterals.integer(text) else {
            let isFloat = isNumber && ScalarLiterals.floatingPoint(text) != nil
            return (nil, isFloat ? "\(path) expects a whole number, not \(text)" : "\(path) expects \(typeName), not \(text)")
        }
        let range: ClosedRange<Double>
        switch kind {
        case .int32, .sint32, .sfixed32: range = Double(Int32.min)...Double(Int32.max)
        case .uint32, .fixed32: range = 0...Double(UInt32.max)
        case .int64, .sint64, .sfixed64: range = Double(Int64.min)...Double(Int64.max)
        default: range = 0...Double(UInt64.max)
        }
        let unsigned = range.lowerBound == 0
        if unsigned, literal.isNegative, literal.magnitude != 0 {
            return (nil, "\(path) cannot be negative (got \(text))")
        }
        if unsigned {
            let max = kind == .uint32 || kind == .fixed32 ? UInt64(UInt32.max) : UInt64.max
            guard literal.magnitude <= max else { return (nil, "\(text) is too large for \(path) (\(typeName))") }
            return (.uint(literal.magnitude), "")
        }
        guard let signed = literal.signed, Double(signed) >= range.lowerBound, Double(signed) <= range.upperBound else {
            return (nil, "\(text) is out of range for \(path) (\(typeName))")
        }
        return (.int(signed), "")
    }

    // MARK: - Unknown fields

    /// Skips the value of an unknown field, as protobuf's parsers do, so later problems are found too.
    private mutating func skipUnknownValue() throws(ParseFailure) {
        if try skipOptional(":") {
            let t = try current()
            if t.isSymbol("{") || t.isSymbol("<") { return try skipBlock() }
            if try skipOptional("[") {
                if try skipOptional("]") { return }
                repeat {
                    let element = try current()
                    if element.isSymbol("{") || element.isSymbol("<") { try skipBlock() } else { try skipPrimitive() }
                } while try skipOptional(",")
                let close = try current()
                guard close.isSymbol("]") else { throw ParseFailure(offset: close.start, message: "expected ',' or ']'") }
                advance()
                return
            }
            return try skipPrimitive()
        }
        try skipBlock()
    }

    private mutating func skipPrimitive() throws(ParseFailure) {
        let t = try take()
        switch t.kind {
        case .identifier, .number: return
        case .string:
            while case .string = try current().kind { advance() }
        default:
            throw ParseFailure(offset: t.start, message: "expected a value, found \(describe(t))")
        }
    }

    private mutating func skipBlock() throws(ParseFailure) {
        let open = try take()
        let closing: UInt8
        if open.isSymbol("{") { closing = UInt8(ascii: "}") } else if open.isSymbol("<") { closing = UInt8(ascii: ">") } else {
            throw ParseFailure(offset: open.start, message: "expected ':' or '{' after the field name, found \(describe(open))")
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw ParseFailure(offset: open.start, message: "blocks nested deeper than \(Self.maximumDepth) levels")
        }
        while true {
            let t = try current()
            if t.kind == .symbol(closing) { advance(); return }
            guard case .identifier = t.kind else {
                if t.kind == .end {
                    throw ParseFailure(offset: open.start, message: "unterminated block: '\(Character(Unicode.Scalar(closing)))' missing for the block opened here")
                }
                throw ParseFailure(offset: t.start, message: "expected a field name, found \(describe(t))")
            }
            advance()
            try skipUnknownValue()
            try skipSeparator()
        }
    }

    // MARK: - Descriptions

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .end: return "the end of the file"
        case .identifier: return "'\(t.text)'"
        case .number: return "the number \(t.text)"
        case .string: return "a string"
        case .symbol(let c): return "'\(Character(Unicode.Scalar(c)))'"
        }
    }

    private func display(_ context: String) -> String { context.isEmpty ? "the block" : context }

    static func describe(_ kind: FieldSchema.Kind, schema: ProtoSchema?) -> String {
        switch kind {
        case .double, .float: return "a number"
        case .int32, .sint32, .sfixed32: return "an integer (int32)"
        case .int64, .sint64, .sfixed64: return "an integer (int64)"
        case .uint32, .fixed32: return "a non-negative integer (uint32)"
        case .uint64, .fixed64: return "a non-negative integer (uint64)"
        case .bool: return "true or false"
        case .string, .bytes: return "a quoted string"
        case .enumeration(let name):
            let values = schema?.enums[name]?.values.map(\.name).joined(separator: ", ") ?? name
            return "one of \(values)"
        case .message: return "a { ... } block"
        }
    }
}
