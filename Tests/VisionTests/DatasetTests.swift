import Foundation
import Testing
import ZooCore
@testable import Vision

@Suite struct KITTITests {
    @Test func parsesFifteenFieldsAndFormatsBack() throws {
        let text = "Car 0.00 1 -1.58 587.01 173.33 614.12 200.12 1.65 1.67 3.64 -0.65 1.71 46.70 -1.59\n\nPedestrian 0.2 0 0 1 2 3 4 0 0 0 0 0 0 0\n"
        let objects = try KITTILabels.parse(text, file: "000001.txt")
        #expect(objects.count == 2)
        #expect(objects[0].type == "Car" && objects[0].occlusion == 1 && objects[0].box == BoundingBox(x1: 587.01, y1: 173.33, x2: 614.12, y2: 200.12))
        #expect(objects[0].dimensions == SIMD3(1.65, 1.67, 3.64) && objects[0].rotationY == -1.59)
        #expect(try KITTILabels.parse(KITTILabels.format(objects), file: "x") == objects)
        #expect(KITTILabels.format([objects[1]]) == "Pedestrian 0.20 0 0.00 1.00 2.00 3.00 4.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00\n")
    }

    @Test func badLineReportsFileAndLineNumber() throws {
        let short = try #require(throws: ZooError.self) {
            try KITTILabels.parse("car 0 0 0 1 2 3 4 0 0 0 0 0 0 0\ncar 0 0 0 1 2 3 4\n", file: "labels/7.txt")
        }
        #expect(short.message.hasPrefix("labels/7.txt:2:") && short.message.contains("has 8"))
        let word = try #require(throws: ZooError.self) {
            try KITTILabels.parse("car 0 0 0 1 2 abc 4 0 0 0 0 0 0 0", file: "labels/8.txt")
        }
        #expect(word.message.hasPrefix("labels/8.txt:1:") && word.message.contains("x2") && word.message.contains("'abc'"))
        #expect(try KITTILabels.parse("car 0 0 0 1 2 3 4 0 0 0 0 0 0 0 0.87", file: "x", allowsScore: true)[0].score == 0.87)
        #expect(throws: ZooError.self) { try KITTILabels.parse("car 0 0 0 1 2 3 4 0 0 0 0 0 0 0 0.87", file: "x") }
    }

    @Test func invalidBoxesFollowPythonTruncation() {
        func object(_ x1: Float, _ x2: Float) -> KITTIObject { KITTIObject(type: "car", box: BoundingBox(x1: x1, y1: 0, x2: x2, y2: 5)) }
        #expect(object(1, 2).hasValidBox)
        #expect(!object(1.2, 1.9).hasValidBox)  // int(1.2) == int(1.9)
        #expect(!object(5, 3).hasValidBox)
        #expect(!object(-0.5, 0.5).hasValidBox)  // int(-0.5) == int(0.5) == 0
    }

    @Test func classMappingLowercasesAndDrops() {
        let objects = [KITTIObject(type: "Car", box: .init(x1: 0, y1: 0, x2: 1, y2: 1)), KITTIObject(type: "Van", box: .init(x1: 0, y1: 0, x2: 1, y2: 1)),
                       KITTIObject(type: "DontCare", box: .init(x1: 0, y1: 0, x2: 1, y2: 1))]
        let mapping = ClassMapping(["car": "car", "VAN": "car"])
        #expect(mapping.apply(objects).map(\.type) == ["car", "car"])
        #expect(ClassMapping().apply(objects).map(\.type) == ["car", "van", "dontcare"])
        #expect(mapping.targetClasses == ["car"])
    }

    @Test func datasetListsFramesAndReportsMissingLabels() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        for name in ["b", "a", "c"] { try gradientImage(width: 8, height: 8).write(to: root.appendingPathComponent("images/\(name).png")) }
        try "car 0 0 0 1 1 4 4 0 0 0 0 0 0 0\n".write(to: root.appendingPathComponent("labels/a.txt").creatingParent(), atomically: true, encoding: .utf8)
        let dataset = try KITTIDataset.detect(root: root)
        #expect(dataset.imageExtension == ".png")
        #expect(try dataset.frameIDs() == ["a", "b", "c"])
        #expect(try dataset.objects("a").count == 1)
        let missing = try #require(throws: ZooError.self) { try dataset.objects("b") }
        #expect(missing.message.contains("b.txt") && missing.exitCode == ZooError.Code.notFound)
        #expect(throws: ZooError.self) { try KITTIDataset.detect(root: root.appendingPathComponent("nothing")) }
    }
}

