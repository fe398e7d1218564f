import Engine
import Foundation
import Testing
import Tasks
import ZooCore

/// Pruning on small hand-built graphs, one pattern at a time: equalization across adds,
/// concat offsets, flatten→dense expansion, depthwise pairing, squeeze-excite, splits,
/// exclusions. Where filters are made dead (all-zero), pruning them must not change the outputs.
@Suite struct PruningGraphTests {
    typealias S = PruningSupport

    // MARK: Equalization

    /// Normalized norms of two convolutions feeding one add, chosen so that every criterion keeps
    /// a different set of channels at threshold 0.4.
    static let normsA: [Float] = [1.0, 0.2, 0.6, 0.05, 0.7, 0.45]
    static let normsB: [Float] = [0.1, 1.0, 0.5, 0.3, 0.05, 0.45]

    static func residualModel() throws -> Model {
        var b = GraphBuilder()
        let x = b.input(channels: 2, height: 4, width: 4)
        let a = b.conv2d(x, filters: 6, kernel: 1, name: "conv_a")
        let c = b.conv2d(x, filters: 6, kernel: 3, name: "conv_b")
        let sum = b.addition([a, c], name: "add")
        let y = b.conv2d(b.activation(sum, .relu), filters: 2, kernel: 1, name: "head")
        let model = try Model(graph: b.build(outputs: [y]), seed: 1)
        S.setFilterNorms(model, "conv_a", normsA)
        S.setFilterNorms(model, "conv_b", normsB)
        return model
    }

    @Test(arguments: [
        (PruningOptions.Equalization.union, [0, 1, 2, 4, 5]),
        (.intersection, [2, 5]),
        (.arithmeticMean, [0, 1, 2, 5]),
        (.geometricMean, [1, 2, 5]),
    ])
    func eachCriterionPicksTheSameChannelsForBothInputsOfAnAdd(criterion: PruningOptions.Equalization, expected: [Int]) throws {
        let model = try Self.residualModel()
        let pruned = try Pruner(options: S.exact(threshold: 0.4, criterion)).prune(model)
        let m = pruned.model
        for conv in ["conv_a", "conv_b"] {
            let original = model.parameter("\(conv)/kernel")!.value.gathering(expected, along: 0)
            #expect(m.parameter("\(conv)/kernel")!.value.bitwiseEqual(original), "\(conv) with \(criterion)")
            #expect(m.parameter("\(conv)/bias")!.value.bitwiseEqual(model.parameter("\(conv)/bias")!.value.gathering(expected, along: 0)))
        }
        let head = model.parameter("head/kernel")!.value.gathering(expected, along: 1)
        #expect(m.parameter("head/kernel")!.value.bitwiseEqual(head))
        #expect(pruned.report.layers.first { $0.name == "conv_a" }?.note == "equalized across 2 layers")
        let y = try m.forward(S.input([2, 2, 4, 4], seed: 3))
        #expect(y.shape == [2, 2, 4, 4])
    }

    @Test func withoutEqualizationTheAddWouldBreak() throws {
        let options = S.exact(threshold: 0.4)
        let alone = (FilterStatistics.retainedIndices(Self.normsA, options: options),
                     FilterStatistics.retainedIndices(Self.normsB, options: options))
        #expect(alone.0 == [0, 2, 4, 5])
        #expect(alone.1 == [1, 2, 5])
        // Pruned on their own, the two inputs of the add no longer fit each other.
        var b = GraphBuilder()
        let x = b.input(channels: 2, height: 4, width: 4)
        let a = b.conv2d(x, filters: alone.0.count, kernel: 1)
        let c = b.conv2d(x, filters: alone.1.count, kernel: 3)
        b.addition([a, c])
        #expect(throws: ZooError.self) { try b.build(outputs: ["add_1"]) }
    }

