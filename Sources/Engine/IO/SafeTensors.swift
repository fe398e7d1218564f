import Foundation
import ZooCore

/// The safetensors format (readable by any safetensors reader): an 8-byte little-endian header
/// length, a JSON header mapping each name to `{dtype, shape, data_offsets}` (plus optional
/// string `__metadata__`), then the raw little-endian data. zoo writes and reads `F32`.
public enum SafeTensors {
    /// Encodes tensors (in name order) and string metadata.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> Data {
        let names = tensors.keys.sorted()
        var header: [String: Any] = [:]
        var offset = 0
        for name in names {
            let t = tensors[name]!
            let bytes = t.count * 4
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while (8 + json.count) % 8 != 0 { json.append(0x20) }  // pad so the data starts 8-byte aligned
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for name in names {
            let t = tensors[name]!
            t.withUnsafeBufferPointer { buffer in
                if buffer.isEmpty { return }
                #if _endian(big)
                for v in buffer { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
                #else
                data.append(UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                                count: buffer.count * 4))
                #endif
            }
        }
        return data
    }

    /// Decodes a safetensors buffer; any malformation is a `ZooError`.
    public static func decode(_ data: Data) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        func damaged(_ why: String) -> ZooError {
            ZooError("The weights are not a valid safetensors file: \(why).",
                     hint: "the file is truncated or damaged; re-create or re-download it", exitCode: ZooError.Code.integrity)
        }
        guard data.count >= 8 else { throw damaged("it is only \(data.count) bytes long") }
        let headerLength = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard headerLength <= UInt64(data.count - 8), headerLength < 100_000_000 else {
            throw damaged("its header length \(headerLength) exceeds the file")
        }
        let start = data.startIndex
        let headerData = data[(start + 8)..<(start + 8 + Int(headerLength))]
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw damaged("its header is not a JSON object")
        }
        let body = start + 8 + Int(headerLength)
        let bodyLength = data.count - 8 - Int(headerLength)
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw damaged("__metadata__ is not a string map") }
                metadata = m
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw damaged("tensor '\(name)' has no dtype, shape and data_offsets")
            }
            guard dtype == "F32" else {
                throw ZooError("Tensor '\(name)' is stored as \(dtype); zoo reads F32 weights.",
                               hint: "convert the weights to float32 before loading them", exitCode: ZooError.Code.integrity)
            }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw damaged("tensor '\(name)' has a negative dimension") }
            let count = shape.reduce(1, *)
            guard offsets[0] >= 0, offsets[1] == offsets[0] + count * 4, offsets[1] <= bodyLength else {
                throw damaged("tensor '\(name)' has data offsets \(offsets) that do not fit its shape \(shape) or the file")
            }
            let bytes = data[(body + offsets[0])..<(body + offsets[1])]
            tensors[name] = Tensor(shape: shape) { dst in
                bytes.withUnsafeBytes { raw in
                    for i in 0..<count {
                        dst[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                    }
                }
            }
        }
        return (tensors, metadata)
    }

    /// Writes a safetensors file atomically.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata), to: url)
    }

    /// Reads a safetensors file.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ZooError.notFound("Cannot read weights file \(url.path).", hint: "check the path and permissions")
        }
        return try decode(data)
    }
}
