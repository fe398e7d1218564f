import Foundation

/// COCO's run-length mask encoding: alternating runs of 0s and 1s (starting with 0s) over the
/// pixels in column-major order, with `size = [height, width]`. In JSON `counts` is either the run
/// list or pycocotools' compressed string (6-bit characters, 5 data bits each, runs after the
/// second stored as differences from the run two before).
public struct COCORLE: Codable, Sendable, Equatable {
    /// `[height, width]`.
    public var size: [Int]
    /// Run lengths, first run of zeros.
    public var counts: [Int]
    /// Whether JSON output uses the compressed string form.
    public var compressed: Bool

    public init(size: [Int], counts: [Int], compressed: Bool = true) {
        self.size = size; self.counts = counts; self.compressed = compressed
    }

    /// The encoding of a row-major binary mask.
    public init(mask: [UInt8], width: Int, height: Int, compressed: Bool = true) {
        precondition(mask.count == width * height, "mask size does not match")
        var counts: [Int] = []
        var current: UInt8 = 0, run = 0
        for x in 0..<width {
            for y in 0..<height {
                let v: UInt8 = mask[y * width + x] != 0 ? 1 : 0
                if v != current { counts.append(run); run = 0; current = v }
                run += 1
            }
        }
        counts.append(run)
        self.init(size: [height, width], counts: counts, compressed: compressed)
    }

    /// The row-major binary mask.
    public func mask() -> [UInt8] {
        let height = size[0], width = size[1]
        var mask = [UInt8](repeating: 0, count: width * height)
        var position = 0, value: UInt8 = 0
        for run in counts {
            if value == 1 {
                for p in position..<min(position + run, width * height) { mask[(p % height) * width + p / height] = 1 }
            }
            position += run
            value ^= 1
        }
        return mask
    }

    /// Pixels inside the mask.
    public var area: Int { stride(from: 1, to: counts.count, by: 2).reduce(0) { $0 + counts[$1] } }

    /// pycocotools' compressed string for `counts`.
    public static func compress(_ counts: [Int]) -> String {
        var bytes: [UInt8] = []
        for (i, count) in counts.enumerated() {
            var x = count - (i > 2 ? counts[i - 2] : 0)
            var more = true
            while more {
                var c = x & 0x1F
                x >>= 5  // arithmetic shift, as the C code on a signed long
                more = (c & 0x10) != 0 ? x != -1 : x != 0
                if more { c |= 0x20 }
                bytes.append(UInt8(c + 48))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The run list of a compressed string (nil when it is malformed).
    public static func decompress(_ text: String) -> [Int]? {
        var counts: [Int] = []
        var bytes = text.utf8.makeIterator()
        var pending = bytes.next()
        while let first = pending {
            var x = 0, k = 0, more = true, byte: UInt8? = first
            while more {
                guard let b = byte, b >= 48 else { return nil }
                let c = Int(b) - 48
                x |= (c & 0x1F) << (5 * k)
                more = (c & 0x20) != 0
                k += 1
                if !more, (c & 0x10) != 0 { x |= -1 << (5 * k) }
                byte = more ? bytes.next() : nil
                if more, byte == nil { return nil }
            }
            if counts.count > 2 { x += counts[counts.count - 2] }
            counts.append(x)
            pending = bytes.next()
        }
        return counts
    }

    enum CodingKeys: String, CodingKey { case size, counts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decode([Int].self, forKey: .size)
        guard size.count == 2, size[0] >= 0, size[1] >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .size, in: c, debugDescription: "RLE size is [height, width]")
        }
        if let list = try? c.decode([Int].self, forKey: .counts) {
            counts = list
            compressed = false
        } else {
            let text = try c.decode(String.self, forKey: .counts)
            guard let list = COCORLE.decompress(text) else {
                throw DecodingError.dataCorruptedError(forKey: .counts, in: c, debugDescription: "malformed compressed RLE counts")
            }
            counts = list
            compressed = true
        }
        guard counts.allSatisfy({ $0 >= 0 }), counts.reduce(0, +) <= size[0] * size[1] else {
            throw DecodingError.dataCorruptedError(forKey: .counts, in: c, debugDescription: "RLE runs do not fit the mask size")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(size, forKey: .size)
        if compressed { try c.encode(COCORLE.compress(counts), forKey: .counts) } else { try c.encode(counts, forKey: .counts) }
    }
}