    @Test func residualChainsWithoutProjectionsFormOneGroup() throws {
        // x → conv0; add1 = conv1(conv0) + conv0; add2 = conv2(add1) + add1: all three tied.
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 6, width: 6)
        let c0 = b.conv2d(x, filters: 8, kernel: 3, name: "conv0")
        let a1 = b.addition([b.conv2d(c0, filters: 8, kernel: 3, name: "conv1"), c0])
        let a2 = b.addition([b.conv2d(a1, filters: 8, kernel: 3, name: "conv2"), a1])
        let y = b.globalAveragePool(a2)
        let out = b.dense(y, Dense(units: 3), name: "out")
        let model = try Model(graph: b.build(outputs: [out]), seed: 4)
        S.randomizeBiases(model, seed: 5)
        for conv in ["conv0", "conv1", "conv2"] { S.kill(model, conv, filters: [2, 6]) }
        let x0 = S.input([2, 3, 6, 6], seed: 6)
        let before = try model.forward(x0)
        let pruned = try Pruner(options: S.exact()).prune(model)
        for conv in ["conv0", "conv1", "conv2"] { #expect(S.kept(pruned.report, conv) == 6) }
        #expect(pruned.report.layers[0].note == "equalized across 3 layers")
        #expect(S.relativeDifference(before, try pruned.model.forward(x0)) < 1e-5)
    }

    // MARK: Index propagation

