import Foundation
import Testing
import ZooCore

/// `zoo serve` running as its own process on an ephemeral loopback port.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let url: String

    init(root: URL, environment: [String: String]) throws {
        process.executableURL = ZooProcess.binary
        process.arguments = ["serve", "--root", root.path, "--port", "0"]
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line says where it listens: "zoo serve: listening on http://127.0.0.1:PORT".
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://") else { throw CocoaError(.fileReadCorruptFile) }
        url = String(text[range.lowerBound...].prefix { !$0.isWhitespace })
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A temporary ZOO_HOME (and scratch space) for one test.
final class CLIWorkspace: @unchecked Sendable {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-cli-\(UUID().uuidString)", isDirectory: true)
    var home: URL { root.appendingPathComponent("home", isDirectory: true) }

    init() throws { try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The environment of a run: this ZOO_HOME, no catalog unless asked, no API key.
    func env(catalog: String? = "none", _ extra: [String: String] = [:]) -> [String: String] {
        var env = ["ZOO_HOME": home.path, "ZOO_API_KEY": "", "ZOO_REGISTRY": "", "ZOO_ORG": ""]
        if let catalog { env["ZOO_CATALOG"] = catalog }
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// A source folder with a few files (one large enough to be interrupted).
    func source() throws -> URL {
        let folder = path("source")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }).write(to: folder.appendingPathComponent("model.tlt"))
        try Data("car\nperson\n".utf8).write(to: folder.appendingPathComponent("labels.txt"))
        try Data("notes".utf8).write(to: folder.appendingPathComponent("sub/notes.txt"))
        return folder
    }

    /// Runs zoo under `ulimit -f` (a stand-in for a disk that fills up) and returns its status and stderr.
    func limited(fileSizeKiB: Int, _ arguments: [String], _ env: [String: String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "ulimit -f \(fileSizeKiB); exec \"$0\" \"$@\" 2>\"$ZOO_TEST_STDERR\"", ZooProcess.binary.path] + arguments
        let stderrFile = path("stderr-\(UUID().uuidString)")
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        environment["ZOO_TEST_STDERR"] = stderrFile.path
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
    }

    /// Runs zoo and expects success.
    @discardableResult
    func zoo(_ arguments: [String], _ env: [String: String]) throws -> ZooProcess.Result {
        let result = try ZooProcess.run(arguments, environment: env)
        #expect(result.status == 0, "zoo \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result
    }
}

@Suite(.serialized) struct RegistryCLITests {
    @Test func theCatalogShipsWithTheBinary() throws {
        let workspace = try CLIWorkspace()
        // Found from the checkout the binary was built in.
        let found = try workspace.zoo(["list", "nvidia/tlt_*"], workspace.env(catalog: nil))
        #expect(found.stdout.contains("| PeopleNet "))
        #expect(found.stdout.contains("nvidia/tlt_vehicletypenet"))
        #expect(!found.stdout.contains("bodyposenet"))  // nvidia/tlt_* does not reach into team tao
        let versions = try workspace.zoo(["list", "nvidia/tlt_peoplenet:*"], workspace.env(catalog: nil))
        #expect(versions.stdout.contains("| Version "))
        #expect(versions.stdout.contains("UPLOAD_PENDING"))
        let off = try workspace.zoo(["list"], workspace.env())
        #expect(!off.stdout.contains("nvidia"))
        // ZOO_CATALOG points elsewhere.
        let custom = workspace.path("catalog/acme/thing")
        try FileManager.default.createDirectory(at: custom, withIntermediateDirectories: true)
        try Data(#"{"name": "thing", "orgName": "acme", "displayName": "Thing", "latestVersionIdStr": "v1"}"#.utf8)
            .write(to: custom.appendingPathComponent("model.json"))
        let other = try workspace.zoo(["list", "--format_type", "csv"], workspace.env(catalog: workspace.path("catalog").path))
        #expect(other.stdout == "Name,Repository,Latest Version,Application,Framework,Precision,Last Modified,Permission\nThing,acme/thing,v1,,,,,unlocked\n")
    }

    @Test func listingStartsWithoutLoadingTheNetworkArchiveOrBLASLibraries() throws {
        let workspace = try CLIWorkspace()
        // The dynamic loader reports every library it maps (LD_DEBUG=files) on stderr.
        var env = workspace.env()
        env["LD_DEBUG"] = "files"
        let list = try ZooProcess.run(["list"], environment: env)
        #expect(list.status == 0)
        #expect(list.stderr.contains("file=libc.so.6"))  // the report is there
        for library in ["libcurl", "libarchive", "libopenblas"] {
            #expect(!list.stderr.contains("file=" + library), "zoo list loaded \(library)")
        }
        // A command that uses BLAS opens it then.
        let version = try ZooProcess.run(["--version", "--verbose"], environment: env)
        #expect(version.stdout.contains("blas: OpenBLAS"))
        #expect(version.stderr.contains("file=libopenblas.so.0"))
    }

    @Test func pendingCatalogVersionsSayHowToBuildThem() throws {
        let workspace = try CLIWorkspace()
        let dest = workspace.path("models")
        try FileManager.default.createDirectory(at: dest, withIntermediateDirectories: true)
        let result = try ZooProcess.run(["download-version", "nvidia/tlt_peoplenet:pruned_v2.1", "--dest", dest.path],
                                        environment: workspace.env(catalog: nil))
        #expect(result.status == 3)
        #expect(result.stderr.contains("Error: 'nvidia/tlt_peoplenet:pruned_v2.1' is not in state UPLOAD_COMPLETE."))
        #expect(result.stderr.contains("zoo registry build nvidia/tlt_peoplenet:pruned_v2.1"))
        let info = try workspace.zoo(["registry", "model", "info", "nvidia/tlt_facedetectir:pruned_v1.0"], workspace.env(catalog: nil))
        #expect(info.stdout.contains("Input Dims: 3x240x384"))
        #expect(info.stdout.contains("Status: UPLOAD_PENDING"))
    }

    @Test func publishServeListDownloadAndCurl() throws {
        let workspace = try CLIWorkspace()
        let storeRoot = workspace.path("served")
        let local = workspace.env(["ZOO_REGISTRY": storeRoot.path])
        try workspace.zoo(["create", "acme/detector", "--application", "Object Detection", "--framework", "zoo",
                           "--format", "TLT", "--precision", "FP32", "--short-desc", "Finds things"], local)
        let dry = try workspace.zoo(["upload-version", "acme/detector:v1", "--source", try workspace.source().path, "--dry-run"], local)
        #expect(dry.stdout.hasPrefix("Total Size: 292.98 KB\nNumber of Files: 3\n"))
        let upload = try workspace.zoo(["upload-version", "acme/detector:v1", "--source", try workspace.source().path,
                                        "--accuracy-reached", "81.5", "--num-epochs", "3"], local)
        #expect(upload.stdout.contains("Model ID: detector[version=v1]"))
        #expect(upload.stdout.contains("Upload status: Completed"))

        let server = try ServeProcess(root: storeRoot, environment: workspace.env())
        let remote = workspace.env(["ZOO_REGISTRY": server.url])
        let list = try workspace.zoo(["list", "acme/*"], remote)
        #expect(list.stdout.contains("| detector | acme/detector | v1 "))
        let versions = try workspace.zoo(["list", "acme/detector:*", "--format_type", "csv"], remote)
        #expect(versions.stdout.hasPrefix("Version,Accuracy,Epochs,Batch Size,GPU Model,Memory Footprint,File Size,Status,Created Date\nv1,81.5,3,,,,292.98 KB,UPLOAD_COMPLETE,"))
        let info = try workspace.zoo(["info", "acme/detector:v1", "--files"], remote)
        #expect(info.stdout.contains("    model.tlt - 292.97 KB"))
        #expect(info.stdout.contains("    sub/notes.txt - 5 B"))

        let dest = workspace.path("models")
        try FileManager.default.createDirectory(at: dest, withIntermediateDirectories: true)
        let download = try workspace.zoo(["download-version", "acme/detector", "--dest", dest.path], remote)
        #expect(download.stdout.hasPrefix("No version specified, downloading latest version: 'v1'.\nDownloaded 292.98 KB in "))
        #expect(download.stdout.contains("Transfer id: detector_vv1 Download status: Completed."))
        #expect(download.stdout.contains("Downloaded local path: \(dest.path)/detector_vv1\n"))
        #expect(download.stdout.contains("Total files downloaded: 3\n"))
        #expect(try Data(contentsOf: dest.appendingPathComponent("detector_vv1/model.tlt"))
                == Data(contentsOf: workspace.path("source/model.tlt")))

        let json = try workspace.zoo(["download-version", "acme/detector:v1", "--dest", dest.path, "--file", "sub/*",
                                      "--format_type", "json"], remote)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(summary["local_path"] as? String == dest.path + "/detector_vv1")
        #expect(summary["files_downloaded"] as? Int == 1)
        #expect(summary["bytes_transferred"] as? Int == 0)  // from the cache

        // The NGC web page's wget form, with curl -L.
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        let out = workspace.path("labels.txt")
        curl.arguments = ["-sSfL", "-o", out.path, server.url + "/v2/models/org/acme/detector/v1/files?redirect=true&path=labels.txt"]
        try curl.run()
        curl.waitUntilExit()
        #expect(curl.terminationStatus == 0)
        #expect(try String(contentsOf: out, encoding: .utf8) == "car\nperson\n")
    }

    @Test func writesToAServerNeedAKey() throws {
        let workspace = try CLIWorkspace()
        let storeRoot = workspace.path("served")
        let server = try ServeProcess(root: storeRoot, environment: workspace.env())
        let create = ["create", "acme/detector", "--application", "Object Detection", "--framework", "zoo",
                      "--format", "TLT", "--precision", "FP32", "--short-desc", "Finds things"]
        let guest = try ZooProcess.run(create, environment: workspace.env(["ZOO_REGISTRY": server.url]))
        #expect(guest.status == 5)
        #expect(guest.stderr.contains("needs an API key"))
        let wrong = try ZooProcess.run(create, environment: workspace.env(["ZOO_REGISTRY": server.url, "ZOO_API_KEY": "zoo_wrong"]))
        #expect(wrong.status == 5)
        #expect(wrong.stderr.contains("HTTP 401"))
        let key = try workspace.zoo(["registry", "keys", "add", "ci", "--root", storeRoot.path], workspace.env())
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("zoo_"))
        let withKey = workspace.env(["ZOO_REGISTRY": server.url, "ZOO_API_KEY": key])
        try workspace.zoo(create, withKey)
        try workspace.zoo(["upload-version", "acme/detector:v1", "--source", try workspace.source().path], withKey)
        try workspace.zoo(["upload-version", "acme/detector:v2", "--source", try workspace.source().path], withKey)
        try workspace.zoo(["update", "acme/detector:v2", "--set-latest"], withKey)
        #expect(try workspace.zoo(["list", "acme/detector"], withKey).stdout.contains("| v2 "))
        let removed = try workspace.zoo(["remove", "acme/detector:v1", "-y"], withKey)
        #expect(removed.stdout == "Successfully removed 'acme/detector:v1'.\n")
        let gone = try ZooProcess.run(["info", "acme/detector:v1"], environment: withKey)
        #expect(gone.status == 3)
        #expect(gone.stderr.contains("'acme/detector:v1' could not be found."))
        #expect(gone.stderr.contains("versions of acme/detector: v2"))
    }

    @Test func badInputGetsOneLineErrorsWithHints() throws {
        let workspace = try CLIWorkspace()
        let env = workspace.env(catalog: nil)
        let cases: [([String], Int32, String)] = [
            (["info", "nvidia/a/b/c"], 2, "Invalid target: 'nvidia/a/b/c'. Format: [org/[team/]]name[:version]."),
            (["info", "tlt_peoplenet"], 2, "no `org` specified"),
            (["info", "nvidia/tlt_*"], 2, "pattern matching not supported with this verb"),
            (["list", "nvidia/tlt_*:pruned_*"], 2, "pattern matching is not allowed on both model and version at the same time"),
            (["list", "nvidia/tlt_*", "--sort", "SEMVER_ASC"], 2, "--sort argument is not valid for a model target"),
            (["info", "nvidia/tlt_peoplnet"], 3, "Target 'nvidia/tlt_peoplnet' could not be found."),
            (["info", "nvidia/tlt_peoplenet:v9"], 3, "versions of nvidia/tlt_peoplenet: unpruned_v2.1, pruned_v2.1"),
            (["info", "nvidia/tlt_peoplenet", "--files"], 2, "--files argument is not valid for a model target"),
            (["download-version", "nvidia/tlt_peoplenet:pruned_v2.1", "--dest", "/nonexistent/dest"], 2,
             "The path: '/nonexistent/dest' does not exist."),
            (["list", "--column", "colour"], 2, "Unknown column 'colour'."),
        ]
        for (arguments, status, message) in cases {
            let result = try ZooProcess.run(arguments, environment: env)
            #expect(result.status == status, "zoo \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.contains(message), "zoo \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"))
        }
        let unknown = try ZooProcess.run(["info", "nvidia/tlt_peoplnet"], environment: env)
        #expect(unknown.stderr.contains("Hint: models in nvidia: nvidia/tao/bodyposenet, nvidia/tlt_dashcamnet"))
        let json = try ZooProcess.run(["info", "nvidia/tlt_peoplnet", "--format_type", "json"], environment: env)
        #expect(json.stderr.hasPrefix("{\"error\": \"Target 'nvidia/tlt_peoplnet' could not be found.\""))
    }

    @Test func aFullDiskKeepsThePartialAndTheNextRunResumes() throws {
        let workspace = try CLIWorkspace()
        let storeRoot = workspace.path("store")
        let local = workspace.env(["ZOO_REGISTRY": storeRoot.path])
        try workspace.zoo(["create", "acme/detector", "--application", "x", "--framework", "zoo", "--format", "TLT",
                           "--precision", "FP32", "--short-desc", "d"], local)
        try workspace.zoo(["upload-version", "acme/detector:v1", "--source", try workspace.source().path], local)
        let dest = workspace.path("models")
        try FileManager.default.createDirectory(at: dest, withIntermediateDirectories: true)
        // A 100 KiB file size limit stands in for a disk that fills up mid-download.
        let full = try workspace.limited(fileSizeKiB: 100, ["download-version", "acme/detector:v1", "--dest", dest.path], local)
        #expect(full.status != 0)
        #expect(full.stderr.contains("Cannot write 'model.tlt': File too large ("))
        #expect(full.stderr.contains("of 292.97 KB kept in \(workspace.home.path)/cache/partial/"))
        #expect(full.stderr.contains("the download resumes from the bytes already on disk"))
        #expect(!FileManager.default.fileExists(atPath: dest.appendingPathComponent("detector_vv1/model.tlt").path))
        let partials = try FileManager.default.contentsOfDirectory(at: workspace.home.appendingPathComponent("cache/partial"),
                                                                   includingPropertiesForKeys: [.fileSizeKey])
            .filter { $0.pathExtension == "partial" }
        let kept = try #require(partials.first?.resourceValues(forKeys: [.fileSizeKey]).fileSize)
        #expect(kept > 0 && kept <= 100 * 1024)
        let resumed = try workspace.zoo(["download-version", "acme/detector:v1", "--dest", dest.path, "--format_type", "json"], local)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        #expect(summary["status"] as? String == "Completed")
        #expect(summary["bytes_transferred"] as? Int == 300_000 - kept)
        #expect(try Data(contentsOf: dest.appendingPathComponent("detector_vv1/model.tlt")) == Data(contentsOf: workspace.path("source/model.tlt")))
    }
}
