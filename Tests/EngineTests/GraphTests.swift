import Engine
import Foundation
import Testing
import ZooCore

@Suite struct GraphTests {
    func smallGraph() throws -> Graph {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 16, width: 16)
        let c = b.conv2d(x, filters: 8, kernel: 3, strides: 2, useBias: false, name: "conv1")
        let n = b.batchNorm(c, name: "bn_conv1")
        let r = b.activation(n, .leakyRelu(alpha: 0.1))
        let d = b.depthwiseConv2d(r, DepthwiseConv2D(kernel: Size2(3)), name: "conv_dw_1")
        let s = b.globalAveragePool(d, keepDims: true)
        let e = b.conv2d(s, filters: 8, kernel: 1, activation: .sigmoid, name: "se_expand")
        let m = b.multiply(d, e)
        let u = b.upsample(m, Upsample(scale: Size2(2), mode: .bilinear))
        let cat = b.concat([u, b.zeroPad(b.maxPool(r, Pool2D(kernel: Size2(2))), Pads(top: 6, left: 5, bottom: 6, right: 7))])
        let f = b.flatten(b.averagePool(cat, Pool2D(kernel: Size2(4))))
        let drop = b.dropout(f, rate: 0.2)
        b.dense(drop, Dense(units: 5, activation: .softmax), name: "predictions")
        return try b.build(outputs: ["predictions"])
    }

    @Test func jsonRoundTripKeepsEveryAttribute() throws {
        let graph = try smallGraph()
        let data = try graph.jsonData()
        let decoded = try Graph(jsonData: data)
        #expect(decoded == graph)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"type\" : \"BatchNormalization\""))
        #expect(text.contains("\"leaky_relu\""))
        #expect(text.contains("zoo-graph/1"))
    }

    @Test func kerasStyleAutomaticNames() throws {
        let graph = try smallGraph()
        for name in ["input_1", "activation_1", "global_average_pooling2d_1", "multiply_1", "up_sampling2d_1",
                     "concatenate_1", "max_pooling2d_1", "zero_padding2d_1", "flatten_1", "dropout_1"] {
            #expect(graph.node(name) != nil, "missing \(name)")
        }
    }

    @Test func shapesAndParameterSpecs() throws {
        let graph = try smallGraph()
        let shapes = try graph.shapes()
        #expect(shapes["conv1"] == [8, 8, 8])
        #expect(shapes["concatenate_1"] == [16, 16, 16])
        #expect(shapes["predictions"] == [5])
        let specs = try graph.parameterSpecs()
        let kernel = specs.first { $0.name == "conv1/kernel" }!
        #expect(kernel.shape == [8, 3, 3, 3] && kernel.outputChannelAxis == 0 && kernel.inputChannelAxis == 1)
        let depthwise = specs.first { $0.name == "conv_dw_1/kernel" }!
        #expect(depthwise.shape == [8, 1, 3, 3] && depthwise.inputChannelAxis == nil)
        #expect(specs.first { $0.name == "bn_conv1/moving_variance" }?.role == .movingVariance)
        #expect(specs.first { $0.name == "predictions/kernel" }?.shape == [5, 256])
        #expect(graph.consumers(of: "activation_1") == ["conv_dw_1", "max_pooling2d_1"])
    }

    @Test func invalidGraphsAreErrorsNotCrashes() throws {
        let input = Node(name: "x", op: .input(Input(channels: 3)), inputs: [])
        let relu = { (name: String, from: String) in Node(name: name, op: .activation(.relu), inputs: [from]) }
        #expect(throws: ZooError.self) { try Graph(nodes: [input, relu("a", "missing")], outputs: ["a"]) }
        #expect(throws: ZooError.self) { try Graph(nodes: [input, relu("a", "x"), relu("a", "x")], outputs: ["a"]) }
        #expect(throws: ZooError.self) { try Graph(nodes: [input, relu("a", "b"), relu("b", "a")], outputs: ["a"]) }
        #expect(throws: ZooError.self) { try Graph(nodes: [input], outputs: ["nope"]) }
        let badAdd = Node(name: "sum", op: .add, inputs: ["x", "c"])
        let conv = Node(name: "c", op: .conv2d(Conv2D(filters: 4, kernel: Size2(1))), inputs: ["x"])
        #expect(throws: ZooError.self) { try Graph(nodes: [input, conv, badAdd], outputs: ["sum"]) }
        #expect(throws: ZooError.self) { try Graph(jsonData: Data("{\"nodes\": [{\"name\": 1}]}".utf8)) }
        let unknownType = #"{"nodes":[{"name":"x","type":"Lambda","inputs":[]}],"outputs":["x"]}"#
        #expect(throws: ZooError.self) { try Graph(jsonData: Data(unknownType.utf8)) }
        // Nodes given out of order are sorted.
        let sorted = try Graph(nodes: [relu("b", "a"), relu("a", "x"), input], outputs: ["b"])
        #expect(sorted.nodes.map(\.name) == ["x", "a", "b"])
    }

    @Test func builderRecordsMisfitsForBuild() {
        var b = GraphBuilder()
        let x = b.input(channels: 3, height: 4, width: 4)
        let c = b.conv2d(x, filters: 4, kernel: 3, groups: 2)  // 3 channels do not split into 2 groups
        #expect(throws: ZooError.self) { try b.build(outputs: [c]) }
    }

    @Test func modelRejectsWrongInputs() throws {
        let model = try Model(graph: smallGraph())
        #expect(throws: ZooError.self) { try model.forward(Tensor.zeros([1, 1, 16, 16])) }
        #expect(throws: ZooError.self) { try model.forward(Tensor.zeros([1, 3, 15, 16])) }
        #expect(throws: ZooError.self) { try model.forward(["nope": Tensor.zeros([1, 3, 16, 16])]) }
        #expect(throws: ZooError.self) { try model.backward(["predictions": Tensor.zeros([1, 5])]) }
    }
}
