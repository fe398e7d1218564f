import Foundation
import Testing
@testable import Vision

@Suite struct ColorTests {
    @Test func colorMatrixGoldenValues() {
        let pixel = Image(width: 1, height: 1, channels: 3, pixels: [0.8, 0.4, 0.2])
        #expect(pixel.applying(.identity) == pixel)
        let gray = pixel.applying(.hueSaturation(hueDegrees: 0, saturation: 0)).pixels
        let luma: Float = 0.299 * 0.8 + 0.587 * 0.4 + 0.114 * 0.2
        #expect(gray.allSatisfy { close($0, luma, 1e-5) })
        let contrast = pixel.applying(.contrast(0.5, center: 0.5)).pixels  // 1.5·v − 0.25
        #expect(close(contrast[0], 0.95) && close(contrast[1], 0.35) && close(contrast[2], 0.05))
        let brighter = pixel.applying(.brightness([0.1, -0.1, 0.5])).pixels
        #expect(close(brighter[0], 0.9) && close(brighter[1], 0.3) && close(brighter[2], 0.7))
        // TAO's hue_saturation_matrix(30, 0.5) applied with numpy to (0.8, 0.4, 0.2) gives these values.
        let turned = pixel.applying(.hueSaturation(hueDegrees: 30, saturation: 0.5)).pixels
        #expect(close(turned[0], 0.66983945, 1e-5) && close(turned[1], 0.40738437, 1e-5) && close(turned[2], 0.50313183, 1e-5))
        // …and turns red (0.9, 0.1, 0.1) by +120° into (0.175, 0.231, 1.325), clamped to 1.
        let red = Image(width: 1, height: 1, channels: 3, pixels: [0.9, 0.1, 0.1]).applying(.hueSaturation(hueDegrees: 120, saturation: 1)).pixels
        #expect(close(red[0], 0.17528042, 1e-5) && close(red[1], 0.23146833, 1e-5) && red[2] == 1)
        #expect(ColorMatrix.contrast(0.2, center: 0.5).then(.identity) == .contrast(0.2, center: 0.5))
    }

    @Test func hsvAdjustment() {
        let image = gradientImage(width: 9, height: 5)
        let same = image.adjustingHSV(hueDegrees: 0, saturation: 1, value: 1)
        for (a, b) in zip(same.pixels, image.pixels) { #expect(close(a, b, 1e-5)) }
        let pure = Image(width: 1, height: 1, channels: 3, pixels: [1, 0, 0])
        #expect(pure.adjustingHSV(hueDegrees: 120, saturation: 1, value: 1).pixels == [0, 1, 0])
        #expect(pure.adjustingHSV(hueDegrees: 0, saturation: 0, value: 0.5).pixels == [0.5, 0.5, 0.5])
    }
}

@Suite struct AugmentationTests {
    let square = BoundingBox(x1: 2, y1: 1, x2: 5, y2: 4)

    private func sample(width: Int = 10, height: Int = 8) -> LabeledImage {
        var points = [Keypoint](repeating: Keypoint(x: 0, y: 0, visibility: 0), count: 17)
        points[1] = Keypoint(x: 2.5, y: 1.5, visibility: 2)  // left eye
        points[5] = Keypoint(x: 4.5, y: 3.5, visibility: 1)  // left shoulder
        return LabeledImage(image: squareImage(width: width, height: height, square: square), boxes: [LabeledBox(box: square, label: 3)],
                            keypoints: [points])
    }

    @Test func horizontalFlipMovesBoxKeypointsAndSwapsSides() {
        var augmentation = DetectNetAugmentation(outputWidth: 10, outputHeight: 8)
        augmentation.hflipProbability = 1
        var random = SeededRandom(seed: 1)
        let out = augmentation.augment(sample(), random: &random)
        #expect(out.boxes == [LabeledBox(box: BoundingBox(x1: 5, y1: 1, x2: 8, y2: 4), label: 3)])
        #expect(brightBox(out.image) == out.boxes[0].box)
        #expect(out.keypoints[0][2] == Keypoint(x: 7.5, y: 1.5, visibility: 2))  // now the right eye
        #expect(out.keypoints[0][6] == Keypoint(x: 5.5, y: 3.5, visibility: 1))
        #expect(out.keypoints[0][1].visibility == 0)
    }

