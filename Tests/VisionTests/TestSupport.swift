import Foundation
@testable import Vision

/// A fresh temporary folder, removed by the caller with `cleanUp`.
func temporaryDirectory(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("zoo-vision-tests-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func cleanUp(_ url: URL) { try? FileManager.default.removeItem(at: url) }

/// A smooth RGB test image whose samples are multiples of 1/255 (exact in 8 bits).
func gradientImage(width: Int, height: Int, channels: Int = 3) -> Image {
    var image = Image(width: width, height: height, channels: channels)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<channels {
                image[x, y, c] = Float((x * 255 / max(width - 1, 1) + y * 3 + c * 40) % 256) / 255
            }
        }
    }
    return image
}

/// A black image with a white rectangle (pixel edges), for checking that labels follow pixels.
func squareImage(width: Int, height: Int, square: BoundingBox) -> Image {
    var image = Image(width: width, height: height, channels: 3)
    for y in Int(square.y1)..<Int(square.y2) {
        for x in Int(square.x1)..<Int(square.x2) {
            for c in 0..<3 { image[x, y, c] = 1 }
        }
    }
    return image
}

/// The box around pixels brighter than `threshold` in channel 0, or nil.
func brightBox(_ image: Image, threshold: Float = 0.5) -> BoundingBox? {
    var box: BoundingBox?
    for y in 0..<image.height {
        for x in 0..<image.width where image[x, y, 0] > threshold {
            let pixel = BoundingBox(x1: Float(x), y1: Float(y), x2: Float(x + 1), y2: Float(y + 1))
            box = box.map { $0.union(pixel) } ?? pixel
        }
    }
    return box
}

func close(_ a: Float, _ b: Float, _ tolerance: Float = 1e-4) -> Bool { abs(a - b) <= tolerance }

func close(_ a: BoundingBox, _ b: BoundingBox, _ tolerance: Float = 1e-3) -> Bool {
    close(a.x1, b.x1, tolerance) && close(a.y1, b.y1, tolerance) && close(a.x2, b.x2, tolerance) && close(a.y2, b.y2, tolerance)
}
