import Foundation

/// YOLOv4's `augmentation_config`: YOLO-style jitter crops resized to the output, flips, HSV
/// (hue, saturation, exposure) and mosaic of four images; letterboxing for evaluation.
public struct YOLOAugmentation: Sendable, Equatable {
    public var outputWidth: Int
    public var outputHeight: Int
    /// Hue shift of at most `hue · 180°` either way (0…1).
    public var hue: Float = 0
    /// Saturation multiplied or divided by up to this (≥ 1).
    public var saturation: Float = 1
    /// Value (exposure) multiplied or divided by up to this (≥ 1).
    public var exposure: Float = 1
    public var horizontalFlip: Float = 0
    public var verticalFlip: Float = 0
    /// Fraction each side of the crop may move in or out (0…1).
    public var jitter: Float = 0
    public var mosaicProbability: Float = 0
    /// Smallest share of the canvas the mosaic's split point leaves a quadrant (0…0.5).
    public var mosaicMinRatio: Float = 0.2

    public init(outputWidth: Int, outputHeight: Int) {
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
    }

    /// A training sample from one image (jitter, resize, flips, HSV), or from four when mosaic is drawn:
    /// `pool` supplies the three extra images for a mosaic.
    public func augment(_ sample: LabeledImage, random: inout SeededRandom, pool: () -> [LabeledImage] = { [] }) -> LabeledImage {
        if mosaicProbability > 0, random.chance(Double(mosaicProbability)) {
            let others = pool()
            if others.count >= 3 { return hsv(mosaic([sample] + others.prefix(3), random: &random), random: &random) }
        }
        var out = jittered(sample, width: outputWidth, height: outputHeight, random: &random)
        if random.chance(Double(horizontalFlip)) { out = out.transformed(by: .horizontalFlip(width: Double(outputWidth)), width: outputWidth, height: outputHeight) }
        if random.chance(Double(verticalFlip)) { out = out.transformed(by: .verticalFlip(height: Double(outputHeight)), width: outputWidth, height: outputHeight) }
        return hsv(out, random: &random)
    }

    /// HSV augmentation (TAO's `aug_hsv`): hue ± hue·180°, saturation and value each multiplied by a
    /// factor in [1, s] or its inverse.
    public func hsv(_ sample: LabeledImage, random: inout SeededRandom) -> LabeledImage {
        func factor(_ limit: Float) -> Float {
            let f = 1 + random.uniform(0, 1) * (limit - 1)
            return random.chance(0.5) ? f : 1 / f
        }
        let s = factor(max(saturation, 1)), v = factor(max(exposure, 1))
        let h = (random.uniform(0, 1) * 2 - 1) * hue * 180
        var out = sample
        out.image = sample.image.adjustingHSV(hueDegrees: h, saturation: s, value: v)
        return out
    }

    /// A YOLO jitter crop: each side moves in or out by up to `jitter` of the size, the crop is then
    /// nudged toward the output's aspect ratio, padded with the mean colour, and resized to `width × height`.
    public func jittered(_ sample: LabeledImage, width: Int, height: Int, random: inout SeededRandom) -> LabeledImage {
        let w = Float(sample.image.width), h = Float(sample.image.height)
        var d = (0..<4).map { _ in min((random.uniform(0, 1) - 0.5) * 2 * jitter, 0.8) }
        if d[0] + d[2] > 0.8 { d[0] = min(d[0], 0.4); d[2] = min(d[2], 0.4) }
        if d[1] + d[3] > 0.8 { d[1] = min(d[1], 0.4); d[3] = min(d[3], 0.4) }
        var (dl, dt, dr, db) = (d[0] * w, d[1] * h, d[2] * w, d[3] * h)
        let aspect = Float(width) / Float(height)
        if w / h > aspect {
            var dw = w - h * aspect
            let shift = min(-min(dl, 0), -min(dr, 0), dw / 2)
            dl += shift; dr += shift; dw -= 2 * shift
            if dl < 0 && dw > 0 { let s = min(dw, -dl); dl += s; dw -= s }
            if dr < 0 && dw > 0 { let s = min(dw, -dr); dr += s; dw -= s }
            if dw > 0 { let dh = dw / aspect; dt -= dh / 2; db -= dh / 2 }
        } else {
            var dh = h - w / aspect
            let shift = min(-min(dt, 0), -min(db, 0), dh / 2)
            dt += shift; db += shift; dh -= 2 * shift
            if dt < 0 && dh > 0 { let s = min(dh, -dt); dt += s; dh -= s }
            if db < 0 && dh > 0 { let s = min(dh, -db); db += s; dh -= s }
            if dh > 0 { let dw = dh * aspect; dl -= dw / 2; dr -= dw / 2 }
        }
        let cropWidth = max((w - dl - dr).rounded(), 1), cropHeight = max((h - dt - db).rounded(), 1)
        let transform = AffineTransform.translation(x: -Double(dl.rounded()), y: -Double(dt.rounded()))
            .then(.scale(x: Double(width) / Double(cropWidth), y: Double(height) / Double(cropHeight)))
        return sample.transformed(by: transform, width: width, height: height, fill: sample.image.channelMeans())
    }

    /// Four samples tiled around a random split point, each jittered to its quadrant's shape.
    public func mosaic(_ samples: [LabeledImage], random: inout SeededRandom) -> LabeledImage {
        precondition(samples.count == 4, "a mosaic takes four images")
        let ratio = min(max(mosaicMinRatio, 0.01), 0.5)
        let cx = Int((random.uniform(ratio, 1 - ratio) * Float(outputWidth)).rounded())
        let cy = Int((random.uniform(ratio, 1 - ratio) * Float(outputHeight)).rounded())
        let channels = samples[0].image.channels
        var canvas = Image(width: outputWidth, height: outputHeight, channels: channels)
        var boxes: [LabeledBox] = []
        let quadrants = [(0, 0, cx, cy), (cx, 0, outputWidth - cx, cy), (0, cy, cx, outputHeight - cy), (cx, cy, outputWidth - cx, outputHeight - cy)]
        for (sample, (x0, y0, qw, qh)) in zip(samples, quadrants) where qw > 0 && qh > 0 {
            let tile = jittered(sample, width: qw, height: qh, random: &random)
            let pixels = tile.image.channels == channels ? tile.image : tile.image.withColorChannels(channels == 1 ? 1 : 3)
            for y in 0..<qh {
                for x in 0..<qw {
                    for c in 0..<channels { canvas[x0 + x, y0 + y, c] = pixels[x, y, c] }
                }
            }
            boxes += tile.boxes.map { LabeledBox(box: $0.box.offset(dx: Float(x0), dy: Float(y0)), label: $0.label) }
        }
        return LabeledImage(image: canvas, boxes: boxes)
    }

    /// An evaluation sample: letterboxed into the output size with the image's mean colour.
    public func letterbox(_ sample: LabeledImage) -> LabeledImage {
        let placement = sample.image.letterboxed(width: outputWidth, height: outputHeight).placement
        return sample.transformed(by: placement.transform, width: outputWidth, height: outputHeight, fill: sample.image.channelMeans())
    }
}
