/// A check on a scalar field's value, one of TAO's `ValueChecker`s.
enum ValueCheck: Sendable {
    case greaterThan(Double)
    case atLeast(Double)
    case lessThan(Double)
    case atMost(Double)
    /// The field must be set to something other than "" (or zero).
    case set
    case oneOf([String])
    case multipleOf(Int)

    func passes(_ value: ScalarValue) -> Bool {
        switch self {
        case .greaterThan(let limit): return (value.number ?? 0) > limit
        case .atLeast(let limit): return (value.number ?? 0) >= limit
        case .lessThan(let limit): return (value.number ?? 0) < limit
        case .atMost(let limit): return (value.number ?? 0) <= limit
        case .set: return value.keyText != "" && value.number != 0
        case .oneOf(let allowed): return allowed.contains(value.keyText)
        case .multipleOf(let n): return (value.number ?? 0).truncatingRemainder(dividingBy: Double(n)) == 0
        }
    }

    func failure(_ path: String, _ shown: String, unset: Bool) -> String {
        let got = unset ? "it is not set" : "got \(shown)"
        switch self {
        case .greaterThan(let limit): return "\(path) must be greater than \(Self.format(limit)), \(got)"
        case .atLeast(let limit): return "\(path) must be at least \(Self.format(limit)), \(got)"
        case .lessThan(let limit): return "\(path) must be less than \(Self.format(limit)), \(got)"
        case .atMost(let limit): return "\(path) must be at most \(Self.format(limit)), \(got)"
        case .set: return "\(path) must be set"
        case .oneOf(let allowed):
            let hint = Suggestions.closest(to: shown, in: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
            return "\(path) must be one of \(allowed.joined(separator: ", ")), \(unset ? got : "got \"\(shown)\"")\(hint)"
        case .multipleOf(let n): return "\(path) must be a multiple of \(n), \(got)"
        }
    }

    private static func format(_ limit: Double) -> String {
        limit == limit.rounded() && abs(limit) < 1e15 ? String(Int64(limit)) : String(limit)
    }
}

/// The required sections and value checks of one spec format, in the shape of TAO's spec
/// validator (`cv/common/spec_validator.py` with a task's `spec_handling/constants.py`):
///
/// - `required` names the message fields the top level must set;
/// - `requiredInside[name]` the message fields a message reached through a field `name` must set
///   (repeated and map fields must have at least one element);
/// - `checks[name]` applies to every scalar field called `name`, at any depth, in every message
///   that is present — including fields left unset, which count as their zero value, as in TAO.
struct FieldRules: Sendable {
    var required: [String] = []
    var requiredInside: [String: [String]] = [:]
    var checks: [String: [ValueCheck]] = [:]

    func validate(_ root: TextMessage, into issues: inout SpecIssues) {
        validate(root, path: "", required: required, into: &issues)
    }

    private func validate(_ message: TextMessage, path: String, required: [String], into issues: inout SpecIssues) {
        for field in message.schema.fields {
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            let entry = message.entry(field.name)
            if case .message = field.kind {
                if required.contains(field.name), message.count(field.name) == 0 {
                    let place = path.isEmpty ? "" : " in \(path)"
                    issues.add(fieldPath, "missing required section \(field.name)\(place)"
                        + (field.isRepeated ? " (it needs at least one entry)" : ""), offset: message.nameOffset)
                }
                let nested = requiredInside[field.name] ?? []
                switch entry?.value {
                case .message(let m)?:
                    validate(m, path: fieldPath, required: nested, into: &issues)
                case .messages(let list)?:
                    for (i, m) in list.enumerated() { validate(m, path: "\(fieldPath).\(i)", required: nested, into: &issues) }
                case .map(let entries)?:
                    for e in entries {
                        if case .message(let m) = e.value {
                            validate(m, path: "\(fieldPath).\(e.key.value.keyText)", required: nested, into: &issues)
                        }
                    }
                default:
                    break
                }
                continue
            }
            guard let fieldChecks = checks[field.name] else { continue }
            switch entry?.value {
            case .scalar(let s)?:
                check(s.value, kind: field.kind, fieldChecks, path: fieldPath, unset: false, offset: s.nameOffset, into: &issues)
            case .scalars(let list)?:
                for (i, s) in list.enumerated() {
                    check(s.value, kind: field.kind, fieldChecks, path: "\(fieldPath).\(i)", unset: false,
                          offset: s.valueOffset, into: &issues)
                }
            case nil where !field.isRepeated:
                check(Self.zero(of: field.kind), kind: field.kind, fieldChecks, path: fieldPath, unset: true,
                      offset: message.nameOffset, into: &issues)
            default:
                break
            }
        }
    }

    private func check(_ value: ScalarValue, kind: FieldSchema.Kind, _ checks: [ValueCheck], path: String, unset: Bool,
                       offset: Int, into issues: inout SpecIssues) {
        // TAO stops at the first failing check of a field.
        if let failed = checks.first(where: { !$0.passes(value) }) {
            issues.add(path, failed.failure(path, value.rendered(as: kind), unset: unset), offset: offset)
        }
    }

    /// The proto3 default of a scalar field: what TAO's validator sees when a field is not written.
    static func zero(of kind: FieldSchema.Kind) -> ScalarValue {
        switch kind {
        case .double, .float: return .float(0)
        case .int32, .int64, .sint32, .sint64, .sfixed32, .sfixed64: return .int(0)
        case .uint32, .uint64, .fixed32, .fixed64: return .uint(0)
        case .bool: return .bool(false)
        case .string: return .string("")
        case .bytes: return .bytes([])
        case .enumeration(let name):
            let first = ProtoSchema.specs.enums[name]?.values.first
            return .enumeration(name: first?.name ?? "", number: first?.number ?? 0)
        case .message: return .int(0)
        }
    }
}
