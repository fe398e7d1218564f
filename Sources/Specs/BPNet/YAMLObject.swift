import Foundation

/// A string coding key for reading every key a YAML mapping has.
struct AnyKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(_ name: String) { stringValue = name }
}

/// What decoding a YAML spec found: problems (by key path) and the defaults it filled in.
/// One instance travels through the decoder's `userInfo`, so every object adds to it and all
/// problems are reported at once.
final class YAMLDecodeLog {
    static let key = CodingUserInfoKey(rawValue: "zoo.specs.yaml-log")!

    var problems: [(path: [String], message: String, atKey: Bool)] = []
    var defaults: [(path: String, value: String)] = []

    static func from(_ decoder: Decoder) -> YAMLDecodeLog {
        decoder.userInfo[key] as? YAMLDecodeLog ?? YAMLDecodeLog()
    }
}

/// Reads one YAML mapping of a BPNet spec into a typed object, the way TAO's YAML loader builds its
/// objects: keys a class does not take are reported (with a suggestion), `__class_name__` must name
/// one of the accepted classes, keys left out take the class's default, and a value of the wrong type
/// is reported without stopping the rest of the file from being checked.
struct YAMLObject<Key: CodingKey & CaseIterable & RawRepresentable> where Key.RawValue == String {
    static var classNameKey: String { "__class_name__" }

    private let container: KeyedDecodingContainer<AnyKey>
    private let log: YAMLDecodeLog
    private let path: [String]
    /// The class TAO builds from this mapping (its `__class_name__`), if it names one.
    let className: String?

    /// - Parameter classNames: the classes this mapping may name, or nil for a plain dictionary.
    ///   `ignoring` are keys TAO accepts and does not use.
    init(_ decoder: Decoder, classNames: [String]? = nil, ignoring: [String] = []) throws {
        container = try decoder.container(keyedBy: AnyKey.self)
        log = YAMLDecodeLog.from(decoder)
        path = decoder.codingPath.map(\.stringValue)
        let known = Key.allCases.map(\.rawValue)
        let allowedExtra = ignoring + (classNames == nil ? [] : [Self.classNameKey])
        for key in container.allKeys where !known.contains(key.stringValue) && !allowedExtra.contains(key.stringValue) {
            let owner = path.isEmpty ? "the spec" : path.joined(separator: ".")
            log.problems.append((path + [key.stringValue],
                                 "unknown key \"\(key.stringValue)\" in \(owner)" + Suggestions.hint(for: key.stringValue, in: known),
                                 true))
        }
        guard let classNames else {
            className = nil
            return
        }
        let name = try? container.decodeIfPresent(String.self, forKey: AnyKey(Self.classNameKey))
        className = name
        let owner = path.isEmpty ? "the spec" : path.joined(separator: ".")
        if let name {
            if !classNames.contains(name) {
                log.problems.append((path + [Self.classNameKey],
                                     "\(owner) has __class_name__ \"\(name)\"; expected "
                                     + classNames.joined(separator: " or ") + Suggestions.hint(for: name, in: classNames), false))
            }
        } else {
            log.problems.append((path, "\(owner) needs \(Self.classNameKey): \(classNames[0])", true))
        }
    }

    /// The value of `key`, or `defaultValue` (recorded as applied) when the key is absent.
    func optional<T: Decodable & CustomStringConvertible>(_ key: Key, default defaultValue: T) -> T {
        if let value: T = decode(key) { return value }
        if !container.contains(AnyKey(key.rawValue)) {
            log.defaults.append(((path + [key.rawValue]).joined(separator: "."), defaultValue.description))
        }
        return defaultValue
    }

    /// The value of `key`, nil when absent or written as `null`.
    func nullable<T: Decodable>(_ key: Key) -> T? {
        decode(key)
    }

    /// The value of `key`; reports it missing (and returns `placeholder`) when absent.
    func required<T: Decodable>(_ key: Key, placeholder: T) -> T {
        if let value: T = decode(key) { return value }
        if !container.contains(AnyKey(key.rawValue)) || (try? container.decodeNil(forKey: AnyKey(key.rawValue))) == true {
            let owner = path.isEmpty ? "the spec" : path.joined(separator: ".")
            log.problems.append((path, "\(owner) needs \(key.rawValue)", true))
        }
        return placeholder
    }

    private func decode<T: Decodable>(_ key: Key) -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: AnyKey(key.rawValue))
        } catch let error as DecodingError {
            log.problems.append((path + [key.rawValue], YAMLDescriptions.describe(error, key: (path + [key.rawValue]).joined(separator: ".")), false))
            return nil
        } catch {
            log.problems.append((path + [key.rawValue], "\(key.rawValue): \(error)", false))
            return nil
        }
    }
}

/// Turning decoding errors into one-line messages.
enum YAMLDescriptions {
    static func describe(_ error: DecodingError, key: String) -> String {
        switch error {
        case .typeMismatch(let type, _), .valueNotFound(let type, _):
            return "\(key) must be \(typeName(type))"
        case .dataCorrupted(let context):
            return "\(key): \(context.debugDescription)"
        case .keyNotFound(let missing, _):
            return "\(key) needs \(missing.stringValue)"
        @unknown default:
            return "\(key): \(error)"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "Int": return "a whole number"
        case "Double", "Float": return "a number"
        case "Bool": return "true or false"
        case "String": return "text"
        case _ where name.hasPrefix("Array"): return "a list"
        case _ where name.hasPrefix("Dictionary"): return "a mapping"
        default: return "a mapping"
        }
    }
}

/// Writing BPNet spec objects back as YAML in TAO's key order, with their `__class_name__`.
struct YAMLWriter<Key: CodingKey> {
    private var container: KeyedEncodingContainer<AnyKey>

    init(_ encoder: Encoder, className: String? = nil) throws {
        container = encoder.container(keyedBy: AnyKey.self)
        if let className { try container.encode(className, forKey: AnyKey("__class_name__")) }
    }

    mutating func write<T: Encodable>(_ value: T, _ key: Key) throws {
        try container.encode(value, forKey: AnyKey(key.stringValue))
    }

    /// Writes `value`, or `null` when it is nil (TAO's files spell out their nulls).
    mutating func write<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try container.encode(value, forKey: AnyKey(key.stringValue)) } else {
            try container.encodeNil(forKey: AnyKey(key.stringValue))
        }
    }
}
