import SwiftProtobuf
import ZooCore

/// Everything zoo knows about one protobuf-text spec format: its message type, TAO's required
/// sections and value checks, the task's own cross-field checks, its fallbacks and path fields.
struct ProtoSpecFormat<M: SwiftProtobuf.Message>: Sendable {
    let task: SpecTask
    let kind: SpecKind
    /// A name for messages: "detectnet_v2 experiment spec".
    var title: String { "\(task) \(kind == .datasetConvert ? "dataset_convert" : kind.rawValue) spec" }
    /// TAO's table-driven checks for an action.
    let fieldRules: @Sendable (SpecAction) -> FieldRules
    /// Checks across fields and sections that TAO makes in code.
    let validate: @Sendable (M, SpecAction, inout SpecIssues) -> Void
    let defaults: [SpecFallback<M>]
    /// Rewrites every path field with `resolve`.
    let resolvePaths: @Sendable (inout M, (String) -> String) -> Void

    /// Loads, validates and completes the spec at `path`; every problem is reported in one error.
    func load(_ path: String, for action: SpecAction) throws -> LoadedSpec<M> {
        try load(SourceText(try SpecFile.read(path)), file: path, for: action)
    }

    /// Loads spec text that came from `file`.
    func load(_ source: SourceText, file: String, for action: SpecAction) throws -> LoadedSpec<M> {
        let (message, tree) = try parse(source, file: file)
        let diagnostics = check(message, tree: tree, source: source, file: file, action: action)
        guard diagnostics.isEmpty else { throw ZooError.spec(diagnostics) }
        return complete(message, file: file)
    }

    /// Parses text into the message and its tree, or throws every syntax problem.
    func parse(_ source: SourceText, file: String) throws -> (M, TextMessage) {
        if let bad = source.firstInvalidUTF8Offset() {
            throw ZooError.spec([SpecDiagnostic(file: file, position: source.position(of: bad),
                                                message: "the file is not UTF-8 text")])
        }
        var parser = TextFormatParser(source.bytes)
        let tree = parser.parse(ProtoSchema.specs.message(for: M.self))
        let problems = parser.problems.map {
            SpecDiagnostic(file: file, position: source.position(of: $0.offset), message: $0.message)
        }
        guard let tree, problems.isEmpty else { throw ZooError.spec(problems) }
        do {
            return (try BinaryWriter.decode(tree, as: M.self), tree)
        } catch {
            throw ZooError("internal error decoding \(file) as \(M.protoMessageName): \(error)",
                           hint: "please report this with the spec file")
        }
    }

    /// Every validation problem of a parsed spec, with positions.
    func check(_ message: M, tree: TextMessage, source: SourceText, file: String, action: SpecAction) -> [SpecDiagnostic] {
        var issues = SpecIssues()
        fieldRules(action).validate(tree, into: &issues)
        validate(message, action, &issues)
        var seen = Set<String>()
        return issues.items.compactMap { issue in
            let offset = issue.offset ?? tree.offset(of: issue.path)
            let diagnostic = SpecDiagnostic(file: file, position: source.position(of: offset), message: issue.message)
            return seen.insert(diagnostic.description).inserted ? diagnostic : nil
        }
    }

    /// Applies the fallbacks and resolves paths against the spec's folder.
    func complete(_ written: M, file: String) -> LoadedSpec<M> {
        var message = written
        var applied: [String] = []
        for fallback in defaults where fallback.apply(&message) {
            applied.append("\(fallback.path) = \(fallback.value) (\(fallback.reason))")
        }
        let folder = SpecPaths.folder(of: file)
        resolvePaths(&message) { SpecPaths.resolve($0, relativeTo: folder) }
        let canonical = message.textFormatString()
        return LoadedSpec(file: file, task: task, kind: kind, asWritten: written, message: message,
                          appliedDefaults: applied, params: Self.params(of: message), canonicalText: canonical,
                          canonicalTextAsWritten: written.textFormatString())
    }

    /// The flattened params of a message, read back from its canonical text so that merged and
    /// repeated occurrences appear once, in field order.
    static func params(of message: M) -> [SpecParam] {
        var parser = TextFormatParser(Array(message.textFormatString().utf8))
        guard let tree = parser.parse(ProtoSchema.specs.message(for: M.self)) else { return [] }
        return tree.flattened().map { SpecParam(key: $0.key, value: $0.value) }
    }
}

/// One of TAO's code-level fallbacks: a field whose zero value means "use this default".
struct SpecFallback<M>: Sendable {
    /// The field, as a dotted path.
    let path: String
    /// The value used instead of zero, as text.
    let value: String
    /// Where TAO applies it.
    let reason: String
    /// Sets the field if it is zero; returns whether it did.
    let apply: @Sendable (inout M) -> Bool
}
