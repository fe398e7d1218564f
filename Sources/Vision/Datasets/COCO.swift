import Foundation
import ZooCore

/// A COCO annotation file (instances or person keypoints): images, annotations and categories.
public struct COCODataset: Codable, Sendable, Equatable {
    public var info: COCOInfo?
    public var images: [COCOImage]
    public var annotations: [COCOAnnotation]
    public var categories: [COCOCategory]

    public init(info: COCOInfo? = nil, images: [COCOImage], annotations: [COCOAnnotation], categories: [COCOCategory]) {
        self.info = info; self.images = images; self.annotations = annotations; self.categories = categories
    }

    /// Reads and checks an annotation file; errors name the file.
    public static func read(_ url: URL) throws -> COCODataset {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ZooError.notFound("COCO annotation file \(url.path) cannot be read.", hint: "check annotation_files in the spec")
        }
        let dataset: COCODataset
        do {
            dataset = try JSONDecoder().decode(COCODataset.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw invalid(url, "\"\(key.stringValue)\" is missing\(location(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw invalid(url, "wrong type\(location(context)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw invalid(url, "null value\(location(context))")
        } catch let DecodingError.dataCorrupted(context) {
            throw invalid(url, context.underlyingError.map { "not valid JSON (\($0.localizedDescription))" } ?? context.debugDescription)
        }
        try dataset.validate(source: url.path)
        return dataset
    }

    private static func location(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "" : " at \(path.hasPrefix(".") ? String(path.dropFirst()) : path)"
    }

    private static func invalid(_ url: URL, _ reason: String) -> ZooError {
        ZooError.usage("COCO annotation file \(url.path) is invalid: \(reason).",
                       hint: "COCO files hold \"images\", \"annotations\" and \"categories\" arrays")
    }

    /// Checks references between the arrays: every annotation names a known image and category,
    /// and keypoint arrays match their category.
    public func validate(source: String) throws {
        let imageIDs = Set(images.map(\.id))
        let categoriesByID = Dictionary(categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for annotation in annotations {
            guard imageIDs.contains(annotation.imageID) else {
                throw ZooError.usage("\(source): annotation \(annotation.id) names image \(annotation.imageID), which is not in \"images\".")
            }
            guard let category = categoriesByID[annotation.categoryID] else {
                throw ZooError.usage("\(source): annotation \(annotation.id) names category \(annotation.categoryID), which is not in \"categories\".")
            }
            if let keypoints = annotation.keypoints {
                guard keypoints.count % 3 == 0 else {
                    throw ZooError.usage("\(source): annotation \(annotation.id) has \(keypoints.count) keypoint numbers; they come in (x, y, v) triples.")
                }
                if let names = category.keypoints, keypoints.count / 3 != names.count {
                    throw ZooError.usage("\(source): annotation \(annotation.id) has \(keypoints.count / 3) keypoints; category '\(category.name)' has \(names.count).")
                }
            }
        }
    }

    /// Annotations grouped by image id.
    public func annotationsByImage() -> [Int: [COCOAnnotation]] {
        Dictionary(grouping: annotations, by: \.imageID)
    }

    /// The JSON text (keys sorted, so the same dataset always gives the same bytes).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// The optional `info` block.
public struct COCOInfo: Codable, Sendable, Equatable {
    public var description: String?
    public var version: String?
    public var year: Int?

    public init(description: String? = nil, version: String? = nil, year: Int? = nil) {
        self.description = description; self.version = version; self.year = year
    }
}

/// One image entry.
public struct COCOImage: Codable, Sendable, Equatable {
    public var id: Int
    public var fileName: String
    public var width: Int
    public var height: Int

    public init(id: Int, fileName: String, width: Int, height: Int) {
        self.id = id; self.fileName = fileName; self.width = width; self.height = height
    }

    enum CodingKeys: String, CodingKey { case id, width, height, fileName = "file_name" }
}

/// One category; person-keypoint files add keypoint names and a 1-based skeleton.
public struct COCOCategory: Codable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var supercategory: String?
    public var keypoints: [String]?
    public var skeleton: [[Int]]?

    public init(id: Int, name: String, supercategory: String? = nil, keypoints: [String]? = nil, skeleton: [[Int]]? = nil) {
        self.id = id; self.name = name; self.supercategory = supercategory; self.keypoints = keypoints; self.skeleton = skeleton
    }
}

/// One annotation: a box, optional segmentation (polygons or RLE) and optional keypoints.
public struct COCOAnnotation: Codable, Sendable, Equatable {
    public var id: Int
    public var imageID: Int
    public var categoryID: Int
    /// `[x, y, width, height]`.
    public var bbox: [Double]
    public var area: Double
    public var isCrowd: Int
    public var segmentation: COCOSegmentation?
    /// `[x, y, v]` × K.
    public var keypoints: [Double]?
    public var numKeypoints: Int?

    public init(id: Int, imageID: Int, categoryID: Int, bbox: [Double], area: Double, isCrowd: Int = 0,
                segmentation: COCOSegmentation? = nil, keypoints: [Double]? = nil, numKeypoints: Int? = nil) {
        self.id = id; self.imageID = imageID; self.categoryID = categoryID; self.bbox = bbox; self.area = area
        self.isCrowd = isCrowd; self.segmentation = segmentation; self.keypoints = keypoints; self.numKeypoints = numKeypoints
    }

    enum CodingKeys: String, CodingKey {
        case id, bbox, area, segmentation, keypoints
        case imageID = "image_id", categoryID = "category_id", isCrowd = "iscrowd", numKeypoints = "num_keypoints"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        imageID = try c.decode(Int.self, forKey: .imageID)
        categoryID = try c.decode(Int.self, forKey: .categoryID)
        bbox = try c.decode([Double].self, forKey: .bbox)
        guard bbox.count == 4 else {
            throw DecodingError.typeMismatch([Double].self, .init(codingPath: c.codingPath + [CodingKeys.bbox],
                                                                  debugDescription: "bbox has \(bbox.count) numbers, not 4"))
        }
        area = try c.decodeIfPresent(Double.self, forKey: .area) ?? bbox[2] * bbox[3]
        isCrowd = try c.decodeIfPresent(Int.self, forKey: .isCrowd) ?? 0
        segmentation = try c.decodeIfPresent(COCOSegmentation.self, forKey: .segmentation)
        keypoints = try c.decodeIfPresent([Double].self, forKey: .keypoints)
        numKeypoints = try c.decodeIfPresent(Int.self, forKey: .numKeypoints)
    }

    /// The box as left, top, right, bottom.
    public var box: BoundingBox {
        BoundingBox(x: Float(bbox[0]), y: Float(bbox[1]), width: Float(bbox[2]), height: Float(bbox[3]))
    }

    /// The keypoints as points with visibility.
    public var points: [Keypoint] {
        guard let keypoints else { return [] }
        return stride(from: 0, to: keypoints.count - 2, by: 3).map {
            Keypoint(x: Float(keypoints[$0]), y: Float(keypoints[$0 + 1]), visibility: Int(keypoints[$0 + 2]))
        }
    }
}

/// A COCO segmentation: polygons (`[[x0, y0, x1, y1, …], …]`) or a run-length mask.
public enum COCOSegmentation: Codable, Sendable, Equatable {
    case polygons([[Double]])
    case rle(COCORLE)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let polygons = try? container.decode([[Double]].self) {
            self = .polygons(polygons)
        } else {
            self = .rle(try container.decode(COCORLE.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .polygons(let polygons): try container.encode(polygons)
        case .rle(let rle): try container.encode(rle)
        }
    }

    /// The binary mask (row-major, 1 inside) on a `width × height` image.
    public func mask(width: Int, height: Int) -> [UInt8] {
        switch self {
        case .polygons(let polygons):
            var raster = PolygonRasterizer(width: width, height: height, subsamples: 1)
            // Each polygon is a separate part: union them (not even-odd).
            var mask = [UInt8](repeating: 0, count: width * height)
            for polygon in polygons where polygon.count >= 6 {
                let points = stride(from: 0, to: polygon.count - 1, by: 2).map { SIMD2(Float(polygon[$0]), Float(polygon[$0 + 1])) }
                for (i, v) in raster.mask([points]).enumerated() where v != 0 { mask[i] = 1 }
            }
            return mask
        case .rle(let rle):
            return rle.mask()
        }
    }
}
