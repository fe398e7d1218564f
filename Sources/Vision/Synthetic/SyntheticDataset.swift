import Foundation
import Synchronization
import ZooCore

/// The synthetic datasets `zoo dataset synth` writes: what the zoo's reference models are built
/// from and what tests train on. Every image depends only on (kind, seed, index, size), so the
/// same seed gives the same bytes, in any order and on any number of threads.
public enum SyntheticKind: String, Sendable, CaseIterable {
    /// PeopleNet's classes (person, bag, face): KITTI layout.
    case people
    /// TrafficCamNet's classes (car, bicycle, person, road_sign) from a raised traffic camera: KITTI layout.
    case traffic
    /// DashCamNet's classes (car, bicycle, person, roadsign) from a car's camera: KITTI layout.
    case dashcam
    /// FaceDetect-IR's class (face) in single-channel infrared-like images: KITTI layout.
    case irFaces = "ir_faces"
    /// VehicleTypeNet's six body types: one folder per class.
    case vehicleTypes = "vehicle_types"
    /// VehicleMakeNet's twenty makes: one folder per class.
    case vehicleMakes = "vehicle_makes"
    /// People with COCO's 17 keypoints: COCO person-keypoints JSON.
    case poses

    /// How the dataset is laid out on disk.
    public enum Layout: String, Sendable { case kitti, classFolders, coco }

    public var layout: Layout {
        switch self {
        case .people, .traffic, .dashcam, .irFaces: return .kitti
        case .vehicleTypes, .vehicleMakes: return .classFolders
        case .poses: return .coco
        }
    }

    /// The class names, in the model's output order.
    public var classes: [String] {
        switch self {
        case .people: return PeopleScene.classes
        case .traffic: return StreetScene.trafficClasses
        case .dashcam: return StreetScene.dashcamClasses
        case .irFaces: return IRFaceScene.classes
        case .vehicleTypes: return VehicleTypes.classes
        case .vehicleMakes: return VehicleMakes.classes
        case .poses: return ["person"]
        }
    }

    /// Default image size (width, height).
    public var defaultSize: (width: Int, height: Int) {
        switch self {
        case .people, .traffic, .dashcam: return (480, 272)
        case .irFaces: return (384, 240)
        case .vehicleTypes, .vehicleMakes: return (224, 224)
        case .poses: return (256, 256)
        }
    }

    /// Default file format: lossless PNG for detection (TAO's default `.png`), JPEG elsewhere.
    public var defaultFormat: ImageFormat { layout == .kitti ? .png : .jpeg }

