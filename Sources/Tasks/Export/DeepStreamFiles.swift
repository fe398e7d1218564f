import Foundation

/// How DeepStream's `nvinfer` turns a frame into the model's input:
/// `y = net-scale-factor · (x − offsets)` per channel, in the model's color order.
public struct DeepStreamPreprocessing: Equatable, Sendable {
    /// `model-color-format` values.
    public enum ColorFormat: Int, Sendable {
        case rgb = 0
        case bgr = 1
        case gray = 2
    }

    /// `net-scale-factor`.
    public var scale: Double
    /// Per-channel means, in the model's channel order.
    public var offsets: [Double]
    public var colorFormat: ColorFormat

    public init(scale: Double, offsets: [Double], colorFormat: ColorFormat) {
        self.scale = scale; self.offsets = offsets; self.colorFormat = colorFormat
    }

    /// Classification's input modes (the spec's `preprocess_mode`).
    public enum ClassificationMode: String, Sendable, CaseIterable {
        /// BGR, minus the ImageNet means, not scaled (TAO's default).
        case caffe
        /// RGB, `(x / 255 − mean) / 0.224`.
        case torch
        /// RGB, `x / 127.5 − 1`.
        case tf
    }

    /// Classification preprocessing for `mode` with `channels` (1 or 3) input channels.
    /// `meanRGB` overrides the caffe means (the spec's `image_mean`, in r, g, b order; one value for
    /// gray). TAO's exporter writes the caffe values for `tf` mode and BGR for `torch`; zoo writes
    /// what each mode computes.
    public static func classification(_ mode: ClassificationMode, channels: Int, meanRGB: [Double]? = nil) -> Self {
        let gray = channels == 1
        switch mode {
        case .caffe:
            let means = meanRGB ?? (gray ? [117.3786] : [123.68, 116.779, 103.939])
            return Self(scale: 1.0, offsets: gray ? [means[0]] : means.reversed(), colorFormat: gray ? .gray : .bgr)
        case .torch:
            return Self(scale: 0.017507, offsets: gray ? [114.495] : [123.675, 116.28, 103.53], colorFormat: gray ? .gray : .rgb)
        case .tf:
            return Self(scale: 1.0 / 127.5, offsets: Array(repeating: 127.5, count: gray ? 1 : 3), colorFormat: gray ? .gray : .rgb)
        }
    }

    /// DetectNet_v2's preprocessing: RGB (or gray) scaled by 1/255, no offsets.
    public static func detectNetV2(channels: Int) -> Self {
        Self(scale: 1.0 / 255.0, offsets: Array(repeating: 0.0, count: channels == 1 ? 1 : 3),
             colorFormat: channels == 1 ? .gray : .rgb)
    }
}

/// The DeepStream side files TAO's `export --gen_ds_config` writes next to the model.
public enum DeepStreamFiles {
    /// `nvinfer`'s `network-type`.
    public enum NetworkType: Int, Sendable {
        case detector = 0
        case classifier = 1
    }

    /// `labels.txt`: one class per line, in the order of the model's outputs.
    public static func labels(_ classes: [String]) -> String {
        classes.map { $0 + "\n" }.joined()
    }

    /// `nvinfer_config.txt`: TAO's `key=value` lines in TAO's order — `net-scale-factor`, `offsets`
    /// (`;`-joined), `infer-dims` (`C;H;W`), `tlt-model-key` (only when a key is given: DeepStream
    /// needs it to open an `.etlt`), `network-type`, `num-detected-classes`, `model-color-format`,
    /// `maintain-aspect-ratio`, `output-tensor-meta`. Numbers print as Python prints them.
    public static func nvinferConfig(_ preprocessing: DeepStreamPreprocessing, inputDims: [Int], networkType: NetworkType,
                                     classCount: Int?, key: String? = nil) -> String {
        var lines = [
            "net-scale-factor=\(preprocessing.scale)",
            "offsets=" + preprocessing.offsets.map { "\($0)" }.joined(separator: ";"),
            "infer-dims=" + inputDims.map(String.init).joined(separator: ";"),
        ]
        if let key, !key.isEmpty { lines.append("tlt-model-key=\(key)") }
        lines.append("network-type=\(networkType.rawValue)")
        if let classCount { lines.append("num-detected-classes=\(classCount)") }
        lines += [
            "model-color-format=\(preprocessing.colorFormat.rawValue)",
            "maintain-aspect-ratio=0",
            "output-tensor-meta=0",
        ]
        return lines.map { $0 + "\n" }.joined()
    }
}
