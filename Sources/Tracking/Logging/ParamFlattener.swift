import ZooCore

/// Flattens a nested spec into the flat `[String: String]` params a run stores.
///
/// - object members join with dots: `{"model_config": {"arch": "resnet"}}` → `model_config.arch = resnet`;
/// - a list of plain values is one param, written as JSON: `freeze_blocks = [0, 1]`;
/// - a list holding objects or lists is indexed: `dataset_config.data_sources[0].tfrecords_path = …`;
/// - numbers keep their literal text (`0.010` stays `0.010`); `true`/`false`/`null` as written;
/// - an empty object is kept as `{}` (a chosen oneof with no fields, such as `optimizer.adam`).
public enum ParamFlattener {
    /// Flattens a JSON text (a spec converted to JSON, such as protobuf's JSON form).
    public static func flatten(json text: String) throws -> [String: String] {
        do {
            return flatten(try JSONParser.parse(text))
        } catch let error as JSONSyntaxError {
            throw ZooError.usage("Cannot flatten params: invalid JSON at column \(error.column): \(error.message).")
        }
    }

    /// Flattens a parsed JSON value; `prefix` is prepended to every key.
    public static func flatten(_ value: JSONValue, prefix: String = "") -> [String: String] {
        var result: [String: String] = [:]
        add(value, key: prefix, into: &result)
        return result
    }

    private static func add(_ value: JSONValue, key: String, into result: inout [String: String]) {
        switch value {
        case .object(let members) where !members.isEmpty:
            for member in members {
                add(member.value, key: key.isEmpty ? member.key : key + "." + member.key, into: &result)
            }
        case .array(let items) where items.contains(where: \.isContainer):
            for (index, item) in items.enumerated() { add(item, key: key + "[\(index)]", into: &result) }
        default:
            result[key.isEmpty ? "value" : key] = value.text
        }
    }
}

extension JSONValue {
    /// True for objects and arrays.
    var isContainer: Bool {
        switch self {
        case .object, .array: return true
        default: return false
        }
    }
}
