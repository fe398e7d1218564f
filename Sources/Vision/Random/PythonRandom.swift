/// Python's `random` module generator (MT19937 seeded as `random.seed(n)` with an integer) and its
/// `shuffle`, reproduced bit for bit: TAO's converters call `random.seed(42)` and shuffle every
/// partition, so zoo writes the same frames into the same shards in the same order as TAO does.
public struct PythonRandom: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624

    /// The generator after Python's `random.seed(seed)` for a non-negative integer seed.
    public init(seed: UInt64) {
        var key: [UInt32] = []
        var rest = seed
        repeat { key.append(UInt32(truncatingIfNeeded: rest)); rest >>= 32 } while rest > 0
        seedGenerator(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            let previous = state[i - 1] ^ (state[i - 1] >> 30)
            state[i] = (state[i] ^ (previous &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
        position = 624
    }

    private mutating func seedGenerator(_ seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    /// The next 32 random bits (MT19937's `genrand_uint32`).
    public mutating func nextUInt32() -> UInt32 {
        if position >= 624 { twist() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
        }
        position = 0
    }

    /// Python's `getrandbits(k)` for 1 ≤ k ≤ 64.
    public mutating func randomBits(_ k: Int) -> UInt64 {
        precondition((1...64).contains(k), "1 to 64 bits")
        if k <= 32 { return UInt64(nextUInt32() >> (32 - k)) }
        let low = UInt64(nextUInt32())
        let high = UInt64(nextUInt32() >> (64 - k))
        return high << 32 | low
    }

    /// Python's `_randbelow(n)`: a uniform integer in `0..<n` by rejection on `n.bit_length()` bits.
    public mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below needs a positive bound")
        let bits = Int.bitWidth - n.leadingZeroBitCount
        var r = randomBits(bits)
        while r >= UInt64(n) { r = randomBits(bits) }
        return Int(r)
    }

    /// Python's `random.shuffle(items)`.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }
}
