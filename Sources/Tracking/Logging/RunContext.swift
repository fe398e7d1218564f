import Foundation
import ZooCore

/// Where and how a run is executed: the facts recorded with it so it can be reproduced.
public struct RunContext: Sendable, Equatable {
    /// The host name.
    public var host: String
    /// The process that owns the run: when it dies without ending the run, the run is marked KILLED.
    public var pid: Int32
    /// The command line, with secrets masked (`-k ****`).
    public var commandLine: String?
    /// The git commit of the working directory, when it is inside a repository.
    public var gitCommit: String?
    /// Whether that working tree had uncommitted changes to tracked files.
    public var gitDirty: Bool?

    /// A context with every field given.
    public init(host: String, pid: Int32, commandLine: String? = nil, gitCommit: String? = nil, gitDirty: Bool? = nil) {
        self.host = host
        self.pid = pid
        self.commandLine = commandLine
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
    }

    /// This host and `owner` (default: this process), the redacted command line, and the git state
    /// of `directory` (default: the working directory) unless `captureGit` is false.
    public static func current(owner: Int32 = getpid(), arguments: [String] = CommandLine.arguments,
                               directory: URL? = nil, captureGit: Bool = true) -> RunContext {
        let git = captureGit ? GitState.capture(in: directory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                             : GitState()
        return RunContext(host: thisHost, pid: owner, commandLine: commandLine(arguments),
                          gitCommit: git.commit, gitDirty: git.dirty)
    }

    /// The host name of this machine.
    public static var thisHost: String { ProcessInfo.processInfo.hostName }

    /// A shell-readable command line with `-k`/API-key values and environment secrets masked.
    public static func commandLine(_ arguments: [String]) -> String {
        let secrets = Redaction.environmentSecrets()
        return Redaction.redact(arguments: arguments).map { argument in
            let text = Redaction.redact(argument, secrets: secrets)
            let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%*".unicodeScalars.contains($0)
            }
            return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

/// The commit and dirty flag of a git working tree, read with the `git` command when there is one.
struct GitState {
    var commit: String?
    var dirty: Bool?

    static func capture(in directory: URL) -> GitState {
        guard let root = repositoryRoot(from: directory),
              let head = run(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !head.isEmpty else { return GitState() }
        let status = run(["status", "--porcelain", "--untracked-files=no"], in: root)
        return GitState(commit: head, dirty: status.map { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty })
    }

    /// The nearest folder at or above `directory` that holds `.git`.
    static func repositoryRoot(from directory: URL) -> URL? {
        var current = directory.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path) { return current }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    /// The standard output of `git args` in `directory`, or nil when git is missing or fails.
    static func run(_ arguments: [String], in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Whether the process that owns a run is still there.
enum ProcessLiveness {
    /// The start time of `pid` in clock ticks since boot (Linux `/proc/PID/stat` field 22), which
    /// tells a live owner from an unrelated process that reused its pid; nil where unavailable.
    static func startTime(of pid: Int32) -> Int64? {
        statFields(pid).flatMap { $0.count > 19 ? Int64($0[19]) : nil }
    }

    /// True while `pid` runs (and, when `started` is known, is the same process as when recorded).
    static func isAlive(pid: Int32, started: Int64?) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return false }
        guard let fields = statFields(pid) else { return true }  // no /proc: trust kill(2)
        if let state = fields.first, state == "Z" || state == "X" { return false }
        if let started, let now = fields.count > 19 ? Int64(fields[19]) : nil, now != started { return false }
        return true
    }

    /// The fields of `/proc/PID/stat` after the command name (state first).
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}
