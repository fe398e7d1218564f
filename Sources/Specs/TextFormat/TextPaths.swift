/// Dotted paths into a parsed spec, the names problems and params use:
/// `training_config.batch_size_per_gpu`, `cost_function_config.target_classes.1.name` (repeated
/// fields by index), `postprocessing_config.target_class_config.car.clustering_config` (maps by key).
extension TextMessage {
    /// Where the deepest existing part of `path` was written: the field itself if present,
    /// otherwise the closest enclosing block (the root is offset 0).
    func offset(of path: String) -> Int {
        var segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...]
        return locate(&segments, fallback: nameOffset)
    }

    private func locate(_ segments: inout ArraySlice<String>, fallback: Int) -> Int {
        guard let name = segments.popFirst() else { return fallback }
        guard let entry = entry(name) else { return fallback }
        switch entry.value {
        case .scalar(let s):
            return s.nameOffset
        case .message(let m):
            return m.locate(&segments, fallback: m.nameOffset)
        case .scalars(let list):
            guard let i = segments.popFirst().flatMap({ Int($0) }), list.indices.contains(i) else { return entry.nameOffset }
            return list[i].valueOffset
        case .messages(let list):
            guard let i = segments.popFirst().flatMap({ Int($0) }), list.indices.contains(i) else { return entry.nameOffset }
            return list[i].locate(&segments, fallback: list[i].nameOffset)
        case .map(let entries):
            // Keys may contain dots: take the longest run of segments that names an entry.
            for length in stride(from: segments.count, through: 1, by: -1) {
                let key = segments.prefix(length).joined(separator: ".")
                guard let match = entries.last(where: { $0.key.value.keyText == key }) else { continue }
                segments = segments.dropFirst(length)
                if case .message(let m) = match.value { return m.locate(&segments, fallback: match.nameOffset) }
                return match.nameOffset
            }
            return entry.nameOffset
        }
    }

    /// Every scalar of the message as `(path, value)` in field-number order, repeated fields
    /// indexed and maps keyed: the flattened params of a spec.
    func flattened(prefix: String = "") -> [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        let byNumber = entries.sorted { $0.field.number < $1.field.number }
        for entry in byNumber {
            let path = prefix.isEmpty ? entry.field.name : prefix + "." + entry.field.name
            switch entry.value {
            case .scalar(let s):
                out.append((path, s.value.rendered(as: entry.field.kind)))
            case .scalars(let list):
                for (i, s) in list.enumerated() { out.append(("\(path).\(i)", s.value.rendered(as: entry.field.kind))) }
            case .message(let m):
                let nested = m.flattened(prefix: path)
                out += nested
            case .messages(let list):
                for (i, m) in list.enumerated() { out += m.flattened(prefix: "\(path).\(i)") }
            case .map(let entries):
                let valueKind = mapValueKind(of: entry.field)
                for e in entries.sorted(by: { $0.key.value.keyText < $1.key.value.keyText }) {
                    let entryPath = path + "." + e.key.value.keyText
                    switch e.value {
                    case .scalar(let s): out.append((entryPath, s.value.rendered(as: valueKind)))
                    case .message(let m): out += m.flattened(prefix: entryPath)
                    case .scalars, .messages, .map: break
                    }
                }
            }
        }
        return out
    }

    private func mapValueKind(of field: FieldSchema) -> FieldSchema.Kind {
        guard case .message(let entryType) = field.kind,
              let value = ProtoSchema.specs.messages[entryType]?.field(named: "value") else { return .string }
        return value.kind
    }
}
