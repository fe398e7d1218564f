import CJPEG
import CPNG
import Foundation
import ZooCore

/// Real image files for the interop check: synthetic scenes encoded as JPEG and PNG through
/// libjpeg-turbo and libpng, written to disk, then read back and decoded the same way.
enum ImageFiles {
    /// An RGB scene: a smooth background, a few filled shapes and mild noise, all from `seed`.
    static func scene(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let base = (0..<3).map { _ in next() % 200 }
        let shapes = (0..<5).map { _ in
            (cx: next() % width, cy: next() % height, r: 10 + next() % (width / 4), color: (0..<3).map { _ in next() % 256 },
             square: next() % 2 == 0)
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                var rgb = (0..<3).map { c in base[c] + (x * (c + 1) + y * (3 - c)) * 55 / (width + height) }
                for s in shapes {
                    let dx = x - s.cx, dy = y - s.cy
                    let inside = s.square ? max(abs(dx), abs(dy)) < s.r : dx * dx + dy * dy < s.r * s.r
                    if inside { rgb = s.color }
                }
                for c in 0..<3 { pixels[(y * width + x) * 3 + c] = UInt8(clamping: rgb[c] + next() % 9 - 4) }
            }
        }
        return pixels
    }

    /// JPEG bytes (quality 90, 4:2:0) of interleaved RGB pixels.
    static func encodeJPEG(_ rgb: [UInt8], width: Int, height: Int) throws -> Data {
        guard let compressor = tjInitCompress() else { throw ZooError("cannot start libjpeg-turbo") }
        defer { tjDestroy(compressor) }
        var jpeg: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = rgb.withUnsafeBufferPointer {
            tjCompress2(compressor, $0.baseAddress, Int32(width), 0, Int32(height), Int32(TJPF_RGB.rawValue), &jpeg, &size,
                        Int32(TJSAMP_420.rawValue), 90, 0)
        }
        defer { tjFree(jpeg) }
        guard status == 0, let jpeg else { throw ZooError("JPEG encoding failed: \(String(cString: tjGetErrorStr2(compressor)))") }
        return Data(bytes: jpeg, count: Int(size))
    }

    /// PNG bytes of interleaved RGB pixels.
    static func encodePNG(_ rgb: [UInt8], width: Int, height: Int) throws -> Data {
        var sink = zoo_png_sink()
        var error = [CChar](repeating: 0, count: Int(ZOO_PNG_ERROR_SIZE))
        guard zoo_png_encode(rgb, UInt32(width), UInt32(height), 3, 8, 6, &sink, &error) == 0 else {
            throw ZooError("PNG encoding failed: \(message(error))")
        }
        defer { zoo_png_sink_free(&sink) }
        return Data(bytes: sink.data, count: sink.size)
    }

    /// The NUL-terminated text of a C error buffer.
    private static func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Decodes a JPEG or PNG file to interleaved 8-bit RGB.
    static func decodeRGB(_ url: URL) throws -> (pixels: [UInt8], width: Int, height: Int) {
        let data = try Data(contentsOf: url)
        if data.starts(with: [0xFF, 0xD8]) {
            guard let decompressor = tjInitDecompress() else { throw ZooError("cannot start libjpeg-turbo") }
            defer { tjDestroy(decompressor) }
            return try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self).baseAddress
                var w: Int32 = 0, h: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
                guard tjDecompressHeader3(decompressor, bytes, UInt(data.count), &w, &h, &subsampling, &colorspace) == 0 else {
                    throw ZooError("\(url.lastPathComponent): \(String(cString: tjGetErrorStr2(decompressor)))")
                }
                var pixels = [UInt8](repeating: 0, count: Int(w) * Int(h) * 3)
                guard tjDecompress2(decompressor, bytes, UInt(data.count), &pixels, w, 0, h, Int32(TJPF_RGB.rawValue), 0) == 0 else {
                    throw ZooError("\(url.lastPathComponent): \(String(cString: tjGetErrorStr2(decompressor)))")
                }
                return (pixels, Int(w), Int(h))
            }
        }
        var image = zoo_png_image()
        var error = [CChar](repeating: 0, count: Int(ZOO_PNG_ERROR_SIZE))
        let status = data.withUnsafeBytes { zoo_png_decode($0.bindMemory(to: UInt8.self).baseAddress, data.count, &image, &error) }
        guard status == 0 else { throw ZooError("\(url.lastPathComponent): \(message(error))") }
        defer { zoo_png_free(&image) }
        guard image.channels == 3, image.bit_depth == 8 else { throw ZooError("\(url.lastPathComponent): expected 8-bit RGB") }
        return (Array(UnsafeBufferPointer(start: image.pixels, count: image.size)), Int(image.width), Int(image.height))
    }
}
