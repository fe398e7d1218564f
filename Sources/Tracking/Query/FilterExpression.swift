/// What a filter or sort key refers to: a metric (by default its last value), a param, a tag, or
/// a run attribute.
public struct RunField: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The kinds of field.
    public enum Kind: Sendable, Equatable, Hashable {
        /// A metric's summary value.
        case metric(MetricAggregate)
        /// A param (string; numeric comparisons read it as a number).
        case param
        /// A tag.
        case tag
        /// A column of the run.
        case attribute(RunAttribute)
    }

    /// What kind of field.
    public var kind: Kind
    /// The metric, param or tag name (the attribute name for attributes).
    public var key: String

    /// `metrics.mAP`, `min(metrics.loss)`, `params.lr`, `tags.stage`, `attributes.status`.
    public var description: String {
        switch kind {
        case .metric(.last): return "metrics.\(Self.quoted(key))"
        case .metric(let aggregate): return "\(aggregate.rawValue)(metrics.\(Self.quoted(key)))"
        case .param: return "params.\(Self.quoted(key))"
        case .tag: return "tags.\(Self.quoted(key))"
        case .attribute(let attribute): return "attributes.\(attribute.rawValue)"
        }
    }

    private static func quoted(_ key: String) -> String {
        key.allSatisfy { $0.isLetter || $0.isNumber || "_-./:@".contains($0) } ? key : "`\(key)`"
    }
}

/// Which value of a metric's series a filter or sort uses.
public enum MetricAggregate: String, Sendable, CaseIterable {
    /// The value at the highest step (the default).
    case last
    /// The smallest value logged.
    case min
    /// The largest value logged.
    case max
}

/// Run columns a filter can use, with MLflow's names as aliases.
public enum RunAttribute: String, Sendable, CaseIterable {
    case id, name, status, experiment, task, action, plugin, host, source
    case gitCommit = "git_commit"
    case parent
    case startTime = "start_time"
    case endTime = "end_time"
    case duration

    /// Accepted spellings, MLflow's included.
    static let aliases: [String: RunAttribute] = [
        "run_id": .id, "run_name": .name, "created": .startTime, "start": .startTime, "end": .endTime,
        "parent_run_id": .parent, "experiment_name": .experiment, "git_sha": .gitCommit, "commit": .gitCommit,
    ]

    /// Whether values compare as numbers (times are milliseconds since 1970 or ISO-8601 strings;
    /// duration is seconds).
    var isNumeric: Bool {
        switch self {
        case .id, .parent, .startTime, .endTime, .duration: return true
        default: return false
        }
    }
}

/// A literal value in a filter.
enum FilterLiteral: Equatable {
    case string(String)
    case number(Double, String)

    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    /// The literal as written (numbers keep their text).
    var text: String {
        switch self {
        case .string(let text): return text
        case .number(_, let text): return text
        }
    }
}

/// A parsed filter.
indirect enum FilterExpression: Equatable {
    case and(FilterExpression, FilterExpression)
    case or(FilterExpression, FilterExpression)
    case not(FilterExpression)
    /// `field op literal` with op one of = != < <= > >=.
    case compare(RunField, String, FilterLiteral, column: Int)
    /// `field [not] in (a, b, …)`.
    case member(RunField, [FilterLiteral], negated: Bool, column: Int)
    /// `field [not] like|ilike 'pattern'` (like is case-sensitive, ilike is not; `%` and `_` wildcards).
    case pattern(RunField, String, caseSensitive: Bool, negated: Bool, column: Int)
    /// `field is [not] null`: whether the run has the field.
    case isNull(RunField, negated: Bool)

    /// The fields the expression reads, in first-use order.
    var fields: [RunField] {
        var seen: [RunField] = []
        func visit(_ expression: FilterExpression) {
            switch expression {
            case .and(let a, let b), .or(let a, let b): visit(a); visit(b)
            case .not(let a): visit(a)
            case .compare(let field, _, _, _), .member(let field, _, _, _), .pattern(let field, _, _, _, _), .isNull(let field, _):
                if !seen.contains(field) { seen.append(field) }
            }
        }
        visit(self)
        return seen
    }
}
