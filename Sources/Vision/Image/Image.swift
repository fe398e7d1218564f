/// A decoded image: `height × width` pixels of `channels` interleaved float samples in [0, 1]
/// (row-major HWC). 8- and 16-bit files both decode into this range, so every operation works the
/// same whatever the source depth. Channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
public struct Image: Sendable, Equatable {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Samples per pixel (1–4).
    public var channels: Int
    /// `height · width · channels` samples, row-major, channels interleaved.
    public var pixels: [Float]

    /// An image with the given samples; `pixels.count` must be `width · height · channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0 && (1...4).contains(channels), "invalid image shape")
        precondition(pixels.count == width * height * channels, "pixel count does not match the shape")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image filled with one colour (`fill` has one value per channel, or one for all).
    public init(width: Int, height: Int, channels: Int, fill: [Float] = [0]) {
        precondition(fill.count == 1 || fill.count == channels, "fill needs 1 or \(channels) values")
        var pixels = [Float](repeating: fill[0], count: width * height * channels)
        if fill.count > 1 {
            pixels.withUnsafeMutableBufferPointer { p in
                var i = 0
                while i < p.count {
                    for c in 0..<channels { p[i &+ c] = fill[c] }
                    i &+= channels
                }
            }
        }
        self.init(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// The sample at column `x`, row `y`, channel `c`.
    @inlinable public subscript(x: Int, y: Int, c: Int) -> Float {
        get { pixels[(y * width + x) * channels + c] }
        set { pixels[(y * width + x) * channels + c] = newValue }
    }

    /// Whether the image has an alpha channel (2 or 4 channels).
    public var hasAlpha: Bool { channels == 2 || channels == 4 }

    /// Number of colour channels, alpha excluded (1 or 3).
    public var colorChannels: Int { channels >= 3 ? 3 : 1 }

    /// Mean of each channel over the whole image.
    public func channelMeans() -> [Float] {
        var sums = [Double](repeating: 0, count: channels)
        pixels.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                for c in 0..<channels { sums[c] += Double(p[i &+ c]) }
                i &+= channels
            }
        }
        let n = Double(max(width * height, 1))
        return sums.map { Float($0 / n) }
    }

    /// This image with 3 RGB channels: gray is replicated, alpha dropped.
    public func rgb() -> Image {
        if channels == 3 { return self }
        var out = [Float](repeating: 0, count: width * height * 3)
        let channels = self.channels
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<(width * height) {
                    let s = i &* channels, d = i &* 3
                    if channels >= 3 {
                        dst[d] = src[s]; dst[d &+ 1] = src[s &+ 1]; dst[d &+ 2] = src[s &+ 2]
                    } else {
                        let v = src[s]
                        dst[d] = v; dst[d &+ 1] = v; dst[d &+ 2] = v
                    }
                }
            }
        }
        return Image(width: width, height: height, channels: 3, pixels: out)
    }

    /// This image as one gray channel (ITU-R BT.601 luma: 0.299 R + 0.587 G + 0.114 B), alpha dropped.
    public func gray() -> Image {
        if channels == 1 { return self }
        var out = [Float](repeating: 0, count: width * height)
        let channels = self.channels
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<(width * height) {
                    let s = i &* channels
                    dst[i] = channels >= 3 ? 0.299 * src[s] + 0.587 * src[s &+ 1] + 0.114 * src[s &+ 2] : src[s]
                }
            }
        }
        return Image(width: width, height: height, channels: 1, pixels: out)
    }

    /// This image with `count` channels (1 gray or 3 RGB), converting as needed.
    public func withColorChannels(_ count: Int) -> Image {
        precondition(count == 1 || count == 3, "colour channels are 1 or 3")
        return count == 1 ? gray() : rgb()
    }

    /// Every sample clamped to [0, 1].
    public func clamped() -> Image {
        var copy = self
        copy.pixels.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = min(max(p[i], 0), 1) }
        }
        return copy
    }
}