    @Test func verticalFlipTranslateAndRotate() {
        let base = sample()
        let flipped = base.transformed(by: .verticalFlip(height: 8), width: 10, height: 8)
        #expect(flipped.boxes[0].box == BoundingBox(x1: 2, y1: 4, x2: 5, y2: 7) && brightBox(flipped.image) == flipped.boxes[0].box)
        let shifted = base.transformed(by: .translation(x: 3, y: -1), width: 10, height: 8)
        #expect(shifted.boxes[0].box == BoundingBox(x1: 5, y1: 0, x2: 8, y2: 3))
        for y in 0..<7 { for x in 0..<7 { #expect(shifted.image[x + 3, y, 0] == base.image[x, y + 1, 0]) } }
        // 90° about the centre of a 10×10 canvas: x' = 10 − y, y' = x.
        let square10 = LabeledImage(image: squareImage(width: 10, height: 10, square: square), boxes: [LabeledBox(box: square, label: 0)])
        let rotated = square10.transformed(by: .rotation(radians: .pi / 2, aboutX: 5, y: 5), width: 10, height: 10)
        #expect(close(rotated.boxes[0].box, BoundingBox(x1: 6, y1: 2, x2: 9, y2: 5)))
        #expect(brightBox(rotated.image) == BoundingBox(x1: 6, y1: 2, x2: 9, y2: 5))
    }

    @Test func boxesLeavingTheCanvasAreClippedOrDropped() {
        let base = sample()
        let partly = base.transformed(by: .translation(x: 6, y: 0), width: 10, height: 8)
        #expect(partly.boxes[0].box == BoundingBox(x1: 8, y1: 1, x2: 10, y2: 4))
        #expect(partly.keypoints[0][5].visibility == 0)  // x 10.5 is off the canvas
        let gone = base.transformed(by: .translation(x: 20, y: 0), width: 10, height: 8)
        #expect(gone.boxes.isEmpty)
    }

    @Test func zoomOutShrinksContentAndBoxTogether() {
        var augmentation = DetectNetAugmentation(outputWidth: 40, outputHeight: 40)
        augmentation.zoomMin = 2; augmentation.zoomMax = 2
        let big = BoundingBox(x1: 8, y1: 12, x2: 20, y2: 28)
        let input = LabeledImage(image: squareImage(width: 40, height: 40, square: big), boxes: [LabeledBox(box: big, label: 0)])
        for seed in 0..<5 as Range<UInt64> {
            var random = SeededRandom(seed: seed)
            let out = augmentation.augment(input, random: &random)
            let box = out.boxes[0].box
            #expect(close(box.width, 6) && close(box.height, 8))
            let bright = try! #require(brightBox(out.image, threshold: 0.5))
            #expect(abs(bright.x1 - box.x1) <= 1 && abs(bright.x2 - box.x2) <= 1 && abs(bright.y1 - box.y1) <= 1 && abs(bright.y2 - box.y2) <= 1)
        }
    }

    @Test func preprocessingCropsAndResizesToTheOutput() {
        var augmentation = DetectNetAugmentation(outputWidth: 20, outputHeight: 10)
        augmentation.cropLeft = 10; augmentation.cropTop = 0; augmentation.cropRight = 50; augmentation.cropBottom = 20
        let box = BoundingBox(x1: 20, y1: 4, x2: 30, y2: 12)
        let input = LabeledImage(image: squareImage(width: 60, height: 30, square: box), boxes: [LabeledBox(box: box, label: 0)])
        let out = augmentation.preprocess(input)
        #expect(out.image.width == 20 && out.image.height == 10)
        #expect(out.boxes[0].box == BoundingBox(x1: 5, y1: 2, x2: 10, y2: 6))  // (x − 10) / 2, y / 2
    }

    @Test func randomAugmentationIsDeterministicAndLabelsFollowPixels() {
        var augmentation = DetectNetAugmentation(outputWidth: 48, outputHeight: 32)
        augmentation.hflipProbability = 0.5; augmentation.vflipProbability = 0.5
        augmentation.translateMaxX = 6; augmentation.translateMaxY = 4
        augmentation.zoomMin = 0.8; augmentation.zoomMax = 1.3
        augmentation.hueRotationMax = 25; augmentation.saturationShiftMax = 0.2; augmentation.contrastScaleMax = 0.1
        let box = BoundingBox(x1: 16, y1: 10, x2: 30, y2: 22)
        let input = LabeledImage(image: squareImage(width: 48, height: 32, square: box), boxes: [LabeledBox(box: box, label: 0)])
        var r1 = SeededRandom(seed: 42), r2 = SeededRandom(seed: 42), r3 = SeededRandom(seed: 43)
        let a = augmentation.augment(input, random: &r1), b = augmentation.augment(input, random: &r2), c = augmentation.augment(input, random: &r3)
        #expect(a == b)
        #expect(a != c)
        for out in [a, c] where !out.boxes.isEmpty {
            let bright = try! #require(brightBox(out.image, threshold: 0.3))
            let labeled = out.boxes[0].box
            #expect(abs(bright.x1 - labeled.x1) <= 1.01 && abs(bright.x2 - labeled.x2) <= 1.01)
            #expect(abs(bright.y1 - labeled.y1) <= 1.01 && abs(bright.y2 - labeled.y2) <= 1.01)
        }
        var gray = SeededRandom(seed: 5)
        #expect(augmentation.randomColor(&gray) != .identity)
        var none = SeededRandom(seed: 5)
        #expect(DetectNetAugmentation(outputWidth: 4, outputHeight: 4).randomColor(&none) == .identity)
    }

    @Test func yoloJitterWithoutJitterIsAPlainResize() {
        let augmentation = YOLOAugmentation(outputWidth: 20, outputHeight: 16)
        let box = BoundingBox(x1: 10, y1: 8, x2: 20, y2: 16)
        let input = LabeledImage(image: squareImage(width: 40, height: 32, square: box), boxes: [LabeledBox(box: box, label: 1)])
        var random = SeededRandom(seed: 3)
        let out = augmentation.jittered(input, width: 20, height: 16, random: &random)
        #expect(out.boxes == [LabeledBox(box: BoundingBox(x1: 5, y1: 4, x2: 10, y2: 8), label: 1)])
        let letterboxed = augmentation.letterbox(LabeledImage(image: Image(width: 40, height: 16, channels: 3), boxes: [LabeledBox(box: box, label: 1)]))
        #expect(letterboxed.boxes[0].box == BoundingBox(x1: 5, y1: 8, x2: 10, y2: 12))  // scale ½, offset (0, 4)
    }

    @Test func yoloJitterAndHSVKeepLabelsOnPixels() {
        var augmentation = YOLOAugmentation(outputWidth: 32, outputHeight: 32)
        augmentation.jitter = 0.3; augmentation.hue = 0.1; augmentation.saturation = 1.5; augmentation.exposure = 1.5
        augmentation.horizontalFlip = 0.5
        let box = BoundingBox(x1: 20, y1: 12, x2: 40, y2: 30)
        let input = LabeledImage(image: squareImage(width: 64, height: 48, square: box), boxes: [LabeledBox(box: box, label: 0)])
        for seed in 0..<6 as Range<UInt64> {
            var random = SeededRandom(seed: seed)
            let out = augmentation.augment(input, random: &random)
            guard let labeled = out.boxes.first?.box, let bright = brightBox(out.image, threshold: 0.25) else { continue }
            #expect(abs(bright.x1 - labeled.x1) <= 1.5 && abs(bright.x2 - labeled.x2) <= 1.5)
            #expect(abs(bright.y1 - labeled.y1) <= 1.5 && abs(bright.y2 - labeled.y2) <= 1.5)
        }
    }

    @Test func mosaicTilesFourImagesWithTheirBoxes() {
        var augmentation = YOLOAugmentation(outputWidth: 64, outputHeight: 48)
        augmentation.mosaicProbability = 1
        let box = BoundingBox(x1: 8, y1: 8, x2: 24, y2: 20)
        let tile = LabeledImage(image: squareImage(width: 32, height: 28, square: box), boxes: [LabeledBox(box: box, label: 2)])
        var random = SeededRandom(seed: 11)
        let out = augmentation.augment(tile, random: &random, pool: { [tile, tile, tile] })
        #expect(out.image.width == 64 && out.image.height == 48)
        #expect(out.boxes.count == 4)
        for labeled in out.boxes {
            #expect(labeled.label == 2 && labeled.box.x1 >= 0 && labeled.box.x2 <= 64 && labeled.box.y2 <= 48)
            let center = out.image.meanBrightness(in: BoundingBox(x1: labeled.box.centerX - 1, y1: labeled.box.centerY - 1,
                                                                  x2: labeled.box.centerX + 1, y2: labeled.box.centerY + 1))
            #expect(center > 0.4)
        }
    }

    @Test func classificationCropFlipAndMixup() {
        var augmentation = ClassificationAugmentation(outputWidth: 16, outputHeight: 16)
        augmentation.centerCrop = true
        let image = gradientImage(width: 40, height: 30)
        let evaluated = augmentation.evaluate(image)
        #expect(evaluated.width == 16 && evaluated.height == 16)
        #expect(evaluated == augmentation.evaluate(image))
        augmentation.randomCrop = true
        var r1 = SeededRandom(seed: 9), r2 = SeededRandom(seed: 9)
        #expect(augmentation.augment(image, random: &r1) == augmentation.augment(image, random: &r2))
        let a = Image(width: 2, height: 1, channels: 1, pixels: [1, 0]), b = Image(width: 2, height: 1, channels: 1, pixels: [0, 1])
        let mixed = ClassificationAugmentation.blend((a, [1, 0]), (b, [0, 1]), lambda: 0.25)
        #expect(mixed.image.pixels == [0.25, 0.75] && mixed.label == [0.25, 0.75])
        augmentation.mixupAlpha = 0.4
        var r3 = SeededRandom(seed: 1)
        let random = augmentation.mixup((a, [1, 0]), (b, [0, 1]), random: &r3)
        #expect(close(random.label.reduce(0, +), 1) && close(random.image.pixels[0], random.label[0]))
    }

    @Test func personCentricAugmentationCentresAndScalesThePerson() {
        var augmentation = PoseAugmentation(outputWidth: 64, outputHeight: 64)
        augmentation.rotateDegMin = 0; augmentation.rotateDegMax = 0
        augmentation.zoomRatioMin = 1; augmentation.zoomRatioMax = 1
        augmentation.translateMaxX = 0; augmentation.translateMaxY = 0
        augmentation.flipProbability = 1
        let person = BoundingBox(x1: 100, y1: 40, x2: 140, y2: 120)
        var points = [Keypoint](repeating: Keypoint(x: 0, y: 0, visibility: 0), count: 17)
        points[9] = Keypoint(x: 110, y: 80, visibility: 2)  // left wrist
        let input = LabeledImage(image: squareImage(width: 200, height: 150, square: person), boxes: [LabeledBox(box: person, label: 0)], keypoints: [points])
        var random = SeededRandom(seed: 2)
        let out = augmentation.augment(input, person: person, random: &random)
        let box = out.boxes[0].box
        #expect(close(box.height, 0.6 * 64, 1e-3) && close(box.centerX, 32, 1e-3) && close(box.centerY, 32, 1e-3))
        // Mirrored: the left wrist is now the right wrist, on the other side of the centre.
        #expect(out.keypoints[0][10].visibility == 2 && out.keypoints[0][10].x > 32 && out.keypoints[0][9].visibility == 0)
    }
}
