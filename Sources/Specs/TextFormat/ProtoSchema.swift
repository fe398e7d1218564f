import Foundation
import SwiftProtobuf

/// The shape of one protobuf field, as the text-format parser needs it.
struct FieldSchema: Sendable {
    /// The scalar, enum or message type of a field.
    enum Kind: Sendable, Equatable {
        case double, float, int64, uint64, int32, uint32, sint32, sint64
        case fixed32, fixed64, sfixed32, sfixed64, bool, string, bytes
        case enumeration(String)
        case message(String)
    }

    var name: String
    var number: Int
    var kind: Kind
    var isRepeated: Bool
    /// The oneof the field belongs to, if any.
    var oneof: String?
}

/// The fields of one message type.
final class MessageSchema: Sendable {
    let fullName: String
    let fields: [FieldSchema]
    /// True for the synthetic `XxxEntry` messages protoc makes for `map<K, V>` fields.
    let isMapEntry: Bool
    private let indexByName: [String: Int]

    init(fullName: String, fields: [FieldSchema], isMapEntry: Bool) {
        self.fullName = fullName
        self.fields = fields.sorted { $0.number < $1.number }
        self.isMapEntry = isMapEntry
        var index: [String: Int] = [:]
        for (i, field) in self.fields.enumerated() { index[field.name] = i }
        indexByName = index
    }

    /// The short name: `TrainingConfig` for `zoo.detectnet_v2.TrainingConfig`.
    var name: String { String(fullName.split(separator: ".").last ?? "") }

    func field(named name: String) -> FieldSchema? {
        indexByName[name].map { fields[$0] }
    }

    /// The members of a oneof, in field-number order.
    func members(ofOneof oneof: String) -> [String] {
        fields.filter { $0.oneof == oneof }.map(\.name)
    }
}

/// The values of one enum type.
struct EnumSchema: Sendable {
    var fullName: String
    var values: [(name: String, number: Int32)]

    func number(named name: String) -> Int32? { values.first { $0.name == name }?.number }
    func name(of number: Int32) -> String? { values.first { $0.number == number }?.name }
}

/// Every message and enum of the spec protos, read once from the FileDescriptorSet that
/// `scripts/generate-protos` embeds next to the generated code. The parser uses it for field names,
/// types and enum values; swift-protobuf's generated types hold the decoded values.
final class ProtoSchema: Sendable {
    let messages: [String: MessageSchema]
    let enums: [String: EnumSchema]

    /// The schema of this module's protos.
    static let specs: ProtoSchema = {
        guard let data = Data(base64Encoded: ProtoDescriptors.fileDescriptorSetBase64, options: .ignoreUnknownCharacters),
              let set = try? Google_Protobuf_FileDescriptorSet(serializedBytes: data)
        else { preconditionFailure("Generated/ProtoDescriptors.swift is corrupt; run scripts/generate-protos") }
        return ProtoSchema(set)
    }()

    init(_ set: Google_Protobuf_FileDescriptorSet) {
        var messages: [String: MessageSchema] = [:]
        var enums: [String: EnumSchema] = [:]

        func addEnum(_ proto: Google_Protobuf_EnumDescriptorProto, scope: String) {
            let fullName = scope + "." + proto.name
            enums[fullName] = EnumSchema(fullName: fullName, values: proto.value.map { ($0.name, $0.number) })
        }

        func addMessage(_ proto: Google_Protobuf_DescriptorProto, scope: String) {
            let fullName = scope + "." + proto.name
            let fields = proto.field.map { field -> FieldSchema in
                let oneof = field.hasOneofIndex && !field.proto3Optional
                    ? proto.oneofDecl[Int(field.oneofIndex)].name : nil
                return FieldSchema(name: field.name, number: Int(field.number), kind: Self.kind(of: field),
                                   isRepeated: field.label == .repeated, oneof: oneof)
            }
            messages[fullName] = MessageSchema(fullName: fullName, fields: fields, isMapEntry: proto.options.mapEntry)
            for nested in proto.nestedType { addMessage(nested, scope: fullName) }
            for nested in proto.enumType { addEnum(nested, scope: fullName) }
        }

        for file in set.file {
            for message in file.messageType { addMessage(message, scope: file.package) }
            for enumeration in file.enumType { addEnum(enumeration, scope: file.package) }
        }
        self.messages = messages
        self.enums = enums
    }

    private static func kind(of field: Google_Protobuf_FieldDescriptorProto) -> FieldSchema.Kind {
        let typeName = field.typeName.hasPrefix(".") ? String(field.typeName.dropFirst()) : field.typeName
        switch field.type {
        case .double: return .double
        case .float: return .float
        case .int64: return .int64
        case .uint64: return .uint64
        case .int32: return .int32
        case .fixed64: return .fixed64
        case .fixed32: return .fixed32
        case .bool: return .bool
        case .string: return .string
        case .bytes: return .bytes
        case .uint32: return .uint32
        case .sfixed32: return .sfixed32
        case .sfixed64: return .sfixed64
        case .sint32: return .sint32
        case .sint64: return .sint64
        case .enum: return .enumeration(typeName)
        case .message, .group: return .message(typeName)
        }
    }

    /// The message schema for a generated swift-protobuf type.
    func message<M: SwiftProtobuf.Message>(for type: M.Type) -> MessageSchema {
        guard let schema = messages[M.protoMessageName] else {
            preconditionFailure("\(M.protoMessageName) is not in Generated/ProtoDescriptors.swift; run scripts/generate-protos")
        }
        return schema
    }
}
