/// Problems found while validating a loaded spec, each tied to the spec path it is about;
/// the loader turns paths into file positions.
struct SpecIssues: Sendable {
    struct Issue: Sendable {
        /// The dotted path the problem is about (`training_config.num_epochs`).
        var path: String
        /// A known byte offset, when the check already knows where the value was written.
        var offset: Int?
        var message: String
    }

    private(set) var items: [Issue] = []

    var isEmpty: Bool { items.isEmpty }

    /// Records a problem about `path`; the message should name the path.
    mutating func add(_ path: String, _ message: String, offset: Int? = nil) {
        items.append(Issue(path: path, offset: offset, message: message))
    }

    /// Records `message` unless `condition` holds.
    mutating func check(_ condition: Bool, _ path: String, _ message: @autoclosure () -> String) {
        if !condition { add(path, message()) }
    }

    /// Checks that `value` lies in `range`, with TAO's wording of the limits.
    mutating func check<T: Comparable & CustomStringConvertible>(_ value: T, in range: ValueRange<T>, _ path: String) {
        if !range.contains(value) { add(path, "\(path) must be \(range), got \(ValueRange<T>.format(value))") }
    }
}

/// A closed, open or half-open interval, printed as `within [0, 1]`, `within (0, 0.5)`, `at least 1`.
struct ValueRange<T: Comparable & CustomStringConvertible>: Sendable, CustomStringConvertible where T: Sendable {
    var lower: T?
    var lowerInclusive = true
    var upper: T?
    var upperInclusive = true

    static func within(_ lower: T, _ upper: T) -> ValueRange { ValueRange(lower: lower, upper: upper) }
    static func atLeast(_ lower: T) -> ValueRange { ValueRange(lower: lower) }
    static func above(_ lower: T) -> ValueRange { ValueRange(lower: lower, lowerInclusive: false) }

    func contains(_ value: T) -> Bool {
        if let lower, lowerInclusive ? value < lower : value <= lower { return false }
        if let upper, upperInclusive ? value > upper : value >= upper { return false }
        return true
    }

    var description: String {
        switch (lower.map(Self.format), upper.map(Self.format)) {
        case let (l?, u?): return "within \(lowerInclusive ? "[" : "(")\(l), \(u)\(upperInclusive ? "]" : ")")"
        case let (l?, nil): return lowerInclusive ? "at least \(l)" : "greater than \(l)"
        case let (nil, u?): return upperInclusive ? "at most \(u)" : "less than \(u)"
        case (nil, nil): return "any value"
        }
    }

    /// A value as messages show it: `1` rather than `1.0`.
    static func format(_ value: T) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
