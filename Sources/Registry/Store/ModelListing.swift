import ZooCore

/// Models as `list` and search show them, kept as the store index's rows: one buffer of escaped
/// field bytes and where each field starts and ends. A 10,000-model list is read, filtered and
/// printed from it without building a `RegistryModel`, or a String per field.
public struct ModelListing: Sendable {
    /// The fields a listing holds (the index's columns), in the order new indexes write them.
    public enum Field: Int, CaseIterable, Sendable {
        case orgName, teamName, name, displayName, ownerName, application, framework, modelFormat, precision,
             shortDescription, latestVersionIdStr, latestVersionSizeInBytes, createdDate, updatedDate, isPublic,
             canGuestDownload, isReadOnly, accessType, hasSignedVersion, builtBy, publisher, logo, labels

        /// The column name in an index header (the NGC field name).
        public var name: String { Field.names[rawValue] }
        private static let names = [
            "orgName", "teamName", "name", "displayName", "ownerName", "application", "framework", "modelFormat", "precision",
            "shortDescription", "latestVersionIdStr", "latestVersionSizeInBytes", "createdDate", "updatedDate", "isPublic",
            "canGuestDownload", "isReadOnly", "accessType", "hasSignedVersion", "builtBy", "publisher", "logo", "labels",
        ]

        init?(name: String) {
            guard let index = Field.names.firstIndex(of: name) else { return nil }
            self.init(rawValue: index)
        }

        static let count = allCases.count
    }

    /// The escaped field bytes of every row (index lines, tabs and all).
    private var bytes: [UInt8]
    /// Per row, `Field.count` pairs of (start, end) into `bytes`; an absent field is an empty span.
    private var spans: [Int32]

    /// How many models the listing holds.
    public var count: Int { spans.count / (2 * Field.count) }

    /// A listing of `models`, in their order.
    public init(_ models: [RegistryModel]) {
        self = ModelListing(index: StoreIndex.encode(models))!
    }

    private init(bytes: [UInt8], spans: [Int32]) {
        self.bytes = bytes
        self.spans = spans
    }

    /// The rows of index text (`StoreIndex`'s format), or nil when it is not an index or a row
    /// lacks its org or name. Columns are matched by name, so an index written by another
    /// version of zoo still reads (unknown columns are skipped).
    init?(index: [UInt8]) {
        guard index.count < Int32.max else { return nil }
        let parsed = index.withUnsafeBufferPointer { text -> [Int32]? in
            // The header: the magic, then the column names.
            guard let headerEnd = text.firstIndex(of: 10) else { return nil }
            let names = text[..<headerEnd].split(separator: 9).map { String(decoding: $0, as: UTF8.self) }
            guard names.first == StoreIndex.magic else { return nil }
            let columns = names.dropFirst().map { Field(name: $0) }
            guard columns.contains(.orgName), columns.contains(.name) else { return nil }
            // Where each column's span goes in a row's pairs (-1: a column this zoo does not know).
            let slots = columns.map { $0.map { 2 * $0.rawValue } ?? -1 }
            let width = 2 * Field.count
            let lines = text[(headerEnd + 1)...].reduce(0) { $1 == 10 ? $0 + 1 : $0 } + 1
            var spans = [Int32](repeating: 0, count: lines * width)  // absent fields: empty spans
            var rows = 0
            let complete = spans.withUnsafeMutableBufferPointer { spans -> Bool in
                var row = 0, column = 0, lineStart = headerEnd + 1, start = lineStart
                for i in lineStart...text.count where i == text.count || text[i] == 9 || text[i] == 10 {
                    if i > start, column < slots.count, slots[column] >= 0 {
                        spans[row + slots[column]] = Int32(truncatingIfNeeded: start)
                        spans[row + slots[column] + 1] = Int32(truncatingIfNeeded: i)
                    }
                    column += 1
                    start = i + 1
                    guard i == text.count || text[i] == 10 else { continue }
                    if i > lineStart {  // empty lines are skipped
                        let org = row + 2 * Field.orgName.rawValue, name = row + 2 * Field.name.rawValue
                        if spans[org] == spans[org + 1] || spans[name] == spans[name + 1] { return false }
                        row += width
                        rows += 1
                    }
                    column = 0
                    lineStart = i + 1
                }
                return true
            }
            guard complete else { return nil }
            spans.removeLast(spans.count - rows * width)
            return spans
        }
        guard let parsed else { return nil }
        self.init(bytes: index, spans: parsed)
    }

