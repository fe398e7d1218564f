import Foundation
import ZooCore

/// The store's index of models (`.index.tsv`): one line per model holding the fields `list` and
/// search show, so that listing reads one file instead of one per model, and parses it in a few
/// milliseconds even for 10,000 models (JSON decoding of the same data takes ~50× longer).
/// Valid only when no write is in progress or was interrupted (`.index.dirty` absent); otherwise
/// the store rebuilds it from the model files.
///
/// Format: a header line `zoo-index 1` followed by the field names, then one line per model,
/// fields separated by tabs. Inside a field `\`, tab, newline and carriage return are escaped
/// as `\\`, `\t`, `\n`, `\r` (an empty string is `\0`); labels are `key=value,value;key=value`
/// with `\`, `,`, `;`, `=` escaped as `\\`, `\c`, `\s`, `\e`.
enum StoreIndex {
    static let magic = "zoo-index 1"

    /// The indexed models matching `pattern`, or nil when the index is missing, stale or unreadable.
    static func read(_ layout: StoreLayout, matching pattern: ModelPattern = .everything) -> [RegistryModel]? {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: layout.dirtyMarker.path),
              let data = fm.contents(atPath: layout.indexFile.path) else { return nil }
        return decode(data, matching: pattern)
    }

    /// Replaces the index with `models` (sorted by repository).
    static func write(_ models: [RegistryModel], _ layout: StoreLayout) throws {
        try AtomicFile.write(encode(models.sorted { $0.repository < $1.repository }), to: layout.indexFile)
    }

    // MARK: - Codec

    /// The indexed fields, in the order new indexes write them.
    enum Field: String, CaseIterable {
        case orgName, teamName, name, displayName, ownerName, application, framework, modelFormat, precision,
             shortDescription, latestVersionIdStr, latestVersionSizeInBytes, createdDate, updatedDate, isPublic,
             canGuestDownload, isReadOnly, accessType, hasSignedVersion, builtBy, publisher, logo, labels

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
    }

    /// Absent values are empty fields; present empty strings are `\0`.
    static func encode(_ models: [RegistryModel]) -> Data {
        var out = magic + "\t" + Field.allCases.map(\.rawValue).joined(separator: "\t") + "\n"
        for model in models {
            out += Field.allCases.map { field in field.value(of: model).map { $0.isEmpty ? "\\0" : escape($0) } ?? "" }
                .joined(separator: "\t")
            out += "\n"
        }
        return Data(out.utf8)
    }

    /// The models of an index whose repository matches `pattern`, or nil when it is not an
    /// index. Columns are matched by name, so an index written by another version of zoo still
    /// reads (unknown columns are skipped). Only matching lines become models.
    static func decode(_ data: Data, matching pattern: ModelPattern = .everything) -> [RegistryModel]? {
        data.withUnsafeBytes { raw -> [RegistryModel]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lines = lineRanges(bytes)
            guard let header = lines.first else { return nil }
            lines.removeFirst()
            let names = split(bytes, header).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            guard names.first == magic else { return nil }
            let columns = names.dropFirst().map(Field.init(rawValue:))
            guard let org = columns.firstIndex(of: .orgName), let name = columns.firstIndex(of: .name) else { return nil }
            let team = columns.firstIndex(of: .teamName)
            let filtering = pattern.text != ModelPattern.everything.text
            var models: [RegistryModel] = []
            models.reserveCapacity(filtering ? 16 : lines.count)
            var ranges: [Range<Int>] = []
            func text(_ index: Int) -> String { unescape(UnsafeBufferPointer(rebasing: bytes[ranges[index]])) }
            for line in lines {
                split(bytes, line, into: &ranges)
                guard ranges.count > max(org, name), !ranges[org].isEmpty, !ranges[name].isEmpty else { return nil }
                let teamName = team.flatMap { ranges.count > $0 && !ranges[$0].isEmpty ? text($0) : nil }
                var model = RegistryModel(name: text(name), orgName: text(org), teamName: teamName)
                if filtering, !pattern.matches(repository: model.repository) { continue }
                for (index, column) in columns.enumerated() where index < ranges.count && !ranges[index].isEmpty {
                    guard let column, column != .orgName, column != .teamName, column != .name else { continue }
                    column.set(text(index), on: &model)
                }
                models.append(model)
            }
            return models
        }
    }

    private static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 10 {
            if i > start { ranges.append(start..<i) }
            start = i &+ 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        split(bytes, line, into: &ranges)
        return ranges
    }

    /// The tab-separated fields of `line`, into a reused array.
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into ranges: inout [Range<Int>]) {
        ranges.removeAll(keepingCapacity: true)
        var start = line.lowerBound
        for i in line where bytes[i] == 9 {
            ranges.append(start..<i)
            start = i &+ 1
        }
        ranges.append(start..<line.upperBound)
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) else { return text }
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Undoes `escape` (field level: `\\`, `\t`, `\n`, `\r`; `\0` alone is the empty string).
    static func unescape(_ field: UnsafeBufferPointer<UInt8>) -> String {
        guard field.contains(92) else { return String(decoding: field, as: UTF8.self) }
        if field.count == 2, field[1] == UInt8(ascii: "0") { return "" }
        return unescape(field, [UInt8(ascii: "t"): 9, UInt8(ascii: "n"): 10, UInt8(ascii: "r"): 13])
    }

    /// Replaces `\x` by `map[x]` (or by `x` itself when unmapped).
    private static func unescape(_ field: UnsafeBufferPointer<UInt8>, _ map: [UInt8: UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var i = 0
        while i < field.count {
            if field[i] == 92, i + 1 < field.count {
                out.append(map[field[i + 1]] ?? field[i + 1])
                i += 2
            } else {
                out.append(field[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func labelEscape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case ",": out += "\\c"
            case ";": out += "\\s"
            case "=": out += "\\e"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Labels as `key=v1,v2;key2=v3` (the field escaping is applied on top).
    static func encodeLabels(_ labels: [RegistryLabel]) -> String {
        labels.map { labelEscape($0.key) + "=" + $0.values.map(labelEscape).joined(separator: ",") }.joined(separator: ";")
    }

    private static let labelEscapes: [UInt8: UInt8] = [UInt8(ascii: "c"): UInt8(ascii: ","), UInt8(ascii: "s"): UInt8(ascii: ";"),
                                                       UInt8(ascii: "e"): UInt8(ascii: "=")]

    /// The inverse of `encodeLabels` (on a field already unescaped), in one pass.
    static func decodeLabels(_ text: String) -> [RegistryLabel] {
        var text = text
        return text.withUTF8 { buffer in
            let escaped = buffer.contains(92)
            func piece(_ range: Range<Int>) -> String {
                let bytes = UnsafeBufferPointer(rebasing: buffer[range])
                return escaped ? unescape(bytes, labelEscapes) : String(decoding: bytes, as: UTF8.self)
            }
            var labels: [RegistryLabel] = []
            var key: String?
            var values: [String] = []
            var start = 0
            var i = 0
            while i <= buffer.count {
                let byte: UInt8 = i < buffer.count ? buffer[i] : UInt8(ascii: ";")
                if byte == 92 { i += 2; continue }
                switch byte {
                case UInt8(ascii: "="):
                    if key == nil { key = piece(start..<i); start = i + 1 }
                case UInt8(ascii: ","):
                    if key != nil { values.append(piece(start..<i)); start = i + 1 }
                case UInt8(ascii: ";"):
                    if let label = key {
                        if i > start { values.append(piece(start..<i)) }
                        labels.append(RegistryLabel(key: label, values: values))
                    }
                    key = nil
                    values = []
                    start = i + 1
                default: break
                }
                i += 1
            }
            return labels
        }
    }
}
