import Foundation
import Synchronization
import ZooCore

/// Counts of values falling into fixed bins.
public struct Histogram: Sendable, Equatable {
    public var title: String
    /// Bin edges: bin `i` is `[edges[i], edges[i + 1])`, the last bin closed.
    public var edges: [Double]
    public var labels: [String]
    public var counts: [Int]

    public init(title: String, edges: [Double], labels: [String]) {
        precondition(labels.count == edges.count - 1, "one label per bin")
        self.title = title; self.edges = edges; self.labels = labels
        counts = [Int](repeating: 0, count: labels.count)
    }

    /// Counts `value` in its bin (values past the ends go to the first or last bin).
    public mutating func add(_ value: Double) {
        var bin = counts.count - 1
        for i in 0..<counts.count where value < edges[i + 1] { bin = i; break }
        counts[bin] += 1
    }

    public mutating func merge(_ other: Histogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }
}

/// What `zoo dataset stats` reports for a dataset folder: per-class counts, box size and
/// relative-area histograms (detection datasets), image entropy and brightness.
public struct DatasetStatistics: Sendable {
    /// Objects and images per class.
    public struct ClassCount: Sendable, Equatable {
        public var name: String
        public var objects: Int
        public var images: Int
    }

    public enum Layout: String, Sendable { case kitti = "KITTI", classFolders = "class folders", coco = "COCO" }

    public var directory: URL
    public var layout: Layout
    public var images: Int
    /// Images decoded for entropy and brightness (all, or the `sample` asked for).
    public var imagesMeasured: Int
    public var classes: [ClassCount]
    public var boxWidth = Histogram(title: "box width (px)", edges: [0, 8, 16, 32, 64, 128, 256, .infinity],
                                    labels: ["<8", "8-16", "16-32", "32-64", "64-128", "128-256", ">256"])
    public var boxHeight = Histogram(title: "box height (px)", edges: [0, 8, 16, 32, 64, 128, 256, .infinity],
                                     labels: ["<8", "8-16", "16-32", "32-64", "64-128", "128-256", ">256"])
    public var relativeArea = Histogram(title: "box area / image area", edges: [0, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, .infinity],
                                        labels: ["<.1%", ".1-.5%", ".5-1%", "1-5%", "5-10%", "10-25%", ">25%"])
    public var entropy = Histogram(title: "image entropy (bits)", edges: [0, 1, 2, 3, 4, 5, 6, 7, 8.01],
                                   labels: ["0-1", "1-2", "2-3", "3-4", "4-5", "5-6", "6-7", "7-8"])
    public var brightness = Histogram(title: "image brightness", edges: (0...9).map { Double($0) / 10 } + [1.0001],
                                      labels: (0..<10).map { ".\($0)" })
    public var meanEntropy = 0.0
    public var meanBrightness = 0.0

