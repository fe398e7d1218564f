import Engine
import Testing

/// Small cases whose results were worked out by hand.
@Suite struct HandComputedTests {
    func run(_ op: Op, _ x: Tensor, _ parameters: [String: Tensor] = [:], mode: Mode = .inference) throws -> (Tensor, Model) {
        let model = try Model(graph: singleOpGraph(op, inputs: [Array(x.shape.dropFirst())]))
        try model.load(weights: parameters.reduce(into: model.weights()) { $0["y/" + $1.key] = $1.value })
        return (try model.forward(["x0": x], mode: mode)["y"]!, model)
    }

    let grid = Tensor((1...16).map(Float.init), shape: [1, 1, 4, 4])

    @Test func validConvolution() throws {
        let x = Tensor((1...9).map(Float.init), shape: [1, 1, 3, 3])
        let op = Op.conv2d(Conv2D(filters: 1, kernel: Size2(2), padding: .valid))
        let (y, _) = try run(op, x, ["kernel": Tensor([1, 2, 3, 4], shape: [1, 1, 2, 2]), "bias": Tensor([0.5], shape: [1])])
        #expect(y.scalars == [37.5, 47.5, 67.5, 77.5])
    }

    @Test func sameConvolutionPadsBottomRightFirst() throws {
        let op = Op.conv2d(Conv2D(filters: 1, kernel: Size2(3), strides: Size2(2), padding: .same, useBias: false))
        let (y, _) = try run(op, grid, ["kernel": Tensor.ones([1, 1, 3, 3])])
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.scalars == [54, 45, 72, 54])
        #expect(Padding.same.pads(input: Size2(4), kernel: Size2(3), strides: Size2(2)) == Pads(top: 0, left: 0, bottom: 1, right: 1))
        #expect(Padding.same.pads(input: Size2(224), kernel: Size2(7), strides: Size2(2)) == Pads(top: 2, left: 2, bottom: 3, right: 3))
    }

    @Test func pooling() throws {
        let (maxY, _) = try run(.maxPool(Pool2D(kernel: Size2(2))), grid)
        #expect(maxY.scalars == [6, 8, 14, 16])
        let (avgY, _) = try run(.averagePool(Pool2D(kernel: Size2(3), strides: Size2(1), padding: .same)), grid)
        #expect(avgY.shape == [1, 1, 4, 4])
        #expect(avgY.scalars[0] == 3.5)   // corner: (1 + 2 + 5 + 6) / 4, padding not counted
        #expect(avgY.scalars[5] == 6)     // centre of 1,2,3,5,6,7,9,10,11
        let (gap, _) = try run(.globalAveragePool(GlobalAveragePool()), grid)
        #expect(gap.shape == [1, 1] && gap.scalars == [8.5])
    }

    @Test func batchNormStatisticsAndMovingAverages() throws {
        let x = Tensor([1, 2, 3, 4], shape: [4, 1, 1, 1])
        let (y, model) = try run(.batchNorm(BatchNorm(epsilon: 1e-8, momentum: 0.9)), x, mode: .training)
        let expected: [Float] = [-1.341641, -0.447214, 0.447214, 1.341641]
        for (a, b) in zip(y.scalars, expected) { #expect(abs(a - b) < 1e-5) }
        #expect(abs(model.parameter("y/moving_mean")!.value.scalars[0] - 0.25) < 1e-6)
        // 0.9 · 1 + 0.1 · unbiased variance 5/3
        #expect(abs(model.parameter("y/moving_variance")!.value.scalars[0] - 1.0666667) < 1e-6)
    }

    @Test func upsampling() throws {
        let x = Tensor([1, 2, 3, 4], shape: [1, 1, 2, 2])
        let (nearest, _) = try run(.upsample(Upsample(scale: Size2(2))), x)
        #expect(nearest.scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
        let (aligned, _) = try run(.upsample(Upsample(scale: Size2(2), mode: .bilinear, coordinateTransform: .alignCorners)), x)
        let firstRow = Array(aligned.scalars[0..<4])
        for (a, b) in zip(firstRow, [1, 4.0 / 3, 5.0 / 3, 2] as [Float]) { #expect(abs(a - b) < 1e-6) }
        let (half, _) = try run(.upsample(Upsample(scale: Size2(2), mode: .bilinear, coordinateTransform: .halfPixel)), x)
        // Half-pixel: output column 1 samples input x = 0.25 → 1.25 in the first row.
        #expect(abs(half.scalars[1] - 1.25) < 1e-6 && half.scalars[0] == 1)
    }

    @Test func losses() throws {
        let ce = try Loss.softmaxCrossEntropy(logits: Tensor([0, 0], shape: [1, 2]), labels: [0])
        #expect(abs(ce.value - 0.693147) < 1e-5)
        #expect(ce.gradient.scalars == [-0.5, 0.5])
        let bce = try Loss.binaryCrossEntropy(logits: Tensor([0], shape: [1]), targets: Tensor([1], shape: [1]))
        #expect(abs(bce.value - 0.693147) < 1e-5 && bce.gradient.scalars == [-0.5])
        let p = Tensor([3, 1.5], shape: [2]), t = Tensor([1, 1], shape: [2])
        #expect(try Loss.l1(predictions: p, targets: t, reduction: .sum).value == 2.5)
        #expect(try Loss.l2(predictions: p, targets: t, reduction: .sum).value == 4.25)
        #expect(try Loss.smoothL1(predictions: p, targets: t, reduction: .sum).value == 1.5 + 0.125)
        let masked = try Loss.l1(predictions: p, targets: t, mask: Tensor([0, 1], shape: [2]), weights: Tensor([5, 2], shape: [2]))
        #expect(masked.value == 0.5 && masked.gradient.scalars == [0, 1])
        let batch = try Loss.l2(predictions: Tensor([2, 2], shape: [2, 1]), targets: Tensor([0, 0], shape: [2, 1]),
                                reduction: .batchMean)
        #expect(batch.value == 4)
    }

    @Test func lossesRejectMismatchedShapes() {
        #expect(throws: (any Error).self) {
            try Loss.l1(predictions: Tensor.zeros([2]), targets: Tensor.zeros([3]))
        }
        #expect(throws: (any Error).self) {
            try Loss.softmaxCrossEntropy(logits: Tensor.zeros([1, 2]), labels: [2])
        }
    }
}
