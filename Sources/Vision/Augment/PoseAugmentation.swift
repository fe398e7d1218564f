import Foundation

/// BPNet's person-centric spatial augmentation: the person of interest is scaled to
/// `targetPersonScale` of the output height (times a random zoom), centred (plus a random shift),
/// rotated, and maybe mirrored with left/right keypoints swapped.
public struct PoseAugmentation: Sendable, Equatable {
    public var outputWidth: Int
    public var outputHeight: Int
    public var flipProbability: Float = 0.5
    public var rotateDegMin: Float = -40, rotateDegMax: Float = 40
    public var zoomProbability: Float = 1
    public var zoomRatioMin: Float = 0.5, zoomRatioMax: Float = 1.1
    /// Random shift of the centre, in output pixels.
    public var translateMaxX: Float = 40, translateMaxY: Float = 40
    /// Person height as a share of the output height before the random zoom.
    public var targetPersonScale: Float = 0.6

    public init(outputWidth: Int, outputHeight: Int) {
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
    }

    /// The map for a person centred at `(cx, cy)` who is `personHeight` pixels tall.
    public func transform(centerX cx: Float, centerY cy: Float, personHeight: Float, random: inout SeededRandom) -> AffineTransform {
        let zoom = random.chance(Double(zoomProbability)) ? random.uniform(zoomRatioMin, zoomRatioMax) : 1
        let scale = targetPersonScale * Float(outputHeight) / max(personHeight, 1) * zoom
        let angle = Double(random.uniform(rotateDegMin, rotateDegMax)) * .pi / 180
        let shiftX = Double(random.uniform(-translateMaxX, translateMaxX)), shiftY = Double(random.uniform(-translateMaxY, translateMaxY))
        let w = Double(outputWidth), h = Double(outputHeight)
        var transform = AffineTransform.translation(x: -Double(cx), y: -Double(cy))
            .then(.scale(x: Double(scale), y: Double(scale)))
            .then(.rotation(radians: angle, aboutX: 0, y: 0))
            .then(.translation(x: w / 2 + shiftX, y: h / 2 + shiftY))
        if random.chance(Double(flipProbability)) { transform = transform.then(.horizontalFlip(width: w)) }
        return transform
    }

    /// The sample centred on the person whose box is `person` (its height sets the scale).
    public func augment(_ sample: LabeledImage, person: BoundingBox, random: inout SeededRandom) -> LabeledImage {
        let t = transform(centerX: person.centerX, centerY: person.centerY, personHeight: person.height, random: &random)
        return sample.transformed(by: t, width: outputWidth, height: outputHeight)
    }
}