@Suite struct ClassFolderTests {
    @Test func classesAreSortedAndClassMapRoundTrips() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        for (name, count) in [("zebra", 2), ("ant", 3), ("moth", 1)] {
            for i in 0..<count { try gradientImage(width: 4, height: 4).write(to: root.appendingPathComponent("\(name)/\(i).jpg")) }
        }
        try "ignore".write(to: root.appendingPathComponent("ant/notes.txt"), atomically: true, encoding: .utf8)
        let dataset = try ClassFolderDataset(root: root)
        #expect(dataset.classes == ["ant", "moth", "zebra"])
        #expect(dataset.countsPerClass == [3, 1, 2])
        #expect(dataset.classMap == ["ant": 0, "moth": 1, "zebra": 2])
        #expect(ClassMap.json(dataset.classMap) == "{\"ant\": 0, \"moth\": 1, \"zebra\": 2}\n")
        let file = root.appendingPathComponent("classmap.json")
        try ClassMap.write(["zebra": 0, "ant": 1, "moth": 2], to: file)
        #expect(try ClassMap.read(file) == ["zebra": 0, "ant": 1, "moth": 2])
        let fixed = try ClassFolderDataset(root: root, classMap: try ClassMap.read(file))
        #expect(fixed.classes == ["zebra", "ant", "moth"] && fixed.samples.first { $0.url.path.contains("/ant/") }?.classIndex == 1)
        #expect(throws: ZooError.self) { try ClassFolderDataset(root: root, classMap: ["ant": 0, "moth": 1]) }
    }

    @Test func oneClassIsAnError() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        try gradientImage(width: 4, height: 4).write(to: root.appendingPathComponent("only/0.png"))
        let error = try #require(throws: ZooError.self) { try ClassFolderDataset(root: root) }
        #expect(error.message.contains("at least 2"))
    }
}

@Suite struct COCOTests {
    /// pycocotools: `mask.encode` of this 5×7 mask gives `4162L0004NN` with area 11.
    private func sampleMask() -> [UInt8] {
        var mask = [UInt8](repeating: 0, count: 5 * 7)
        for y in 1..<4 { for x in 2..<5 { mask[y * 7 + x] = 1 } }
        mask[0 * 7 + 6] = 1
        mask[4 * 7 + 0] = 1
        return mask
    }

    @Test func rleMatchesPycocotools() throws {
        let rle = COCORLE(mask: sampleMask(), width: 7, height: 5)
        #expect(rle.size == [5, 7] && rle.area == 11)
        #expect(COCORLE.compress(rle.counts) == "4162L0004NN")
        #expect(COCORLE.decompress("4162L0004NN") == rle.counts)
        #expect(rle.mask() == sampleMask())
        // A longer run list with negative differences, also from pycocotools.
        let long = "d05S100000000000000000_Om0D00000000000000000000000000000000000000000000000000000000000000000000000000000a0SO<00000000000000000\\O"
        let counts = try #require(COCORLE.decompress(long))
        #expect(COCORLE.compress(counts) == long)
        var big = [UInt8](repeating: 0, count: 40 * 60)
        for y in 3..<37 { for x in 10..<50 { big[y * 60 + x] = 1 } }
        for y in 20..<25 { for x in 0..<60 { big[y * 60 + x] = 1 } }
        #expect(COCORLE(mask: big, width: 60, height: 40).counts == counts)
    }

