import Engine
import Foundation

/// Small constructors for the generated ONNX messages, so the exporter reads as a list of ops.
extension Onnx_AttributeProto {
    /// An INT attribute.
    static func int(_ name: String, _ value: Int) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = Int64(value)
        return a
    }

    /// An INTS attribute.
    static func ints(_ name: String, _ values: [Int]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = values.map(Int64.init)
        return a
    }

    /// A FLOAT attribute.
    static func float(_ name: String, _ value: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }

    /// A STRING attribute (UTF-8 bytes).
    static func string(_ name: String, _ value: String) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .string
        a.s = Data(value.utf8)
        return a
    }
}

extension Onnx_NodeProto {
    /// A node of the default (`ai.onnx`) domain. Its `name` is its first output's name.
    init(_ opType: String, inputs: [String], output: String, attributes: [Onnx_AttributeProto] = []) {
        self.init()
        self.opType = opType
        self.input = inputs
        self.output = [output]
        self.name = output
        self.attribute = attributes
    }
}

extension Onnx_TensorProto {
    /// A float32 initializer; the values go into `raw_data`, little-endian as ONNX requires.
    init(name: String, float tensor: Tensor) {
        self.init(name: name, shape: tensor.shape)
        dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        rawData = tensor.withUnsafeBufferPointer { Onnx_TensorProto.littleEndianBytes($0) }
    }

    /// A float32 initializer from values.
    init(name: String, floats: [Float], shape: [Int]) {
        self.init(name: name, shape: shape)
        dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        rawData = floats.withUnsafeBufferPointer { Onnx_TensorProto.littleEndianBytes($0) }
    }

    /// A 1-D int64 initializer (shapes, pads, slice bounds).
    init(name: String, int64s: [Int]) {
        self.init(name: name, shape: [int64s.count])
        dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        int64Data = int64s.map(Int64.init)
    }

    private init(name: String, shape: [Int]) {
        self.init()
        self.name = name
        dims = shape.map(Int64.init)
    }

    private static func littleEndianBytes(_ values: UnsafeBufferPointer<Float>) -> Data {
        #if _endian(little)
        return Data(buffer: values)
        #else
        var data = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
        #endif
    }

    /// The float32 values of a tensor written with `raw_data` or `float_data`.
    var floatValues: [Float] {
        if !floatData.isEmpty { return floatData }
        return rawData.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}

extension Onnx_ValueInfoProto {
    /// A float32 tensor value whose dimensions are fixed sizes or named symbols (`N`).
    init(name: String, dimensions: [ONNXDimension]) {
        self.init()
        self.name = name
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape.dim = dimensions.map { d in
            var dim = Onnx_TensorShapeProto.Dimension()
            switch d {
            case .fixed(let n): dim.dimValue = Int64(n)
            case .symbol(let s): dim.dimParam = s
            }
            return dim
        }
        type.tensorType = tensor
    }
}

/// One dimension of an ONNX graph input or output: a fixed size or a symbol such as `N`.
public enum ONNXDimension: Equatable, Sendable, CustomStringConvertible {
    case fixed(Int)
    case symbol(String)

    public var description: String {
        switch self {
        case .fixed(let n): String(n)
        case .symbol(let s): s
        }
    }
}
