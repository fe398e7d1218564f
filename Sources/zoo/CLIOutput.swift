import Foundation
import ZooCore

/// Printing for commands: tables in the chosen format, and errors on stderr.
enum CLIOutput {
    /// Prints `table` to stdout in `format`, wrapping ascii tables to the terminal width.
    static func print(_ table: Table, format: OutputFormat) {
        Terminal.write(table.render(format, width: Terminal.width(.standardOutput)), to: .standardOutput)
    }

    /// Prints a user-facing error on stderr: two lines of text, or `{"error", "hint"}` in JSON mode.
    static func report(_ error: ZooError) {
        let secrets = Redaction.environmentSecrets() + Redaction.secrets(in: CommandLine.arguments)
        let message = Redaction.redact(error.message, secrets: secrets)
        let hint = error.hint.map { Redaction.redact($0, secrets: secrets) }
        if jsonRequested {
            var text = "{\"error\": " + JSONText.quote(message)
            if let hint { text += ", \"hint\": " + JSONText.quote(hint) }
            Terminal.write(text + "}\n", to: .standardError)
        } else {
            let style = Style(enabled: Terminal.colorEnabled(.standardError))
            var text = style.red("Error:") + " " + message + "\n"
            if let hint, !hint.isEmpty { text += style.dim("Hint: " + hint) + "\n" }
            Terminal.write(text, to: .standardError)
        }
    }

    /// Whether the command line (or ZOO_FORMAT_TYPE) asks for JSON, read without a full parse so
    /// that even parse-time errors honour it.
    private static var jsonRequested: Bool {
        let args = CommandLine.arguments
        if let i = args.firstIndex(of: "--format_type"), i + 1 < args.count { return args[i + 1] == "json" }
        if args.contains("--format_type=json") { return true }
        return Environment.value("ZOO_FORMAT_TYPE")?.lowercased() == "json"
    }
}
