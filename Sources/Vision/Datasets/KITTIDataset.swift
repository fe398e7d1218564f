import Foundation
import ZooCore

/// A KITTI detection dataset on disk: `root/<imageDirectory>/<id><ext>` with
/// `root/<labelDirectory>/<id>.txt` beside it.
public struct KITTIDataset: Sendable {
    public var root: URL
    public var imageDirectory: String
    public var labelDirectory: String
    /// With its dot, e.g. `.png`.
    public var imageExtension: String

    public init(root: URL, imageDirectory: String = "images", labelDirectory: String = "labels", imageExtension: String = ".png") {
        self.root = root
        self.imageDirectory = imageDirectory
        self.labelDirectory = labelDirectory
        self.imageExtension = imageExtension.hasPrefix(".") || imageExtension.isEmpty ? imageExtension : "." + imageExtension
    }

    /// The dataset at `root`, guessing the image extension from the files in the image folder
    /// (the most common of .png/.jpg/.jpeg).
    public static func detect(root: URL, imageDirectory: String = "images", labelDirectory: String = "labels") throws -> KITTIDataset {
        let files = try listDirectory(root.appendingPathComponent(imageDirectory), what: "image folder")
        var counts: [String: Int] = [:]
        for file in files {
            let ext = "." + (file as NSString).pathExtension
            if ImageFormat(pathExtension: ext) != nil { counts[ext, default: 0] += 1 }
        }
        guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else {
            throw ZooError.usage("No .png or .jpg images in \(root.appendingPathComponent(imageDirectory).path).",
                                 hint: "a KITTI dataset keeps its images in '\(imageDirectory)/' and labels in '\(labelDirectory)/'")
        }
        return KITTIDataset(root: root, imageDirectory: imageDirectory, labelDirectory: labelDirectory, imageExtension: best)
    }

    public var imagesURL: URL { root.appendingPathComponent(imageDirectory) }
    public var labelsURL: URL { root.appendingPathComponent(labelDirectory) }

    /// Frame ids: image file names with the extension, without it, sorted by name.
    public func frameIDs() throws -> [String] {
        try Self.listDirectory(imagesURL, what: "image folder")
            .filter { $0.hasSuffix(imageExtension) && !$0.hasPrefix(".") }
            .sorted()
            .map { String($0.dropLast(imageExtension.count)) }
    }

    public func imageURL(_ frame: String) -> URL { imagesURL.appendingPathComponent(frame + imageExtension) }
    public func labelURL(_ frame: String) -> URL { labelsURL.appendingPathComponent(frame + ".txt") }

    /// The objects of a frame, as written.
    public func objects(_ frame: String) throws -> [KITTIObject] {
        try KITTILabels.read(labelURL(frame))
    }

    /// File names in a directory, with a clear error when it is missing.
    static func listDirectory(_ url: URL, what: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ZooError.notFound("The \(what) \(url.path) does not exist.", hint: "check the dataset root and folder names")
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw ZooError("Cannot list \(url.path): \(error.localizedDescription).")
        }
    }
}
