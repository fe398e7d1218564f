import Foundation
import Testing
import ZooCore
@testable import Vision

@Suite struct SyntheticTests {
    @Test(arguments: [SyntheticKind.people, .traffic, .dashcam, .irFaces])
    func detectionScenesAreDeterministicWithLabelsInside(kind: SyntheticKind) throws {
        let a = SyntheticDataset.detection(kind, index: 3, seed: 7, width: 160, height: 96)
        let b = SyntheticDataset.detection(kind, index: 3, seed: 7, width: 160, height: 96)
        let c = SyntheticDataset.detection(kind, index: 4, seed: 7, width: 160, height: 96)
        #expect(try a.image.encoded(as: .png) == b.image.encoded(as: .png))
        #expect(a.objects == b.objects)
        #expect(a.image != c.image)
        #expect(a.image.channels == (kind == .irFaces ? 1 : 3))
        for object in a.objects + c.objects {
            #expect(kind.classes.contains(object.type))
            #expect(object.box.x1 >= 0 && object.box.y1 >= 0 && object.box.x2 <= 160 && object.box.y2 <= 96 && object.hasValidBox)
            #expect((0...2).contains(object.occlusion) && (0...1).contains(object.truncation))
        }
    }

    @Test func detectionKindsProduceEveryClass() {
        for kind in [SyntheticKind.people, .traffic, .dashcam] {
            var seen = Set<String>()
            for index in 0..<30 { for object in SyntheticDataset.detection(kind, index: index, seed: 1, width: 240, height: 136).objects { seen.insert(object.type) } }
            #expect(seen == Set(kind.classes), "\(kind.rawValue) produced \(seen.sorted())")
        }
    }

    @Test func labeledObjectsAreWhereThePixelsChanged() {
        // A labeled box should differ from the scene without it: compare object boxes against a blur of their surroundings
        // by checking the box interior is not flat background (it holds drawn structure).
        let scene = SyntheticDataset.detection(.traffic, index: 0, seed: 2, width: 320, height: 192)
        for object in scene.objects where object.box.width >= 12 && object.box.height >= 12 && object.occlusion == 0 {
            let m = scene.image.colorMoments(in: object.box)
            #expect(m.grayStd > 0.02, "\(object.type) at \(object.box) looks empty")
        }
    }

