import Crypto
import _CryptoExtras
import Foundation
import ZooCore

/// Encryption of model files with the user's `-k` key, as TAO encrypts `.tlt` and `.etlt` files —
/// but in zoo's own, documented format (docs/FORMATS.md), which is NOT byte-compatible with
/// NVIDIA's closed codec:
///
/// ```
/// "ZOOK"  magic (4 bytes)
/// 0x01    format version (1 byte)
/// rounds  PBKDF2-HMAC-SHA256 iterations, UInt32 little-endian (4 bytes)
/// salt    16 random bytes
/// nonce   12 random bytes
/// data    AES-256-GCM ciphertext
/// tag     16 bytes
/// ```
/// GCM authenticates the data, so a wrong key is detected and reported, never decoded into garbage.
public enum KeyedEncryption {
    static let magic: [UInt8] = Array("ZOOK".utf8)
    static let version: UInt8 = 1
    static let headerSize = 4 + 1 + 4 + 16 + 12
    /// PBKDF2 iterations for new files.
    public static let defaultRounds: UInt32 = 100_000

    /// Encrypts `plaintext` with a key derived from `key`.
    public static func seal(_ plaintext: Data, key: String, rounds: UInt32 = defaultRounds) throws -> Data {
        guard !key.isEmpty else {
            throw ZooError.usage("An encryption key is required.", hint: "pass -k KEY (TAO's models use tlt_encode)")
        }
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        let symmetric = try derive(key: key, salt: salt, rounds: rounds)
        let box = try AES.GCM.seal(plaintext, using: symmetric)
        var out = Data(capacity: headerSize + plaintext.count + 16)
        out.append(contentsOf: magic)
        out.append(version)
        withUnsafeBytes(of: rounds.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: salt)
        out.append(contentsOf: box.nonce)
        out.append(box.ciphertext)
        out.append(box.tag)
        return out
    }

    /// Decrypts data produced by `seal`. `name` names the file in error messages.
    public static func open(_ sealed: Data, key: String, name: String) throws -> Data {
        let bytes = [UInt8](sealed.prefix(headerSize))
        guard bytes.count == headerSize, Array(bytes[0..<4]) == magic else {
            throw ZooError("\(name) is not an encrypted zoo model file.",
                           hint: "zoo reads .tlt/.etlt files it wrote itself; NVIDIA's encrypted files use a closed format",
                           exitCode: ZooError.Code.integrity)
        }
        guard bytes[4] == version else {
            throw ZooError("\(name) uses model-file format version \(bytes[4]), which this zoo does not know.",
                           hint: "upgrade zoo", exitCode: ZooError.Code.integrity)
        }
        guard sealed.count >= headerSize + 16 else {
            throw ZooError("\(name) is truncated.", hint: "re-create or re-download the file", exitCode: ZooError.Code.integrity)
        }
        guard !key.isEmpty else {
            throw ZooError.usage("\(name) is encrypted and no key was given.", hint: "pass -k KEY, the key the model was saved with")
        }
        let rounds = UInt32(bytes[5]) | UInt32(bytes[6]) << 8 | UInt32(bytes[7]) << 16 | UInt32(bytes[8]) << 24
        let salt = Array(bytes[9..<25])
        do {
            let symmetric = try derive(key: key, salt: salt, rounds: rounds)
            let start = sealed.startIndex
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: sealed[(start + 25)..<(start + headerSize)]),
                ciphertext: sealed[(start + headerSize)..<(sealed.endIndex - 16)],
                tag: sealed[(sealed.endIndex - 16)...])
            return try AES.GCM.open(box, using: symmetric)
        } catch {
            throw ZooError("wrong key for \(name)", hint: "use the -k key the model was saved or exported with; if that key is right, the file is corrupt",
                           exitCode: ZooError.Code.auth)
        }
    }

    /// Whether `data` starts like a file `seal` wrote.
    public static func isSealed(_ data: Data) -> Bool { Array(data.prefix(4)) == magic }

    static func derive(key: String, salt: [UInt8], rounds: UInt32) throws -> SymmetricKey {
        try KDF.Insecure.PBKDF2.deriveKey(from: Array(key.utf8), salt: salt, using: .sha256,
                                          outputByteCount: 32, unsafeUncheckedRounds: Int(rounds))
    }
}
