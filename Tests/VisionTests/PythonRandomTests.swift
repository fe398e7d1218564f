import Testing
@testable import Vision

@Suite struct PythonRandomTests {
    // Golden values printed by CPython: random.seed(42); random.getrandbits(32) ×3 / random.shuffle(...).
    @Test func matchesCPythonSeed42() {
        var random = PythonRandom(seed: 42)
        #expect([random.nextUInt32(), random.nextUInt32(), random.nextUInt32()] == [2_746_317_213, 478_163_327, 107_420_369])
    }

    @Test func shuffleMatchesCPython() {
        var random = PythonRandom(seed: 42)
        var items = Array(0..<10)
        random.shuffle(&items)
        #expect(items == [7, 3, 2, 8, 5, 6, 9, 4, 0, 1])
    }

    @Test func consecutiveShufflesMatchCPython() {
        var random = PythonRandom(seed: 42)
        var first = Array(0..<100), second = Array(0..<7)
        random.shuffle(&first)
        random.shuffle(&second)
        #expect(Array(first.prefix(10)) == [42, 41, 91, 9, 65, 50, 1, 70, 15, 78])
        #expect(second == [0, 3, 5, 6, 2, 4, 1])
    }
}
