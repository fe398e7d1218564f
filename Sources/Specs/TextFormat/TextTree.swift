/// A scalar value as parsed, already converted to its field's type.
enum ScalarValue: Sendable, Equatable {
    case int(Int64)
    case uint(UInt64)
    case float(Double)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    case enumeration(name: String, number: Int32)

    /// The value as a param value or message text shows it: `42`, `0.7`, `true`, `resnet`, `INTEGRATE`.
    func rendered(as kind: FieldSchema.Kind) -> String {
        switch self {
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .float(let v): return kind == .float ? Float(v).description : v.description
        case .bool(let v): return v ? "true" : "false"
        case .string(let v): return v
        case .bytes(let v): return String(decoding: v, as: UTF8.self)
        case .enumeration(let name, _): return name
        }
    }

    /// The value for numeric comparisons (validators), or nil for text.
    var number: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .float(let v): return v
        case .bool(let v): return v ? 1 : 0
        case .enumeration(_, let n): return Double(n)
        case .string, .bytes: return nil
        }
    }
}

/// A scalar with where it was written.
struct TextScalar: Sendable {
    var value: ScalarValue
    /// Offset of the field name that set it, and of the value itself.
    var nameOffset: Int
    var valueOffset: Int
}

/// One entry of a map field: `target_class_config { key: "car" value { ... } }`.
struct TextMapEntry: Sendable {
    var key: TextScalar
    var value: TextValue
    var nameOffset: Int
}

/// What a field holds once every occurrence in the file is merged, as protobuf merges them:
/// the last value of a singular scalar, one merged message for a singular message, every element
/// of a repeated field, and the last entry per key of a map.
indirect enum TextValue: Sendable {
    case scalar(TextScalar)
    case message(TextMessage)
    case scalars([TextScalar])
    case messages([TextMessage])
    case map([TextMapEntry])
}

/// One field of a message with its merged value.
struct TextEntry: Sendable {
    var field: FieldSchema
    var value: TextValue
    /// Offset of the field's first name in the file.
    var nameOffset: Int
}

/// A parsed message: its fields in the order they first appear.
struct TextMessage: Sendable {
    var schema: MessageSchema
    /// Offset of the field name that opened this message (0 for the root).
    var nameOffset: Int
    var entries: [TextEntry] = []
    /// Which member of each oneof was set, with where.
    var oneofChoices: [String: (field: String, offset: Int)] = [:]

    init(schema: MessageSchema, nameOffset: Int) {
        self.schema = schema
        self.nameOffset = nameOffset
    }

    func entry(_ name: String) -> TextEntry? { entries.first { $0.field.name == name } }

    func index(of name: String) -> Int? { entries.firstIndex { $0.field.name == name } }

    /// Whether a field was written (a message field, or a scalar, even if set to zero).
    func has(_ name: String) -> Bool { entry(name) != nil }

    /// The nested message of a singular message field, if written.
    func message(_ name: String) -> TextMessage? {
        if case .message(let m)? = entry(name)?.value { return m }
        return nil
    }

    /// The value of a singular scalar field, if written.
    func scalar(_ name: String) -> TextScalar? {
        if case .scalar(let s)? = entry(name)?.value { return s }
        return nil
    }

    /// How many elements a repeated or map field has.
    func count(_ name: String) -> Int {
        switch entry(name)?.value {
        case .scalars(let v)?: return v.count
        case .messages(let v)?: return v.count
        case .map(let v)?: return v.count
        case .scalar?, .message?: return 1
        case nil: return 0
        }
    }
}

/// The key of a map entry as text, for paths and messages.
extension ScalarValue {
    var keyText: String { rendered(as: .string) }
}
