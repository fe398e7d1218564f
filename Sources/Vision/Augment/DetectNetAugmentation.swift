import Foundation

/// DetectNet_v2's `augmentation_config`: preprocessing (crop, scale or resize to the output size)
/// plus random spatial (flip, rotate, zoom, translate) and colour (hue, saturation, contrast,
/// brightness) augmentation, composed into one affine warp and one colour matrix as TAO does.
public struct DetectNetAugmentation: Sendable, Equatable {
    public var outputWidth: Int
    public var outputHeight: Int
    /// Crop in source pixels (`crop_left/top/right/bottom`); used when right > left and bottom > top.
    public var cropLeft = 0, cropTop = 0, cropRight = 0, cropBottom = 0
    /// Source scale factors; when 0 the (cropped) source is resized to the output size.
    public var scaleWidth: Float = 0, scaleHeight: Float = 0
    /// Boxes smaller than this after augmentation are dropped.
    public var minBoxWidth: Float = 1, minBoxHeight: Float = 1
    public var hflipProbability: Float = 0
    public var vflipProbability: Float = 0
    /// Zoom ratio range: above 1 zooms out (content shrinks), below 1 zooms in.
    public var zoomMin: Float = 1, zoomMax: Float = 1
    /// Maximum translation in output pixels (integers, as TAO).
    public var translateMaxX: Float = 0, translateMaxY: Float = 0
    public var rotateRadMax: Float = 0
    /// Probability of rotating at all (TAO always rotates when `rotate_rad_max` > 0; 1 keeps that).
    public var rotateProbability: Float = 1
    /// Brightness: per-channel offsets with standard deviation `color_shift_stddev` (TAO passes 2× as the "max").
    public var colorShiftStddev: Float = 0
    /// Hue rotation in degrees (standard deviation half of it, truncated at 2σ).
    public var hueRotationMax: Float = 0
    public var saturationShiftMax: Float = 0
    public var contrastScaleMax: Float = 0
    public var contrastCenter: Float = 0.5

    public init(outputWidth: Int, outputHeight: Int) {
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
    }

    /// The preprocessing map of a `width × height` source: crop, then scale or resize to the output.
    public func preprocessing(sourceWidth width: Int, sourceHeight height: Int) -> AffineTransform {
        var transform = AffineTransform.identity
        var w = Double(width), h = Double(height)
        if cropRight > cropLeft && cropBottom > cropTop {
            transform = .translation(x: -Double(cropLeft), y: -Double(cropTop))
            w = Double(cropRight - cropLeft)
            h = Double(cropBottom - cropTop)
        }
        if scaleWidth > 0 && scaleHeight > 0 {
            transform = transform.then(.scale(x: Double(scaleWidth), y: Double(scaleHeight)))
        } else if Int(w) != outputWidth || Int(h) != outputHeight {
            transform = transform.then(.scale(x: Double(outputWidth) / w, y: Double(outputHeight) / h))
        }
        return transform
    }

    /// The random spatial part on the output canvas: flips, rotation about the centre, zoom, translation.
    public func randomSpatial(_ random: inout SeededRandom) -> AffineTransform {
        let w = Double(outputWidth), h = Double(outputHeight)
        var transform = AffineTransform.identity
        if random.chance(Double(hflipProbability)) { transform = transform.then(.horizontalFlip(width: w)) }
        if random.chance(Double(vflipProbability)) { transform = transform.then(.verticalFlip(height: h)) }
        if rotateRadMax > 0, random.chance(Double(rotateProbability)) {
            let angle = Double(random.uniform(-rotateRadMax, rotateRadMax))
            transform = transform.then(.rotation(radians: angle, aboutX: w / 2, y: h / 2))
        }
        if zoomMin != 1 || zoomMax != 1 {
            let ratio = Double(random.uniform(min(zoomMin, zoomMax), max(zoomMin, zoomMax)))
            if ratio > 0 {
                // Content scaled by 1/ratio and placed at a random offset that keeps the canvas covered
                // (zoom in) or the content inside it (zoom out).
                let tx = Double(random.uniform(0, 1)) * (w - w / ratio), ty = Double(random.uniform(0, 1)) * (h - h / ratio)
                transform = transform.then(.scale(x: 1 / ratio, y: 1 / ratio)).then(.translation(x: tx, y: ty))
            }
        }
        if translateMaxX > 0 || translateMaxY > 0 {
            let mx = Int(translateMaxX), my = Int(translateMaxY)
            transform = transform.then(.translation(x: Double(random.int(in: -mx...mx)), y: Double(random.int(in: -my...my))))
        }
        return transform
    }

    /// The random colour matrix: hue/saturation, then contrast, then per-channel brightness.
    public func randomColor(_ random: inout SeededRandom) -> ColorMatrix {
        let hue = random.truncatedNormal(sigma: Double(hueRotationMax) / 2)
        let saturation = 1 + Double(random.uniform(-saturationShiftMax, saturationShiftMax))
        let contrast = random.truncatedNormal(sigma: Double(contrastScaleMax) / 2)
        let brightnessSigma = Double(colorShiftStddev)  // TAO: brightness_scale_max = 2·stddev, σ = max / 2
        let offsets = (0..<3).map { _ in random.truncatedNormal(sigma: brightnessSigma) }
        return ColorMatrix.hueSaturation(hueDegrees: hue, saturation: saturation)
            .then(.contrast(contrast, center: Double(contrastCenter)))
            .then(.brightness(offsets))
    }

    /// A training sample: preprocessing plus random spatial and colour augmentation.
    public func augment(_ sample: LabeledImage, random: inout SeededRandom) -> LabeledImage {
        let transform = preprocessing(sourceWidth: sample.image.width, sourceHeight: sample.image.height).then(randomSpatial(&random))
        let color = randomColor(&random)
        let moved = sample.transformed(by: transform, width: outputWidth, height: outputHeight, minimumBox: (minBoxWidth, minBoxHeight))
        return sample.image.colorChannels == 3 ? moved.recolored(color) : moved
    }

    /// A validation sample: preprocessing only.
    public func preprocess(_ sample: LabeledImage) -> LabeledImage {
        sample.transformed(by: preprocessing(sourceWidth: sample.image.width, sourceHeight: sample.image.height),
                           width: outputWidth, height: outputHeight, minimumBox: (minBoxWidth, minBoxHeight))
    }
}
