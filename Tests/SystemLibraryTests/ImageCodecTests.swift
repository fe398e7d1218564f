import CJPEG
import CPNG
import Testing

/// A smooth gradient test image, interleaved with `channels` samples per pixel.
private func gradient(width: Int, height: Int, channels: Int) -> [UInt8] {
    var pixels = [UInt8](repeating: 0, count: width * height * channels)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<channels {
                pixels[(y * width + x) * channels + c] = UInt8((x * 255 / max(width - 1, 1) + y * 2 + c * 40) % 256)
            }
        }
    }
    return pixels
}

@Suite struct JPEGTests {
    @Test func encodesAndDecodesRGB() throws {
        let (w, h) = (64, 48)
        let pixels = gradient(width: w, height: h, channels: 3)
        let compressor = tjInitCompress()!
        defer { tjDestroy(compressor) }
        var jpeg: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let status = pixels.withUnsafeBufferPointer {
            tjCompress2(compressor, $0.baseAddress, Int32(w), 0, Int32(h), Int32(TJPF_RGB.rawValue), &jpeg, &size,
                        Int32(TJSAMP_444.rawValue), 95, 0)
        }
        #expect(status == 0)
        defer { tjFree(jpeg) }
        #expect(jpeg![0] == 0xFF && jpeg![1] == 0xD8)  // SOI marker

        let decompressor = tjInitDecompress()!
        defer { tjDestroy(decompressor) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        #expect(tjDecompressHeader3(decompressor, jpeg, size, &width, &height, &subsampling, &colorspace) == 0)
        #expect(width == Int32(w) && height == Int32(h))
        var decoded = [UInt8](repeating: 0, count: w * h * 3)
        #expect(tjDecompress2(decompressor, jpeg, size, &decoded, width, 0, height, Int32(TJPF_RGB.rawValue), 0) == 0)
        let meanError = zip(pixels, decoded).map { abs(Int($0) - Int($1)) }.reduce(0, +) / pixels.count
        #expect(meanError <= 3)
    }

    @Test func corruptDataIsAnErrorNotACrash() {
        let decompressor = tjInitDecompress()!
        defer { tjDestroy(decompressor) }
        var junk: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0x02, 0x03]  // not a JPEG
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        #expect(tjDecompressHeader3(decompressor, &junk, UInt(junk.count), &width, &height, &subsampling, &colorspace) != 0)
        #expect(!String(cString: tjGetErrorStr2(decompressor)).isEmpty)
    }
}

/// The NUL-terminated message in a C buffer.
private func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

@Suite struct PNGTests {
    @Test(arguments: [(1, 8), (3, 8), (4, 8), (1, 16), (3, 16), (2, 8)])
    func roundTripIsLossless(channels: Int, depth: Int) throws {
        let (w, h) = (33, 21)
        var pixels = gradient(width: w, height: h * depth / 8, channels: channels)
        pixels = Array(pixels.prefix(w * h * channels * depth / 8))
        var sink = zoo_png_sink()
        var error = [CChar](repeating: 0, count: Int(ZOO_PNG_ERROR_SIZE))
        #expect(zoo_png_encode(pixels, UInt32(w), UInt32(h), Int32(channels), Int32(depth), 6, &sink, &error) == 0)
        defer { zoo_png_sink_free(&sink) }
        var image = zoo_png_image()
        #expect(zoo_png_decode(sink.data, sink.size, &image, &error) == 0)
        defer { zoo_png_free(&image) }
        #expect(image.width == UInt32(w) && image.height == UInt32(h))
        #expect(image.channels == Int32(channels) && image.bit_depth == Int32(depth))
        #expect(Array(UnsafeBufferPointer(start: image.pixels, count: image.size)) == pixels)
    }

    @Test func truncatedFileReportsAMessage() throws {
        let pixels = gradient(width: 16, height: 16, channels: 3)
        var sink = zoo_png_sink()
        var error = [CChar](repeating: 0, count: Int(ZOO_PNG_ERROR_SIZE))
        #expect(zoo_png_encode(pixels, 16, 16, 3, 8, 6, &sink, &error) == 0)
        defer { zoo_png_sink_free(&sink) }
        var image = zoo_png_image()
        #expect(zoo_png_decode(sink.data, sink.size / 2, &image, &error) == -1)
        #expect(text(error).contains("truncated"))
        #expect(zoo_png_decode([1, 2, 3, 4, 5, 6, 7, 8, 9], 9, &image, &error) == -1)
        #expect(text(error) == "not a PNG file (bad signature)")
    }
}
