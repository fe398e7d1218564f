import Foundation
import Testing
@testable import Tracking
import ZooCore

@Suite struct StoreTests {
    @Test func createsSchemaInWALModeAndReopens() throws {
        let folder = try TemporaryFolder()
        let location = StoreLocation(databaseURL: folder.file("sub/dir/experiments.db"))
        do {
            let store = try TrackingStore(location: location)
            try store.createExperiment("first")
            let mode = try store.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            try store.close()
        }
        let again = try TrackingStore(location: location)
        #expect(try again.experiments().map(\.experiment.name) == ["first"])
    }

    @Test func resolvesTrackingURIs() throws {
        let paths = ZooPaths(home: URL(fileURLWithPath: "/home/u/.zoo"))
        let cwd = URL(fileURLWithPath: "/work/dir", isDirectory: true)
        #expect(try StoreLocation.resolve(uri: nil, paths: paths).databaseURL.path == "/home/u/.zoo/experiments.db")
        #expect(try StoreLocation.resolve(uri: "sqlite:///runs.db", paths: paths, workingDirectory: cwd).databaseURL.path == "/work/dir/runs.db")
        #expect(try StoreLocation.resolve(uri: "sqlite:////abs/x.db", paths: paths, workingDirectory: cwd).databaseURL.path == "/abs/x.db")
        #expect(try StoreLocation.resolve(uri: "file:///abs/y.db", paths: paths).databaseURL.path == "/abs/y.db")
        #expect(try StoreLocation.resolve(uri: "./z.db", paths: paths, workingDirectory: cwd).databaseURL.path == "/work/dir/z.db")
        #expect(throws: ZooError.self) { try StoreLocation.resolve(uri: "postgresql://db/zoo", paths: paths) }
        #expect(throws: ZooError.self) { try StoreLocation.resolve(uri: "sqlite://", paths: paths) }
    }

    @Test func refusesAFileThatIsNotSQLiteAndLeavesItUntouched() throws {
        let folder = try TemporaryFolder()
        let text = String(repeating: "not a database, just notes\n", count: 20)
        let file = try folder.write("notes.db", text)
        let error = #expect(throws: ZooError.self) { try TrackingStore(location: StoreLocation(databaseURL: file)) }
        #expect(error?.message.contains("not an SQLite database") == true)
        #expect(error?.hint?.contains("untouched") == true)
        #expect(try String(contentsOf: file, encoding: .utf8) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["notes.db"])
    }

    @Test func refusesANewerSchemaAndLeavesTheFileUntouched() throws {
        let folder = try TemporaryFolder()
        let location = StoreLocation(databaseURL: folder.file("experiments.db"))
        do {
            let store = try TrackingStore(location: location)
            try store.write { db in try db.execute(sql: "PRAGMA user_version = \(Schema.version + 1)") }
            try store.close()
        }
        let before = try Data(contentsOf: location.databaseURL)
        for options in [TrackingStore.Options(), Self.readOnly] {
            let error = #expect(throws: ZooError.self) { try TrackingStore(location: location, options: options) }
            #expect(error?.message.contains("schema version \(Schema.version + 1)") == true)
            #expect(error?.hint?.contains("upgrade zoo") == true)
            #expect(try Data(contentsOf: location.databaseURL) == before)
        }
    }