    @Test(arguments: [SyntheticKind.vehicleTypes, .vehicleMakes])
    func classificationKindsCycleClassesDeterministically(kind: SyntheticKind) throws {
        let count = kind.classes.count
        for index in [0, 1, count + 1] {
            let a = SyntheticDataset.classification(kind, index: index, seed: 3, width: 64, height: 64)
            let b = SyntheticDataset.classification(kind, index: index, seed: 3, width: 64, height: 64)
            #expect(a.classIndex == index % count && a.image == b.image && a.image.width == 64)
        }
        #expect(SyntheticDataset.classification(kind, index: 0, seed: 3, width: 64, height: 64).image
                != SyntheticDataset.classification(kind, index: 0, seed: 4, width: 64, height: 64).image)
    }

    @Test func poseScenesHaveConsistentCOCOAnnotations() {
        var people = 0
        for index in 0..<12 {
            let scene = SyntheticDataset.poses(index: index, seed: 5, width: 128, height: 128)
            for person in scene.people {
                #expect(person.bbox[2] > 0 && person.bbox[3] > 0 && person.area > 0)
                let keypoints = person.points
                #expect(keypoints.count == 17)
                #expect(person.numKeypoints == keypoints.filter(\.isLabeled).count)
                for point in keypoints where point.isLabeled {
                    #expect(point.x >= 0 && point.x <= 128 && point.y >= 0 && point.y <= 128)
                }
                if person.isCrowd == 1 {
                    guard case .rle(let rle) = person.segmentation else { Issue.record("crowd without RLE"); continue }
                    #expect(Double(rle.area) == person.area)
                } else {
                    people += 1
                    guard case .polygons(let polygons) = person.segmentation else { Issue.record("person without polygons"); continue }
                    #expect(!polygons.isEmpty && polygons.allSatisfy { $0.count >= 6 && $0.count % 2 == 0 })
                    // The visible area (anti-aliased owner pixels) stays within the drawn outline.
                    let outline = person.segmentation!.mask(width: 128, height: 128).reduce(0) { $0 + Int($1) }
                    #expect(Double(outline) * 1.1 + 16 >= person.area)
                }
            }
        }
        #expect(people >= 12)
    }

    @Test func generateWritesTheLayoutsAndIsReproducible() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let a = try SyntheticDataset.generate(.people, count: 6, seed: 9, width: 96, height: 64, output: root.appendingPathComponent("a"))
        _ = try SyntheticDataset.generate(.people, count: 6, seed: 9, width: 96, height: 64, output: root.appendingPathComponent("b"))
        #expect(a.images == 6)
        for name in ["000000.png", "000005.png"] {
            #expect(try Data(contentsOf: root.appendingPathComponent("a/images/\(name)")) == Data(contentsOf: root.appendingPathComponent("b/images/\(name)")))
        }
        let dataset = try KITTIDataset.detect(root: root.appendingPathComponent("a"))
        #expect(try dataset.frameIDs().count == 6)
        #expect(try dataset.frameIDs().reduce(0) { $0 + (try dataset.objects($1).count) } == a.countsPerClass.values.reduce(0, +))

        let types = try SyntheticDataset.generate(.vehicleTypes, count: 12, seed: 1, width: 48, height: 48, output: root.appendingPathComponent("t"))
        #expect(types.countsPerClass == Dictionary(uniqueKeysWithValues: VehicleTypes.classes.map { ($0, 2) }))
        #expect(try ClassFolderDataset(root: root.appendingPathComponent("t")).classes == VehicleTypes.classes)

        _ = try SyntheticDataset.generate(.poses, count: 3, seed: 1, width: 64, height: 64, output: root.appendingPathComponent("p"))
        let coco = try COCODataset.read(root.appendingPathComponent("p/annotations/person_keypoints.json"))
        #expect(coco.images.count == 3 && coco.categories[0].keypoints == COCOPersonKeypoints.names)
        #expect(Set(coco.annotations.map(\.id)).count == coco.annotations.count)

        let exists = try #require(throws: ZooError.self) {
            try SyntheticDataset.generate(.people, count: 1, seed: 1, output: root.appendingPathComponent("a"))
        }
        #expect(exists.message.contains("not empty"))
        #expect(throws: ZooError.self) { try SyntheticDataset.generate(.people, count: 0, seed: 1, output: root.appendingPathComponent("z")) }
        #expect(throws: ZooError.self) { try SyntheticDataset.generate(.people, count: 1, seed: 1, width: 4, height: 4, output: root.appendingPathComponent("z")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["a", "b", "p", "t"])  // no staging left
    }

    @Test func vehicleMakesDifferInShapeNotOnlyColour() {
        // Gray versions of two makes' renders under the same seed must still differ noticeably.
        let a = SyntheticDataset.classification(.vehicleMakes, index: 1, seed: 1, width: 64, height: 64).image.gray()   // audi
        let b = SyntheticDataset.classification(.vehicleMakes, index: 2, seed: 1, width: 64, height: 64).image.gray()   // bmw
        let difference = zip(a.pixels, b.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(a.pixels.count)
        #expect(difference > 0.02)
    }
}

@Suite struct ToolsTests {
    @Test func statisticsCountAndBin() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let kitti = root.appendingPathComponent("k")
        let report = try SyntheticDataset.generate(.traffic, count: 5, seed: 2, width: 96, height: 64, output: kitti)
        let stats = try DatasetStatistics.compute(kitti)
        #expect(stats.layout == .kitti && stats.images == 5 && stats.imagesMeasured == 5)
        #expect(Dictionary(uniqueKeysWithValues: stats.classes.map { ($0.name, $0.objects) }) == report.countsPerClass)
        #expect(stats.boxWidth.counts.reduce(0, +) == report.countsPerClass.values.reduce(0, +))
        #expect(stats.entropy.counts.reduce(0, +) == 5 && stats.meanEntropy > 3 && stats.meanBrightness > 0.05)
        #expect(stats.chart.svg().hasPrefix("<svg") && stats.chart.svg().contains("objects per class"))
        let png = try stats.chart.png()
        #expect(ImageFormat(sniffing: png) == .png)
        let sampled = try DatasetStatistics.compute(kitti, sample: 2)
        #expect(sampled.imagesMeasured == 2)