    /// Measures the dataset in `directory` (KITTI `images/` + `labels/`, COCO `annotations/*.json`
    /// + images, or one folder per class). With `sample`, entropy and brightness come from that
    /// many images spread evenly over the dataset.
    public static func compute(_ directory: URL, sample: Int? = nil) throws -> DatasetStatistics {
        let fm = FileManager.default
        var stats = DatasetStatistics(directory: directory, layout: .classFolders, images: 0, imagesMeasured: 0, classes: [])
        var imageURLs: [URL] = []
        if fm.fileExists(atPath: directory.appendingPathComponent("labels").path) {
            stats.layout = .kitti
            let dataset = try KITTIDataset.detect(root: directory)
            var perClass: [String: ClassCount] = [:]
            for frame in try dataset.frameIDs() {
                let url = dataset.imageURL(frame)
                imageURLs.append(url)
                let objects = try dataset.objects(frame)
                let info = try ImageInfo.read(url)
                var seen = Set<String>()
                for object in objects {
                    let name = object.type.lowercased()
                    perClass[name, default: ClassCount(name: name, objects: 0, images: 0)].objects += 1
                    if seen.insert(name).inserted { perClass[name]!.images += 1 }
                    stats.add(box: object.box, imageWidth: info.width, imageHeight: info.height)
                }
            }
            stats.classes = perClass.values.sorted { $0.name < $1.name }
        } else if let annotation = try? cocoAnnotationFile(in: directory) {
            stats.layout = .coco
            let coco = try COCODataset.read(annotation)
            let names = Dictionary(coco.categories.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let images = Dictionary(coco.images.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var perClass: [String: ClassCount] = [:]
            var seen = Set<String>()
            for annotation in coco.annotations where annotation.isCrowd == 0 {
                let name = names[annotation.categoryID] ?? String(annotation.categoryID)
                perClass[name, default: ClassCount(name: name, objects: 0, images: 0)].objects += 1
                if seen.insert("\(annotation.imageID)/\(name)").inserted { perClass[name]!.images += 1 }
                if let image = images[annotation.imageID] { stats.add(box: annotation.box, imageWidth: image.width, imageHeight: image.height) }
            }
            stats.classes = perClass.values.sorted { $0.name < $1.name }
            let folder = directory.appendingPathComponent("images")
            imageURLs = coco.images.map { folder.appendingPathComponent($0.fileName) }
        } else {
            let dataset = try ClassFolderDataset(root: directory)
            let counts = dataset.countsPerClass
            stats.classes = dataset.classes.enumerated().map { ClassCount(name: $1, objects: counts[$0], images: counts[$0]) }
            imageURLs = dataset.samples.map(\.url)
        }
        stats.images = imageURLs.count
        let chosen: [URL]
        if let sample, sample > 0, sample < imageURLs.count {
            chosen = (0..<sample).map { imageURLs[$0 * imageURLs.count / sample] }
        } else {
            chosen = imageURLs
        }
        try stats.measureImages(chosen)
        return stats
    }

    private static func cocoAnnotationFile(in directory: URL) throws -> URL {
        let folder = directory.appendingPathComponent("annotations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        guard let first = files.first else { throw ZooError.notFound("no annotation file") }
        return folder.appendingPathComponent(first)
    }

    private mutating func add(box: BoundingBox, imageWidth: Int, imageHeight: Int) {
        boxWidth.add(Double(box.width))
        boxHeight.add(Double(box.height))
        relativeArea.add(Double(box.area) / Double(max(imageWidth * imageHeight, 1)))
    }

    /// Decodes the images on all cores for entropy and brightness.
    private mutating func measureImages(_ urls: [URL]) throws {
        let results = Mutex<[(Double, Double)]>([])
        let failure = Mutex<ZooError?>(nil)
        DispatchQueue.concurrentPerform(iterations: urls.count) { i in
            do {
                let image = try Image(contentsOf: urls[i])
                let measures = (image.grayEntropy(), image.meanBrightness())
                results.withLock { $0.append(measures) }
            } catch {
                failure.withLock { if $0 == nil { $0 = ZooError.wrap(error) } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let values = results.withLock { $0 }
        imagesMeasured = values.count
        for (e, b) in values {
            entropy.add(e)
            brightness.add(b)
        }
        meanEntropy = values.isEmpty ? 0 : values.map(\.0).reduce(0, +) / Double(values.count)
        meanBrightness = values.isEmpty ? 0 : values.map(\.1).reduce(0, +) / Double(values.count)
    }

    /// Whether the dataset has boxes (KITTI or COCO).
    public var hasBoxes: Bool { layout != .classFolders }

    /// Per-class counts as a table.
    public var classTable: Table {
        var table = Table(columns: hasBoxes ? ["class", "objects", "images"] : ["class", "images"])
        for c in classes { table.append(hasBoxes ? [c.name, String(c.objects), String(c.images)] : [c.name, String(c.images)]) }
        return table
    }

    /// One histogram as a table of bins and counts.
    public func table(_ histogram: Histogram) -> Table {
        var table = Table(columns: ["bin", histogram.title])
        for (label, count) in zip(histogram.labels, histogram.counts) { table.append([label, String(count)]) }
        return table
    }

    /// The histograms that apply to this dataset.
    public var histograms: [Histogram] {
        (hasBoxes ? [boxWidth, boxHeight, relativeArea] : []) + [entropy, brightness]
    }

    /// The plot: class counts and every histogram.
    public var chart: Chart {
        var panels = [Chart.Panel(title: hasBoxes ? "objects per class" : "images per class",
                                  bars: classes.map { ($0.name, Double($0.objects)) }, horizontal: true)]
        panels += histograms.map { h in Chart.Panel(title: h.title, bars: zip(h.labels, h.counts).map { ($0, Double($1)) }) }
        return Chart(title: "\(directory.lastPathComponent): \(images) images (\(layout.rawValue))", panels: panels)
    }
}
