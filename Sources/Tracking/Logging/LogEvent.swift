import Foundation
import ZooCore

/// One thing to log, as read from the JSON-lines channel (`zoo runs log`, external plugins).
/// The line format is documented in docs/TRACKING.md.
public enum LogEvent: Sendable, Equatable {
    /// `{"param": "lr", "value": "0.01"}`
    case param(key: String, value: String)
    /// `{"params": {"lr": 0.01, "model_config": {"arch": "resnet"}}}` (flattened)
    case params([String: String])
    /// `{"metric": "loss", "value": 0.41, "step": 3, "timestamp": 1700000000000}`
    case metric(key: String, value: Double, step: Int64?, timestamp: Date?)
    /// `{"metrics": {"loss": 0.41, "acc": 0.9}, "step": 3}`
    case metrics([String: Double], step: Int64?, timestamp: Date?)
    /// `{"tag": "stage", "value": "dev"}`
    case tag(key: String, value: String)
    /// `{"tags": {"stage": "dev"}}`
    case tags([String: String])
    /// `{"artifact": "runs/a/model.tlt", "role": "output", "source": "…"}` (role defaults to output)
    case artifact(path: String, role: ArtifactRole, source: String?)

    /// Parses one line; nil for a blank line. Throws `LogLineError` saying what is wrong.
    public static func parse(line: String) throws -> LogEvent? {
        guard line.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch let error as JSONSyntaxError {
            throw LogLineError(message: "not valid JSON (column \(error.column): \(error.message))")
        }
        guard case .object(let members) = value else { throw LogLineError(message: "expected a JSON object") }
        var fields: [String: JSONValue] = [:]
        for member in members {
            guard fields[member.key] == nil else { throw LogLineError(message: "field \"\(member.key)\" appears twice") }
            fields[member.key] = member.value
        }
        let kinds = ["param", "params", "metric", "metrics", "tag", "tags", "artifact"].filter { fields[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            throw LogLineError(message: kinds.isEmpty
                ? "expected one of \"param\", \"params\", \"metric\", \"metrics\", \"tag\", \"tags\", \"artifact\""
                : "one line logs one thing; found " + kinds.map { "\"\($0)\"" }.joined(separator: " and "))
        }
        let line = Fields(kind: kind, fields: fields)
        switch kind {
        case "param":
            try line.allow(["value"])
            let key = try line.name()
            let value = try line.required("value")
            if value.isContainer { return .params(ParamFlattener.flatten(value, prefix: key)) }
            return .param(key: key, value: value.text)
        case "params":
            try line.allow([])
            return .params(ParamFlattener.flatten(try line.object()))
        case "metric":
            try line.allow(["value", "step", "timestamp"])
            return .metric(key: try line.name(), value: try line.number(line.required("value"), "value"),
                           step: try line.step(), timestamp: try line.timestamp())
        case "metrics":
            try line.allow(["step", "timestamp"])
            guard case .object(let members) = try line.object(), !members.isEmpty else {
                throw LogLineError(message: "\"metrics\" must be a non-empty object of numbers")
            }
            var values: [String: Double] = [:]
            for member in members { values[member.key] = try line.number(member.value, "metrics.\(member.key)") }
            return .metrics(values, step: try line.step(), timestamp: try line.timestamp())
        case "tag":
            try line.allow(["value"])
            return .tag(key: try line.name(), value: try line.required("value").text)
        case "tags":
            try line.allow([])
            return .tags(ParamFlattener.flatten(try line.object()))
        default:
            try line.allow(["role", "source"])
            let role = try line.fields["role"].map { value -> ArtifactRole in
                guard case .string(let text) = value, let role = ArtifactRole(rawValue: text.lowercased()) else {
                    throw LogLineError(message: "\"role\" must be \"input\" or \"output\"")
                }
                return role
            } ?? .output
            let source = try line.fields["source"].map { value -> String in
                guard case .string(let text) = value else { throw LogLineError(message: "\"source\" must be a string") }
                return text
            }
            return .artifact(path: try line.name(), role: role, source: source)
        }
    }

    /// The fields of one line, with the checks each kind needs.
    private struct Fields {
        let kind: String
        let fields: [String: JSONValue]

        func allow(_ extra: Set<String>) throws {
            for key in fields.keys.sorted() where key != kind && !extra.contains(key) {
                throw LogLineError(message: "unknown field \"\(key)\" in a \"\(kind)\" line")
            }
        }

        func required(_ key: String) throws -> JSONValue {
            guard let value = fields[key] else { throw LogLineError(message: "a \"\(kind)\" line needs \"\(key)\"") }
            return value
        }

        /// The kind field as a non-empty string (the key name, or the artifact path).
        func name() throws -> String {
            guard case .string(let text)? = fields[kind], !text.isEmpty else {
                throw LogLineError(message: "\"\(kind)\" must be a non-empty string")
            }
            return text
        }

        func object() throws -> JSONValue {
            guard let value = fields[kind], case .object = value else { throw LogLineError(message: "\"\(kind)\" must be an object") }
            return value
        }

        func number(_ value: JSONValue, _ what: String) throws -> Double {
            switch value {
            case .number(let number, _): return number
            case .string(let text):
                if let number = Double(text) { return number }
                switch text.lowercased() {
                case "nan": return .nan
                case "inf", "infinity": return .infinity
                case "-inf", "-infinity": return -.infinity
                default: break
                }
            default: break
            }
            throw LogLineError(message: "\"\(what)\" must be a number")
        }

        func step() throws -> Int64? {
            guard let value = fields["step"] else { return nil }
            guard case .number(let number, _) = value, number.rounded() == number, abs(number) < 9.0e15 else {
                throw LogLineError(message: "\"step\" must be an integer")
            }
            return Int64(number)
        }

        func timestamp() throws -> Date? {
            switch fields["timestamp"] {
            case nil: return nil
            case .number(let millis, _)? where millis.isFinite: return Date(timeIntervalSince1970: millis / 1000)
            case .string(let text)?:
                if let date = Format.parseISO(text) { return date }
            default: break
            }
            throw LogLineError(message: "\"timestamp\" must be milliseconds since 1970 or an ISO-8601 time")
        }
    }
}

/// Why a JSON line could not be logged.
public struct LogLineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the line.
    public var message: String
    /// The message.
    public var description: String { message }
}
