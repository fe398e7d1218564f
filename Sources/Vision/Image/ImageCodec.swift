import CJPEG
import CPNG
import Foundation
import ZooCore

/// The image file formats zoo reads and writes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png

    /// The format a file name's extension names (`.jpg`, `.jpeg`, `.png`, any case), or nil.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) {
        case "jpg", "jpeg": self = .jpeg
        case "png": self = .png
        default: return nil
        }
    }

    /// The format the first bytes of `data` announce, or nil.
    public init?(sniffing data: Data) {
        if data.count >= 3, data[data.startIndex] == 0xFF, data[data.startIndex + 1] == 0xD8, data[data.startIndex + 2] == 0xFF {
            self = .jpeg
        } else if data.count >= 8, data.prefix(8).elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else {
            return nil
        }
    }

    /// The usual file extension, with its dot.
    public var fileExtension: String { self == .jpeg ? ".jpg" : ".png" }
}

/// Size and layout of an image file, read from its header without decoding the pixels.
public struct ImageInfo: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Samples per pixel as decoded (1–4).
    public var channels: Int
    /// Bits per sample in the file (8 or 16).
    public var bitDepth: Int
    public var format: ImageFormat

    /// Reads the header of the image file at `url`.
    public static func read(_ url: URL) throws -> ImageInfo {
        try ImageCodec.info(ImageCodec.readFile(url), source: url.path)
    }
}

/// JPEG (libjpeg-turbo) and PNG (libpng) decoding and encoding. Every failure is a `ZooError`
/// naming the source, never a crash.
public enum ImageCodec {
    /// Decodes a JPEG or PNG held in memory; `source` names it in errors.
    public static func decode(_ data: Data, source: String) throws -> Image {
        switch ImageFormat(sniffing: data) {
        case .jpeg: return try decodeJPEG(data, source: source)
        case .png: return try decodePNG(data, source: source)
        case nil: throw corrupt(source, "not a JPEG or PNG file")
        }
    }

    /// Encodes `image` as JPEG (`quality` 1–100, 4:4:4; alpha dropped) or PNG (`bitDepth` 8 or 16,
    /// zlib `compression` 0–9: lower is faster, higher smaller).
    public static func encode(_ image: Image, as format: ImageFormat, quality: Int = 95, bitDepth: Int = 8,
                              compression: Int = 6) throws -> Data {
        guard image.width > 0, image.height > 0 else { throw ZooError("Cannot encode an empty image.") }
        switch format {
        case .jpeg: return try encodeJPEG(image, quality: quality)
        case .png: return try encodePNG(image, bitDepth: bitDepth, compression: min(max(compression, 0), 9))
        }
    }

    /// The header fields of a JPEG or PNG held in memory.
    public static func info(_ data: Data, source: String) throws -> ImageInfo {
        switch ImageFormat(sniffing: data) {
        case .jpeg:
            guard let handle = tjInitDecompress() else { throw ZooError("libjpeg-turbo could not start.") }
            defer { tjDestroy(handle) }
            var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
            let status = data.withUnsafeBytes { raw in
                tjDecompressHeader3(handle, raw.bindMemory(to: UInt8.self).baseAddress, UInt(raw.count),
                                    &width, &height, &subsampling, &colorspace)
            }
            guard status == 0 else { throw corrupt(source, String(cString: tjGetErrorStr2(handle))) }
            return ImageInfo(width: Int(width), height: Int(height), channels: colorspace == Int32(TJCS_GRAY.rawValue) ? 1 : 3,
                             bitDepth: 8, format: .jpeg)
        case .png:
            // IHDR is always the first chunk: width and height (big-endian) at bytes 16–23, then depth and colour type.
            guard data.count >= 26 else { throw corrupt(source, "truncated PNG header") }
            let b = [UInt8](data.prefix(26))
            guard b[12...15].elementsEqual(Array("IHDR".utf8)) else { throw corrupt(source, "PNG without an IHDR header") }
            let width = Int(b[16]) << 24 | Int(b[17]) << 16 | Int(b[18]) << 8 | Int(b[19])
            let height = Int(b[20]) << 24 | Int(b[21]) << 16 | Int(b[22]) << 8 | Int(b[23])
            let channels: Int
            switch b[25] {
            case 0: channels = 1
            case 4: channels = 2
            case 6: channels = 4
            default: channels = 3  // RGB, or a palette expanded to RGB
            }
            return ImageInfo(width: width, height: height, channels: channels, bitDepth: b[24] == 16 ? 16 : 8, format: .png)
        case nil:
            throw corrupt(source, "not a JPEG or PNG file")
        }
    }

