import Foundation

/// A 2-D affine map of pixel coordinates, `x' = a·x + b·y + tx`, `y' = c·x + d·y + ty`, from a
/// source image to a destination image. Images, boxes and keypoints are all moved with the same
/// transform, so labels stay on the pixels they describe.
public struct AffineTransform: Sendable, Equatable {
    public var a: Double, b: Double, tx: Double
    public var c: Double, d: Double, ty: Double

    public init(a: Double, b: Double, tx: Double, c: Double, d: Double, ty: Double) {
        self.a = a; self.b = b; self.tx = tx; self.c = c; self.d = d; self.ty = ty
    }

    /// The map that changes nothing.
    public static let identity = AffineTransform(a: 1, b: 0, tx: 0, c: 0, d: 1, ty: 0)

    /// A shift by `(x, y)`.
    public static func translation(x: Double, y: Double) -> AffineTransform {
        AffineTransform(a: 1, b: 0, tx: x, c: 0, d: 1, ty: y)
    }

    /// A scaling about the origin.
    public static func scale(x: Double, y: Double) -> AffineTransform {
        AffineTransform(a: x, b: 0, tx: 0, c: 0, d: y, ty: 0)
    }

    /// A left-right mirror of a canvas `width` wide (`x → width − x`).
    public static func horizontalFlip(width: Double) -> AffineTransform {
        AffineTransform(a: -1, b: 0, tx: width, c: 0, d: 1, ty: 0)
    }

    /// A top-bottom mirror of a canvas `height` tall (`y → height − y`).
    public static func verticalFlip(height: Double) -> AffineTransform {
        AffineTransform(a: 1, b: 0, tx: 0, c: 0, d: -1, ty: height)
    }

    /// A rotation by `radians` (clockwise on screen, since y points down) about `(cx, cy)`.
    public static func rotation(radians: Double, aboutX cx: Double, y cy: Double) -> AffineTransform {
        let cosT = cos(radians), sinT = sin(radians)
        return AffineTransform(a: cosT, b: -sinT, tx: cx - cosT * cx + sinT * cy,
                               c: sinT, d: cosT, ty: cy - sinT * cx - cosT * cy)
    }

    /// This map followed by `next`.
    public func then(_ next: AffineTransform) -> AffineTransform {
        AffineTransform(a: next.a * a + next.b * c, b: next.a * b + next.b * d, tx: next.a * tx + next.b * ty + next.tx,
                        c: next.c * a + next.d * c, d: next.c * b + next.d * d, ty: next.c * tx + next.d * ty + next.ty)
    }

    /// The inverse map (nil when the map is singular).
    public var inverted: AffineTransform? {
        let det = a * d - b * c
        guard abs(det) > 1e-12 else { return nil }
        let ia = d / det, ib = -b / det, ic = -c / det, id = a / det
        return AffineTransform(a: ia, b: ib, tx: -(ia * tx + ib * ty), c: ic, d: id, ty: -(ic * tx + id * ty))
    }

    /// Where the point `(x, y)` goes.
    public func apply(x: Double, y: Double) -> (x: Double, y: Double) {
        (a * x + b * y + tx, c * x + d * y + ty)
    }

    /// Where a keypoint goes (its visibility is kept).
    public func apply(_ point: Keypoint) -> Keypoint {
        let p = apply(x: Double(point.x), y: Double(point.y))
        return Keypoint(x: Float(p.x), y: Float(p.y), visibility: point.visibility)
    }

    /// The axis-aligned box around the four transformed corners of `box`.
    public func apply(_ box: BoundingBox) -> BoundingBox {
        let corners = [apply(x: Double(box.x1), y: Double(box.y1)), apply(x: Double(box.x2), y: Double(box.y1)),
                       apply(x: Double(box.x1), y: Double(box.y2)), apply(x: Double(box.x2), y: Double(box.y2))]
        return BoundingBox(x1: Float(corners.map(\.x).min()!), y1: Float(corners.map(\.y).min()!),
                           x2: Float(corners.map(\.x).max()!), y2: Float(corners.map(\.y).max()!))
    }

    /// Whether the map swaps left and right (a mirror), so left/right keypoints must swap names.
    public var isMirror: Bool { a * d - b * c < 0 }
}
