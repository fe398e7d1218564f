import Foundation
import Testing
import ZooCore
@testable import Vision

@Suite struct ImageCodecTests {
    @Test(arguments: [1, 2, 3, 4])
    func pngRoundTripIsExactIn8Bits(channels: Int) throws {
        let image = gradientImage(width: 37, height: 23, channels: channels)
        let data = try image.encoded(as: .png)
        #expect(ImageFormat(sniffing: data) == .png)
        let decoded = try ImageCodec.decode(data, source: "memory")
        #expect(decoded == image)
    }

    @Test func pngRoundTripKeeps16BitPrecision() throws {
        var image = Image(width: 5, height: 3, channels: 1)
        for i in image.pixels.indices { image.pixels[i] = Float(i * 4097 % 65536) / 65535 }
        let decoded = try ImageCodec.decode(image.encoded(as: .png, bitDepth: 16), source: "memory")
        #expect(try ImageInfo.read(writeTemporary(image.encoded(as: .png, bitDepth: 16), "png")).bitDepth == 16)
        for (a, b) in zip(decoded.pixels, image.pixels) { #expect(abs(a - b) < 1e-6) }
        #expect(decoded.pixels[7] != Float(Int(image.pixels[7] * 255)) / 255)  // finer than 8 bits
    }

    @Test func jpegRoundTripIsClose() throws {
        for channels in [1, 3] {
            let image = gradientImage(width: 64, height: 48, channels: channels)
            let decoded = try ImageCodec.decode(image.encoded(as: .jpeg, quality: 95), source: "memory")
            #expect(decoded.channels == channels && decoded.width == 64 && decoded.height == 48)
            let error = zip(decoded.pixels, image.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(image.pixels.count)
            #expect(error < 3.0 / 255)
        }
    }

    @Test func headerInfoWithoutDecoding() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        let png = directory.appendingPathComponent("a.png"), jpg = directory.appendingPathComponent("b.jpg")
        try gradientImage(width: 31, height: 17, channels: 4).write(to: png)
        try gradientImage(width: 40, height: 24, channels: 1).write(to: jpg)
        #expect(try ImageInfo.read(png) == ImageInfo(width: 31, height: 17, channels: 4, bitDepth: 8, format: .png))
        #expect(try ImageInfo.read(jpg) == ImageInfo(width: 40, height: 24, channels: 1, bitDepth: 8, format: .jpeg))
        #expect(try Image(contentsOf: png) == gradientImage(width: 31, height: 17, channels: 4))
    }

    @Test func truncatedPNGIsAnErrorNamingTheFile() throws {
        let data = try gradientImage(width: 32, height: 32).encoded(as: .png)
        let url = try writeTemporary(data.prefix(data.count / 2), "png")
        defer { cleanUp(url.deletingLastPathComponent()) }
        let error = try #require(throws: ZooError.self) { try Image(contentsOf: url) }
        #expect(error.message.contains(url.path))
        #expect(error.message.contains("truncated"))
        #expect(error.exitCode == ZooError.Code.integrity)
    }

    @Test func truncatedJPEGIsAnErrorNamingTheFile() throws {
        let data = try gradientImage(width: 64, height: 64).encoded(as: .jpeg)
        let url = try writeTemporary(data.prefix(data.count * 2 / 3), "jpg")
        defer { cleanUp(url.deletingLastPathComponent()) }
        let error = try #require(throws: ZooError.self) { try Image(contentsOf: url) }
        #expect(error.message.contains(url.path))
    }

    @Test func corruptAndMissingFilesAreErrors() throws {
        let url = try writeTemporary(Data("not an image at all".utf8), "png")
        defer { cleanUp(url.deletingLastPathComponent()) }
        let corrupt = try #require(throws: ZooError.self) { try Image(contentsOf: url) }
        #expect(corrupt.message.contains("not a JPEG or PNG"))
        let missing = try #require(throws: ZooError.self) { try Image(contentsOf: url.appendingPathExtension("gone")) }
        #expect(missing.exitCode == ZooError.Code.notFound)
        #expect(throws: ZooError.self) { try ImageInfo.read(url) }
    }

    @Test func writeNeedsAKnownExtension() throws {
        let directory = try temporaryDirectory()
        defer { cleanUp(directory) }
        #expect(throws: ZooError.self) { try gradientImage(width: 4, height: 4).write(to: directory.appendingPathComponent("x.bmp")) }
    }

    private func writeTemporary(_ data: Data, _ ext: String) throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent("image.\(ext)")
        try data.write(to: url)
        return url
    }
}
