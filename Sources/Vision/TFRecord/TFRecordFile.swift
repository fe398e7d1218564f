import Foundation
import ZooCore

/// Writes a TFRecord file: each record is `length (u64 LE) · masked CRC32C of length (u32 LE) ·
/// data · masked CRC32C of data (u32 LE)`. Records go to a temporary file beside the target,
/// which `finish()` renames into place, so a failed conversion never leaves half a shard.
public final class TFRecordWriter {
    public let url: URL
    private let temporary: URL
    private let handle: FileHandle
    private var buffer = Data()
    private var finished = false
    /// Records written so far.
    public private(set) var count = 0

    public init(url: URL) throws {
        self.url = url
        try ZooPaths.ensureDirectory(url.deletingLastPathComponent())
        temporary = AtomicFile.temporaryURL(for: url)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: temporary) else {
            throw ZooError("Cannot create \(url.path).", hint: "check that the output folder is writable")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
        }
    }

    /// Appends one record.
    public func write(_ record: Data) throws {
        var length = UInt64(record.count).littleEndian
        let lengthBytes = withUnsafeBytes(of: &length) { Data($0) }
        var lengthCRC = CRC32C.masked(lengthBytes.withUnsafeBytes { CRC32C.checksum($0) }).littleEndian
        var dataCRC = CRC32C.masked(record.withUnsafeBytes { CRC32C.checksum($0) }).littleEndian
        buffer.append(lengthBytes)
        withUnsafeBytes(of: &lengthCRC) { buffer.append(contentsOf: $0) }
        buffer.append(record)
        withUnsafeBytes(of: &dataCRC) { buffer.append(contentsOf: $0) }
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw ZooError("Cannot write \(url.path): \(error.localizedDescription).", hint: "check free disk space")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and moves the file into place.
    public func finish() throws {
        guard !finished else { return }
        try flush()
        try handle.close()
        try AtomicFile.replace(url, with: temporary)
        finished = true
    }

    /// Drops everything written (the target is left untouched).
    public func discard() {
        guard !finished else { return }
        finished = true
        try? handle.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}

/// Reads the records of a TFRecord file, checking both CRCs of every record. A damaged file is
/// an error naming the file and the byte offset of the bad record.
public struct TFRecordReader: Sequence {
    public let url: URL
    private let data: Data

    public init(url: URL) throws {
        self.url = url
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw ZooError.notFound("TFRecord file \(url.path) cannot be read.", hint: "check tfrecords_path in the spec")
        }
    }

    /// Every record, in order (throws on the first damaged one).
    public func records() throws -> [Data] {
        var out: [Data] = []
        var iterator = makeIterator()
        while let record = try iterator.nextRecord() { out.append(record) }
        return out
    }

    public func makeIterator() -> Iterator { Iterator(url: url, data: data) }

    /// Walks the records; `next()` stops at the first error, `nextRecord()` throws it.
    public struct Iterator: IteratorProtocol {
        let url: URL
        let data: Data
        /// Byte offset of the next record.
        public private(set) var offset = 0
        /// The error that ended iteration, if any.
        public private(set) var error: ZooError?

        init(url: URL, data: Data) {
            self.url = url
            self.data = data
        }

        public mutating func next() -> Data? {
            do { return try nextRecord() } catch { self.error = ZooError.wrap(error); return nil }
        }

        /// The next record, nil at the end, or an error for a damaged one.
        public mutating func nextRecord() throws -> Data? {
            let total = data.count
            guard offset < total else { return nil }
            let start = offset
            func damaged(_ reason: String) -> ZooError {
                ZooError("\(url.path): bad TFRecord at byte offset \(start): \(reason).",
                         hint: "the shard is damaged or truncated; run dataset_convert again", exitCode: ZooError.Code.integrity)
            }
            guard total - start >= 12 else { throw damaged("truncated header (\(total - start) bytes left, 12 needed)") }
            let (record, end) = try data.withUnsafeBytes { raw -> (Data, Int) in
                let base = raw.baseAddress!
                let length = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
                let lengthCRC = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self))
                guard CRC32C.masked(CRC32C.checksum(UnsafeRawBufferPointer(start: base + start, count: 8))) == lengthCRC else {
                    throw damaged("length checksum mismatch")
                }
                guard length <= UInt64(total - start - 16) else {
                    throw damaged("truncated record (\(length) bytes announced, \(Swift.max(total - start - 16, 0)) present)")
                }
                let bodyStart = start + 12, bodyCount = Int(length)
                let body = UnsafeRawBufferPointer(start: base + bodyStart, count: bodyCount)
                let dataCRC = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: bodyStart + bodyCount, as: UInt32.self))
                guard CRC32C.masked(CRC32C.checksum(body)) == dataCRC else { throw damaged("data checksum mismatch") }
                return (Data(body), bodyStart + bodyCount + 4)
            }
            offset = end
            return record
        }
    }
}