        let folders = root.appendingPathComponent("f")
        _ = try SyntheticDataset.generate(.vehicleTypes, count: 12, seed: 2, width: 32, height: 32, output: folders)
        let classStats = try DatasetStatistics.compute(folders)
        #expect(classStats.layout == .classFolders && classStats.classes.map(\.images) == [2, 2, 2, 2, 2, 2] && !classStats.hasBoxes)

        var histogram = Histogram(title: "t", edges: [0, 1, 2, .infinity], labels: ["a", "b", "c"])
        for value in [-1, 0, 0.99, 1, 5, 1e9] { histogram.add(value) }
        #expect(histogram.counts == [3, 1, 2])
        let flat = Image(width: 4, height: 4, channels: 1, fill: [0.5])
        #expect(flat.grayEntropy() == 0 && close(Float(flat.meanBrightness()), 0.5))
        let halves = Image(width: 2, height: 1, channels: 1, pixels: [0, 1])
        #expect(halves.grayEntropy() == 1)
    }

    @Test func splitApportionsPerClassWithoutOverlap() throws {
        #expect(DatasetSplitter.apportion(10, [70, 15, 15]) == [7, 2, 1])
        #expect(DatasetSplitter.apportion(7, [70, 15, 15]) == [5, 1, 1])
        #expect(DatasetSplitter.apportion(0, [50, 50, 0]) == [0, 0, 0])
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let source = root.appendingPathComponent("src")
        _ = try SyntheticDataset.generate(.vehicleTypes, count: 60, seed: 1, width: 24, height: 24, output: source)
        let report = try DatasetSplitter.split(source, into: root.appendingPathComponent("out"), train: 70, val: 20, test: 10, seed: 4)
        #expect(report.counts == [[7, 7, 7, 7, 7, 7], [2, 2, 2, 2, 2, 2], [1, 1, 1, 1, 1, 1]])
        var names: [String] = []
        for split in DatasetSplitter.splitNames {
            let dataset = try ClassFolderDataset(root: root.appendingPathComponent("out/\(split)"))
            names += dataset.samples.map(\.url.lastPathComponent)
        }
        #expect(names.count == 60 && Set(names).count == 60)
        #expect(try ClassMap.read(root.appendingPathComponent("out/classmap.json")) == ["coupe": 0, "largevehicle": 1, "sedan": 2, "suv": 3, "truck": 4, "van": 5])
        let again = try DatasetSplitter.split(source, into: root.appendingPathComponent("again"), train: 70, val: 20, test: 10, seed: 4)
        #expect(again.counts == report.counts)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("again/val/suv").path).sorted()
                == FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("out/val/suv").path).sorted())
        #expect(throws: ZooError.self) { try DatasetSplitter.split(source, into: root.appendingPathComponent("bad"), train: 70, val: 20, test: 20, seed: 1) }
    }

    @Test func kMeansSeparatesObviousClusters() {
        let points: [[Double]] = (0..<20).map { [Double($0 % 2) * 10 + Double($0) * 0.01, 0] }
        var random = SeededRandom(seed: 1)
        let kmeans = KMeans(points: points, k: 2, random: &random)
        #expect(Set(kmeans.assignments.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)).count == 1)
        #expect(kmeans.assignments[0] != kmeans.assignments[1])
    }

    @Test func rebalanceBringsSmallClustersToTheTarget() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let source = root.appendingPathComponent("src")
        _ = try SyntheticDataset.generate(.people, count: 8, seed: 3, width: 96, height: 64, output: source)
        let report = try DatasetRebalancer.rebalance(source, into: root.appendingPathComponent("out"), options: .init(clusters: 3, seed: 1))
        let target = report.clusters.map(\.before).max()!
        #expect(report.clusters.allSatisfy { $0.after >= $0.before })
        #expect(report.clusters.allSatisfy { $0.after >= target || $0.before * 9 <= target })  // reached, or out of frames to copy
        let output = try KITTIDataset.detect(root: root.appendingPathComponent("out"))
        #expect(try output.frameIDs().count == report.originalFrames + report.augmentedFrames)
        for frame in try output.frameIDs() where frame.contains("rebalanced") {
            let info = try ImageInfo.read(output.imageURL(frame))
            for object in try output.objects(frame) {
                #expect(object.box.x1 >= 0 && object.box.x2 <= Float(info.width) && object.box.y2 <= Float(info.height))
            }
        }
    }
}
