import ZooCore

/// The knobs of TAO's magnitude pruning (`prune -n -pth -pg -nf -eq -el`), with TAO's defaults.
public struct PruningOptions: Sendable, Equatable {
    /// How each layer's filter norms are scaled before they meet the threshold (`-n`).
    public enum Normalizer: String, Sendable, CaseIterable {
        /// `norm / max(norms)`: the strongest filter of the layer scores 1.
        case max
        /// `norm / ‖norms‖₂ · count` (TAO multiplies by the number of filters).
        case l2 = "L2"
        /// The raw norms.
        case off
    }

    /// How the normalized norms of layers whose channels must stay aligned (the inputs of an
    /// add or multiply, a depthwise convolution and its producer) merge into one score per
    /// channel (`-eq`).
    public enum Equalization: String, Sendable, CaseIterable {
        /// Element-wise maximum: a channel stays if any layer needs it.
        case union
        /// Element-wise minimum: a channel stays only if every layer needs it.
        case intersection
        /// Arithmetic mean.
        case arithmeticMean = "arithmetic_mean"
        /// Geometric mean, `exp(mean(log))`.
        case geometricMean = "geometric_mean"
    }

    /// `-n`, default `max`.
    public var normalizer: Normalizer = .max
    /// `-pth`: a filter stays when its normalized norm is strictly above this (default 0.1; at
    /// least 0).
    public var threshold: Float = 0.1
    /// `-pg`: kept filter counts are rounded up to a multiple of this (default 8).
    public var granularity = 8
    /// `-nf`: every pruned layer keeps at least this many filters, or all it has (default 16).
    public var minimumFilters = 16
    /// `-eq`, default `union`.
    public var equalization: Equalization = .union
    /// `-el`: nodes that keep all their output channels. Each must name a node of the model.
    public var excludedLayers: [String] = []
    /// Names that keep all their output channels when the model has them (TAO's hard-coded list
    /// for SSD, FasterRCNN, YOLO and RetinaNet heads, plus whatever a plugin adds for its own
    /// heads); names the model lacks are ignored. The model's outputs are always excluded too.
    public var forcedExclusions: [String] = PruningOptions.taoForcedExclusions

    /// TAO's pruning defaults.
    public init() {}

    /// The output layers TAO's prune command always excludes, whatever the task.
    public static let taoForcedExclusions: [String] =
        ["rpn_out_class", "rpn_out_regress", "dense_class_td", "dense_regress_td"]
        + (0..<6).map { "ssd_conf_\($0)" } + (0..<6).map { "ssd_loc_\($0)" } + ["ssd_predictions"]
        + ["conv_big_object", "conv_mid_object", "conv_sm_object"]
        + ["retinanet_predictions", "retinanet_loc_regressor", "retinanet_conf_regressor"]

    /// Throws a `ZooError` for values TAO's pruner could not work with.
    public func validate() throws {
        guard granularity >= 1 else {
            throw ZooError.usage("Pruning granularity (-pg) must be at least 1, got \(granularity).",
                                 hint: "use -pg 8 (TAO's default) or 1 to keep exact counts")
        }
        guard minimumFilters >= 0 else {
            throw ZooError.usage("Minimum filters (-nf) cannot be negative, got \(minimumFilters).",
                                 hint: "use -nf 16 (TAO's default)")
        }
        guard threshold.isFinite, threshold >= 0 else {
            throw ZooError.usage("Pruning threshold (-pth) must be a number of at least 0, got \(threshold).",
                                 hint: "use a value such as 0.1; higher removes more filters")
        }
    }
}

extension PruningOptions.Normalizer {
    /// Parses `-n` as TAO spells it (`max`, `L2`, `off`; case does not matter).
    public static func parse(_ text: String) throws -> Self {
        guard let value = allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            throw ZooError.usage("Unknown pruning normalizer '\(text)'.",
                                 hint: "choose one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

extension PruningOptions.Equalization {
    /// Parses `-eq` as TAO spells it (`union`, `intersection`, `arithmetic_mean`, `geometric_mean`).
    public static func parse(_ text: String) throws -> Self {
        guard let value = Self(rawValue: text.lowercased()) else {
            throw ZooError.usage("Unknown equalization criterion '\(text)'.",
                                 hint: "choose one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
