import Foundation
import GRDB
import ZooCore

/// Compiles a `FilterExpression` to an SQL condition over `runs r`, with every value bound as a
/// parameter (never spliced into the SQL).
struct FilterCompiler {
    /// The time `duration` of a running run is measured to.
    let nowMillis: Int64
    private(set) var arguments: [DatabaseValue] = []

    init(nowMillis: Int64) { self.nowMillis = nowMillis }

    /// The SQL condition for `expression`; its arguments accumulate in `arguments`.
    mutating func condition(_ expression: FilterExpression) throws -> String {
        switch expression {
        case .and(let a, let b): return "(\(try condition(a)) AND \(try condition(b)))"
        case .or(let a, let b): return "(\(try condition(a)) OR \(try condition(b)))"
        case .not(let a): return "(NOT \(try condition(a)))"
        case .compare(let field, let op, let literal, let column):
            let bound = try literalValue(field, literal, column: column)
            let sql = operand(field, numeric: literal.isNumber)
            arguments.append(bound)
            return "(\(sql) \(op) ?)"
        case .member(let field, let literals, let negated, let column):
            let numeric = literals.allSatisfy(\.isNumber)
            let bound = try literals.map { try literalValue(field, numeric ? $0 : .string($0.text), column: column) }
            let sql = operand(field, numeric: numeric)
            arguments += bound
            let marks = Array(repeating: "?", count: bound.count).joined(separator: ", ")
            return "(\(sql) \(negated ? "NOT IN" : "IN") (\(marks)))"
        case .pattern(let field, let pattern, let caseSensitive, let negated, let column):
            if case .metric = field.kind {
                throw FilterError(message: "\(field) is a number; like and ilike match text (params, tags, attributes)", column: column)
            }
            let sql = value(field)
            let test: String
            if caseSensitive {
                arguments.append(Self.glob(fromLike: pattern).databaseValue)
                test = "\(sql) GLOB ?"
            } else {
                arguments.append(pattern.databaseValue)
                test = "\(sql) LIKE ? ESCAPE '\\'"
            }
            return negated ? "(NOT (\(test)))" : "(\(test))"
        case .isNull(let field, let negated):
            return "(\(value(field)) IS \(negated ? "NOT " : "")NULL)"
        }
    }

    /// The SQL expression that reads `field` for run `r` (NULL when the run lacks it).
    mutating func value(_ field: RunField) -> String {
        switch field.kind {
        case .metric(let aggregate):
            arguments.append(field.key.databaseValue)
            let column = aggregate == .last ? "last_value" : aggregate == .min ? "min_value" : "max_value"
            return "(SELECT s.\(column) FROM metric_summaries s WHERE s.run_id = r.id AND s.key_id = (SELECT k.id FROM metric_keys k WHERE k.name = ?))"
        case .param:
            arguments.append(field.key.databaseValue)
            return "(SELECT p.value FROM params p WHERE p.run_id = r.id AND p.key = ?)"
        case .tag:
            arguments.append(field.key.databaseValue)
            return "(SELECT t.value FROM tags t WHERE t.run_id = r.id AND t.key = ?)"
        case .attribute(let attribute):
            switch attribute {
            case .id: return "r.id"
            case .name: return "r.name"
            case .status: return "r.status"
            case .experiment: return "(SELECT e2.name FROM experiments e2 WHERE e2.id = r.experiment_id)"
            case .task: return "r.task"
            case .action: return "r.action"
            case .plugin: return "r.plugin"
            case .host: return "r.host"
            case .source: return "r.source"
            case .gitCommit: return "r.git_commit"
            case .parent: return "r.parent_run_id"
            case .startTime: return "r.start_ms"
            case .endTime: return "r.end_ms"
            case .duration:
                arguments.append(nowMillis.databaseValue)
                return "((COALESCE(r.end_ms, ?) - r.start_ms) / 1000.0)"
            }
        }
    }

    /// The left-hand side comparing `field` with a literal: params and tags compared with a
    /// number are read as numbers (`zoo_number`, NULL when the text is not one).
    private mutating func operand(_ field: RunField, numeric: Bool) -> String {
        switch field.kind {
        case .param, .tag: return numeric ? "zoo_number(\(value(field)))" : value(field)
        default: return value(field)
        }
    }

    /// The value bound for `literal` compared with `field`; an error when the types cannot compare.
    private func literalValue(_ field: RunField, _ literal: FilterLiteral, column: Int) throws -> DatabaseValue {
        switch (field.kind, literal) {
        case (.metric, .number(let number, _)), (.param, .number(let number, _)), (.tag, .number(let number, _)):
            return number.databaseValue
        case (.metric, .string(let text)):
            throw FilterError(message: "\(field) is a number; compare it with a number, not '\(text)'", column: column)
        case (.param, .string(let text)), (.tag, .string(let text)):
            return text.databaseValue
        case (.attribute(let attribute), _):
            return try attributeValue(attribute, literal, column: column)
        }
    }

    private func attributeValue(_ attribute: RunAttribute, _ literal: FilterLiteral, column: Int) throws -> DatabaseValue {
        switch (attribute, literal) {
        case (.startTime, .string(let text)), (.endTime, .string(let text)):
            guard let date = Format.parseISO(text) ?? Format.parseISO(text + "T00:00:00Z") else {
                throw FilterError(message: "\(attribute.rawValue) takes milliseconds since 1970 or a date such as '2024-05-01' or '2024-05-01T12:00:00Z'", column: column)
            }
            return Millis.from(date).databaseValue
        case (_, .string(let text)) where attribute.isNumeric:
            throw FilterError(message: "attributes.\(attribute.rawValue) is a number; compare it with a number, not '\(text)'", column: column)
        case (.status, _):
            let status = literal.text.uppercased()
            guard RunStatus(rawValue: status) != nil else {
                throw FilterError(message: "unknown status '\(literal.text)'; use " + RunStatus.allCases.map(\.rawValue).joined(separator: ", "), column: column)
            }
            return status.databaseValue
        case (_, .number(let number, let text)):
            return attribute.isNumeric ? number.databaseValue : text.databaseValue
        case (_, .string(let text)):
            return text.databaseValue
        }
    }

    /// SQL LIKE pattern (`%`, `_`, backslash escapes) as a case-sensitive GLOB pattern.
    static func glob(fromLike pattern: String) -> String {
        var out = ""
        var escaped = false
        for c in pattern {
            if escaped {
                out += c == "*" || c == "?" || c == "[" ? "[\(c)]" : String(c)
                escaped = false
                continue
            }
            switch c {
            case "\\": escaped = true
            case "%": out += "*"
            case "_": out += "?"
            case "*", "?", "[": out += "[\(c)]"
            default: out.append(c)
            }
        }
        return out
    }
}
