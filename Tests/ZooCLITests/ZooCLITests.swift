import Foundation
import Testing
import ZooCore

@Suite struct ZooCLITests {
    @Test func printsVersion() throws {
        let result = try ZooProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "zoo \(ZooVersion.current)\n")
    }

    @Test func verboseVersionAddsDetails() throws {
        let result = try ZooProcess.run(["--version", "--verbose"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("zoo \(ZooVersion.current)\n"))
        #expect(result.stdout.contains("platform:"))
    }

    @Test func helpListsGlobalOptions() throws {
        let result = try ZooProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: zoo"))
        #expect(result.stdout.contains("--format_type"))
        #expect(result.stdout.contains("--registry"))
        #expect(result.stdout.contains("--tracking-uri"))
    }

    @Test func badFormatTypeIsAUsageError() throws {
        let result = try ZooProcess.run(["--format_type", "xml", "--version"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("format_type"))
        #expect(!result.stderr.contains("Stack"))
    }
}

/// Runs the built `zoo` binary (next to the test bundle) and captures its output.
enum ZooProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        if let custom = ProcessInfo.processInfo.environment["ZOO_BIN"] { return URL(fileURLWithPath: custom) }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("zoo")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], input: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try inp.fileHandleForWriting.close()
        // Drain both pipes concurrently so a chatty process cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
