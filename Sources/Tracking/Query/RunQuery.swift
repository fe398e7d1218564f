import Foundation
import GRDB
import ZooCore

/// Which runs `listRuns` returns, and in what order.
public struct RunQuery: Sendable {
    /// Only runs of this experiment (name or id).
    public var experiment: String?
    /// A filter in the query language (docs/TRACKING.md), e.g. `metrics.mAP > 0.8 and params.arch = 'resnet'`.
    public var filter: String?
    /// A field to sort by (`metrics.mAP`, `min(metrics.loss)`, `params.lr`, `start_time`…); newest first when nil.
    public var sort: String?
    /// Sort descending.
    public var descending: Bool
    /// At most this many runs.
    public var limit: Int
    /// Skip this many runs first (paging).
    public var offset: Int

    /// A query; every part optional.
    public init(experiment: String? = nil, filter: String? = nil, sort: String? = nil, descending: Bool = false,
                limit: Int = 50, offset: Int = 0) {
        self.experiment = experiment
        self.filter = filter
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }
}

/// The runs a query found, with the metric, param and tag values its filter and sort mention.
public struct RunListing: Sendable {
    /// One found run.
    public struct Row: Sendable {
        /// The run.
        public var run: RunRecord
        /// The value of each of `fields` for this run (nil when it has none).
        public var values: [String?]
    }

    /// The metrics, params and tags the filter and sort read, as extra columns.
    public var fields: [RunField]
    /// The runs, in order.
    public var rows: [Row]
}

extension TrackingStore {
    /// The runs matching `query`.
    public func listRuns(_ query: RunQuery) throws -> RunListing {
        guard query.limit > 0 else { throw ZooError.usage("--limit must be at least 1.") }
        let filter = try query.filter.map { try Self.parseFilter($0) }
        let sort = try query.sort.map { text -> RunField in
            do { return try FilterParser.parseField(text) } catch let error as FilterError {
                throw Self.filterError(error, in: text, what: "sort key")
            }
        }
        var fields = filter?.fields ?? []
        if let sort, !fields.contains(sort) { fields.append(sort) }
        fields = fields.filter { if case .attribute = $0.kind { return false } else { return true } }

        return try read { db in
            var compiler = FilterCompiler(nowMillis: Millis.now)
            let extra = fields.enumerated().map { "\(compiler.value($1)) AS field\($0)" }
            var conditions: [String] = []
            if let experiment = query.experiment {
                let found = try Self.findExperiment(db, experiment)
                conditions.append("r.experiment_id = \(found.id)")
            }
            if let filter {
                do { conditions.append(try compiler.condition(filter)) } catch let error as FilterError {
                    throw Self.filterError(error, in: query.filter ?? "", what: "filter")
                }
            }
            var order = "r.id DESC"
            if let sort {
                let direction = query.descending ? "DESC" : "ASC"
                let sql = compiler.value(sort)
                let again = compiler.value(sort)
                order = "\(sql) IS NULL, \(again) \(direction), r.id DESC"
            }
            let sql = """
                SELECT \(Self.runColumns)\(extra.isEmpty ? "" : ", " + extra.joined(separator: ", "))
                FROM runs r JOIN experiments e ON e.id = r.experiment_id
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY \(order) LIMIT \(query.limit) OFFSET \(max(0, query.offset))
                """
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(compiler.arguments))
            return RunListing(fields: fields, rows: rows.map { row in
                RunListing.Row(run: Self.runRecord(row), values: fields.indices.map { index in
                    Self.display(row["field\(index)"] as DatabaseValue)
                })
            })
        }
    }

    /// Checks a filter's syntax and fields without running it.
    public static func validateFilter(_ text: String) throws {
        let expression = try parseFilter(text)
        var compiler = FilterCompiler(nowMillis: 0)
        do { _ = try compiler.condition(expression) } catch let error as FilterError {
            throw filterError(error, in: text, what: "filter")
        }
    }

    static func parseFilter(_ text: String) throws -> FilterExpression {
        do { return try FilterParser.parse(text) } catch let error as FilterError {
            throw filterError(error, in: text, what: "filter")
        }
    }

    /// A usage error whose hint shows the text with a caret under the column (aligned for the
    /// CLI's `Hint: ` prefix).
    static func filterError(_ error: FilterError, in text: String, what: String) -> ZooError {
        let caret = String(repeating: " ", count: "Hint: ".count + max(0, error.column - 1)) + "^"
        return ZooError.usage("Invalid \(what) at column \(error.column): \(error.message).", hint: text + "\n" + caret)
    }

    /// A stored value as a table cell.
    static func display(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return TrackingFormat.number(number)
        case .string(let text): return text
        case .blob(let data): return "\(data.count) bytes"
        }
    }
}

/// Number formatting shared by the listings, comparisons and reports.
public enum TrackingFormat {
    /// Up to 6 significant digits, integers without a decimal point: `0.812346`, `12`, `1.5e-05`.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "NaN" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
