import Foundation
import ZooCore

/// A classification dataset laid out one folder per class (`root/<class>/<image>`), as Keras'
/// `flow_from_directory` reads it for TAO: class indices follow the sorted folder names unless a
/// class map fixes them.
public struct ClassFolderDataset: Sendable {
    /// One image and its class.
    public struct Sample: Sendable, Equatable {
        public var url: URL
        public var classIndex: Int
    }

    public let root: URL
    /// Class names in index order.
    public let classes: [String]
    /// Every image, class by class, files sorted by name.
    public let samples: [Sample]

    /// Scans `root`. With `classMap`, indices come from it and every folder must be in it.
    public init(root: URL, classMap: [String: Int]? = nil) throws {
        self.root = root
        let folders = try KITTIDataset.listDirectory(root, what: "dataset folder").filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
        guard folders.count >= 2 else {
            throw ZooError.usage("\(root.path) has \(folders.count) class folder\(folders.count == 1 ? "" : "s"); classification needs at least 2.",
                                 hint: "lay the images out as \(root.lastPathComponent)/<class name>/<image>")
        }
        var classes = folders
        if let classMap {
            for folder in folders where classMap[folder] == nil {
                throw ZooError.usage("Class folder '\(folder)' in \(root.path) is not in the class map.",
                                     hint: "add it to classmap.json or remove the folder")
            }
            classes = classMap.sorted { $0.value < $1.value }.map(\.key)
            guard classMap.values.sorted() == Array(0..<classMap.count) else {
                throw ZooError.usage("The class map's indices are not 0…\(classMap.count - 1).", hint: "number the classes from 0 without gaps")
            }
        }
        var samples: [Sample] = []
        for folder in folders {
            let index = classes.firstIndex(of: folder)!
            let directory = root.appendingPathComponent(folder)
            let images = try KITTIDataset.listDirectory(directory, what: "class folder")
                .filter { !$0.hasPrefix(".") && ImageFormat(pathExtension: ($0 as NSString).pathExtension) != nil }
                .sorted()
            samples += images.map { Sample(url: directory.appendingPathComponent($0), classIndex: index) }
        }
        self.classes = classes
        self.samples = samples
    }

    /// `{"class": index}`, as TAO's `classmap.json`.
    public var classMap: [String: Int] {
        Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    }

    /// Number of images per class, in index order.
    public var countsPerClass: [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        for sample in samples { counts[sample.classIndex] += 1 }
        return counts
    }
}

/// TAO's `classmap.json`: `{"class_name": index}`.
public enum ClassMap {
    /// Reads a class map file.
    public static func read(_ url: URL) throws -> [String: Int] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ZooError.notFound("Class map \(url.path) cannot be read.", hint: "pass the classmap.json that training wrote")
        }
        guard let map = try? JSONDecoder().decode([String: Int].self, from: data) else {
            throw ZooError.usage("Class map \(url.path) is not a JSON object of class names to indices.",
                                 hint: "expected e.g. {\"cat\": 0, \"dog\": 1}")
        }
        return map
    }

    /// The JSON text of a class map, keys in index order.
    public static func json(_ map: [String: Int]) -> String {
        "{" + map.sorted { $0.value < $1.value }.map { "\(JSONText.quote($0.key)): \($0.value)" }.joined(separator: ", ") + "}\n"
    }

    /// Writes a class map atomically.
    public static func write(_ map: [String: Int], to url: URL) throws {
        try AtomicFile.write(json(map), to: url)
    }
}
