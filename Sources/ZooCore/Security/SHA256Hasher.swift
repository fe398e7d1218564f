import Crypto
import Foundation

/// A SHA-256 digest, printable as lowercase hex or as base64 (NGC's `sha256_base64`).
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses 64 hex characters; nil otherwise.
    public init?(hex: String) {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let hi = SHA256Digest.nibble(chars[i]), let lo = SHA256Digest.nibble(chars[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
        }
        self.bytes = bytes
    }

    /// Parses base64 of 32 bytes; nil otherwise.
    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64), data.count == 32 else { return nil }
        self.bytes = Array(data)
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public var base64: String { Data(bytes).base64EncodedString() }

    public var description: String { hex }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}

/// Streaming SHA-256: feed bytes as they arrive (a download, a file read in chunks), then finish.
public struct SHA256Hasher {
    private var state = SHA256()
    /// Bytes hashed so far.
    public private(set) var count: Int64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        state.update(bufferPointer: bytes)
        count += Int64(bytes.count)
    }

    public mutating func update<D: DataProtocol>(_ data: D) {
        state.update(data: data)
        count += Int64(data.count)
    }

    public func finalize() -> SHA256Digest {
        SHA256Digest(bytes: Array(state.finalize()))
    }

    /// The digest of a byte sequence.
    public static func hash<D: DataProtocol>(_ data: D) -> SHA256Digest {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The digest and size of a file, read in 1 MiB chunks (memory stays flat for any size).
    public static func hash(file url: URL) throws -> (digest: SHA256Digest, size: Int64) {
        guard let stream = fopen(url.path, "rb") else {
            throw ZooError("Cannot read \(url.path).", hint: "check that the file exists and is readable",
                           exitCode: ZooError.Code.notFound)
        }
        defer { fclose(stream) }
        var hasher = SHA256Hasher()
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let read = fread(buffer.baseAddress, 1, chunk, stream)
            if read > 0 { hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<read])) }
            if read < chunk {
                if ferror(stream) != 0 { throw ZooError("Error reading \(url.path).") }
                break
            }
        }
        return (hasher.finalize(), hasher.count)
    }
}
