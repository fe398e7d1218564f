import Foundation
import Yams
import ZooCore

/// Loading one kind of YAML spec (BPNet's): parse with Yams, decode into `T` collecting every
/// problem with its line and column, validate, resolve paths, print back.
struct YAMLSpecFormat<T: Codable & Sendable & Equatable>: Sendable {
    let task: SpecTask
    let kind: SpecKind
    let validate: @Sendable (T, inout SpecIssues) -> Void
    let resolvePaths: @Sendable (inout T, (String) -> String) -> Void

    func load(_ path: String) throws -> LoadedSpec<T> {
        try load(SourceText(try SpecFile.read(path)), file: path)
    }

    /// Loads spec text that came from `path`.
    func load(_ source: SourceText, file path: String) throws -> LoadedSpec<T> {
        let (spec, defaults) = try decode(source, file: path)
        var message = spec
        let folder = SpecPaths.folder(of: path)
        resolvePaths(&message) { SpecPaths.resolve($0, relativeTo: folder) }
        let canonical = try Self.yaml(message)
        return LoadedSpec(file: path, task: task, kind: kind, asWritten: spec, message: message,
                          appliedDefaults: defaults.map { "\($0.path) = \($0.value) (TAO's default)" },
                          params: Self.params(ofYAML: canonical), canonicalText: canonical,
                          canonicalTextAsWritten: try Self.yaml(spec))
    }

    /// Decodes and validates, or throws every problem with its position.
    func decode(_ source: SourceText, file: String) throws -> (T, [(path: String, value: String)]) {
        func fail(_ offsetOrMark: SourcePosition?, _ message: String) -> ZooError {
            ZooError.spec([SpecDiagnostic(file: file, position: offsetOrMark, message: message)])
        }
        if let bad = source.firstInvalidUTF8Offset() { throw fail(source.position(of: bad), "the file is not UTF-8 text") }
        let text = String(decoding: source.bytes, as: UTF8.self)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw fail(nil, "the file is empty") }
            root = node
        } catch let error as YamlError {
            let (position, message) = Self.describe(error)
            throw fail(position, message)
        }
        guard root.mapping != nil else {
            throw fail(root.mark.map(Self.position), "expected a mapping of keys to values at the top of the file")
        }
        let log = YAMLDecodeLog()
        let spec: T
        do {
            spec = try YAMLDecoder().decode(T.self, from: root, userInfo: [YAMLDecodeLog.key: log])
        } catch let error as DecodingError {
            let path = Self.codingPath(of: error)
            throw fail(Self.position(of: path, in: root, atKey: false),
                       YAMLDescriptions.describe(error, key: path.joined(separator: ".")))
        }
        var diagnostics = log.problems.map {
            SpecDiagnostic(file: file, position: Self.position(of: $0.path, in: root, atKey: $0.atKey), message: $0.message)
        }
        // Values that did not decode stand in as placeholders; checking them would only repeat the problem.
        var issues = SpecIssues()
        if diagnostics.isEmpty { validate(spec, &issues) }
        diagnostics += issues.items.map {
            let path = $0.path.split(separator: ".").map(String.init)
            return SpecDiagnostic(file: file, position: Self.position(of: path, in: root, atKey: true), message: $0.message)
        }
        var seen = Set<String>()
        diagnostics = diagnostics.filter { seen.insert($0.description).inserted }
        guard diagnostics.isEmpty else { throw ZooError.spec(diagnostics) }
        return (spec, log.defaults)
    }

    // MARK: - Positions

    private static func position(_ mark: Mark) -> SourcePosition { SourcePosition(line: mark.line, column: mark.column) }

    /// Where `path` is written: the key itself (`atKey`) or its value; the closest existing
    /// ancestor when the path does not exist.
    static func position(of path: [String], in root: Node, atKey: Bool) -> SourcePosition? {
        var node = root
        var best = root.mark
        for (i, component) in path.enumerated() {
            if let mapping = node.mapping {
                guard let pair = mapping.first(where: { $0.key.string == component }) else { break }
                best = (atKey && i == path.count - 1 ? pair.key.mark : pair.value.mark) ?? best
                if i < path.count - 1, pair.value.mapping == nil, pair.value.sequence == nil { best = pair.key.mark ?? best }
                node = pair.value
            } else if let sequence = node.sequence, let index = Int(component), sequence.indices.contains(index) {
                node = sequence[index]
                best = node.mark ?? best
            } else {
                break
            }
        }
        return best.map(position)
    }

    private static func codingPath(of error: DecodingError) -> [String] {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return []
        }
        return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
    }

    private static func describe(_ error: YamlError) -> (SourcePosition?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return (position(mark), "invalid YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (position(context.mark), "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in a mapping")
        case .reader(let problem, _, _, _):
            return (nil, "unreadable YAML: \(problem)")
        default:
            return (nil, "invalid YAML: \(error)")
        }
    }

    // MARK: - Printing and params

    static func yaml(_ spec: T) throws -> String {
        var options = YAMLEncoder.Options()
        options.sortKeys = false
        let encoder = YAMLEncoder()
        encoder.options = options
        return try encoder.encode(spec)
    }

    /// Every scalar of a YAML document as a dotted key (list elements indexed), nulls left out.
    static func params(ofYAML text: String) -> [SpecParam] {
        guard let root = try? Yams.compose(yaml: text) else { return [] }
        var out: [SpecParam] = []
        func walk(_ node: Node, _ prefix: String) {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    let name = key.string ?? ""
                    walk(value, prefix.isEmpty ? name : prefix + "." + name)
                }
            } else if let sequence = node.sequence {
                for (i, element) in sequence.enumerated() { walk(element, "\(prefix).\(i)") }
            } else if let scalar = node.scalar, node.null == nil {
                out.append(SpecParam(key: prefix, value: scalar.string))
            }
        }
        walk(root, "")
        return out
    }
}
