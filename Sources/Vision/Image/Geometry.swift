import Foundation

/// Where a letterboxed image sits inside its canvas: `canvas = source · scale + offset`.
public struct LetterboxPlacement: Sendable, Equatable {
    public var scale: Float
    public var offsetX: Float
    public var offsetY: Float
    /// Size of the resized image inside the canvas.
    public var contentWidth: Int
    public var contentHeight: Int

    /// The map from source-image coordinates to canvas coordinates.
    public var transform: AffineTransform {
        AffineTransform(a: Double(scale), b: 0, tx: Double(offsetX), c: 0, d: Double(scale), ty: Double(offsetY))
    }
}

extension Image {
    /// The `width × height` region whose top-left pixel is `(x, y)`; parts outside the image are `fill`.
    public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int, fill: [Float] = [0]) -> Image {
        precondition(cropWidth > 0 && cropHeight > 0, "crop to a positive size")
        var out = Image(width: cropWidth, height: cropHeight, channels: channels, fill: fill)
        let x0 = max(x, 0), x1 = min(x + cropWidth, width)
        let y0 = max(y, 0), y1 = min(y + cropHeight, height)
        guard x0 < x1, y0 < y1 else { return out }
        let span = (x1 - x0) * channels
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for row in y0..<y1 {
                    let s = (row * width + x0) * channels
                    let d = ((row - y) * cropWidth + (x0 - x)) * channels
                    dst.baseAddress!.advanced(by: d).update(from: src.baseAddress!.advanced(by: s), count: span)
                }
            }
        }
        return out
    }

    /// The image with `top`, `left`, `bottom`, `right` pixels of `fill` added around it.
    public func padded(top: Int, left: Int, bottom: Int, right: Int, fill: [Float] = [0]) -> Image {
        precondition(top >= 0 && left >= 0 && bottom >= 0 && right >= 0, "padding is never negative")
        return cropped(x: -left, y: -top, width: width + left + right, height: height + top + bottom, fill: fill)
    }

    /// The image scaled to fit inside `width × height` keeping its aspect ratio, centred, with the
    /// rest filled with `fill` (default: the image's mean colour, as YOLOv4's evaluation letterbox).
    public func letterboxed(width canvasWidth: Int, height canvasHeight: Int, method: Interpolation = .bilinear,
                            fill: [Float]? = nil) -> (image: Image, placement: LetterboxPlacement) {
        let ratio = min(Double(canvasHeight) / Double(height), Double(canvasWidth) / Double(width))
        let newWidth = max(1, Int((ratio * Double(width)).rounded())), newHeight = max(1, Int((ratio * Double(height)).rounded()))
        let left = (canvasWidth - newWidth) / 2, top = (canvasHeight - newHeight) / 2
        let content = resized(width: newWidth, height: newHeight, method: method)
        let canvas = content.padded(top: top, left: left, bottom: canvasHeight - newHeight - top,
                                    right: canvasWidth - newWidth - left, fill: fill ?? channelMeans())
        return (canvas, LetterboxPlacement(scale: Float(ratio), offsetX: Float(left), offsetY: Float(top),
                                           contentWidth: newWidth, contentHeight: newHeight))
    }

    /// The image mirrored left-right.
    public func flippedHorizontally() -> Image {
        var out = self
        let channels = self.channels, width = self.width
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let row = y &* width &* channels
                    for x in 0..<width {
                        let s = row &+ x &* channels, d = row &+ (width &- 1 &- x) &* channels
                        for c in 0..<channels { dst[d &+ c] = src[s &+ c] }
                    }
                }
            }
        }
        return out
    }

    /// The image mirrored top-bottom.
    public func flippedVertically() -> Image {
        var out = self
        let rowLength = width * channels
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    dst.baseAddress!.advanced(by: (height - 1 - y) * rowLength)
                        .update(from: src.baseAddress!.advanced(by: y * rowLength), count: rowLength)
                }
            }
        }
        return out
    }

    /// The image moved by `transform` (source → destination coordinates) onto a `width × height`
    /// canvas; destination pixels that come from outside the source are `fill`. Warps sample with
    /// `nearest` or bilinear (`bicubic` and `area` warp bilinearly).
    public func warped(by transform: AffineTransform, width outWidth: Int, height outHeight: Int,
                       method: Interpolation = .bilinear, fill: [Float] = [0]) -> Image {
        guard let inverse = transform.inverted else { return Image(width: outWidth, height: outHeight, channels: channels, fill: fill) }
        var out = Image(width: outWidth, height: outHeight, channels: channels, fill: fill)
        let channels = self.channels, srcWidth = width, srcHeight = height
        let background = fill.count == channels ? fill : [Float](repeating: fill[0], count: channels)
        let nearest = method == .nearest
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<outHeight {
                    // Source position of the destination pixel centre, in index space (centres at integers).
                    let py = Double(y) + 0.5
                    var sx = inverse.a * 0.5 + inverse.b * py + inverse.tx - 0.5
                    var sy = inverse.c * 0.5 + inverse.d * py + inverse.ty - 0.5
                    for x in 0..<outWidth {
                        defer { sx += inverse.a; sy += inverse.c }
                        let d = (y &* outWidth &+ x) &* channels
                        if nearest {
                            let ix = Int((sx + 0.5).rounded(.down)), iy = Int((sy + 0.5).rounded(.down))
                            guard ix >= 0, iy >= 0, ix < srcWidth, iy < srcHeight else { continue }
                            let s = (iy &* srcWidth &+ ix) &* channels
                            for c in 0..<channels { dst[d &+ c] = src[s &+ c] }
                            continue
                        }
                        let fx = sx.rounded(.down), fy = sy.rounded(.down)
                        let x0 = Int(fx), y0 = Int(fy)
                        guard x0 >= -1, y0 >= -1, x0 < srcWidth, y0 < srcHeight else { continue }
                        let wx = Float(sx - fx), wy = Float(sy - fy)
                        let inX0 = x0 >= 0, inX1 = x0 + 1 < srcWidth, inY0 = y0 >= 0, inY1 = y0 + 1 < srcHeight
                        for c in 0..<channels {
                            let bg = background[c]
                            let v00 = inX0 && inY0 ? src[(y0 &* srcWidth &+ x0) &* channels &+ c] : bg
                            let v10 = inX1 && inY0 ? src[(y0 &* srcWidth &+ x0 &+ 1) &* channels &+ c] : bg
                            let v01 = inX0 && inY1 ? src[((y0 &+ 1) &* srcWidth &+ x0) &* channels &+ c] : bg
                            let v11 = inX1 && inY1 ? src[((y0 &+ 1) &* srcWidth &+ x0 &+ 1) &* channels &+ c] : bg
                            let top = v00 + (v10 - v00) * wx, bottom = v01 + (v11 - v01) * wx
                            dst[d &+ c] = top + (bottom - top) * wy
                        }
                    }
                }
            }
        }
        return out
    }
}
