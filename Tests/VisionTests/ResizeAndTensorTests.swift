import Testing
@testable import Vision

@Suite struct ResizeTests {
    private func row(_ values: [Float]) -> Image { Image(width: values.count, height: 1, channels: 1, pixels: values) }

    @Test func bilinearUpscaleGoldenValues() {
        // Half-pixel centres: 2 → 4 samples gives a, ¾a+¼b, ¼a+¾b, b.
        let out = row([0.2, 0.6]).resized(width: 4, height: 1, method: .bilinear)
        let expected: [Float] = [0.2, 0.3, 0.5, 0.6]
        for (a, b) in zip(out.pixels, expected) { #expect(close(a, b)) }
    }

    @Test func areaDownscaleAveragesBlocks() {
        let out = row([0, 0.2, 0.4, 0.6, 0.8, 1.0]).resized(width: 2, height: 1, method: .area)
        #expect(close(out.pixels[0], 0.2) && close(out.pixels[1], 0.8))
        // A non-integer ratio weighs partial pixels: 3 → 2 gives (a + b/2)/1.5 and (b/2 + c)/1.5.
        let odd = row([0.3, 0.6, 0.9]).resized(width: 2, height: 1, method: .area)
        #expect(close(odd.pixels[0], 0.4) && close(odd.pixels[1], 0.8))
    }

    @Test func nearestPicksSourceSamples() {
        let out = row([0.1, 0.5, 0.9]).resized(width: 6, height: 1, method: .nearest)
        #expect(out.pixels == [0.1, 0.1, 0.5, 0.5, 0.9, 0.9])
    }

    @Test func bicubicGoldenValueAndConstancy() {
        // Output 3 of [0, 0, 1, 1] → 8 samples sits at source 1.25: weights k(1.25), k(0.25), k(0.75), k(1.75) of
        // the a = −0.75 kernel are −0.10546875, 0.87890625, 0.26171875, −0.03515625, so the value is 0.2265625.
        let out = row([0, 0, 1, 1]).resized(width: 8, height: 1, method: .bicubic)
        #expect(close(out.pixels[3], 0.2265625, 1e-6) && close(out.pixels[4], 0.7734375, 1e-6))
        #expect(out.pixels[2] == 0 && out.pixels[5] == 1)  // overshoot (−0.105…) is clamped
        #expect(out.pixels[0] == 0 && out.pixels[7] == 1)
        let flat = Image(width: 5, height: 4, channels: 3, fill: [0.3]).resized(width: 11, height: 7, method: .bicubic)
        #expect(flat.pixels.allSatisfy { close($0, 0.3) })
    }

    @Test func twoDimensionalResizeIsSeparable() {
        var image = Image(width: 2, height: 2, channels: 1, pixels: [0, 1, 1, 0])
        image = image.resized(width: 4, height: 4, method: .bilinear)
        #expect(close(image[0, 0, 0], 0) && close(image[3, 0, 0], 1))
        #expect(close(image[1, 1, 0], 0.375))  // (¾·¾)·0 + (¾·¼ + ¼·¾)·1 + (¼·¼)·0
    }

    @Test func cropPadAndLetterbox() {
        let image = gradientImage(width: 10, height: 6)
        let crop = image.cropped(x: 2, y: 1, width: 3, height: 2)
        #expect(crop[0, 0, 1] == image[2, 1, 1] && crop[2, 1, 2] == image[4, 2, 2])
        let outside = image.cropped(x: -2, y: -1, width: 4, height: 3, fill: [0.5])
        #expect(outside[0, 0, 0] == 0.5 && outside[2, 1, 0] == image[0, 0, 0])
        let padded = image.padded(top: 1, left: 2, bottom: 0, right: 1, fill: [1])
        #expect(padded.width == 13 && padded.height == 7 && padded[0, 0, 0] == 1 && padded[2, 1, 0] == image[0, 0, 0])

        let (boxed, placement) = Image(width: 20, height: 10, channels: 3, fill: [0.2, 0.4, 0.6]).letterboxed(width: 40, height: 40)
        #expect(placement == LetterboxPlacement(scale: 2, offsetX: 0, offsetY: 10, contentWidth: 40, contentHeight: 20))
        #expect(close(boxed[0, 0, 2], 0.6) && close(boxed[5, 20, 1], 0.4))  // mean-colour border, content inside
        #expect(placement.transform.apply(BoundingBox(x1: 0, y1: 0, x2: 20, y2: 10)) == BoundingBox(x1: 0, y1: 10, x2: 40, y2: 30))
    }

    @Test func flipsMirrorPixels() {
        let image = gradientImage(width: 5, height: 4)
        #expect(image.flippedHorizontally()[0, 1, 0] == image[4, 1, 0])
        #expect(image.flippedVertically()[2, 0, 1] == image[2, 3, 1])
        #expect(image.flippedHorizontally().flippedHorizontally() == image)
    }
}

@Suite struct TensorConversionTests {
    @Test func caffeModeIsBGRMinusMean() {
        let image = Image(width: 1, height: 1, channels: 3, pixels: [1, 0.5, 0])  // R 255, G 127.5, B 0
        let values = image.chw(.caffe())
        #expect(close(values[0], 0 - 103.939, 1e-3))
        #expect(close(values[1], 127.5 - 116.779, 1e-3))
        #expect(close(values[2], 255 - 123.68, 1e-3))
    }

    @Test func tfTorchAndUnitModes() {
        let image = Image(width: 1, height: 1, channels: 3, pixels: [1, 0.5, 0])
        #expect(image.chw(.tf).enumerated().allSatisfy { close($1, [1, 0, -1][$0]) })
        let torch = image.chw(.torch())
        #expect(close(torch[0], (1 - 0.485) / 0.224) && close(torch[2], (0 - 0.406) / 0.224))
        #expect(image.chw(.unit) == [1, 0.5, 0])
        #expect(close(image.chw(.bpnet)[1], 127.5 / 256 - 0.5))
        #expect(PixelNormalization.named("caffe", gray: true) == .caffe(gray: true))
        #expect(PixelNormalization.named("nope") == nil)
    }

    @Test func chwRoundTripAndNCHWLayout() {
        let a = gradientImage(width: 6, height: 4), b = gradientImage(width: 6, height: 4).flippedHorizontally()
        for mode in [PixelNormalization.unit, .caffe(), .tf, .torch()] {
            let back = Image(chw: a.chw(mode), channels: 3, height: 4, width: 6, normalization: mode)
            for (x, y) in zip(back.pixels, a.pixels) { #expect(close(x, y, 1e-4)) }
        }
        let batch = ImageBatch.nchw([a, b], .unit)
        #expect(batch.shape == [2, 3, 4, 6])
        #expect(batch.values[0 * 72 + 1 * 24 + 2 * 6 + 3] == a[3, 2, 1])  // n 0, c 1, y 2, x 3
        #expect(batch.values[1 * 72 + 2 * 24 + 0 * 6 + 5] == b[5, 0, 2])
        #expect(ImageBatch.images(nchw: batch.values, shape: batch.shape) == [a, b])
        #expect(Image(width: 2, height: 2, channels: 1, fill: [0.5]).chw(.caffe(gray: true)).allSatisfy { close($0, 127.5 - 117.3786, 1e-3) })
    }
}