    @Test func polygonMaskAreaMatchesPycocotools() {
        // pycocotools: frPyObjects([[10,10, 30,10, 30,25, 10,25]], 40, 50) has area 300.
        let mask = COCOSegmentation.polygons([[10, 10, 30, 10, 30, 25, 10, 25]]).mask(width: 50, height: 40)
        #expect(mask.reduce(0) { $0 + Int($1) } == 300)
        #expect(mask[10 * 50 + 10] == 1 && mask[9 * 50 + 10] == 0 && mask[24 * 50 + 29] == 1 && mask[25 * 50 + 29] == 0)
    }

    @Test func readsKeypointFilesWithBothSegmentationForms() throws {
        let json = """
        {"images": [{"id": 7, "file_name": "a.jpg", "width": 50, "height": 40}],
         "categories": [{"id": 1, "name": "person", "keypoints": ["nose", "left_eye"], "skeleton": [[1, 2]]}],
         "annotations": [
           {"id": 1, "image_id": 7, "category_id": 1, "bbox": [10, 10, 20, 15], "area": 300, "iscrowd": 0,
            "segmentation": [[10, 10, 30, 10, 30, 25, 10, 25]], "keypoints": [12, 14, 2, 0, 0, 0], "num_keypoints": 1},
           {"id": 2, "image_id": 7, "category_id": 1, "bbox": [0, 0, 7, 5], "area": 11, "iscrowd": 1,
            "segmentation": {"size": [5, 7], "counts": "4162L0004NN"}}]}
        """
        let url = try temporaryDirectory().appendingPathComponent("k.json")
        defer { cleanUp(url.deletingLastPathComponent()) }
        try json.write(to: url, atomically: true, encoding: .utf8)
        let coco = try COCODataset.read(url)
        #expect(coco.annotations[0].points == [Keypoint(x: 12, y: 14, visibility: 2), Keypoint(x: 0, y: 0, visibility: 0)])
        #expect(coco.annotations[0].box == BoundingBox(x1: 10, y1: 10, x2: 30, y2: 25))
        guard case .rle(let rle) = coco.annotations[1].segmentation else { Issue.record("expected RLE"); return }
        #expect(rle.mask() == sampleMask())
        // Writing and reading again keeps everything, including the compressed RLE string.
        let again = url.deletingLastPathComponent().appendingPathComponent("again.json")
        try coco.jsonData().write(to: again)
        #expect(try COCODataset.read(again) == coco)
        #expect(String(decoding: try coco.jsonData(), as: UTF8.self).contains("4162L0004NN"))
    }

    @Test func brokenFilesAreErrorsNamingTheProblem() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        func read(_ text: String) throws -> COCODataset {
            let url = directory.appendingPathComponent("c.json")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try COCODataset.read(url)
        }
        let missing = try #require(throws: ZooError.self) { try read("{\"images\": [], \"annotations\": []}") }
        #expect(missing.message.contains("categories"))
        let dangling = try #require(throws: ZooError.self) {
            try read("{\"images\": [], \"categories\": [{\"id\": 1, \"name\": \"p\"}], \"annotations\": [{\"id\": 3, \"image_id\": 9, \"category_id\": 1, \"bbox\": [0,0,1,1]}]}")
        }
        #expect(dangling.message.contains("annotation 3") && dangling.message.contains("image 9"))
        let badBox = try #require(throws: ZooError.self) {
            try read("{\"images\": [], \"categories\": [], \"annotations\": [{\"id\": 3, \"image_id\": 9, \"category_id\": 1, \"bbox\": [0,0,1]}]}")
        }
        #expect(badBox.message.contains("bbox"))
        #expect(throws: ZooError.self) { try read("{not json") }
    }
}

extension URL {
    /// The same URL after creating its parent folder (test helper).
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