    @Test func refusesAnotherApplicationsSQLiteDatabase() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("other.db")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", url.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let before = try Data(contentsOf: url)
        let error = #expect(throws: ZooError.self) { try TrackingStore(location: StoreLocation(databaseURL: url)) }
        #expect(error?.message.contains("not a zoo experiment store") == true)
        #expect(try Data(contentsOf: url) == before)
    }

    @Test func aReadOnlyLocationIsAClearError() throws {
        // /proc refuses new files even to root, so this holds for every user.
        let error = #expect(throws: ZooError.self) {
            try TrackingStore(location: StoreLocation(databaseURL: URL(fileURLWithPath: "/proc/zoo-test/experiments.db")))
        }
        #expect(error?.hint?.isEmpty == false)
        #expect(error?.message.contains("/proc/zoo-test") == true)
    }

    @Test(.enabled(if: getuid() != 0, "root ignores file permissions"))
    func readOnlyDatabaseFileIsReportedAsReadOnly() throws {
        let folder = try TemporaryFolder()
        let location = StoreLocation(databaseURL: folder.file("experiments.db"))
        try TrackingStore(location: location).close()
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.url.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: location.databaseURL.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.url.path) }
        let error = #expect(throws: ZooError.self) { try TrackingStore(location: location).createExperiment("x") }
        #expect(error?.message.contains("read-only") == true || error?.message.contains("Cannot open") == true)
    }

    @Test func experimentsCreateRenameDelete() throws {
        let test = try TestStore()
        let store = test.store
        let created = try store.createExperiment("detect")
        #expect(throws: ZooError.self) { try store.createExperiment("detect") }
        #expect(try store.renameExperiment("detect", to: "detection").name == "detection")
        #expect(try store.experiment(String(created.id)).name == "detection")
        let run = try store.startRun(TestStore.spec("a", experiment: "detection"), options: TestStore.quiet)
        try run.logMetric("loss", 1, step: 0)
        try run.finish()
        let refused = #expect(throws: ZooError.self) { try store.deleteExperiment("detection") }
        #expect(refused?.hint?.contains("--force") == true)
        try store.deleteExperiment("detection", force: true)
        #expect(try store.experiments().isEmpty)
        #expect(try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM metrics") } == 0)
        let missing = #expect(throws: ZooError.self) { try store.experiment("nope") }
        #expect(missing?.exitCode == ZooError.Code.notFound)
    }

    @Test func unknownRunIsNotFound() throws {
        let test = try TestStore()
        let error = #expect(throws: ZooError.self) { try test.store.detail(42) }
        #expect(error?.exitCode == ZooError.Code.notFound)
        #expect(error?.message == "No run with id 42.")
        #expect(throws: ZooError.self) { try test.store.endRun(42, status: .finished) }
        #expect(throws: ZooError.self) { try test.store.deleteRun(42) }
    }

    @Test func deadOwnersAreMarkedKilledOnOpen() throws {
        let test = try TestStore()
        let dead = try Self.specOfAnExitedProcess()
        var alive = TestStore.spec("alive")
        alive.context.pid = getpid()
        var remote = TestStore.spec("remote")
        remote.context.host = "some-other-host"
        let deadID = try test.store.createRun(dead).id
        let aliveID = try test.store.createRun(alive).id
        let remoteID = try test.store.createRun(remote).id
        let reopened = try TrackingStore(location: test.store.location)
        #expect(try reopened.run(deadID).status == .killed)
        #expect(try reopened.run(aliveID).status == .running)
        // Another host's run is judged by its heartbeat (written at creation here, so it is fresh).
        #expect(try reopened.run(remoteID).status == .running)
        #expect(try reopened.markDeadRuns(now: Date().addingTimeInterval(3600)) == [remoteID])
        #expect(try reopened.run(remoteID).status == .killed)
    }

    /// A run spec owned by a process that has exited: its pid no longer runs.
    static func specOfAnExitedProcess() throws -> RunSpec {
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        var dead = TestStore.spec("dead")
        dead.context.pid = gone.processIdentifier
        return dead
    }

    static var readOnly: TrackingStore.Options {
        var options = TrackingStore.Options()
        options.readOnly = true
        return options
    }

    @Test func aReadOnlyOpenReadsWithoutWritingAByte() throws {
        let test = try TestStore()
        let run = try test.store.startRun(TestStore.spec("a"), options: TestStore.quiet)
        try run.logMetric("loss", 0.5, step: 1)
        try run.finish()
        try test.store.close()
        let database = test.store.location.databaseURL
        let wal = URL(fileURLWithPath: database.path + "-wal")
        let before = try Data(contentsOf: database)
        let walBefore = try? Data(contentsOf: wal)

        let reader = try TrackingStore(location: test.store.location, options: Self.readOnly)
        #expect(reader.isReadOnly)
        #expect(try reader.listRuns(RunQuery()).rows.map(\.run.name) == ["a"])
        #expect(try reader.detail(run.runID).run.status == .finished)
        let refused = #expect(throws: ZooError.self) { try reader.createExperiment("x") }
        #expect(refused?.message.contains("read-only") == true)
        try reader.close()
        #expect(try Data(contentsOf: database) == before)
        #expect((try? Data(contentsOf: wal)) ?? Data() == walBefore ?? Data())
    }

    @Test func aReadOnlyOpenOfAMissingStoreCreatesIt() throws {
        let folder = try TemporaryFolder()
        let location = StoreLocation(databaseURL: folder.file("new/experiments.db"))
        let store = try TrackingStore(location: location, options: Self.readOnly)
        #expect(!store.isReadOnly)
        #expect(try store.listRuns(RunQuery()).rows.isEmpty)
    }

    @Test func aReadOnlyOpenStillMarksDeadRunsKilled() throws {
        let test = try TestStore()
        let dead = try Self.specOfAnExitedProcess()
        let deadID = try test.store.createRun(dead).id
        try test.store.close()
        let reader = try TrackingStore(location: test.store.location, options: Self.readOnly)
        #expect(reader.isReadOnly)
        #expect(try reader.run(deadID).status == .killed)
        // A process that dies while the read-only store is open: marking reports its run.
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        var owned = TestStore.spec("owned")
        owned.context.pid = sleeper.processIdentifier
        let ownedID = try TrackingStore(location: test.store.location).createRun(owned).id
        let watcher = try TrackingStore(location: test.store.location, options: Self.readOnly)
        #expect(try watcher.run(ownedID).status == .running)
        kill(sleeper.processIdentifier, SIGKILL)
        sleeper.waitUntilExit()
        #expect(try watcher.markDeadRuns() == [ownedID])
        #expect(try watcher.run(ownedID).status == .killed)
    }

    @Test func aReadOnlyOpenRefusesWhatAReadWriteOpenRefuses() throws {
        let folder = try TemporaryFolder()
        let notes = try folder.write("notes.db", String(repeating: "notes\n", count: 100))
        let notSQLite = #expect(throws: ZooError.self) {
            try TrackingStore(location: StoreLocation(databaseURL: notes), options: Self.readOnly)
        }
        #expect(notSQLite?.message.contains("not an SQLite database") == true)
    }
}
