import ZooCore

/// A line and column in a spec file, both 1-based (columns count Unicode scalars).
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// One problem in a spec file: where it is and what is wrong, printed as `file:line:col: message`.
public struct SpecDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The spec file as the user named it.
    public var file: String
    /// Where the problem is; nil when it is not tied to a place (an unreadable file).
    public var position: SourcePosition?
    /// What is wrong, in one line.
    public var message: String

    public init(file: String, position: SourcePosition?, message: String) {
        self.file = file
        self.position = position
        self.message = message
    }

    public var description: String {
        position.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

extension ZooError {
    /// One error for every problem of a spec, one `file:line:col: message` line each, in file order.
    public static func spec(_ diagnostics: [SpecDiagnostic], hint: String? = nil) -> ZooError {
        let sorted = diagnostics.sorted {
            ($0.position ?? SourcePosition(line: 0, column: 0)) < ($1.position ?? SourcePosition(line: 0, column: 0))
        }
        let file = sorted.first?.file ?? "spec"
        let defaultHint = sorted.count > 1
            ? "fix these \(sorted.count) problems, then check again with `zoo spec validate \(file)`"
            : "fix the spec, then check it again with `zoo spec validate \(file)`"
        return ZooError.usage(sorted.map(\.description).joined(separator: "\n"), hint: hint ?? defaultHint)
    }
}
