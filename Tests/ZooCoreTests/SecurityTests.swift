import Foundation
import Testing
@testable import ZooCore

@Suite struct SHA256Tests {
    // FIPS 180-2 test vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, hex: String) {
        #expect(SHA256Hasher.hash(Array(input.utf8)).hex == hex)
    }

    @Test func streamingEqualsOneShotForAMillionA() {
        var hasher = SHA256Hasher()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.count == 1_000_000)
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hexAndBase64Forms() throws {
        let digest = SHA256Hasher.hash(Array("abc".utf8))
        #expect(digest.base64 == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(SHA256Digest(base64: digest.base64) == digest)
        #expect(SHA256Digest(hex: digest.hex.uppercased()) == digest)
        #expect(SHA256Digest(hex: "zz") == nil)
        #expect(SHA256Digest(base64: "YWJj") == nil)
    }

    @Test func hashesFilesInChunks() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-sha-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = [UInt8](repeating: 0, count: (3 << 20) + 17)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        try Data(bytes).write(to: url)
        let (digest, size) = try SHA256Hasher.hash(file: url)
        #expect(size == Int64(bytes.count))
        #expect(digest == SHA256Hasher.hash(bytes))
    }

    @Test func missingFileIsAZooError() {
        let error = #expect(throws: ZooError.self) { try SHA256Hasher.hash(file: URL(fileURLWithPath: "/nonexistent/zoo")) }
        #expect(error?.exitCode == ZooError.Code.notFound)
    }
}

@Suite struct RedactionTests {
    @Test func masksKeyFlagValues() {
        #expect(Redaction.redact(arguments: ["zoo", "detectnet_v2", "train", "-k", "tlt_encode", "-r", "out"])
                == ["zoo", "detectnet_v2", "train", "-k", "****", "-r", "out"])
        #expect(Redaction.redact(arguments: ["--key=secret", "--api-key", "nvapi-123", "-ksecret"])
                == ["--key=****", "--api-key", "****", "-k****"])
        #expect(Redaction.redact(arguments: ["-e", "spec.txt"]) == ["-e", "spec.txt"])
    }

    @Test func collectsSecrets() {
        #expect(Redaction.secrets(in: ["-k", "a", "--key=b", "-kc", "-e", "x"]) == ["a", "b", "c"])
    }

    @Test func masksSecretsInText() {
        let text = "wrong key tlt_encode for model; retry with tlt_encode"
        #expect(Redaction.redact(text, secrets: ["tlt_encode", ""]) == "wrong key **** for model; retry with ****")
        #expect(Redaction.redact("ab abc", secrets: ["ab", "abc"]) == "**** ****")
    }
}

@Suite struct FilesTests {
    @Test func atomicWriteReplacesAndLeavesNoTemporaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("sub/file.txt")
        try AtomicFile.write("one", to: target)
        try AtomicFile.write("two", to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "two")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)
        #expect(leftovers == ["file.txt"])
    }

    @Test func atomicWriteIntoUnwritablePlaceIsAZooError() {
        #expect(throws: ZooError.self) { try AtomicFile.write("x", to: URL(fileURLWithPath: "/proc/zoo-nope/file")) }
    }

    @Test func pathsFollowZooHome() {
        let paths = ZooPaths(home: URL(fileURLWithPath: "/tmp/zh"))
        #expect(paths.cache.path == "/tmp/zh/cache")
        #expect(paths.registry.path == "/tmp/zh/registry")
        #expect(paths.experimentsDatabase.path == "/tmp/zh/experiments.db")
        #expect(paths.plugins.path == "/tmp/zh/plugins")
    }
}
