#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about where output goes: whether a stream is a terminal, its width, and whether color is wanted.
public enum Terminal {
    /// The standard streams, by file descriptor.
    public enum Stream: Int32, Sendable {
        case standardOutput = 1
        case standardError = 2
    }

    /// True when `stream` is attached to a terminal.
    public static func isTerminal(_ stream: Stream) -> Bool { isatty(stream.rawValue) == 1 }

    /// The terminal's width in columns, `COLUMNS` when not a terminal, else nil (no wrapping).
    public static func width(_ stream: Stream = .standardOutput) -> Int? {
        var size = winsize()
        if isTerminal(stream), ioctl(stream.rawValue, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = Environment.value("COLUMNS").flatMap(Int.init), columns > 0 { return columns }
        return nil
    }

    /// Color only on a terminal and only when `NO_COLOR` is unset or empty (https://no-color.org).
    public static func colorEnabled(_ stream: Stream = .standardOutput) -> Bool {
        isTerminal(stream) && (Environment.value("NO_COLOR") ?? "").isEmpty
    }

    /// Writes text to a stream without buffering surprises (stdout via print's buffer, stderr directly).
    public static func write(_ text: String, to stream: Stream) {
        if stream == .standardOutput {
            print(text, terminator: "")
            fflush(nil)  // all C streams: keeps print() and direct writes in order
        } else {
            var bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written <= 0 { break }
                offset += written
            }
            bytes.removeAll()
        }
    }
}

/// ANSI styling that degrades to plain text when color is off.
public struct Style: Sendable {
    public let enabled: Bool
    public init(enabled: Bool) { self.enabled = enabled }

    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}

/// Read access to the process environment.
public enum Environment {
    /// The value of an environment variable, or nil.
    public static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}