    // MARK: - Reading rows

    /// One model of a listing, valid inside `forEach` only.
    public struct Row {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let spans: UnsafeBufferPointer<Int32>

        /// The field's bytes as stored (escaped); empty when the model has no such field.
        func raw(_ field: Field) -> UnsafeBufferPointer<UInt8> {
            let at = 2 * field.rawValue
            return UnsafeBufferPointer(rebasing: bytes[Int(spans[at])..<Int(spans[at + 1])])
        }

        /// True when the model has the field (possibly as an empty string).
        public func has(_ field: Field) -> Bool { !raw(field).isEmpty }

        /// The field's text, or nil when the model has no such field.
        public func text(_ field: Field) -> String? {
            let raw = raw(field)
            return raw.isEmpty ? nil : StoreIndex.unescape(raw)
        }

        /// Calls `body` with the field's UTF-8 text (empty when absent), unescaped; most fields
        /// need no unescaping and are handed over in place.
        public func withText<R>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
            let raw = raw(field)
            guard raw.contains(92) else { return try body(raw) }
            var text = StoreIndex.unescape(raw)
            return try text.withUTF8(body)
        }

        /// True when the field holds exactly `value` (compared unescaped).
        public func field(_ field: Field, is value: String) -> Bool {
            withText(field) { bytes in value.utf8.elementsEqual(bytes) }
        }

        /// The values of the `general` label (NGC's Labels column).
        public var generalLabels: [String] {
            text(.labels).map(StoreIndex.decodeLabels)?.first { $0.key == "general" }?.values ?? []
        }

        /// `org/team/name` or `org/name`.
        public var repository: String {
            var name = text(.orgName) ?? ""
            if let team = text(.teamName) { name += "/" + team }
            return name + "/" + (text(.name) ?? "")
        }

        /// The model, with every indexed field.
        public var model: RegistryModel {
            var model = RegistryModel(name: text(.name) ?? "", orgName: text(.orgName) ?? "", teamName: text(.teamName))
            for field in Field.allCases where field != .orgName && field != .teamName && field != .name {
                if let value = text(field) { field.set(value, on: &model) }
            }
            return model
        }
    }

    /// Calls `body` with each row, in order.
    public func forEach(_ body: (Row) throws -> Void) rethrows {
        let width = 2 * Field.count
        try bytes.withUnsafeBufferPointer { bytes in
            try spans.withUnsafeBufferPointer { spans in
                for row in 0..<count {
                    try body(Row(bytes: bytes, spans: UnsafeBufferPointer(rebasing: spans[(row * width)..<((row + 1) * width)])))
                }
            }
        }
    }

    /// The listed models, with every indexed field.
    public func models() -> [RegistryModel] {
        var models: [RegistryModel] = []
        models.reserveCapacity(count)
        forEach { models.append($0.model) }
        return models
    }

    /// The repositories of the rows, in order.
    public var repositories: [String] {
        var names: [String] = []
        names.reserveCapacity(count)
        forEach { names.append($0.repository) }
        return names
    }

    // MARK: - Filtering and merging

    /// The rows at `rows`, in that order.
    public func rows(_ rows: [Int]) -> ModelListing {
        let width = 2 * Field.count
        var kept: [Int32] = []
        kept.reserveCapacity(rows.count * width)
        for row in rows { kept.append(contentsOf: spans[(row * width)..<((row + 1) * width)]) }
        return ModelListing(bytes: bytes, spans: kept)
    }

    /// The rows whose repository matches `pattern`.
    public func filtered(_ pattern: ModelPattern) -> ModelListing {
        if pattern.text == ModelPattern.everything.text { return self }
        let names = repositories
        return rows(names.indices.filter { pattern.matches(repository: names[$0]) })
    }

    /// This listing's rows and `other`'s whose repository this one lacks (a model here shadows
    /// the other's of the same name), sorted by repository. Sorted inputs (an index, a store's
    /// listing) are merged in one pass.
    public func shadowing(_ other: ModelListing) -> ModelListing {
        if other.count == 0 { return self }
        let offset = Int32(bytes.count)
        let joined = ModelListing(bytes: bytes + other.bytes, spans: spans + other.spans.map { $0 + offset })
        let mine = repositories, theirs = other.repositories
        func isSorted(_ names: [String]) -> Bool { zip(names, names.dropFirst()).allSatisfy { $0 < $1 } }
        guard isSorted(mine), isSorted(theirs) else {
            let names = mine + theirs
            var seen = Set<String>()
            let kept = names.indices.filter { seen.insert(names[$0]).inserted }
            return joined.rows(kept.sorted { names[$0] < names[$1] })
        }
        var rows: [Int] = []
        rows.reserveCapacity(mine.count + theirs.count)
        var i = 0, j = 0
        while i < mine.count || j < theirs.count {
            if j == theirs.count || (i < mine.count && mine[i] <= theirs[j]) {
                if j < theirs.count, mine[i] == theirs[j] { j += 1 }  // shadowed
                rows.append(i)
                i += 1
            } else {
                rows.append(mine.count + j)
                j += 1
            }
        }
        return joined.rows(rows)
    }
}

