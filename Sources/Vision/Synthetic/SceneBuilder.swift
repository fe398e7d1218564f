import Foundation

/// A labeled thing in a synthetic scene: its class, its owner id on the canvas and the extent of
/// everything drawn for it.
struct SceneObject {
    /// Nil for helper parts that are tracked but never labeled.
    var className: String?
    var owner: Int32
    var extent = BoundingBox(x1: .infinity, y1: .infinity, x2: -.infinity, y2: -.infinity)
    /// An explicit label box (e.g. a face inside a head), used instead of the drawn extent.
    var labelBox: BoundingBox?
}

/// The state of one synthetic image being painted: the canvas, its random stream, and the
/// labeled objects with their drawn extents.
struct SceneBuilder {
    var canvas: Canvas
    var random: SeededRandom
    private(set) var objects: [SceneObject] = []
    private var nextOwner: Int32 = 2

    init(width: Int, height: Int, random: SeededRandom) {
        canvas = Canvas(width: width, height: height)
        self.random = random
    }

    var width: Float { Float(canvas.width) }
    var height: Float { Float(canvas.height) }

    /// Starts an object (labeled with `className`, or a tracked helper part when nil) and returns its owner id.
    mutating func begin(_ className: String?) -> Int32 {
        let owner = nextOwner
        nextOwner += 1
        objects.append(SceneObject(className: className, owner: owner))
        return owner
    }

    /// The extent drawn so far for an object.
    func extent(of owner: Int32) -> BoundingBox? {
        objects.first { $0.owner == owner }?.extent
    }

    /// Sets the label box of an object explicitly.
    mutating func setLabelBox(_ owner: Int32, _ box: BoundingBox) {
        if let i = objects.firstIndex(where: { $0.owner == owner }) { objects[i].labelBox = box }
    }

    /// Paints contours; with a labeled `owner` they count towards its extent and visibility.
    mutating func draw(_ contours: [[Point]], _ paint: Paint, opacity: Float = 1, owner: Int32? = nil) {
        canvas.fill(contours, paint, opacity: opacity, owner: owner)
        if let owner, owner >= 2, let i = objects.firstIndex(where: { $0.owner == owner }) {
            objects[i].extent = objects[i].extent.union(Shape.bounds(contours))
        }
    }

    mutating func draw(_ polygon: [Point], _ color: RGB, opacity: Float = 1, owner: Int32? = nil) {
        draw([polygon], .solid(color), opacity: opacity, owner: owner)
    }

    mutating func draw(_ polygon: [Point], _ paint: Paint, opacity: Float = 1, owner: Int32? = nil) {
        draw([polygon], paint, opacity: opacity, owner: owner)
    }

    /// Runs `body` with every fill clipped to `region`.
    mutating func clipped(to region: [[Point]], _ body: (inout SceneBuilder) -> Void) {
        let previous = canvas.clip
        canvas.clip = canvas.coverage(region)
        body(&self)
        canvas.clip = previous
    }

    /// A soft elliptical shadow on the ground.
    mutating func shadow(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, strength: Float = 0.35) {
        canvas.fill([Shape.ellipse(cx, cy, rx, ry)], .solid(RGB(0, 0, 0)), opacity: strength)
        canvas.fill([Shape.ellipse(cx, cy, rx * 1.25, ry * 1.3)], .solid(RGB(0, 0, 0)), opacity: strength * 0.4)
    }

    /// KITTI labels of the objects that stayed visible: boxes clipped to the image, truncation from
    /// the part outside it, occlusion from the part later shapes covered. Objects under
    /// `minimumVisible` of their pixels, or smaller than `minimumSize` pixels, are left out.
    func kittiObjects(minimumVisible: Float = 0.12, minimumSize: Float = 4) -> [KITTIObject] {
        let counts = canvas.visibleCounts()
        return objects.compactMap { object in
            guard let className = object.className else { return nil }
            let full = object.labelBox ?? object.extent
            guard full.isValid else { return nil }
            let clipped = full.clipped(width: width, height: height)
            guard clipped.width >= minimumSize, clipped.height >= minimumSize else { return nil }
            let visible = canvas.visibleFraction(object.owner, counts: counts)
            guard visible >= minimumVisible else { return nil }
            let truncation = 1 - clipped.area / full.area
            let occlusion = visible >= 0.8 ? 0 : visible >= 0.4 ? 1 : 2
            let rounded = BoundingBox(x1: (clipped.x1 * 100).rounded() / 100, y1: (clipped.y1 * 100).rounded() / 100,
                                      x2: (clipped.x2 * 100).rounded() / 100, y2: (clipped.y2 * 100).rounded() / 100)
            return KITTIObject(type: className, box: rounded, truncation: (truncation * 100).rounded() / 100, occlusion: occlusion)
        }
    }
}
