import Foundation
import ZooCore

/// The JSON coders the registry uses for its files, API bodies and `--format_type json` output.
public enum RegistryJSON {
    /// Stable, readable output: sorted keys, indented, `/` unescaped.
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes `value` as JSON bytes.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        try encoder(pretty: pretty).encode(value)
    }

    /// Encodes `value` as JSON text ending in a newline.
    public static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self) + "\n"
    }

    /// Decodes `type` from `data`; `what` names the source in the error a user sees.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw ZooError("\(what) is not valid: \(describe(error)).",
                           hint: "fix or restore the file; the registry's formats are described in docs/REGISTRY.md",
                           exitCode: ZooError.Code.integrity)
        }
    }

    /// Reads and decodes a JSON file.
    public static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ZooError("Cannot read \(url.path).", hint: "check that the file exists and is readable",
                           exitCode: ZooError.Code.notFound)
        }
        return try decode(type, from: data, what: url.path)
    }

    /// A one-line description of a decoding error: what was wrong and where.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at \(path(context.codingPath))"
        @unknown default: return "unreadable"
        }
    }
}
