import Foundation
import Testing
import ZooCore

@Suite struct DatasetCLITests {
    private func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-dataset-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func synthStatsAndSplit() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(at: root) }
        let people = root.appendingPathComponent("people").path
        let synth = try ZooProcess.run(["dataset", "synth", "people", "--out", people, "--count", "4", "--seed", "3", "--size", "96x64"])
        #expect(synth.status == 0, "\(synth.stderr)")
        #expect(synth.stdout.contains("| person") && synth.stdout.contains("Wrote 4 people images"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: people + "/images").count == 4)

        let again = try ZooProcess.run(["dataset", "synth", "people", "--out", root.appendingPathComponent("again").path, "--count", "4",
                                        "--seed", "3", "--size", "96x64", "--format_type", "json"])
        #expect(again.stdout.hasPrefix("["))
        #expect(try Data(contentsOf: URL(fileURLWithPath: people + "/images/000003.png"))
                == Data(contentsOf: root.appendingPathComponent("again/images/000003.png")))

        let plot = root.appendingPathComponent("stats.svg").path
        let stats = try ZooProcess.run(["dataset", "stats", people, "--plot", plot, "--format_type", "csv"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.contains("class,objects,images") && stats.stdout.contains("bin,box width (px)"))
        #expect(try String(contentsOfFile: plot, encoding: .utf8).hasPrefix("<svg"))

        let types = root.appendingPathComponent("types").path
        #expect(try ZooProcess.run(["dataset", "synth", "vehicle_types", "--out", types, "--count", "12", "--size", "32x32"]).status == 0)
        let split = try ZooProcess.run(["dataset", "split", types, "--out", root.appendingPathComponent("split").path,
                                        "--train", "50", "--val", "25", "--test", "25", "--seed", "1"])
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stdout.contains("| coupe") && FileManager.default.fileExists(atPath: root.appendingPathComponent("split/classmap.json").path))
    }

    @Test func userErrorsAreOneLineMessagesWithHints() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(at: root) }
        let badKind = try ZooProcess.run(["dataset", "synth", "unicorns", "--out", root.path + "/u"])
        #expect(badKind.status != 0 && badKind.stderr.contains("unicorns"))
        let badSize = try ZooProcess.run(["dataset", "synth", "people", "--out", root.path + "/u", "--size", "big"])
        #expect(badSize.status != 0)
        let missing = try ZooProcess.run(["dataset", "stats", root.path + "/nothing-here"])
        #expect(missing.status != 0 && missing.stderr.hasPrefix("Error: ") && missing.stderr.contains("Hint: "))
        #expect(!missing.stderr.contains("Fatal") && !missing.stderr.contains("Stack"))
        let split = try ZooProcess.run(["dataset", "split", root.path, "--train", "90", "--val", "20", "--test", "0"])
        #expect(split.status == 2 && split.stderr.contains("add up to 100"))
    }
}
