import SwiftProtobuf

/// Writes a parsed `TextMessage` as protobuf binary, which swift-protobuf then decodes into the
/// generated type. Text goes through this one parser (ours, with positions) and never through a
/// second one that could disagree with it.
enum BinaryWriter {
    static func encode(_ message: TextMessage) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(message, into: &out)
        return out
    }

    /// Decodes a parsed message into its generated swift-protobuf type.
    static func decode<M: SwiftProtobuf.Message>(_ message: TextMessage, as type: M.Type) throws -> M {
        try M(serializedBytes: encode(message))
    }

    private static func write(_ message: TextMessage, into out: inout [UInt8]) {
        for entry in message.entries {
            let field = entry.field
            switch entry.value {
            case .scalar(let s):
                writeScalar(s.value, field: field, into: &out)
            case .scalars(let list):
                for s in list { writeScalar(s.value, field: field, into: &out) }
            case .message(let m):
                writeLengthDelimited(number: field.number, into: &out) { write(m, into: &$0) }
            case .messages(let list):
                for m in list { writeLengthDelimited(number: field.number, into: &out) { write(m, into: &$0) } }
            case .map(let entries):
                guard case .message(let entryType) = field.kind,
                      let entrySchema = ProtoSchema.specs.messages[entryType],
                      let keyField = entrySchema.field(named: "key"),
                      let valueField = entrySchema.field(named: "value") else { continue }
                for entry in entries {
                    writeLengthDelimited(number: field.number, into: &out) { body in
                        writeScalar(entry.key.value, field: keyField, into: &body)
                        switch entry.value {
                        case .scalar(let s): writeScalar(s.value, field: valueField, into: &body)
                        case .message(let m): writeLengthDelimited(number: valueField.number, into: &body) { write(m, into: &$0) }
                        case .scalars, .messages, .map: break
                        }
                    }
                }
            }
        }
    }

    private static func writeLengthDelimited(number: Int, into out: inout [UInt8], body: (inout [UInt8]) -> Void) {
        var inner: [UInt8] = []
        body(&inner)
        writeVarint(UInt64(number << 3 | 2), into: &out)
        writeVarint(UInt64(inner.count), into: &out)
        out += inner
    }

    private static func writeScalar(_ value: ScalarValue, field: FieldSchema, into out: inout [UInt8]) {
        let number = field.number
        switch (field.kind, value) {
        case (.float, .float(let v)):
            writeVarint(UInt64(number << 3 | 5), into: &out)
            writeFixed(UInt64(Float(v).bitPattern), bytes: 4, into: &out)
        case (.double, .float(let v)):
            writeVarint(UInt64(number << 3 | 1), into: &out)
            writeFixed(v.bitPattern, bytes: 8, into: &out)
        case (.fixed32, .uint(let v)):
            writeVarint(UInt64(number << 3 | 5), into: &out)
            writeFixed(v, bytes: 4, into: &out)
        case (.sfixed32, .int(let v)):
            writeVarint(UInt64(number << 3 | 5), into: &out)
            writeFixed(UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: v))), bytes: 4, into: &out)
        case (.fixed64, .uint(let v)):
            writeVarint(UInt64(number << 3 | 1), into: &out)
            writeFixed(v, bytes: 8, into: &out)
        case (.sfixed64, .int(let v)):
            writeVarint(UInt64(number << 3 | 1), into: &out)
            writeFixed(UInt64(bitPattern: v), bytes: 8, into: &out)
        case (.sint32, .int(let v)), (.sint64, .int(let v)):
            writeVarint(UInt64(number << 3), into: &out)
            writeVarint(UInt64(bitPattern: (v << 1) ^ (v >> 63)), into: &out)
        case (_, .int(let v)):
            writeVarint(UInt64(number << 3), into: &out)
            writeVarint(UInt64(bitPattern: v), into: &out)
        case (_, .uint(let v)):
            writeVarint(UInt64(number << 3), into: &out)
            writeVarint(v, into: &out)
        case (_, .bool(let v)):
            writeVarint(UInt64(number << 3), into: &out)
            writeVarint(v ? 1 : 0, into: &out)
        case (_, .enumeration(_, let n)):
            writeVarint(UInt64(number << 3), into: &out)
            writeVarint(UInt64(bitPattern: Int64(n)), into: &out)
        case (_, .string(let v)):
            writeVarint(UInt64(number << 3 | 2), into: &out)
            writeVarint(UInt64(v.utf8.count), into: &out)
            out += v.utf8
        case (_, .bytes(let v)):
            writeVarint(UInt64(number << 3 | 2), into: &out)
            writeVarint(UInt64(v.count), into: &out)
            out += v
        case (_, .float):
            break  // a float value only ever comes from a float or double field
        }
    }

    private static func writeVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func writeFixed(_ value: UInt64, bytes: Int, into out: inout [UInt8]) {
        for i in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }
}
