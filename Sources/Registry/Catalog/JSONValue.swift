import Foundation

/// Any JSON value, kept as written: the `recipe` slot of a catalog version (a JSON object or
/// null) and other free-form fields the registry stores without interpreting.
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers print without a fraction, as they were most likely written.
            if value.rounded() == value, abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member named `key` of an object, nil otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// True for `null`.
    public var isNull: Bool { self == .null }
}

extension JSONValue {
    /// `base` with the members of `patch` laid over it (a `null` member clears the field),
    /// decoded back into `T`. Used for NGC's partial updates (`PATCH` bodies carry only what changes).
    static func overlay<T: Codable>(_ base: T, with patch: [String: JSONValue]) throws -> T {
        let encoded = try JSONDecoder().decode(JSONValue.self, from: RegistryJSON.encode(base, pretty: false))
        guard case .object(var members) = encoded else { return base }
        for (key, value) in patch {
            if value == .null { members.removeValue(forKey: key) } else { members[key] = value }
        }
        return try JSONDecoder().decode(T.self, from: RegistryJSON.encode(JSONValue.object(members), pretty: false))
    }
}
