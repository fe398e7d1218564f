import Engine
import Foundation
import ZooCore

/// The network input shape of a classifier: `channels × height × width` (channels 1 or 3).
public struct InputShape: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// 1 (gray) or 3 (colour).
    public var channels: Int

    public init(width: Int, height: Int, channels: Int) {
        self.width = width
        self.height = height
        self.channels = channels
    }

    /// Floats per image in CHW layout.
    public var count: Int { channels * height * width }

    /// Throws a usage error unless the shape and `normalization` fit together.
    func validate(_ normalization: PixelNormalization) throws {
        guard width > 0, height > 0 else {
            throw ZooError.usage("The input size \(width)×\(height) is not positive.", hint: "set input_image_size, e.g. 3,224,224")
        }
        guard channels == 1 || channels == 3 else {
            throw ZooError.usage("Images have 1 or 3 channels, not \(channels).", hint: "use 3 for colour or 1 for gray input")
        }
        for (name, values) in [("mean", normalization.mean), ("std", normalization.std)] where values.count != 1 && values.count != channels {
            throw ZooError.usage("The preprocessing \(name) has \(values.count) values for \(channels)-channel input.",
                                 hint: "give one value, or one per channel")
        }
    }
}

/// Decodes the image at `url` as `channels` colour channels (gray replicated or RGB reduced to
/// luma, alpha dropped). A corrupt file is a `ZooError` naming it, with a hint to remove it.
func decodeClassificationImage(_ url: URL, channels: Int) throws -> Image {
    let image: Image
    do {
        image = try Image(contentsOf: url)
    } catch var error as ZooError where error.exitCode == ZooError.Code.integrity {
        error.hint = "remove or replace \(url.lastPathComponent) (for a synthetic set, re-run `zoo dataset synth`)"
        throw error
    }
    return image.withColorChannels(channels)
}

/// One image file as classifier input for inference: decoded, converted to `shape.channels`,
/// resized to `shape.width × shape.height` with `interpolation`, normalized, as a `[1, C, H, W]`
/// tensor — the same preprocessing `ClassificationBatchLoader` gives evaluation batches.
public func loadClassificationInput(_ url: URL, width: Int, height: Int, channels: Int,
                                    normalization: PixelNormalization, interpolation: Interpolation = .bilinear) throws -> Tensor {
    let shape = InputShape(width: width, height: height, channels: channels)
    try shape.validate(normalization)
    let image = try decodeClassificationImage(url, channels: channels)
        .resized(width: width, height: height, method: interpolation)
    return Tensor(shape: [1, channels, height, width]) { buffer in
        image.writeCHW(normalization, into: buffer.baseAddress!)
    }
}
