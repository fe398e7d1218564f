import Foundation

/// A box and the caller's label for it (a class index or an object index), moved by augmentation.
public struct LabeledBox: Sendable, Equatable {
    public var box: BoundingBox
    public var label: Int

    public init(box: BoundingBox, label: Int) {
        self.box = box
        self.label = label
    }
}

/// An image with everything attached to its pixels — boxes, per-person keypoints, an optional
/// mask — so that every augmentation moves them together.
public struct LabeledImage: Sendable, Equatable {
    public var image: Image
    public var boxes: [LabeledBox]
    /// Keypoints per person (e.g. COCO's 17), visibility 0 when unlabeled or moved off the image.
    public var keypoints: [[Keypoint]]
    /// A per-pixel mask (e.g. BPNet's loss mask) warped with the image.
    public var mask: Image?

    public init(image: Image, boxes: [LabeledBox] = [], keypoints: [[Keypoint]] = [], mask: Image? = nil) {
        self.image = image
        self.boxes = boxes
        self.keypoints = keypoints
        self.mask = mask
    }

    /// The sample moved by `transform` onto a `width × height` canvas: the image (and mask) warped,
    /// boxes mapped (the box around their transformed corners), clipped to the canvas and dropped
    /// when narrower than `minimumBox`, keypoints mapped and unlabeled when they leave the canvas.
    /// A mirror transform swaps left/right keypoints through `flipPairs` (an index permutation,
    /// COCO's by default).
    public func transformed(by transform: AffineTransform, width: Int, height: Int, fill: [Float] = [0],
                            method: Interpolation = .bilinear, minimumBox: (width: Float, height: Float) = (1, 1),
                            flipPairs: [Int] = COCOPersonKeypoints.flipped) -> LabeledImage {
        let w = Float(width), h = Float(height)
        let warped = image.warped(by: transform, width: width, height: height, method: method, fill: fill)
        let boxes = self.boxes.compactMap { labeled -> LabeledBox? in
            let box = transform.apply(labeled.box).clipped(width: w, height: h)
            guard box.width >= minimumBox.width, box.height >= minimumBox.height else { return nil }
            return LabeledBox(box: box, label: labeled.label)
        }
        let mirror = transform.isMirror
        let keypoints = self.keypoints.map { person -> [Keypoint] in
            var moved = person.map { point -> Keypoint in
                guard point.isLabeled else { return Keypoint(x: 0, y: 0, visibility: 0) }
                let p = transform.apply(point)
                guard p.x >= 0, p.y >= 0, p.x < w, p.y < h else { return Keypoint(x: 0, y: 0, visibility: 0) }
                return p
            }
            if mirror, flipPairs.count == moved.count {
                moved = flipPairs.map { moved[$0] }
            }
            return moved
        }
        let mask = self.mask?.warped(by: transform, width: width, height: height, method: .nearest, fill: [0])
        return LabeledImage(image: warped, boxes: boxes, keypoints: keypoints, mask: mask)
    }

    /// The sample with the image's colours changed by `matrix` (labels untouched).
    public func recolored(_ matrix: ColorMatrix) -> LabeledImage {
        var copy = self
        copy.image = image.applying(matrix)
        return copy
    }
}