    /// Salt so that different kinds with the same seed do not share random streams.
    var salt: UInt64 {
        UInt64(truncatingIfNeeded: rawValue.utf8.reduce(UInt64(1_469_598_103_934_665_603)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
    }
}

/// One rendered detection image and its KITTI objects.
public struct SyntheticDetection: Sendable {
    public var image: Image
    public var objects: [KITTIObject]
}

/// One rendered pose image: people with keypoints, boxes, segmentation polygons and visible areas.
public struct SyntheticPoses: Sendable {
    public var image: Image
    public var people: [COCOAnnotation]
}

/// What `generate` wrote.
public struct SynthesisReport: Sendable, Equatable {
    public var directory: URL
    public var images: Int
    /// Labeled objects (or images, for class folders) per class.
    public var countsPerClass: [String: Int]
}

/// Rendering and writing synthetic datasets.
public enum SyntheticDataset {
    /// Image `index` of a detection kind (people, traffic, dashcam, ir_faces).
    public static func detection(_ kind: SyntheticKind, index: Int, seed: UInt64, width: Int, height: Int) -> SyntheticDetection {
        let random = SeededRandom(seed: seed ^ kind.salt, stream: index)
        let scene: SceneBuilder
        switch kind {
        case .people: scene = PeopleScene.render(width: width, height: height, random: random)
        case .traffic: scene = StreetScene.renderTraffic(width: width, height: height, random: random)
        case .dashcam: scene = StreetScene.renderDashcam(width: width, height: height, random: random)
        case .irFaces:
            let s = IRFaceScene.render(width: width, height: height, random: random)
            return SyntheticDetection(image: s.canvas.image().gray(), objects: s.kittiObjects(minimumVisible: 0.3, minimumSize: 6))
        default: preconditionFailure("\(kind.rawValue) is not a detection kind")
        }
        return SyntheticDetection(image: scene.canvas.image(), objects: scene.kittiObjects())
    }

    /// Image `index` of a classification kind and its class index (classes cycle so every class is equally common).
    public static func classification(_ kind: SyntheticKind, index: Int, seed: UInt64, width: Int, height: Int) -> (image: Image, classIndex: Int) {
        var random = SeededRandom(seed: seed ^ kind.salt, stream: index)
        let classIndex = index % kind.classes.count
        switch kind {
        case .vehicleTypes: return (VehicleTypes.render(classIndex, width: width, height: height, random: &random), classIndex)
        case .vehicleMakes: return (VehicleMakes.render(classIndex, width: width, height: height, random: &random), classIndex)
        default: preconditionFailure("\(kind.rawValue) is not a classification kind")
        }
    }

    /// Image `index` of the poses kind; annotation and image ids are left 0 for the caller to set.
    public static func poses(index: Int, seed: UInt64, width: Int, height: Int) -> SyntheticPoses {
        PoseScene.render(width: width, height: height, random: SeededRandom(seed: seed ^ SyntheticKind.poses.salt, stream: index))
    }

    /// Writes `count` images of `kind` into the folder `output`, which must not exist or be empty.
    /// Images are rendered in parallel into a staging folder that is renamed into place at the end,
    /// so a failure leaves nothing behind. `advance` is called once per image written.
    public static func generate(_ kind: SyntheticKind, count: Int, seed: UInt64, width: Int? = nil, height: Int? = nil,
                                format: ImageFormat? = nil, output: URL, advance: (@Sendable () -> Void)? = nil) throws -> SynthesisReport {
        let width = width ?? kind.defaultSize.width, height = height ?? kind.defaultSize.height
        guard count > 0 else { throw ZooError.usage("--count must be at least 1.") }
        guard width >= 16, height >= 16, width <= 8192, height <= 8192 else {
            throw ZooError.usage("Image size \(width)x\(height) is out of range.", hint: "use 16 to 8192 pixels per side, e.g. --size 480x272")
        }
        let format = format ?? kind.defaultFormat
        let fm = FileManager.default
        if fm.fileExists(atPath: output.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: output.path)) ?? ["?"]
            guard contents.isEmpty else {
                throw ZooError.usage("\(output.path) already exists and is not empty.", hint: "choose another --out folder or remove it")
            }
        }
        let staging = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        do {
            try ZooPaths.ensureDirectory(staging)
            let counts: [String: Int]
            switch kind.layout {
            case .kitti: counts = try writeKITTI(kind, count: count, seed: seed, width: width, height: height, format: format, into: staging, advance: advance)
            case .classFolders: counts = try writeClassFolders(kind, count: count, seed: seed, width: width, height: height, format: format, into: staging, advance: advance)
            case .coco: counts = try writeCOCO(count: count, seed: seed, width: width, height: height, format: format, into: staging, advance: advance)
            }
            let manifest = "{\"kind\": \(JSONText.quote(kind.rawValue)), \"count\": \(count), \"seed\": \(seed), \"width\": \(width), "
                + "\"height\": \(height), \"format\": \(JSONText.quote(format.rawValue)), \"generator\": \(JSONText.quote("zoo \(ZooVersion.current)"))}\n"
            try Data(manifest.utf8).write(to: staging.appendingPathComponent("synth.json"))
            if fm.fileExists(atPath: output.path) { try fm.removeItem(at: output) }
            try AtomicFile.replace(output, with: staging)
            return SynthesisReport(directory: output, images: count, countsPerClass: counts)
        } catch {
            try? fm.removeItem(at: staging)
            throw ZooError.wrap(error, context: "Cannot write the synthetic dataset to \(output.path)")
        }
    }

