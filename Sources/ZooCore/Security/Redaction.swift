/// Removes secrets from anything zoo logs or stores: the values of `-k/--key` and API-key flags in
/// command lines, and any known secret value inside free text.
public enum Redaction {
    /// What a secret is replaced with.
    public static let mask = "****"

    /// Flags whose value is a secret (`-k KEY`, `--key=KEY`, …).
    public static let secretFlags: Set<String> = ["-k", "--key", "--api-key", "--api_key", "--apikey", "--password", "--token"]

    /// Environment variables whose value is a secret.
    public static let secretEnvironment = ["ZOO_API_KEY", "NGC_CLI_API_KEY", "NGC_API_KEY"]

    /// A command line with every secret flag value masked.
    ///
    /// `["zoo", "train", "-k", "tlt_encode"]` → `["zoo", "train", "-k", "****"]`;
    /// `--key=abc` → `--key=****`; `-kabc` → `-k****`.
    public static func redact(arguments: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(arguments.count)
        var maskNext = false
        for argument in arguments {
            if maskNext {
                out.append(mask)
                maskNext = false
                continue
            }
            if secretFlags.contains(argument) {
                out.append(argument)
                maskNext = true
            } else if let eq = argument.firstIndex(of: "="), secretFlags.contains(String(argument[..<eq])) {
                out.append(argument[..<eq] + "=" + mask)
            } else if argument.hasPrefix("-k"), argument.count > 2, !argument.hasPrefix("--") {
                out.append("-k" + mask)
            } else {
                out.append(argument)
            }
        }
        return out
    }

    /// `text` with every occurrence of each secret replaced by the mask (empty secrets are ignored).
    public static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            result = result.split(separator: secret, omittingEmptySubsequences: false).joined(separator: mask)
        }
        return result
    }

    /// The secrets present in this process's environment (API keys).
    public static func environmentSecrets() -> [String] {
        secretEnvironment.compactMap { Environment.value($0) }.filter { !$0.isEmpty }
    }

    /// The secret values a command line carries (the values `redact(arguments:)` masks).
    public static func secrets(in arguments: [String]) -> [String] {
        var found: [String] = []
        var next = false
        for argument in arguments {
            if next { found.append(argument); next = false; continue }
            if secretFlags.contains(argument) { next = true }
            else if let eq = argument.firstIndex(of: "="), secretFlags.contains(String(argument[..<eq])) {
                found.append(String(argument[argument.index(after: eq)...]))
            } else if argument.hasPrefix("-k"), argument.count > 2, !argument.hasPrefix("--") {
                found.append(String(argument.dropFirst(2)))
            }
        }
        return found.filter { !$0.isEmpty }
    }
}
