import Foundation
import SwiftProtobuf
import ZooCore

/// One feature value of a `tf.train.Example`: a list of byte strings, floats or 64-bit integers.
public enum TFFeature: Sendable, Equatable {
    case bytes([Data])
    case floats([Float])
    case ints([Int64])

    /// UTF-8 strings as a bytes feature.
    public static func strings(_ values: [String]) -> TFFeature { .bytes(values.map { Data($0.utf8) }) }
}

/// A `tf.train.Example` (TensorFlow's `example.proto`): named feature lists. Serializes
/// deterministically (features sorted by name), so the same frame always gives the same bytes.
public struct TFExample: Sendable, Equatable {
    public var features: [String: TFFeature]

    public init(features: [String: TFFeature] = [:]) {
        self.features = features
    }

    /// Parses a serialized `tf.train.Example`.
    public init(serialized: Data) throws {
        let message = try Tensorflow_Example(serializedBytes: serialized)
        var features: [String: TFFeature] = [:]
        for (name, feature) in message.features.feature {
            switch feature.kind {
            case .bytesList(let list): features[name] = .bytes(list.value)
            case .floatList(let list): features[name] = .floats(list.value)
            case .int64List(let list): features[name] = .ints(list.value)
            case nil: features[name] = .bytes([])
            }
        }
        self.features = features
    }

    /// The protobuf wire bytes.
    public func serialized() -> Data {
        var message = Tensorflow_Example()
        for (name, value) in features {
            var feature = Tensorflow_Feature()
            switch value {
            case .bytes(let values): feature.bytesList = .with { $0.value = values }
            case .floats(let values): feature.floatList = .with { $0.value = values }
            case .ints(let values): feature.int64List = .with { $0.value = values }
            }
            message.features.feature[name] = feature
        }
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        // Encoding a fully built message cannot fail (no required fields in proto3).
        return (try? message.serializedBytes(options: options)) ?? Data()
    }

    /// The byte strings of a feature (empty when absent or of another kind).
    public func bytes(_ name: String) -> [Data] {
        if case .bytes(let values)? = features[name] { return values }
        return []
    }

    /// The strings of a bytes feature.
    public func strings(_ name: String) -> [String] { bytes(name).map { String(decoding: $0, as: UTF8.self) } }

    /// The floats of a feature (empty when absent or of another kind).
    public func floats(_ name: String) -> [Float] {
        if case .floats(let values)? = features[name] { return values }
        return []
    }

    /// The integers of a feature (empty when absent or of another kind).
    public func ints(_ name: String) -> [Int64] {
        if case .ints(let values)? = features[name] { return values }
        return []
    }
}