    /// Renders indices `0..<count` on all cores; `body` returns per-class counts of one item.
    private static func parallel(_ count: Int, advance: (@Sendable () -> Void)?,
                                 _ body: @escaping @Sendable (Int) throws -> [String: Int]) throws -> [String: Int] {
        let totals = Mutex<[String: Int]>([:])
        let failure = Mutex<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            if failure.withLock({ $0 != nil }) { return }
            do {
                let counts = try body(index)
                totals.withLock { for (k, v) in counts { $0[k, default: 0] += v } }
                advance?()
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return totals.withLock { $0 }
    }

    static func fileName(_ index: Int) -> String { String(format: "%06d", index) }

    /// zlib level for synthetic PNGs: noisy images compress slowly, and level 2 is several times
    /// faster than the default 6 for a few percent more bytes.
    static let pngCompression = 2

    private static func writeKITTI(_ kind: SyntheticKind, count: Int, seed: UInt64, width: Int, height: Int, format: ImageFormat,
                                   into root: URL, advance: (@Sendable () -> Void)?) throws -> [String: Int] {
        let images = root.appendingPathComponent("images"), labels = root.appendingPathComponent("labels")
        try ZooPaths.ensureDirectory(images)
        try ZooPaths.ensureDirectory(labels)
        return try parallel(count, advance: advance) { index in
            let sample = detection(kind, index: index, seed: seed, width: width, height: height)
            let name = fileName(index)
            try sample.image.encoded(as: format, compression: pngCompression).write(to: images.appendingPathComponent(name + format.fileExtension))
            try Data(KITTILabels.format(sample.objects).utf8).write(to: labels.appendingPathComponent(name + ".txt"))
            return sample.objects.reduce(into: [:]) { $0[$1.type, default: 0] += 1 }
        }
    }

    private static func writeClassFolders(_ kind: SyntheticKind, count: Int, seed: UInt64, width: Int, height: Int, format: ImageFormat,
                                          into root: URL, advance: (@Sendable () -> Void)?) throws -> [String: Int] {
        for name in kind.classes { try ZooPaths.ensureDirectory(root.appendingPathComponent(name)) }
        return try parallel(count, advance: advance) { index in
            let (image, classIndex) = classification(kind, index: index, seed: seed, width: width, height: height)
            let name = kind.classes[classIndex]
            try image.encoded(as: format).write(to: root.appendingPathComponent(name).appendingPathComponent("\(name)_\(fileName(index))\(format.fileExtension)"))
            return [name: 1]
        }
    }

    private static func writeCOCO(count: Int, seed: UInt64, width: Int, height: Int, format: ImageFormat,
                                  into root: URL, advance: (@Sendable () -> Void)?) throws -> [String: Int] {
        let images = root.appendingPathComponent("images")
        try ZooPaths.ensureDirectory(images)
        let perImage = Mutex<[Int: [COCOAnnotation]]>([:])
        _ = try parallel(count, advance: advance) { index in
            let sample = poses(index: index, seed: seed, width: width, height: height)
            try sample.image.encoded(as: format).write(to: images.appendingPathComponent(fileName(index) + format.fileExtension))
            perImage.withLock { $0[index] = sample.people }
            return [:]
        }
        var annotations: [COCOAnnotation] = []
        let all = perImage.withLock { $0 }
        for index in 0..<count {
            for var person in all[index] ?? [] {
                person.id = annotations.count + 1
                person.imageID = index + 1
                annotations.append(person)
            }
        }
        let dataset = COCODataset(
            info: COCOInfo(description: "zoo synthetic poses", version: "1.0", year: 2024),
            images: (0..<count).map { COCOImage(id: $0 + 1, fileName: fileName($0) + format.fileExtension, width: width, height: height) },
            annotations: annotations,
            categories: [COCOCategory(id: 1, name: "person", supercategory: "person", keypoints: COCOPersonKeypoints.names,
                                      skeleton: COCOPersonKeypoints.skeleton)])
        let folder = root.appendingPathComponent("annotations")
        try ZooPaths.ensureDirectory(folder)
        try dataset.jsonData().write(to: folder.appendingPathComponent("person_keypoints.json"))
        return ["person": annotations.filter { $0.isCrowd == 0 }.count]
    }
}