extension ModelListing.Field {
    /// Sets this field of `model` from its text.
    func set(_ text: String, on model: inout RegistryModel) {
        switch self {
        case .orgName: model.orgName = text
        case .teamName: model.teamName = text
        case .name: model.name = text
        case .displayName: model.displayName = text
        case .ownerName: model.ownerName = text
        case .application: model.application = text
        case .framework: model.framework = text
        case .modelFormat: model.modelFormat = text
        case .precision: model.precision = text
        case .shortDescription: model.shortDescription = text
        case .latestVersionIdStr: model.latestVersionIdStr = text
        case .latestVersionSizeInBytes: model.latestVersionSizeInBytes = Int64(text)
        case .createdDate: model.createdDate = text
        case .updatedDate: model.updatedDate = text
        case .isPublic: model.isPublic = text == "true"
        case .canGuestDownload: model.canGuestDownload = text == "true"
        case .isReadOnly: model.isReadOnly = text == "true"
        case .accessType: model.accessType = text
        case .hasSignedVersion: model.hasSignedVersion = text == "true"
        case .builtBy: model.builtBy = text
        case .publisher: model.publisher = text
        case .logo: model.logo = text
        case .labels: model.labels = StoreIndex.decodeLabels(text)
        }
    }

    /// This field of `model` as text, nil when absent.
    func value(of model: RegistryModel) -> String? {
        switch self {
        case .orgName: return model.orgName
        case .teamName: return model.teamName
        case .name: return model.name
        case .displayName: return model.displayName
        case .ownerName: return model.ownerName
        case .application: return model.application
        case .framework: return model.framework
        case .modelFormat: return model.modelFormat
        case .precision: return model.precision
        case .shortDescription: return model.shortDescription
        case .latestVersionIdStr: return model.latestVersionIdStr
        case .latestVersionSizeInBytes: return model.latestVersionSizeInBytes.map(String.init)
        case .createdDate: return model.createdDate
        case .updatedDate: return model.updatedDate
        case .isPublic: return model.isPublic.map { $0 ? "true" : "false" }
        case .canGuestDownload: return model.canGuestDownload.map { $0 ? "true" : "false" }
        case .isReadOnly: return model.isReadOnly.map { $0 ? "true" : "false" }
        case .accessType: return model.accessType
        case .hasSignedVersion: return model.hasSignedVersion.map { $0 ? "true" : "false" }
        case .builtBy: return model.builtBy
        case .publisher: return model.publisher
        case .logo: return model.logo
        case .labels: return model.labels.map(StoreIndex.encodeLabels)
        }
    }
}
