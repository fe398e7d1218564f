import Registry
import Synchronization
import ZooCore

/// The `--column` keys of `list` and how each fills its cell (NGC's `columns_dict`).
struct ListColumn<Row>: Sendable {
    let key: String
    let header: String
    let value: @Sendable (Row) -> String
}

enum ListColumns {
    /// The model columns; `guest` (the caller has no API key) decides the Permission column.
    static func models(guest: Bool) -> [ListColumn<RegistryModel>] {
        [
            .init(key: "name", header: "Name") { $0.shownName },
            .init(key: "repository", header: "Repository") { $0.repository },
            .init(key: "version", header: "Latest Version") { $0.latestVersionIdStr ?? "" },
            .init(key: "application", header: "Application") { $0.application ?? "" },
            .init(key: "framework", header: "Framework") { $0.framework ?? "" },
            .init(key: "precision", header: "Precision") { $0.precision ?? "" },
            .init(key: "updated", header: "Last Modified") { date($0.updatedDate) },
            .init(key: "permission", header: "Permission") { guest && $0.canGuestDownload == false ? "locked" : "unlocked" },
            .init(key: "org", header: "Org") { $0.orgName },
            .init(key: "team", header: "Team") { $0.teamName ?? "" },
            .init(key: "description", header: "Description") { $0.shortDescription ?? "" },
            .init(key: "created", header: "Created Date") { date($0.createdDate) },
            .init(key: "shared", header: "Shared") { $0.isPublic == true ? "Yes" : "No" },
            .init(key: "size", header: "File Size") { size($0.latestVersionSizeInBytes) },
            .init(key: "labels", header: "Labels") { $0.generalLabels.joined(separator: ", ") },
        ]
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
        Table(columns: columns.map(\.header), rows: rows.map { row in columns.map { $0.value(row) } })
    }

    /// The list-view date of an ISO timestamp. It shows only the day, so it is formatted once per
    /// day (a 10,000-row list otherwise spends a third of its time here).
    static func date(_ iso: String?) -> String {
        guard let iso else { return "" }
        let day = String(iso.prefix(10))
        if let known = dates.withLock({ $0[day] }) { return known }
        let text = Format.listDate(iso: iso)
        dates.withLock { $0[day] = text }
        return text
    }

    private static let dates = Mutex<[String: String]>([:])
    static func size(_ bytes: Int64?) -> String { bytes.map(Format.size) ?? "" }
}
