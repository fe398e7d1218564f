import Engine
import Foundation

/// NumPy's `.npy` format (version 1.0) for float32 tensors, so the Python side reads exactly the
/// values zoo used and produced.
enum NumPyFile {
    /// The `.npy` bytes of `tensor` (little-endian float32, C order).
    static func data(_ tensor: Tensor) -> Data {
        let shape = tensor.shape.map(String.init).joined(separator: ", ") + (tensor.shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(shape)), }"
        // Magic (6) + version (2) + length (2) + header, padded with spaces to a multiple of 64, ending in \n.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(Data(header.utf8))
        tensor.withUnsafeBufferPointer { values in
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }
}
