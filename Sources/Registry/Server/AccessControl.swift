import Foundation
import ZooCore

/// Who may do what on a served store, kept in `<store>/.access.json` (mode 0600):
///
/// ```json
/// {"private": false, "keys": [{"name": "ci", "sha256": "<hex of the key's SHA-256>", "createdDate": "…"}]}
/// ```
///
/// Writes always need an API key; reads are public unless the store is marked private (or a
/// model is not public). Only digests of keys are stored: a key is shown once, when it is made.
public struct AccessControl: Codable, Sendable, Equatable {
    /// An API key's record.
    public struct Key: Codable, Sendable, Equatable {
        public var name: String
        public var sha256: String
        public var createdDate: String?
    }

    /// True when reading needs a key too.
    public var `private`: Bool
    public var keys: [Key]

    public init(private: Bool = false, keys: [Key] = []) {
        self.private = `private`
        self.keys = keys
    }

    static func file(_ store: URL) -> URL { StoreLayout(root: store).accessFile }

    /// The store's access settings (public, no keys when the file does not exist).
    public static func load(store: URL) throws -> AccessControl {
        let url = file(store)
        guard FileManager.default.fileExists(atPath: url.path) else { return AccessControl() }
        return try RegistryJSON.read(AccessControl.self, from: url)
    }

    /// Saves the settings, readable by the owner only.
    public func save(store: URL) throws {
        let url = Self.file(store)
        try AtomicFile.write(RegistryJSON.encode(self), to: url)
        chmod(url.path, 0o600)
    }

    /// Adds a key named `name` and returns the key itself (the only time it is shown).
    public mutating func addKey(named name: String) throws -> String {
        guard !name.isEmpty, !keys.contains(where: { $0.name == name }) else {
            throw ZooError.usage("A key named '\(name)' already exists.", hint: "pick another name, or remove the old key first")
        }
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &random) }
        let key = "zoo_" + bytes.map { String(format: "%02x", $0) }.joined()
        keys.append(Key(name: name, sha256: SHA256Hasher.hash(Data(key.utf8)).hex, createdDate: Format.iso(Date())))
        return key
    }

    /// Removes the key named `name`; false when there is none.
    public mutating func removeKey(named name: String) -> Bool {
        let before = keys.count
        keys.removeAll { $0.name == name }
        return keys.count != before
    }

    /// The name of the key `presented` is, or nil when it is none of them.
    public func keyName(for presented: String) -> String? {
        let digest = SHA256Hasher.hash(Data(presented.utf8)).hex
        return keys.first { $0.sha256 == digest }?.name
    }
}
