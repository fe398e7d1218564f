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

    /// The store's indexed models, or nil when the index is missing, stale or unreadable.
    static func read(_ layout: StoreLayout) -> ModelListing? {
        guard !FileManager.default.fileExists(atPath: layout.dirtyMarker.path),
              let bytes = readBytes(layout.indexFile.path) else { return nil }
        return ModelListing(index: bytes)
    }

    /// The whole file at `path` in one buffer (nil when it cannot be read).
    private static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let got = Glibc.read(fd, buffer.baseAddress! + count, size - count)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { complete = false; return }
                count += got
            }
        }
        return complete ? bytes : nil
    }

    /// Replaces the index with `models` (sorted by repository).
    static func write(_ models: [RegistryModel], _ layout: StoreLayout) throws {
        try AtomicFile.write(Data(encode(models.sorted { $0.repository < $1.repository })), to: layout.indexFile)
    }

    /// The index text of `models`, in their order. Absent values are empty fields; present empty
    /// strings are `\0`.
    static func encode(_ models: [RegistryModel]) -> [UInt8] {
        typealias Field = ModelListing.Field
        var out = magic + "\t" + Field.allCases.map(\.name).joined(separator: "\t") + "\n"
        for model in models {
            out += Field.allCases.map { field in field.value(of: model).map { $0.isEmpty ? "\\0" : escape($0) } ?? "" }
                .joined(separator: "\t")
            out += "\n"
        }
        return Array(out.utf8)
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
