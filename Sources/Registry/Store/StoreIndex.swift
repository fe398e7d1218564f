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

    /// The indexed models, or nil when the index is missing, stale or unreadable.
    static func read(_ layout: StoreLayout) -> [RegistryModel]? {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: layout.dirtyMarker.path),
              let data = fm.contents(atPath: layout.indexFile.path) else { return nil }
        return decode(data)
    }

    /// Replaces the index with `models` (sorted by repository).
    static func write(_ models: [RegistryModel], _ layout: StoreLayout) throws {
        try AtomicFile.write(encode(models.sorted { $0.repository < $1.repository }), to: layout.indexFile)
    }

    // MARK: - Codec

    private struct Field: Sendable {
        let name: String
        let get: @Sendable (RegistryModel) -> String?
        let set: @Sendable (inout RegistryModel, String) -> Void
    }

    private static func text(_ name: String, _ key: WritableKeyPath<RegistryModel, String?> & Sendable) -> Field {
        Field(name: name, get: { $0[keyPath: key] }, set: { $0[keyPath: key] = $1 })
    }

    private static func bool(_ name: String, _ key: WritableKeyPath<RegistryModel, Bool?> & Sendable) -> Field {
        Field(name: name, get: { $0[keyPath: key].map { $0 ? "true" : "false" } }, set: { $0[keyPath: key] = $1 == "true" })
    }

    private static let fields: [Field] = [
        Field(name: "orgName", get: { $0.orgName }, set: { $0.orgName = $1 }),
        text("teamName", \.teamName),
        Field(name: "name", get: { $0.name }, set: { $0.name = $1 }),
        text("displayName", \.displayName),
        text("ownerName", \.ownerName),
        text("application", \.application),
        text("framework", \.framework),
        text("modelFormat", \.modelFormat),
        text("precision", \.precision),
        text("shortDescription", \.shortDescription),
        text("latestVersionIdStr", \.latestVersionIdStr),
        Field(name: "latestVersionSizeInBytes", get: { $0.latestVersionSizeInBytes.map(String.init) },
              set: { $0.latestVersionSizeInBytes = Int64($1) }),
        text("createdDate", \.createdDate),
        text("updatedDate", \.updatedDate),
        bool("isPublic", \.isPublic),
        bool("canGuestDownload", \.canGuestDownload),
        bool("isReadOnly", \.isReadOnly),
        text("accessType", \.accessType),
        bool("hasSignedVersion", \.hasSignedVersion),
        text("builtBy", \.builtBy),
        text("publisher", \.publisher),
        text("logo", \.logo),
        Field(name: "labels", get: { $0.labels.map(encodeLabels) }, set: { $0.labels = decodeLabels($1) }),
    ]

    /// Absent values are empty fields; present empty strings are `\\0`.
    static func encode(_ models: [RegistryModel]) -> Data {
        var out = magic + "\t" + fields.map(\.name).joined(separator: "\t") + "\n"
        for model in models {
            out += fields.map { field in field.get(model).map { $0.isEmpty ? "\\0" : escape($0) } ?? "" }
                .joined(separator: "\t")
            out += "\n"
        }
        return Data(out.utf8)
    }

    static func decode(_ data: Data) -> [RegistryModel]? {
        data.withUnsafeBytes { raw -> [RegistryModel]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lines = lineRanges(bytes)
            guard let header = lines.first else { return nil }
            lines.removeFirst()
            let names = split(bytes, header).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            guard names.first == magic else { return nil }
            let known = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let columns = names.dropFirst().map { known[$0] }
            var models: [RegistryModel] = []
            models.reserveCapacity(lines.count)
            for line in lines {
                var model = RegistryModel(name: "", orgName: "")
                for (column, range) in zip(columns, split(bytes, line)) where !range.isEmpty {
                    guard let field = column else { continue }
                    field.set(&model, unescape(UnsafeBufferPointer(rebasing: bytes[range])))
                }
                guard !model.name.isEmpty, !model.orgName.isEmpty else { return nil }
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
        var start = line.lowerBound
        for i in line where bytes[i] == 9 {
            ranges.append(start..<i)
            start = i &+ 1
        }
        ranges.append(start..<line.upperBound)
        return ranges
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

    /// The inverse of `encodeLabels` (on a field already unescaped).
    static func decodeLabels(_ text: String) -> [RegistryLabel] {
        let labelMap: [UInt8: UInt8] = [UInt8(ascii: "c"): UInt8(ascii: ","), UInt8(ascii: "s"): UInt8(ascii: ";"),
                                        UInt8(ascii: "e"): UInt8(ascii: "=")]
        func unescapeLabel(_ part: Substring) -> String {
            Array(part.utf8).withUnsafeBufferPointer { unescape($0, labelMap) }
        }
        return splitUnescaped(Substring(text), ";").compactMap { entry in
            let pair = splitUnescaped(entry, "=")
            guard pair.count == 2 else { return nil }
            let values = pair[1].isEmpty ? [] : splitUnescaped(pair[1], ",").map(unescapeLabel)
            return RegistryLabel(key: unescapeLabel(pair[0]), values: values)
        }
    }

    private static func splitUnescaped(_ text: Substring, _ separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\\" {
                i = text.index(after: i)
                if i < text.endIndex { i = text.index(after: i) }
                continue
            }
            if text[i] == separator {
                parts.append(text[start..<i])
                start = text.index(after: i)
            }
            i = text.index(after: i)
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }
}
