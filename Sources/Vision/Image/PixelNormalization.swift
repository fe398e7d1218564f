/// Channel order of a network input.
public enum ChannelOrder: String, Sendable {
    case rgb, bgr
}

/// How an image becomes network input: channels reordered, then each sample
/// `(value · scale − mean[c]) / std[c]`, where `value` is the image's [0, 1] sample. The presets are
/// the preprocessing modes TAO's tasks use.
public struct PixelNormalization: Sendable, Equatable {
    public var order: ChannelOrder
    public var scale: Float
    /// Per output channel (after reordering), or one value for all.
    public var mean: [Float]
    /// Per output channel, or one value for all.
    public var std: [Float]

    public init(order: ChannelOrder = .rgb, scale: Float = 1, mean: [Float] = [0], std: [Float] = [1]) {
        self.order = order; self.scale = scale; self.mean = mean; self.std = std
    }

    /// Samples in [0, 1], RGB (DetectNet_v2's input: pixel / 255).
    public static let unit = PixelNormalization()

    /// Caffe mode (classification's default, YOLOv4): BGR, 0–255, minus the per-channel mean.
    /// `mean` is in BGR order (default ImageNet's 103.939, 116.779, 123.68; gray 117.3786).
    public static func caffe(mean: [Float]? = nil, gray: Bool = false) -> PixelNormalization {
        PixelNormalization(order: gray ? .rgb : .bgr, scale: 255,
                           mean: mean ?? (gray ? [117.3786] : [103.939, 116.779, 123.68]))
    }

    /// TF mode: RGB scaled to [−1, 1] (`x / 127.5 − 1`).
    public static let tf = PixelNormalization(scale: 2, mean: [1])

    /// Torch mode as TAO's classification data loader applies it: RGB in [0, 1] minus ImageNet's
    /// mean (0.485, 0.456, 0.406; gray 0.449), divided by 0.224.
    public static func torch(gray: Bool = false) -> PixelNormalization {
        PixelNormalization(scale: 1, mean: gray ? [0.449] : [0.485, 0.456, 0.406], std: [0.224])
    }

    /// BPNet: `x / 256 − 0.5` on 0–255 samples.
    public static let bpnet = PixelNormalization(scale: 255.0 / 256.0, mean: [0.5])

    /// The preset TAO names `mode` (`caffe`, `tf`, `torch`), or nil.
    public static func named(_ mode: String, gray: Bool = false, mean: [Float]? = nil) -> PixelNormalization? {
        switch mode.lowercased() {
        case "caffe": return caffe(mean: mean, gray: gray)
        case "tf": return tf
        case "torch": return torch(gray: gray)
        default: return nil
        }
    }

    func value(_ list: [Float], _ c: Int) -> Float { list.count == 1 ? list[0] : list[c] }
}

extension Image {
    /// The colour channels as a planar CHW float buffer (`colorChannels × height × width`),
    /// normalized; alpha is dropped.
    public func chw(_ normalization: PixelNormalization = .unit) -> [Float] {
        var out = [Float](repeating: 0, count: colorChannels * height * width)
        out.withUnsafeMutableBufferPointer { writeCHW(normalization, into: $0.baseAddress!) }
        return out
    }

    /// Writes the CHW planes into `destination` (which has room for `colorChannels · height · width` floats).
    public func writeCHW(_ normalization: PixelNormalization, into destination: UnsafeMutablePointer<Float>) {
        let planes = colorChannels, plane = width * height, channels = self.channels
        precondition(normalization.mean.count == 1 || normalization.mean.count == planes, "one mean per channel")
        precondition(normalization.std.count == 1 || normalization.std.count == planes, "one std per channel")
        pixels.withUnsafeBufferPointer { src in
            for p in 0..<planes {
                let sourceChannel = normalization.order == .bgr && planes == 3 ? 2 - p : p
                let scale = normalization.scale / normalization.value(normalization.std, p)
                let offset = normalization.value(normalization.mean, p) / normalization.value(normalization.std, p)
                let dst = destination + p * plane
                for i in 0..<plane { dst[i] = src[i &* channels &+ sourceChannel] * scale - offset }
            }
        }
    }

    /// An image from a planar CHW buffer produced with `normalization` (the inverse of `chw`);
    /// samples are clamped to [0, 1].
    public init(chw values: [Float], channels: Int, height: Int, width: Int, normalization: PixelNormalization = .unit) {
        precondition(channels == 1 || channels == 3, "CHW images have 1 or 3 channels")
        precondition(values.count == channels * height * width, "value count does not match the shape")
        var pixels = [Float](repeating: 0, count: values.count)
        let plane = width * height
        for p in 0..<channels {
            let targetChannel = normalization.order == .bgr && channels == 3 ? 2 - p : p
            let std = normalization.value(normalization.std, p), mean = normalization.value(normalization.mean, p)
            for i in 0..<plane {
                pixels[i * channels + targetChannel] = min(max((values[p * plane + i] * std + mean) / normalization.scale, 0), 1)
            }
        }
        self.init(width: width, height: height, channels: channels, pixels: pixels)
    }
}

/// Batches of images as one NCHW float buffer, the layout of the engine's tensors.
public enum ImageBatch {
    /// The images (all the same size and colour channels) as `values` with `shape` `[N, C, H, W]`.
    public static func nchw(_ images: [Image], _ normalization: PixelNormalization = .unit) -> (values: [Float], shape: [Int]) {
        guard let first = images.first else { return ([], [0, 0, 0, 0]) }
        let c = first.colorChannels, h = first.height, w = first.width
        precondition(images.allSatisfy { $0.colorChannels == c && $0.height == h && $0.width == w },
                     "every image in a batch has the same shape")
        var values = [Float](repeating: 0, count: images.count * c * h * w)
        values.withUnsafeMutableBufferPointer { buffer in
            for (n, image) in images.enumerated() {
                image.writeCHW(normalization, into: buffer.baseAddress! + n * c * h * w)
            }
        }
        return (values, [images.count, c, h, w])
    }

    /// The images of an NCHW buffer with `shape` `[N, C, H, W]` made with `normalization`.
    public static func images(nchw values: [Float], shape: [Int], _ normalization: PixelNormalization = .unit) -> [Image] {
        precondition(shape.count == 4 && values.count == shape.reduce(1, *), "shape is [N, C, H, W] and matches the values")
        let per = shape[1] * shape[2] * shape[3]
        return (0..<shape[0]).map { n in
            Image(chw: Array(values[(n * per)..<((n + 1) * per)]), channels: shape[1], height: shape[2], width: shape[3],
                  normalization: normalization)
        }
    }
}
