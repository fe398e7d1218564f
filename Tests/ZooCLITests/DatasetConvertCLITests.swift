import Foundation
import Testing
import ZooCore

@Suite struct DatasetConvertCLITests {
    private func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-convert-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func spec(root: String, extra: String = "") -> String {
        """
        kitti_config {
          root_directory_path: "\(root)"
          image_dir_name: "images"
          label_dir_name: "labels"
          partition_mode: "random"
          num_partitions: 2
          val_split: 25
          num_shards: 2
          \(extra)
        }
        image_directory_path: "\(root)"
        """
    }

    @Test func convertsASyntheticKITTISetIntoNamedShards() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(at: root) }
        let kitti = root.appendingPathComponent("kitti").path
        let synth = try ZooProcess.run(["dataset", "synth", "traffic", "--out", kitti, "--count", "8", "--seed", "2", "--size", "96x64"])
        #expect(synth.status == 0, "\(synth.stderr)")
        // A spec relative to its own folder, as TAO users write them.
        let specURL = root.appendingPathComponent("kitti_trainval.txt")
        try spec(root: "kitti").write(to: specURL, atomically: true, encoding: .utf8)
        let output = root.appendingPathComponent("tfrecords/kitti_trainval").path
        let convert = try ZooProcess.run(["dataset", "convert", "-d", specURL.path, "-o", output])
        #expect(convert.status == 0, "\(convert.stderr)")
        #expect(convert.stdout.contains("Wrote 8 records in 4 shards"))
        let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tfrecords").path).sorted()
        #expect(names == (0..<2).flatMap { f in (0..<2).map { String(format: "kitti_trainval-fold-%03d-of-002-shard-%05d-of-00002", f, $0) } })

        let json = try ZooProcess.run(["dataset", "convert", "--dataset_export_spec", specURL.path,
                                       "--output_filename", root.appendingPathComponent("again/k").path, "--format_type", "json"])
        #expect(json.status == 0 && json.stdout.hasPrefix("["), "\(json.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output + "-fold-001-of-002-shard-00001-of-00002"))
                == Data(contentsOf: root.appendingPathComponent("again/k-fold-001-of-002-shard-00001-of-00002")))
    }

    @Test func badSpecsAndMissingDatasetsAreErrorsWithHints() throws {
        let root = try temporary()
        defer { try? FileManager.default.removeItem(at: root) }
        let badMode = root.appendingPathComponent("bad.txt")
        try spec(root: root.path).replacingOccurrences(of: "\"random\"", with: "\"randm\"").write(to: badMode, atomically: true, encoding: .utf8)
        let bad = try ZooProcess.run(["dataset", "convert", "-d", badMode.path, "-o", root.appendingPathComponent("out/x").path])
        #expect(bad.status == 2 && bad.stderr.contains("partition_mode") && bad.stderr.contains("random"), "\(bad.stderr)")

        let missingRoot = root.appendingPathComponent("missing.txt")
        try spec(root: root.appendingPathComponent("nowhere").path).write(to: missingRoot, atomically: true, encoding: .utf8)
        let missing = try ZooProcess.run(["dataset", "convert", "-d", missingRoot.path, "-o", root.appendingPathComponent("out/x").path])
        #expect(missing.status != 0 && missing.stderr.hasPrefix("Error: ") && missing.stderr.contains("Hint: "), "\(missing.stderr)")
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out").path)) ?? []
        #expect(leftovers.isEmpty)
    }
}
