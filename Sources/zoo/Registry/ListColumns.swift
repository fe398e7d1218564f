import Registry
import Synchronization
import ZooCore

/// The `--column` keys of `list` and how each fills its cell (NGC's `columns_dict`).
struct ListColumn<Row>: Sendable {
    let key: String
    let header: String
    /// Writes the row's cell into the table.
    let write: @Sendable (Row, inout Table) -> Void

    init(key: String, header: String, write: @escaping @Sendable (Row, inout Table) -> Void) {
        self.key = key
        self.header = header
        self.write = write
    }

    init(key: String, header: String, value: @escaping @Sendable (Row) -> String) {
        self.init(key: key, header: header) { row, table in table.write(value(row)) }
    }
}

enum ListColumns {
    typealias Model = ModelListing.Row

    /// The model columns; `guest` (the caller has no API key) decides the Permission column.
    /// Cells are written from the listing's bytes: a 10,000-model list builds no String per cell.
    static func models(guest: Bool) -> [ListColumn<Model>] {
        [
            .init(key: "name", header: "Name") { row, table in
                let shown: ModelListing.Field = row.has(.displayName) && !row.field(.displayName, is: "") ? .displayName : .name
                row.withText(shown) { table.write($0) }
            },
            .init(key: "repository", header: "Repository") { row, table in
                row.withText(.orgName) { table.write($0) }
                if row.has(.teamName) {
                    table.write("/")
                    row.withText(.teamName) { table.write($0) }
                }
                table.write("/")
                row.withText(.name) { table.write($0) }
            },
            .init(key: "version", header: "Latest Version", write: text(.latestVersionIdStr)),
            .init(key: "application", header: "Application", write: text(.application)),
            .init(key: "framework", header: "Framework", write: text(.framework)),
            .init(key: "precision", header: "Precision", write: text(.precision)),
            .init(key: "updated", header: "Last Modified", write: date(.updatedDate)),
            .init(key: "permission", header: "Permission") { row, table in
                table.write(guest && row.field(.canGuestDownload, is: "false") ? "locked" : "unlocked")
            },
            .init(key: "org", header: "Org", write: text(.orgName)),
            .init(key: "team", header: "Team", write: text(.teamName)),
            .init(key: "description", header: "Description", write: text(.shortDescription)),
            .init(key: "created", header: "Created Date", write: date(.createdDate)),
            .init(key: "shared", header: "Shared") { row, table in table.write(row.field(.isPublic, is: "true") ? "Yes" : "No") },
            .init(key: "size", header: "File Size") { row, table in
                table.write(size(row.text(.latestVersionSizeInBytes).flatMap { Int64($0) }))
            },
            .init(key: "labels", header: "Labels") { row, table in
                table.write(row.generalLabels.joined(separator: ", "))
            },
        ]
    }

    /// A cell holding the field's text as it is.
    private static func text(_ field: ModelListing.Field) -> @Sendable (Model, inout Table) -> Void {
        { row, table in row.withText(field) { table.write($0) } }
    }

    /// A cell holding the list-view date of the field's ISO timestamp.
    private static func date(_ field: ModelListing.Field) -> @Sendable (Model, inout Table) -> Void {
        { row, table in
            if row.has(field) { row.withText(field) { table.write(date(iso: $0)) } }
        }
    }

    static let versions: [ListColumn<RegistryVersion>] = [
        .init(key: "version", header: "Version") { $0.versionId },
        .init(key: "accuracy", header: "Accuracy") { $0.accuracyReached.map { "\($0)" } ?? "" },
        .init(key: "epochs", header: "Epochs") { $0.numberOfEpochs.map(String.init) ?? "" },
        .init(key: "batch", header: "Batch Size") { $0.batchSize.map(String.init) ?? "" },
        .init(key: "gpu", header: "GPU Model") { $0.gpuModel ?? "" },
        .init(key: "memory", header: "Memory Footprint") { $0.memoryFootprint ?? "" },
        .init(key: "size", header: "File Size") { size($0.totalSizeInBytes) },
        .init(key: "status", header: "Status") { $0.status?.rawValue ?? "" },
        .init(key: "created", header: "Created Date") { date($0.createdDate) },
        .init(key: "description", header: "Description") { $0.description ?? "" },
    ]

    /// The default columns: NGC's 2021 tables.
    static let defaultModelKeys = ["name", "repository", "version", "application", "framework", "precision", "updated", "permission"]
    static let defaultVersionKeys = ["version", "accuracy", "epochs", "batch", "gpu", "memory", "size", "status", "created"]

    /// The columns for `keys` (nil: the defaults); the identifying column always comes first.
    static func select<Row>(_ keys: [String], from all: [ListColumn<Row>], defaults: [String], first: String) throws -> [ListColumn<Row>] {
        let chosen = keys.isEmpty ? defaults : [first] + keys.filter { $0 != first }
        var seen = Set<String>()
        return try chosen.filter { seen.insert($0).inserted }.map { key in
            guard let column = all.first(where: { $0.key == key }) else {
                throw ZooError.usage("Unknown column '\(key)'.", hint: "columns here: \(all.map(\.key).joined(separator: ", "))")
            }
            return column
        }
    }

    static func table<Row>(_ rows: [Row], _ columns: [ListColumn<Row>]) -> Table {
        var table = Table(columns: columns.map(\.header))
        for row in rows { add(row, columns, to: &table) }
        return table
    }

    static func table(_ listing: ModelListing, _ columns: [ListColumn<Model>]) -> Table {
        var table = Table(columns: columns.map(\.header))
        table.reserveCapacity(rows: listing.count, bytesPerRow: 16 * columns.count)
        listing.forEach { add($0, columns, to: &table) }
        return table
    }

    private static func add<Row>(_ row: Row, _ columns: [ListColumn<Row>], to table: inout Table) {
        for column in columns {
            column.write(row, &table)
            table.endCell()
        }
    }

    /// The list-view date of an ISO timestamp. It shows only the day, so it is formatted once per
    /// day (a 10,000-row list otherwise spends a third of its time here).
    static func date(_ iso: String?) -> String {
        guard var iso else { return "" }
        return iso.withUTF8(date(iso:))
    }

    /// `date` of a timestamp's UTF-8 bytes; the day (10 bytes) is a String without allocation.
    static func date(iso: UnsafeBufferPointer<UInt8>) -> String {
        let day = String(decoding: UnsafeBufferPointer(rebasing: iso.prefix(10)), as: UTF8.self)
        if let known = dates.withLock({ $0[day] }) { return known }
        let text = Format.listDate(iso: String(decoding: iso, as: UTF8.self))
        dates.withLock { $0[day] = text }
        return text
    }

    private static let dates = Mutex<[String: String]>([:])
    static func size(_ bytes: Int64?) -> String { bytes.map(Format.size) ?? "" }
}
