import Foundation
import Yams

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
    init(_ decoder: Decoder, classNames: [String]? = nil) throws {
        container = try decoder.container(keyedBy: AnyKey.self)
        log = YAMLDecodeLog.from(decoder)
        path = decoder.codingPath.map(\.stringValue)
        let known = Key.allCases.map(\.rawValue)
        let allowedExtra = classNames == nil ? [] : [Self.classNameKey]
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
                                     + classNames.joined(separator: " or ")
                                     + (Suggestions.closest(to: name, in: classNames).map { "; did you mean \"\($0)\"?" } ?? ""),
                                     false))
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

    mutating func write(_ value: Double, _ key: Key) throws {
        try container.encode(YAMLFloat(value), forKey: AnyKey(key.stringValue))
    }

    mutating func write(_ value: Double?, _ key: Key) throws {
        try write(value.map(YAMLFloat.init), key)
    }

    mutating func write(_ values: [Double], _ key: Key) throws {
        try container.encode(values.map(YAMLFloat.init), forKey: AnyKey(key.stringValue))
    }

    mutating func write(_ values: [String: Double]?, _ key: Key) throws {
        try write(values?.mapValues(YAMLFloat.init), key)
    }

    /// Writes `value`, or `null` when it is nil (TAO's files spell out their nulls).
    mutating func write<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try container.encode(value, forKey: AnyKey(key.stringValue)) } else {
            try container.encodeNil(forKey: AnyKey(key.stringValue))
        }
    }
}

/// A number written the way TAO's own YAML files write it (`0.05`, `2.0e-05`), which Python's
/// YAML reads back as a float; Yams' default would write `5e-2`, which it reads as a string.
struct YAMLFloat: YAMLEncodable {
    var value: Double

    init(_ value: Double) { self.value = value }

    func box() -> Node { Node(Self.text(value), Tag(.float)) }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    static func text(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        var text = value.description
        if let e = text.firstIndex(of: "e"), !text[..<e].contains(".") { text.insert(contentsOf: ".0", at: e) }
        return text
    }
}
