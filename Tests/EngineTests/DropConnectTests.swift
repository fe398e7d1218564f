import Engine
import Foundation
import Testing

/// Per-item dropout (Keras `noise_shape=(None, 1, 1, 1)`), EfficientNet's drop-connect.
@Suite struct DropConnectTests {
    @Test func perItemDropoutKeepsOrDropsWholeItems() throws {
        var b = GraphBuilder()
        let x = b.input("x", channels: 3, height: 4, width: 4)
        b.add(.dropout(Dropout(rate: 0.5, perItem: true)), inputs: [x], name: "y")
        let model = try Model(graph: b.build(outputs: ["y"]), seed: 5)
        model.computesInputGradients = true
        let y = try model.forward(["x": Tensor.ones([64, 3, 4, 4])], mode: .training)["y"]!
        let items = (0..<64).map { Set(y.scalars[$0 * 48..<($0 + 1) * 48]) }
        #expect(items.allSatisfy { $0 == [0] || $0 == [2] })
        let kept = items.filter { $0 == [2] }.count
        #expect(kept > 16 && kept < 48)
        let dx = try model.backward(["y": Tensor.ones(y.shape)])["x"]!
        #expect(dx.scalars == y.scalars)
    }

    @Test func perItemSurvivesJSONAndOldGraphsLoad() throws {
        var b = GraphBuilder()
        let x = b.input("x", channels: 2)
        b.add(.dropout(Dropout(rate: 0.2, perItem: true)), inputs: [x], name: "drop")
        b.dropout(x, rate: 0.3, name: "plain")
        let graph = try b.build(outputs: ["drop", "plain"])
        let json = try graph.jsonData()
        #expect(try Graph(jsonData: json) == graph)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.components(separatedBy: "perItem").count == 2)
    }
}
