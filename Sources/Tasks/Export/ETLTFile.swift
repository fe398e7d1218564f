import Foundation
import ZooCore

/// TAO's `.etlt` layout (`tao_deploy` `encode_etlt`/`decode_etlt`): a 4-byte little-endian int32
/// with the length of the input node name, the name's UTF-8 bytes (UFF models only; an ONNX
/// payload has length 0 and no name), then the model encrypted with the `-k` key. zoo encrypts
/// with `KeyedEncryption` (documented in docs/FORMATS.md), so the header is TAO's byte for byte
/// while the encrypted part is zoo's own and authenticated: a wrong key is reported, never decoded.
public struct ETLTFile: Equatable, Sendable {
    /// The input node name of a UFF payload; empty for ONNX.
    public var inputNodeName: String
    /// The model bytes (an `.onnx` file).
    public var payload: Data

    /// An `.etlt` holding `payload` (ONNX by default: no input node name).
    public init(payload: Data, inputNodeName: String = "") {
        self.payload = payload
        self.inputNodeName = inputNodeName
    }

    /// The file's bytes, the payload encrypted with `key`.
    public func sealed(key: String) throws -> Data {
        let name = Data(inputNodeName.utf8)
        var out = Data(capacity: 4 + name.count + payload.count + 64)
        withUnsafeBytes(of: Int32(name.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(name)
        out.append(try KeyedEncryption.seal(payload, key: key))
        return out
    }

    /// Reads an `.etlt` file's bytes. `name` names the file in errors; a wrong key is the
    /// `KeyedEncryption` error "wrong key for NAME".
    public init(opening data: Data, key: String, name: String) throws {
        let bytes = [UInt8](data.prefix(4))
        let malformed = ZooError("\(name) is not an .etlt file (its header is damaged).",
                                 hint: "re-export the model, or check that the file is an .etlt", exitCode: ZooError.Code.integrity)
        guard bytes.count == 4 else { throw malformed }
        let length = Int(Int32(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }))
        guard length >= 0, length <= data.count - 4 else { throw malformed }
        let start = data.startIndex + 4
        guard let nodeName = String(data: data[start..<(start + length)], encoding: .utf8) else { throw malformed }
        inputNodeName = nodeName
        payload = try KeyedEncryption.open(Data(data[(start + length)...]), key: key, name: name)
    }

    /// Reads the `.etlt` file at `url`.
    public init(contentsOf url: URL, key: String) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ZooError.notFound("No file at \(url.path).", hint: "check the path of the .etlt model")
        }
        try self.init(opening: data, key: key, name: url.lastPathComponent)
    }

    /// Writes the file sealed with `key` to `url` atomically.
    public func write(to url: URL, key: String) throws {
        try AtomicFile.write(sealed(key: key), to: url)
    }
}
