import Engine
import Testing
import Tasks
import ZooCore

/// TAO's per-layer statistics and retained-channel rule.
@Suite struct PruningSelectionTests {
    @Test func filterNormsIgnoreEverythingButTheOutputAxis() {
        // Two filters of a [2, 1, 1, 2] kernel: (3, 4) and (0, -5).
        let kernel = Tensor([3, 4, 0, -5], shape: [2, 1, 1, 2])
        #expect(FilterStatistics.filterNorms(kernel) == [5, 5])
        #expect(FilterStatistics.filterNorms(Tensor([1, 2, 2, 0, 0, 0], shape: [2, 3])) == [3, 0])
    }

    @Test func normalizersMatchTAO() {
        let norms: [Float] = [3, 4]
        #expect(FilterStatistics.normalize(norms, by: .max) == [0.75, 1])
        // L2: divided by ‖(3, 4)‖ = 5, times the count 2.
        #expect(FilterStatistics.normalize(norms, by: .l2) == [1.2, 1.6])
        #expect(FilterStatistics.normalize(norms, by: .off) == norms)
        #expect(FilterStatistics.normalize([0, 0], by: .max) == [0, 0])
    }

    @Test func criteriaMergeScores() {
        let a: [Float] = [1, 0.25], b: [Float] = [0.25, 0.25]
        #expect(FilterStatistics.merge([a, b], by: .union) == [1, 0.25])
        #expect(FilterStatistics.merge([a, b], by: .intersection) == [0.25, 0.25])
        #expect(FilterStatistics.merge([a, b], by: .arithmeticMean) == [0.625, 0.25])
        let geometric = FilterStatistics.merge([a, b], by: .geometricMean)
        #expect(abs(geometric[0] - 0.5) < 1e-6 && abs(geometric[1] - 0.25) < 1e-6)
        #expect(FilterStatistics.merge([[0, 1], [1, 1]], by: .geometricMean)[0] == 0)
    }

    @Test func granularityAndMinimumFiltersRoundTheCount() {
        func count(_ above: Int, total: Int = 40, granularity: Int, minimum: Int) -> Int {
            var options = PruningOptions()
            options.granularity = granularity
            options.minimumFilters = minimum
            return FilterStatistics.retainedCount(aboveThreshold: above, total: total, options: options)
        }
        #expect(count(11, granularity: 8, minimum: 4) == 16)    // rounded up to a multiple of 8
        #expect(count(11, granularity: 8, minimum: 20) == 24)   // the minimum, then rounded
        #expect(count(11, granularity: 1, minimum: 0) == 11)
        #expect(count(0, granularity: 1, minimum: 0) == 1)      // never an empty layer
        #expect(count(3, granularity: 1, minimum: 100) == 40)   // the minimum is capped at the layer
        #expect(count(33, granularity: 16, minimum: 16) == 40)  // 48 is capped at 40
        #expect(count(16, granularity: 8, minimum: 16) == 16)
        #expect(count(0, total: 12, granularity: 8, minimum: 16) == 12)  // TAO's defaults on a small layer
    }

    @Test func retainedIndicesAreTheBestScoresInAscendingOrder() {
        var options = PruningOptions()
        options.threshold = 0.5
        options.granularity = 4
        options.minimumFilters = 1
        let scores: [Float] = [0.9, 0.1, 0.6, 0.2, 0.3, 0.95, 0.2, 0.05]
        // 3 above 0.5 → 4 kept: 0.95, 0.9, 0.6 and the best of the rest, 0.3 (index 4).
        #expect(FilterStatistics.retainedIndices(scores, options: options) == [0, 2, 4, 5])
        // Ties go to the lower index.
        options.granularity = 1
        options.threshold = 0.9
        #expect(FilterStatistics.retainedIndices([0.2, 0.5, 0.5, 0.5], options: options) == [1])
    }

    @Test func badOptionsAreUsageErrors() throws {
        var options = PruningOptions()
        options.granularity = 0
        #expect(throws: ZooError.self) { try options.validate() }
        options = PruningOptions()
        options.minimumFilters = -1
        #expect(throws: ZooError.self) { try options.validate() }
        options = PruningOptions()
        options.threshold = -0.1
        let negative = #expect(throws: ZooError.self) { try options.validate() }
        #expect(negative?.hint != nil)
        options.threshold = .nan
        #expect(throws: ZooError.self) { try options.validate() }
        // The pruner checks its options before it touches the model.
        var b = GraphBuilder()
        let y = b.conv2d(b.input(channels: 1, height: 2, width: 2), filters: 2, kernel: 1)
        let model = try Model(graph: b.build(outputs: [y]))
        #expect(throws: ZooError.self) { try Pruner(options: options).prune(model) }
        #expect(throws: ZooError.self) { try PruningOptions.Normalizer.parse("mean") }
        #expect(try PruningOptions.Normalizer.parse("l2") == .l2)
        #expect(try PruningOptions.Equalization.parse("geometric_mean") == .geometricMean)
        let error = #expect(throws: ZooError.self) { try PruningOptions.Equalization.parse("average") }
        #expect(error?.hint?.contains("arithmetic_mean") == true)
    }
}
