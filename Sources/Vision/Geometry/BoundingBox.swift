/// An axis-aligned box in pixel coordinates: left, top, right, bottom (KITTI's x1 y1 x2 y2).
/// Pixel `i` spans `[i, i + 1)`, so a box covering a whole `W × H` image is `(0, 0, W, H)`.
public struct BoundingBox: Sendable, Equatable, Hashable, Codable {
    public var x1: Float
    public var y1: Float
    public var x2: Float
    public var y2: Float

    public init(x1: Float, y1: Float, x2: Float, y2: Float) {
        self.x1 = x1; self.y1 = y1; self.x2 = x2; self.y2 = y2
    }

    /// A box from COCO's `[x, y, width, height]`.
    public init(x: Float, y: Float, width: Float, height: Float) {
        self.init(x1: x, y1: y, x2: x + width, y2: y + height)
    }

    public var width: Float { x2 - x1 }
    public var height: Float { y2 - y1 }
    public var area: Float { max(width, 0) * max(height, 0) }
    public var centerX: Float { (x1 + x2) / 2 }
    public var centerY: Float { (y1 + y2) / 2 }

    /// Whether the box has positive width and height.
    public var isValid: Bool { x2 > x1 && y2 > y1 }

    /// The part of the box inside `[0, width] × [0, height]`.
    public func clipped(width: Float, height: Float) -> BoundingBox {
        BoundingBox(x1: min(max(x1, 0), width), y1: min(max(y1, 0), height),
                    x2: min(max(x2, 0), width), y2: min(max(y2, 0), height))
    }

    /// The box shifted by `(dx, dy)`.
    public func offset(dx: Float, dy: Float) -> BoundingBox {
        BoundingBox(x1: x1 + dx, y1: y1 + dy, x2: x2 + dx, y2: y2 + dy)
    }

    /// The box with every coordinate multiplied by `(sx, sy)`.
    public func scaled(sx: Float, sy: Float) -> BoundingBox {
        BoundingBox(x1: x1 * sx, y1: y1 * sy, x2: x2 * sx, y2: y2 * sy)
    }

    /// Intersection over union with `other` (0 when either is empty).
    public func iou(_ other: BoundingBox) -> Float {
        let iw = min(x2, other.x2) - max(x1, other.x1), ih = min(y2, other.y2) - max(y1, other.y1)
        guard iw > 0, ih > 0 else { return 0 }
        let inter = iw * ih
        let union = area + other.area - inter
        return union > 0 ? inter / union : 0
    }

    /// The smallest box containing both.
    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(x1: min(x1, other.x1), y1: min(y1, other.y1), x2: max(x2, other.x2), y2: max(y2, other.y2))
    }
}

/// A 2-D keypoint with COCO's visibility flag: 0 not labeled, 1 labeled but not visible, 2 visible.
public struct Keypoint: Sendable, Equatable, Hashable, Codable {
    public var x: Float
    public var y: Float
    public var visibility: Int

    public init(x: Float, y: Float, visibility: Int) {
        self.x = x; self.y = y; self.visibility = visibility
    }

    /// Whether the point is labeled (visibility 1 or 2).
    public var isLabeled: Bool { visibility > 0 }
}
