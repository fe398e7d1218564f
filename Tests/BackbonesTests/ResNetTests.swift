import Backbones
import Engine
import Testing

@Suite struct ResNetTests {
    @Test func resnet18KeepsTaoNamesAndTorchvisionSize() throws {
        var options = ResNet.Options(layers: 18)
        options.usePooling = true
        options.allProjections = false
        let backbone = try ResNet.build(options)
        let graph = try backbone.graph()
        for name in ["conv1", "bn_conv1", "block_1a_conv_1", "block_1a_bn_1", "block_1a_relu_1", "block_1a_conv_2",
                     "block_1a_conv_shortcut", "block_1a_bn_shortcut", "block_1a_relu", "block_1b_relu",
                     "block_2a_conv_shortcut", "block_4b_relu"] {
            #expect(graph.node(name) != nil, "missing \(name)")
        }
        #expect(graph.node("block_1b_conv_shortcut") == nil)
        // torchvision's ResNet-18 without its classifier (11,176,512) + Keras-counted BN moving
        // statistics (9,600) + TAO's projection on block_1a (64·64 kernel + 4·64 BN values).
        #expect(try graph.parameterCount() == 11_176_512 + 9_600 + 4_096 + 256)
        #expect(backbone.taps.map(\.stride) == [4, 4, 8, 16, 32])
        #expect(backbone.tap(stride: 8)?.node == "block_2b_relu")
        #expect(backbone.tap(stride: 32)?.channels == 512)
        let shapes = try graph.shapes(inputSizes: ["input_1": Size2(224, 224)])
        #expect(shapes["block_4b_relu"] == [512, 7, 7])
        #expect(shapes[backbone.output] == [512, 1, 1])
    }

    @Test func detectNetLayoutHasOutputStride16AndAllProjections() throws {
        var options = ResNet.Options(layers: 18)
        options.inputHeight = 272
        options.inputWidth = 480
        let backbone = try ResNet.build(options)
        let graph = try backbone.graph()
        #expect(try graph.shapes()[backbone.output] == [512, 17, 30])
        #expect(backbone.tap(stride: 16)?.node == "block_4b_relu")
        #expect(backbone.tap(stride: 32) == nil)
        #expect(graph.node("block_1b_conv_shortcut") != nil)
        #expect(graph.node("max_pooling2d_1") == nil)
    }

    @Test(arguments: [10, 34, 50])
    func otherDepths(_ layers: Int) throws {
        let backbone = try ResNet.build(ResNet.Options(layers: layers))
        let graph = try backbone.graph()
        let convs = graph.nodes.filter { if case .conv2d = $0.op { true } else { false } }
        let units = [10: 4, 34: 16, 50: 16][layers]!
        let perUnit = layers == 50 ? 4 : 3  // convs plus the projection (all_projections)
        #expect(convs.count == 1 + units * perUnit)
        #expect(backbone.taps.last?.channels == (layers == 50 ? 2048 : 512))
    }

    @Test func unknownDepthIsAUsageError() {
        #expect(throws: (any Error).self) { try ResNet.build(ResNet.Options(layers: 20)) }
    }

    @Test func freezeBlocksAndFreezeBatchNorm() throws {
        var options = ResNet.Options(layers: 10)
        options.freezeBlocks = [0, 2]
        options.freezeBatchNorm = true
        let graph = try ResNet.build(options).graph()
        #expect(graph.node("conv1")?.trainable == false)
        #expect(graph.node("block_1a_conv_1")?.trainable == true)
        #expect(graph.node("block_2a_conv_1")?.trainable == false)
        #expect(graph.node("block_2a_bn_1")?.trainable == false)
        if case .batchNorm(let bn) = graph.node("block_3a_bn_1")?.op { #expect(bn.frozenStatistics) } else { Issue.record("not BN") }
        let model = try Model(graph: graph)
        #expect(model.parameter("conv1/kernel")?.isTrainable == false)
        #expect(model.parameter("block_3a_conv_1/kernel")?.isTrainable == true)
    }

    @Test func subblockLettersFollowTao() {
        #expect(ResNet.subblockID(0) == "a")
        #expect(ResNet.subblockID(25) == "z")
        #expect(ResNet.subblockID(26) == "aa")
    }
}