    @Test func concatOffsetsTheKeptChannelsOfEachInput() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 5, width: 5)
        let p = b.activation(b.conv2d(x, filters: 4, kernel: 3, name: "branch_a"), .relu)
        let q = b.activation(b.conv2d(x, filters: 6, kernel: 1, name: "branch_b"), .relu)
        let y = b.conv2d(b.concat([p, q]), filters: 5, kernel: 1, name: "head")
        let model = try Model(graph: b.build(outputs: [y]), seed: 7)
        S.randomizeBiases(model, seed: 8)
        S.kill(model, "branch_a", filters: [1, 3])
        S.kill(model, "branch_b", filters: [0, 4, 5])
        let x0 = S.input([2, 3, 5, 5], seed: 9)
        let before = try model.forward(x0)

        let pruned = try Pruner(options: S.exact()).prune(model)
        // Kept: a's 0, 2 at offsets 0, 2 and b's 1, 2, 3 at offsets 4 + 1, 4 + 2, 4 + 3.
        let head = model.parameter("head/kernel")!.value.gathering([0, 2, 5, 6, 7], along: 1)
        #expect(pruned.model.parameter("head/kernel")!.value.bitwiseEqual(head))
        #expect(S.kept(pruned.report, "head") == 5)
        #expect(S.relativeDifference(before, try pruned.model.forward(x0)) < 1e-5)
    }

    @Test func flattenExpandsChannelsOverTheSpatialSizeForTheDenseLayer() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 2, height: 3, width: 3)
        let f = b.flatten(b.activation(b.conv2d(x, filters: 4, kernel: 3, name: "conv"), .relu))
        let d = b.dense(f, Dense(units: 5), name: "predictions")
        let model = try Model(graph: b.build(outputs: [d]), seed: 10)
        S.randomizeBiases(model, seed: 11)
        S.kill(model, "conv", filters: [0, 2])
        let x0 = S.input([3, 2, 3, 3], seed: 12)
        let before = try model.forward(x0)

        let pruned = try Pruner(options: S.exact()).prune(model)
        // NCHW flatten: channel c covers features c·9 ..< c·9 + 9; channels 1 and 3 stay.
        let features = Array(9..<18) + Array(27..<36)
        let dense = model.parameter("predictions/kernel")!.value.gathering(features, along: 1)
        #expect(pruned.model.parameter("predictions/kernel")!.value.bitwiseEqual(dense))
        #expect(pruned.model.parameter("predictions/kernel")!.value.shape == [5, 18])
        #expect(S.relativeDifference(before, try pruned.model.forward(x0)) < 1e-5)
    }

    @Test(arguments: [
        (PruningOptions.Equalization.union, [0, 1, 2, 4, 5]),
        (.intersection, [2, 5]),
    ])
    func depthwiseConvolutionIsPairedWithItsProducer(criterion: PruningOptions.Equalization, expected: [Int]) throws {
        var b = GraphBuilder()
        let x = b.input(channels: 2, height: 5, width: 5)
        let pw = b.batchNorm(b.conv2d(x, filters: 6, kernel: 1, useBias: false, name: "pointwise"), name: "pointwise_bn")
        let dw = b.depthwiseConv2d(b.activation(pw, .relu6), DepthwiseConv2D(kernel: Size2(3)), name: "depthwise")
        let y = b.conv2d(b.activation(dw, .relu6), filters: 3, kernel: 1, name: "project")
        let model = try Model(graph: b.build(outputs: [y]), seed: 13)
        S.setFilterNorms(model, "pointwise", Self.normsA)
        S.setFilterNorms(model, "depthwise", Self.normsB)

        let pruned = try Pruner(options: S.exact(threshold: 0.4, criterion)).prune(model)
        let m = pruned.model
        #expect(m.parameter("pointwise/kernel")!.value.bitwiseEqual(model.parameter("pointwise/kernel")!.value.gathering(expected, along: 0)))
        #expect(m.parameter("pointwise_bn/gamma")!.value.shape == [expected.count])
        #expect(m.parameter("depthwise/kernel")!.value.bitwiseEqual(model.parameter("depthwise/kernel")!.value.gathering(expected, along: 0)))
        #expect(m.parameter("depthwise/bias")!.value.shape == [expected.count])
        #expect(m.parameter("project/kernel")!.value.bitwiseEqual(model.parameter("project/kernel")!.value.gathering(expected, along: 1)))
        #expect(S.kept(pruned.report, "depthwise") == expected.count)
        #expect(try m.forward(S.input([1, 2, 5, 5], seed: 14)).shape == [1, 3, 5, 5])
    }

    /// Every op the Engine has, in one graph: batch norm, add, depthwise, pooling, concat,
    /// squeeze-excite multiply, upsampling, padding, flatten, dense. Dead filters go; nothing
    /// else changes.
    @Test func prunedDeadFiltersLeaveTheOutputsUnchangedThroughEveryOp() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 8, width: 8)
        let r1 = b.activation(b.batchNorm(b.conv2d(x, filters: 8, kernel: 3, name: "c1"), name: "bn1"), .relu)
        let sum = b.addition([b.conv2d(r1, filters: 8, kernel: 3, name: "c2"), b.conv2d(r1, filters: 8, kernel: 1, name: "c3")])
        let r3 = b.activation(b.depthwiseConv2d(b.activation(sum, .relu), DepthwiseConv2D(kernel: Size2(3)), name: "dw"), .relu6)
        let p1 = b.conv2d(r3, filters: 4, kernel: 1, name: "p1")
        let p2 = b.conv2d(b.maxPool(r3, Pool2D(kernel: Size2(3), strides: Size2(1), padding: .same)), filters: 6, kernel: 1, name: "p2")
        let cat = b.concat([p1, p2])
        // Squeeze-excite over an expanded depthwise block.
        let e = b.activation(b.depthwiseConv2d(b.conv2d(cat, filters: 12, kernel: 1, name: "expand"),
                                               DepthwiseConv2D(kernel: Size2(3)), name: "expand_dw"), .swish)
        let squeeze = b.activation(b.conv2d(b.globalAveragePool(e, keepDims: true), filters: 4, kernel: 1, name: "se_reduce"), .swish)
        let scale = b.activation(b.conv2d(squeeze, filters: 12, kernel: 1, name: "se_expand"), .sigmoid)
        let m = b.multiply(e, scale)
        let pooled = b.averagePool(b.zeroPad(b.upsample(m, Upsample(scale: Size2(2))), Pads(1)), Pool2D(kernel: Size2(2)))
        let d1 = b.activation(b.dense(b.flatten(b.dropout(pooled, rate: 0.2)), Dense(units: 16), name: "fc1"), .leakyRelu(alpha: 0.1))
        let out = b.dense(d1, Dense(units: 5), name: "predictions")
        let model = try Model(graph: b.build(outputs: [out]), seed: 15)
        S.randomizeBiases(model, seed: 16)
        let dead: [(String, [Int])] = [
            ("c1", [1, 5]), ("c2", [0, 3]), ("c3", [0, 3]), ("dw", [0, 3]), ("p1", [2]), ("p2", [1, 4]),
            ("expand", [5, 7, 11]), ("expand_dw", [5, 7, 11]), ("se_expand", [5, 7, 11]), ("fc1", [3, 9, 10]),
        ]
        for (node, filters) in dead { S.kill(model, node, filters: filters) }
        let x0 = S.input([2, 3, 8, 8], seed: 17)
        let before = try model.forward(x0)

        let pruned = try Pruner(options: S.exact()).prune(model)
        for (node, filters) in dead {
            let total = model.parameter("\(node)/kernel")!.spec.shape[0]
            #expect(S.kept(pruned.report, node) == total - filters.count, "\(node)")
        }
        #expect(S.kept(pruned.report, "se_reduce") == 4)
        #expect(S.kept(pruned.report, "predictions") == 5)
        #expect(pruned.report.prunedParameterCount < pruned.report.originalParameterCount)
        let after = try pruned.model.forward(x0)
        #expect(after.shape == before.shape)
        #expect(S.relativeDifference(before, after) < 1e-5)
    }

    /// EfficientNet's squeeze-excite: pool to `[C]`, reshape to `[-1, 1, 1]`, gate. A reshape
    /// with -1 first that leaves each channel's elements together passes channels through.
    @Test func aReshapeToMinusOneOneOnePassesChannelsThrough() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 4, width: 4)
        let e = b.activation(b.conv2d(x, filters: 8, kernel: 3, name: "expand"), .swish)
        let squeeze = b.reshape(b.globalAveragePool(e), to: [-1, 1, 1], name: "se_reshape")
        let gate = b.activation(b.conv2d(b.conv2d(squeeze, filters: 4, kernel: 1, name: "se_reduce"), filters: 8, kernel: 1,
                                         name: "se_expand"), .sigmoid)
        let y = b.conv2d(b.multiply(e, gate), filters: 2, kernel: 1, name: "project")
        let model = try Model(graph: b.build(outputs: [y]), seed: 26)
        S.randomizeBiases(model, seed: 27)
        S.kill(model, "expand", filters: [1, 6])
        S.kill(model, "se_expand", filters: [1, 6])
        let x0 = S.input([2, 3, 4, 4], seed: 28)
        let before = try model.forward(x0)

        let pruned = try Pruner(options: S.exact()).prune(model)
        #expect(S.kept(pruned.report, "expand") == 6)
        #expect(S.kept(pruned.report, "se_expand") == 6)
        #expect(pruned.model.parameter("se_reduce/kernel")!.value.shape == [4, 6, 1, 1])
        #expect(try pruned.model.graph.shapes()["se_reshape"] == [6, 1, 1])
        #expect(S.relativeDifference(before, try pruned.model.forward(x0)) < 1e-5)
    }

    // MARK: Channels that must stay whole

    @Test func excludedLayersKeepTheirFiltersWhileTheirInputsFollowTheParent() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 4, width: 4)
        let c1 = b.activation(b.conv2d(x, filters: 8, kernel: 3, name: "c1"), .relu)
        let c2 = b.activation(b.conv2d(c1, filters: 8, kernel: 3, name: "c2"), .relu)
        let y = b.conv2d(c2, filters: 2, kernel: 1, name: "out")
        let model = try Model(graph: b.build(outputs: [y]), seed: 18)
        S.kill(model, "c1", filters: [0, 1])
        S.kill(model, "c2", filters: [4])

        var options = S.exact()
        options.excludedLayers = ["c2"]
        let pruned = try Pruner(options: options).prune(model)
        #expect(S.kept(pruned.report, "c1") == 6)
        #expect(S.kept(pruned.report, "c2") == 8)
        #expect(pruned.report.layers.first { $0.name == "c2" }?.note == "excluded (-el)")
        #expect(pruned.model.parameter("c2/kernel")!.value.shape == [8, 6, 3, 3])
        // The output layer is always excluded.
        #expect(pruned.report.layers.first { $0.name == "out" }?.note == "model output")

        options.excludedLayers = ["c9"]
        let error = #expect(throws: ZooError.self) { try Pruner(options: options).prune(model) }
        #expect(error?.message == "Excluded layer 'c9' is not in the model.")
        #expect(error?.hint?.contains("c1, c2, out") == true)
    }

    @Test func forcedExclusionsApplyWhenTheModelHasThoseNames() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 4, width: 4)
        let big = b.conv2d(x, filters: 8, kernel: 1, name: "conv_big_object")
        let y = b.conv2d(b.activation(big, .relu), filters: 2, kernel: 1, name: "out")
        let model = try Model(graph: b.build(outputs: [y]), seed: 19)
        S.kill(model, "conv_big_object", filters: [0, 1, 2])
        #expect(S.kept(try Pruner(options: S.exact()).prune(model).report, "conv_big_object") == 8)
        var options = S.exact()
        options.forcedExclusions = []
        #expect(S.kept(try Pruner(options: options).prune(model).report, "conv_big_object") == 5)
    }

    @Test func aConvolutionFeedingASplitKeepsItsFilters() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 4, width: 4)
        let c = b.conv2d(x, filters: 8, kernel: 3, name: "route_conv")
        let left = b.conv2d(b.split(c, groups: 2, index: 0), filters: 4, kernel: 1, name: "left")
        let right = b.conv2d(b.split(c, groups: 2, index: 1), filters: 4, kernel: 1, name: "right")
        let y = b.conv2d(b.addition([left, right]), filters: 2, kernel: 1, name: "out")
        let model = try Model(graph: b.build(outputs: [y]), seed: 20)
        S.randomizeBiases(model, seed: 21)
        S.kill(model, "route_conv", filters: [1])
        S.kill(model, "left", filters: [2])
        S.kill(model, "right", filters: [2])
        let x0 = S.input([1, 3, 4, 4], seed: 22)
        let before = try model.forward(x0)

        let pruned = try Pruner(options: S.exact()).prune(model)
        #expect(S.kept(pruned.report, "route_conv") == 8)
        #expect(pruned.report.layers[0].note?.hasPrefix("split by") == true)
        #expect(S.kept(pruned.report, "left") == 3)
        #expect(S.relativeDifference(before, try pruned.model.forward(x0)) < 1e-5)
    }

    @Test func reshapesGroupedConvolutionsAndGraphInputsKeepChannelsWhole() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 4, height: 4, width: 4)
        // add(input, conv(input)): the conv is tied to the image channels.
        let skip = b.addition([x, b.conv2d(x, filters: 4, kernel: 3, name: "residual")])
        let grouped = b.conv2d(b.conv2d(skip, filters: 8, kernel: 1, name: "before_grouped"), filters: 8, kernel: 3, groups: 2, name: "grouped")
        let r = b.reshape(b.conv2d(grouped, filters: 6, kernel: 1, name: "before_reshape"), to: [6, 16])
        let model = try Model(graph: b.build(outputs: [r]), seed: 23)
        for node in ["residual", "before_grouped", "grouped", "before_reshape"] { S.kill(model, node, filters: [1]) }

        let report = try Pruner(options: S.exact()).prune(model).report
        #expect(report.layers.map(\.kept) == [4, 8, 8, 6])
        #expect(report.layers.map(\.note) == ["graph input", "feeds grouped convolution grouped", "grouped convolution",
                                               "reshaped by reshape_1"])
    }

    @Test func aModelWithNothingToPruneHasRatioOne() throws {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 8, width: 8)
        let c = b.activation(b.conv2d(x, filters: 16, kernel: 3), .relu)
        let y = b.dense(b.globalAveragePool(b.conv2d(c, filters: 12, kernel: 3)), Dense(units: 4))
        let model = try Model(graph: b.build(outputs: [y]), seed: 24)
        // TAO's defaults keep at least 16 filters per layer: nothing here can go.
        let pruned = try Pruner().prune(model)
        #expect(pruned.report.ratio == 1)
        #expect(pruned.report.ratioLine == "Pruning ratio (pruned model / original model): 1.0")
        #expect(pruned.report.layers.allSatisfy { $0.kept == $0.total })
        #expect(pruned.model.graph == model.graph)
        let x0 = S.input([1, 3, 8, 8], seed: 25)
        #expect(try pruned.model.forward(x0).bitwiseEqual(try model.forward(x0)))
    }

    @Test func theReportPrintsCountsRatioAndLayers() throws {
        let model = try Self.residualModel()
        let report = try Pruner(options: S.exact(threshold: 0.4, .intersection)).prune(model).report
        // conv_a, conv_b: 6 → 2 filters; head: 6 → 2 inputs.
        let original = 2 * 6 + 6 + 2 * 9 * 6 + 6 + 6 * 2 + 2
        let pruned = 2 * 2 + 2 + 2 * 9 * 2 + 2 + 2 * 2 + 2
        #expect(report.originalParameterCount == original)
        #expect(report.prunedParameterCount == pruned)
        #expect(report.summaryLines == [
            "Number of params in original model: \(original)",
            "Number of params in pruned model: \(pruned)",
            "Pruning ratio (pruned model / original model): \(Double(pruned) / Double(original))",
        ])
        #expect(report.description == report.summaryLines.joined(separator: "\n"))
        let csv = report.table.csv()
        #expect(csv.contains("conv_a,Conv2D,2,6,equalized across 2 layers"))
        #expect(csv.contains("head,Conv2D,2,2,model output"))
    }
}
