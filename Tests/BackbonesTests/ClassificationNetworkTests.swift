import Backbones
import Engine
import Testing
import ZooCore

@Suite struct ClassificationNetworkTests {
    static func build(_ arch: String, layers: Int = 0, classes: Int = 4,
                      _ configure: (inout ClassificationNetwork.Options) -> Void = { _ in }) throws -> Graph {
        var options = ClassificationNetwork.Options()
        configure(&options)
        return try ClassificationNetwork.build(arch: arch, layers: layers, inputShape: (3, 32, 32), classes: classes,
                                               options: options)
    }

    static func usageError(_ body: () throws -> Void) -> ZooError? {
        do { try body() } catch let error as ZooError { return error } catch { return nil }
        return nil
    }

    @Test func taoHeadOnResNet18ByDefault() throws {
        let graph = try ClassificationNetworkTests.build("", classes: 5)
        #expect(graph.inputs == ["input_1"])
        #expect(graph.outputs == ["predictions"])
        #expect(graph.node("block_4b_relu") != nil)
        #expect(graph.node("avg_pool")?.inputs == ["block_4b_relu"])
        #expect(graph.node("flatten")?.inputs == ["avg_pool"])
        #expect(graph.node("predictions")?.op == .dense(Dense(units: 5, activation: .softmax)))
        #expect(graph.node("dropout") == nil)
        let shapes = try graph.shapes()
        #expect(shapes["avg_pool"] == [512, 1, 1])
        #expect(shapes["predictions"] == [5])
        // TAO's proto defaults: no batch norm, no bias, classic shortcuts.
        #expect(graph.node("bn_conv1") == nil)
        #expect(graph.node("block_1b_conv_shortcut") == nil)
        let probabilities = try Model(graph: graph, seed: 1).forward(Tensor.ones([2, 3, 32, 32]))
        for row in 0..<2 {
            #expect(abs(probabilities.scalars[row * 5..<row * 5 + 5].reduce(0, +) - 1) < 1e-5)
        }
    }

    @Test func unknownArchOrDepthOrClassesIsAUsageErrorWithAHint() throws {
        let arch = ClassificationNetworkTests.usageError { _ = try ClassificationNetworkTests.build("resnt") }
        #expect(arch?.message == "Unknown arch 'resnt'.")
        #expect(arch?.exitCode == ZooError.Code.usage)
        let hint = arch?.hint ?? ""
        for family in ["resnet 10/18/34/50/101", "vgg 16/19", "googlenet", "mobilenet_v1", "mobilenet_v2", "darknet 19/53",
                       "cspdarknet 19/53", "cspdarknet_tiny", "efficientnet_b0", "efficientnet_b1", "alexnet", "squeezenet"] {
            #expect(hint.contains(family), "hint lacks \(family): \(hint)")
        }
        // n_layers unset means 18, which VGG does not have.
        let depth = ClassificationNetworkTests.usageError { _ = try ClassificationNetworkTests.build("vgg") }
        #expect(depth?.message == "vgg has no 18-layer version.")
        #expect(depth?.hint == "choose n_layers from 16, 19 for vgg")
        let classes = ClassificationNetworkTests.usageError { _ = try ClassificationNetworkTests.build("resnet", classes: 1) }
        #expect(classes?.exitCode == ZooError.Code.usage)
        let activation = ClassificationNetworkTests.usageError {
            _ = try ClassificationNetworkTests.build("efficientnet_b1") { $0.activationType = "sigmoidish" }
        }
        #expect(activation?.message == "Unknown activation_type 'sigmoidish'.")
    }

    @Test func batchNormFollowsBatchNormConfigOrTaoFallback() throws {
        func batchNorms(_ graph: Graph) -> [BatchNorm] {
            graph.nodes.compactMap { if case .batchNorm(let bn) = $0.op { bn } else { nil } }
        }
        let fallback = try ClassificationNetworkTests.build("mobilenet_v2") { $0.useBatchNorm = true }
        #expect(!batchNorms(fallback).isEmpty)
        #expect(batchNorms(fallback).allSatisfy { $0 == BatchNorm(epsilon: 1e-5, momentum: 0.9) })
        let configured = try ClassificationNetworkTests.build("efficientnet_b0") {
            $0.batchNorm = BatchNorm(epsilon: 1e-3, momentum: 0.99)
            $0.freezeBatchNorm = true
        }
        #expect(batchNorms(configured).allSatisfy { $0 == BatchNorm(epsilon: 1e-3, momentum: 0.99, frozenStatistics: true) })
    }

    @Test func activationIsReadWhereTaoReadsIt() throws {
        func activations(_ graph: Graph) -> Set<String> {
            Set(graph.nodes.compactMap { if case .activation(let a) = $0.op { a.description } else { nil } })
        }
        #expect(activations(try ClassificationNetworkTests.build("cspdarknet_tiny") { $0.activationType = "mish" }) == ["mish"])
        #expect(activations(try ClassificationNetworkTests.build("cspdarknet", layers: 19) { $0.activationType = "swish" })
            == ["leaky_relu"])
        #expect(activations(try ClassificationNetworkTests.build("efficientnet_b1") { $0.activationType = "relu" }) == ["relu"])
        // TAO's efficientnet_b0 and resnet never read it.
        #expect(activations(try ClassificationNetworkTests.build("efficientnet_b0") { $0.activationType = "relu" }) == ["swish"])
        #expect(activations(try ClassificationNetworkTests.build("resnet", layers: 10) { $0.activationType = "mish" })
            == ["relu"])
    }

    @Test func dropoutSitsBeforePredictions() throws {
        let graph = try ClassificationNetworkTests.build("alexnet") { $0.dropout = 0.25 }
        #expect(graph.node("dropout")?.op == .dropout(Dropout(rate: 0.25)))
        #expect(graph.node("predictions")?.inputs == ["dropout"])
        #expect(ClassificationNetworkTests.usageError { _ = try ClassificationNetworkTests.build("alexnet") { $0.dropout = 1 } } != nil)
    }
}
