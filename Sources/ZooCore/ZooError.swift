/// A failure a user can cause or fix: a one-line message, a hint that says what to do, and the
/// process exit code. The CLI prints it without a stack trace; libraries throw it for every
/// user-facing problem (bad spec, unknown model, wrong key, missing file, network fault…).
public struct ZooError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in one line.
    public var message: String
    /// What the user can do about it, or nil when there is nothing useful to add.
    public var hint: String?
    /// The exit code the CLI ends with.
    public var exitCode: Int32

    /// Exit codes used by the CLI.
    public enum Code {
        /// A generic failure.
        public static let failure: Int32 = 1
        /// Bad arguments, target syntax or spec.
        public static let usage: Int32 = 2
        /// The thing named does not exist (model, version, run, file).
        public static let notFound: Int32 = 3
        /// A network or server fault.
        public static let network: Int32 = 4
        /// A wrong key, missing credentials or a refused request.
        public static let auth: Int32 = 5
        /// Data failed an integrity check (digest, size, format).
        public static let integrity: Int32 = 6
    }

    public init(_ message: String, hint: String? = nil, exitCode: Int32 = Code.failure) {
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    /// A usage error (exit code 2).
    public static func usage(_ message: String, hint: String? = nil) -> ZooError {
        ZooError(message, hint: hint, exitCode: Code.usage)
    }

    /// A not-found error (exit code 3).
    public static func notFound(_ message: String, hint: String? = nil) -> ZooError {
        ZooError(message, hint: hint, exitCode: Code.notFound)
    }

    public var description: String {
        guard let hint, !hint.isEmpty else { return message }
        return "\(message) (hint: \(hint))"
    }

    /// The two lines the CLI prints on stderr.
    public var rendered: String {
        var text = "Error: \(message)"
        if let hint, !hint.isEmpty { text += "\nHint: \(hint)" }
        return text
    }
}

extension ZooError {
    /// Wraps any error as a `ZooError`: one that is, or knows how to become one (`ZooErrorConvertible`), as it says.
    public static func wrap(_ error: any Error, context: String? = nil) -> ZooError {
        if let convertible = error as? any ZooErrorConvertible { return convertible.zooError }
        let text = String(describing: error)
        return ZooError(context.map { "\($0): \(text)" } ?? text)
    }
}

/// An error a module throws to be caught by its own callers, which also knows how to tell a user
/// about itself when nobody does (`ZooError.wrap` uses `zooError`).
public protocol ZooErrorConvertible: Error {
    var zooError: ZooError { get }
}

extension ZooError: ZooErrorConvertible {
    public var zooError: ZooError { self }
}