    /// The bytes of a file, with a clear error when it cannot be read.
    public static func readFile(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) {
                throw ZooError.notFound("Image \(url.path) does not exist.", hint: "check the image folder and extension in the spec")
            }
            throw ZooError("Cannot read image \(url.path): \(error.localizedDescription).", hint: "check the file's permissions")
        }
    }

    static func corrupt(_ source: String, _ reason: String) -> ZooError {
        ZooError("Cannot decode image \(source): \(reason).",
                 hint: "the file is truncated or not a valid JPEG/PNG; re-export or remove it", exitCode: ZooError.Code.integrity)
    }

    // MARK: JPEG

    private static func decodeJPEG(_ data: Data, source: String) throws -> Image {
        guard let handle = tjInitDecompress() else { throw ZooError("libjpeg-turbo could not start.") }
        defer { tjDestroy(handle) }
        return try data.withUnsafeBytes { raw -> Image in
            let bytes = raw.bindMemory(to: UInt8.self).baseAddress
            var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
            guard tjDecompressHeader3(handle, bytes, UInt(raw.count), &width, &height, &subsampling, &colorspace) == 0 else {
                throw corrupt(source, String(cString: tjGetErrorStr2(handle)))
            }
            let channels = colorspace == Int32(TJCS_GRAY.rawValue) ? 1 : 3
            let format = channels == 1 ? TJPF_GRAY : TJPF_RGB
            var samples = [UInt8](repeating: 0, count: Int(width) * Int(height) * channels)
            // Warnings (a truncated stream decodes as grey) count as failures: a half image must not train silently.
            let status = tjDecompress2(handle, bytes, UInt(raw.count), &samples, width, 0, height, Int32(format.rawValue), 0)
            guard status == 0 else { throw corrupt(source, String(cString: tjGetErrorStr2(handle))) }
            return Image(width: Int(width), height: Int(height), channels: channels, pixels: unitSamples(samples))
        }
    }

    private static func encodeJPEG(_ image: Image, quality: Int) throws -> Data {
        let color = image.colorChannels == 3 ? image.rgb() : image.gray()
        let samples = byteSamples(color.pixels)
        guard let handle = tjInitCompress() else { throw ZooError("libjpeg-turbo could not start.") }
        defer { tjDestroy(handle) }
        var jpeg: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        let gray = color.channels == 1
        let status = samples.withUnsafeBufferPointer {
            tjCompress2(handle, $0.baseAddress, Int32(color.width), 0, Int32(color.height),
                        Int32((gray ? TJPF_GRAY : TJPF_RGB).rawValue), &jpeg, &size,
                        Int32((gray ? TJSAMP_GRAY : TJSAMP_444).rawValue), Int32(min(max(quality, 1), 100)), 0)
        }
        defer { tjFree(jpeg) }
        guard status == 0, let jpeg else { throw ZooError("JPEG encoding failed: \(String(cString: tjGetErrorStr2(handle))).") }
        return Data(bytes: jpeg, count: Int(size))
    }

    // MARK: PNG

    private static func decodePNG(_ data: Data, source: String) throws -> Image {
        var decoded = zoo_png_image()
        var message = [CChar](repeating: 0, count: Int(ZOO_PNG_ERROR_SIZE))
        let status = data.withUnsafeBytes { raw in
            zoo_png_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &decoded, &message)
        }
        guard status == 0 else {
            throw corrupt(source, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { zoo_png_free(&decoded) }
        let count = Int(decoded.width) * Int(decoded.height) * Int(decoded.channels)
        var pixels = [Float](repeating: 0, count: count)
        if decoded.bit_depth == 16 {
            decoded.pixels.withMemoryRebound(to: UInt16.self, capacity: count) { src in
                pixels.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<count { dst[i] = Float(src[i]) * (1 / 65535) }
                }
            }
        } else {
            pixels = unitSamples(UnsafeBufferPointer(start: decoded.pixels, count: count))
        }
        return Image(width: Int(decoded.width), height: Int(decoded.height), channels: Int(decoded.channels), pixels: pixels)
    }

    private static func encodePNG(_ image: Image, bitDepth: Int, compression: Int) throws -> Data {
        guard bitDepth == 8 || bitDepth == 16 else { throw ZooError.usage("PNG bit depth must be 8 or 16, not \(bitDepth).") }
        var sink = zoo_png_sink()
        var message = [CChar](repeating: 0, count: Int(ZOO_PNG_ERROR_SIZE))
        let status: Int32
        if bitDepth == 16 {
            var samples = [UInt16](repeating: 0, count: image.pixels.count)
            image.pixels.withUnsafeBufferPointer { src in
                samples.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<src.count { dst[i] = UInt16(min(max(src[i], 0), 1) * 65535 + 0.5) }
                }
            }
            status = samples.withUnsafeBytes { raw in
                zoo_png_encode(raw.bindMemory(to: UInt8.self).baseAddress, UInt32(image.width), UInt32(image.height),
                               Int32(image.channels), 16, Int32(compression), &sink, &message)
            }
        } else {
            let samples = byteSamples(image.pixels)
            status = zoo_png_encode(samples, UInt32(image.width), UInt32(image.height), Int32(image.channels), 8, Int32(compression), &sink, &message)
        }
        defer { zoo_png_sink_free(&sink) }
        guard status == 0, let bytes = sink.data else {
            throw ZooError("PNG encoding failed: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)).")
        }
        return Data(bytes: bytes, count: sink.size)
    }

    // MARK: Sample conversion

    private static let unitTable: [Float] = (0..<256).map { Float($0) / 255 }

    /// 8-bit samples as floats in [0, 1].
    static func unitSamples<C: Collection>(_ bytes: C) -> [Float] where C.Element == UInt8 {
        var out = [Float](repeating: 0, count: bytes.count)
        unitTable.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { dst in
                var i = 0
                for b in bytes { dst[i] = table[Int(b)]; i &+= 1 }
            }
        }
        return out
    }

    /// Floats in [0, 1] (clamped) as rounded 8-bit samples.
    static func byteSamples(_ values: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count { dst[i] = UInt8(min(max(src[i], 0), 1) * 255 + 0.5) }
            }
        }
        return out
    }
}

extension Image {
    /// Decodes the JPEG or PNG file at `url`.
    public init(contentsOf url: URL) throws {
        self = try ImageCodec.decode(ImageCodec.readFile(url), source: url.path)
    }

    /// The encoded bytes in `format`.
    public func encoded(as format: ImageFormat, quality: Int = 95, bitDepth: Int = 8, compression: Int = 6) throws -> Data {
        try ImageCodec.encode(self, as: format, quality: quality, bitDepth: bitDepth, compression: compression)
    }

    /// Writes the image to `url` atomically, in the format its extension names.
    public func write(to url: URL, quality: Int = 95, bitDepth: Int = 8) throws {
        guard let format = ImageFormat(pathExtension: url.pathExtension) else {
            throw ZooError.usage("Cannot tell the image format of \(url.lastPathComponent).", hint: "use a .jpg, .jpeg or .png file name")
        }
        try AtomicFile.write(encoded(as: format, quality: quality, bitDepth: bitDepth), to: url)
    }
}
