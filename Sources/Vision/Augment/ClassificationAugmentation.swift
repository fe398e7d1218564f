import Foundation

/// Classification's training-time augmentation as TAO's `train_config` names it: random or centre
/// crops, horizontal flips (unless `disable_horizontal_flip`), colour augmentation, and mixup.
public struct ClassificationAugmentation: Sendable, Equatable {
    public var outputWidth: Int
    public var outputHeight: Int
    public var interpolation: Interpolation = .bilinear
    public var horizontalFlip = true
    public var randomCrop = false
    public var centerCrop = false
    public var colorAugmentation = false
    /// Mixup's Beta(α, α) parameter; 0 disables mixup.
    public var mixupAlpha: Float = 0
    /// The share of the resized image a crop keeps (Keras' `crop` loader resizes to size / 0.875 first).
    public var cropFraction: Float = 0.875

    public init(outputWidth: Int, outputHeight: Int) {
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
    }

    /// A training image: crop (random or centre) or resize, maybe flipped, maybe recoloured.
    public func augment(_ image: Image, random: inout SeededRandom) -> Image {
        var out: Image
        if randomCrop || centerCrop {
            let w = Int((Float(outputWidth) / cropFraction).rounded()), h = Int((Float(outputHeight) / cropFraction).rounded())
            let big = image.resized(width: w, height: h, method: interpolation)
            let x = randomCrop ? random.int(in: 0...(w - outputWidth)) : (w - outputWidth) / 2
            let y = randomCrop ? random.int(in: 0...(h - outputHeight)) : (h - outputHeight) / 2
            out = big.cropped(x: x, y: y, width: outputWidth, height: outputHeight)
        } else {
            out = image.resized(width: outputWidth, height: outputHeight, method: interpolation)
        }
        if horizontalFlip, random.chance(0.5) { out = out.flippedHorizontally() }
        if colorAugmentation, out.colorChannels == 3 {
            var color = DetectNetAugmentation(outputWidth: outputWidth, outputHeight: outputHeight)
            color.hueRotationMax = 25
            color.saturationShiftMax = 0.2
            color.contrastScaleMax = 0.1
            color.colorShiftStddev = 0.05
            out = out.applying(color.randomColor(&random))
        }
        return out
    }

    /// An evaluation image: centre crop when enabled, otherwise a plain resize.
    public func evaluate(_ image: Image) -> Image {
        guard centerCrop else { return image.resized(width: outputWidth, height: outputHeight, method: interpolation) }
        let w = Int((Float(outputWidth) / cropFraction).rounded()), h = Int((Float(outputHeight) / cropFraction).rounded())
        return image.resized(width: w, height: h, method: interpolation)
            .cropped(x: (w - outputWidth) / 2, y: (h - outputHeight) / 2, width: outputWidth, height: outputHeight)
    }

    /// Mixup of two equally sized images and their label vectors with λ ~ Beta(α, α):
    /// `λ·a + (1 − λ)·b` for both. Returns the first unchanged when α is 0.
    public func mixup(_ a: (image: Image, label: [Float]), _ b: (image: Image, label: [Float]),
                      random: inout SeededRandom) -> (image: Image, label: [Float]) {
        guard mixupAlpha > 0 else { return a }
        let lambda = Float(random.beta(Double(mixupAlpha), Double(mixupAlpha)))
        return Self.blend(a, b, lambda: lambda)
    }

    /// `λ·a + (1 − λ)·b` of two equally sized images and their label vectors.
    public static func blend(_ a: (image: Image, label: [Float]), _ b: (image: Image, label: [Float]), lambda: Float) -> (image: Image, label: [Float]) {
        precondition(a.image.width == b.image.width && a.image.height == b.image.height && a.image.channels == b.image.channels,
                     "mixup needs images of the same shape")
        precondition(a.label.count == b.label.count, "mixup needs labels of the same length")
        var image = a.image
        image.pixels.withUnsafeMutableBufferPointer { p in
            b.image.pixels.withUnsafeBufferPointer { q in
                for i in 0..<p.count { p[i] = lambda * p[i] + (1 - lambda) * q[i] }
            }
        }
        return (image, zip(a.label, b.label).map { lambda * $0 + (1 - lambda) * $1 })
    }
}
