import Foundation
import ZooCore

/// One object of a KITTI label file: `type truncated occluded alpha x1 y1 x2 y2 h w l x y z rotation_y`
/// (15 fields, the box in pixels), plus an optional 16th confidence field in detector outputs.
public struct KITTIObject: Sendable, Equatable {
    /// The class name as written.
    public var type: String
    /// 0 (fully in the image) to 1 (leaving it).
    public var truncation: Float
    /// 0 fully visible, 1 partly occluded, 2 largely occluded, 3 unknown.
    public var occlusion: Int
    /// Observation angle, [−π, π].
    public var alpha: Float
    /// The 2-D box: left, top, right, bottom in pixels.
    public var box: BoundingBox
    /// 3-D size in metres: height, width, length.
    public var dimensions: SIMD3<Float>
    /// 3-D position in camera coordinates (metres).
    public var location: SIMD3<Float>
    /// Rotation about the camera's Y axis, [−π, π].
    public var rotationY: Float
    /// Detection confidence (16th field), only in inference outputs.
    public var score: Float?

    public init(type: String, box: BoundingBox, truncation: Float = 0, occlusion: Int = 0, alpha: Float = 0,
                dimensions: SIMD3<Float> = .zero, location: SIMD3<Float> = .zero, rotationY: Float = 0, score: Float? = nil) {
        self.type = type; self.box = box; self.truncation = truncation; self.occlusion = occlusion; self.alpha = alpha
        self.dimensions = dimensions; self.location = location; self.rotationY = rotationY; self.score = score
    }

    /// Whether the box is usable as TAO's converter judges it: `int(x1) < int(x2)` and `int(y1) < int(y2)`
    /// (truncating towards zero, as Python's `int`).
    public var hasValidBox: Bool {
        Int(box.x1) < Int(box.x2) && Int(box.y1) < Int(box.y2)
    }

    /// The label line (15 fields, or 16 with a score), numbers with two decimals as KITTI writes them.
    public var line: String {
        func f(_ v: Float) -> String { String(format: "%.2f", v) }
        var fields = [type, f(truncation), String(occlusion), f(alpha), f(box.x1), f(box.y1), f(box.x2), f(box.y2),
                      f(dimensions.x), f(dimensions.y), f(dimensions.z), f(location.x), f(location.y), f(location.z), f(rotationY)]
        if let score { fields.append(String(format: "%.3f", score)) }
        return fields.joined(separator: " ")
    }
}

/// Reading and writing KITTI label files.
public enum KITTILabels {
    static let fieldNames = ["type", "truncated", "occluded", "alpha", "x1", "y1", "x2", "y2",
                             "h", "w", "l", "x", "y", "z", "rotation_y", "score"]

    /// Parses label text; `file` names it in errors, which give the line number. Blank lines are
    /// skipped. Exactly 15 fields per line (16 with `allowsScore`), as TAO's converter asserts.
    public static func parse(_ text: String, file: String, allowsScore: Bool = false) throws -> [KITTIObject] {
        var objects: [KITTIObject] = []
        var lineNumber = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let fields = rawLine.split(whereSeparator: { $0 == 32 || $0 == 9 || $0 == 13 }).map { String(decoding: $0, as: UTF8.self) }
            if fields.isEmpty { continue }
            guard fields.count == 15 || (allowsScore && fields.count == 16) else {
                throw ZooError.usage("\(file):\(lineNumber): a KITTI label line has \(allowsScore ? "15 or 16" : "15") fields, this one has \(fields.count).",
                                     hint: "each line is: type truncated occluded alpha x1 y1 x2 y2 h w l x y z rotation_y")
            }
            var numbers: [Float] = []
            numbers.reserveCapacity(fields.count - 1)
            for (i, field) in fields.enumerated().dropFirst() {
                guard let value = Float(field) else {
                    throw ZooError.usage("\(file):\(lineNumber): field \(i + 1) (\(fieldNames[i])) is not a number: '\(field)'.",
                                         hint: "every field after the class name is a number")
                }
                numbers.append(value)
            }
            guard numbers[1].isFinite else {
                throw ZooError.usage("\(file):\(lineNumber): field 3 (occluded) is not a finite number: '\(fields[2])'.",
                                     hint: "occlusion is 0, 1, 2 or 3")
            }
            objects.append(KITTIObject(
                type: fields[0], box: BoundingBox(x1: numbers[3], y1: numbers[4], x2: numbers[5], y2: numbers[6]),
                truncation: numbers[0], occlusion: Int(numbers[1]), alpha: numbers[2],
                dimensions: SIMD3(numbers[7], numbers[8], numbers[9]), location: SIMD3(numbers[10], numbers[11], numbers[12]),
                rotationY: numbers[13], score: numbers.count == 15 ? numbers[14] : nil))
        }
        return objects
    }

    /// Reads and parses the label file at `url`.
    public static func read(_ url: URL, allowsScore: Bool = false) throws -> [KITTIObject] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) {
                throw ZooError.notFound("Label file \(url.path) does not exist.",
                                        hint: "every image needs a label file of the same name in the label folder")
            }
            throw ZooError("Cannot read label file \(url.path): \(error.localizedDescription).")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path, allowsScore: allowsScore)
    }

    /// The text of a label file holding `objects`.
    public static func format(_ objects: [KITTIObject]) -> String {
        objects.map { $0.line + "\n" }.joined()
    }
}

/// TAO's `target_class_mapping`: source class names (compared lower-cased) to target classes.
/// An empty mapping keeps every class, lower-cased; otherwise unmapped classes are dropped.
public struct ClassMapping: Sendable, Equatable {
    /// Lower-cased source name → target name.
    public let targets: [String: String]

    public init(_ mapping: [String: String] = [:]) {
        var targets: [String: String] = [:]
        for (source, target) in mapping { targets[source.lowercased()] = target }
        self.targets = targets
    }

    /// The target class for a source class name, or nil when the mapping drops it.
    public func target(for source: String) -> String? {
        targets.isEmpty ? source.lowercased() : targets[source.lowercased()]
    }

    /// The distinct target classes, sorted.
    public var targetClasses: [String] { Array(Set(targets.values)).sorted() }

    /// The objects whose classes map, renamed to their target classes.
    public func apply(_ objects: [KITTIObject]) -> [KITTIObject] {
        objects.compactMap { object in
            guard let target = target(for: object.type) else { return nil }
            var renamed = object
            renamed.type = target
            return renamed
        }
    }
}
