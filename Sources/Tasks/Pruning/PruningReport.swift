import ZooCore

/// What pruning did: parameter counts before and after, TAO's ratio, and per prunable layer how
/// many output channels it kept.
public struct PruningReport: Sendable, Equatable, CustomStringConvertible {
    /// One convolution, depthwise convolution or dense layer.
    public struct Layer: Sendable, Equatable {
        public var name: String
        /// The Keras type name (`Conv2D`, `DepthwiseConv2D`, `Dense`).
        public var type: String
        public var kept: Int
        public var total: Int
        /// Why every channel stayed (excluded, model output, feeds a split…) or that the layer
        /// was equalized with others; nil otherwise.
        public var note: String?

        public init(name: String, type: String, kept: Int, total: Int, note: String? = nil) {
            self.name = name; self.type = type; self.kept = kept; self.total = total; self.note = note
        }
    }

    /// Scalar parameters of the model before pruning (moving statistics included, as Keras counts).
    public var originalParameterCount: Int
    /// Scalar parameters after pruning.
    public var prunedParameterCount: Int
    /// Prunable layers in graph order.
    public var layers: [Layer]

    public init(originalParameterCount: Int, prunedParameterCount: Int, layers: [Layer]) {
        self.originalParameterCount = originalParameterCount
        self.prunedParameterCount = prunedParameterCount
        self.layers = layers
    }

    /// `pruned / original` parameters (1 for a model without parameters).
    public var ratio: Double {
        originalParameterCount > 0 ? Double(prunedParameterCount) / Double(originalParameterCount) : 1
    }

    /// The line TAO logs: `Pruning ratio (pruned model / original model): 0.3125`.
    public var ratioLine: String { "Pruning ratio (pruned model / original model): \(ratio)" }

    /// The parameter counts and the ratio line, to print after pruning.
    public var summaryLines: [String] {
        ["Number of params in original model: \(originalParameterCount)",
         "Number of params in pruned model: \(prunedParameterCount)",
         ratioLine]
    }

    /// `summaryLines`, one per line: what the prune command prints.
    public var description: String { summaryLines.joined(separator: "\n") }

    /// Per-layer kept / total channels as a table (`Layer`, `Type`, `Kept`, `Total`, `Note`).
    public var table: Table {
        Table(columns: ["Layer", "Type", "Kept", "Total", "Note"],
              rows: layers.map { [$0.name, $0.type, String($0.kept), String($0.total), $0.note ?? ""] })
    }
}
