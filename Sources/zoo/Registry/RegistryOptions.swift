import ArgumentParser
import Foundation
import Registry
import ZooCore

/// NGC's `--org` / `--team`: the org (and team) a target without one belongs to.
struct ScopeOptions: ParsableArguments {
    @Option(name: .customLong("org"), help: "Org for targets that name none (default: ZOO_ORG).")
    var org: String?

    @Option(name: .customLong("team"), help: "Team for targets that name only a model (default: ZOO_TEAM).")
    var team: String?

    var defaultOrg: String? { org ?? Environment.value("ZOO_ORG").flatMap { $0.isEmpty ? nil : $0 } }
    var defaultTeam: String? { team ?? Environment.value("ZOO_TEAM").flatMap { $0.isEmpty ? nil : $0 } }

    /// Parses a target that names one model or version.
    func ref(_ target: String) throws -> ModelRef {
        var ref = try ModelRef(parsing: target, defaultOrg: defaultOrg)
        if !target.contains("/"), let team = defaultTeam { ref.team = team }
        return ref
    }

    /// Parses a list pattern; without one, everything (in `--org` when given).
    func pattern(_ text: String?) throws -> ModelPattern {
        guard let text else {
            guard let org = defaultOrg else { return .everything }
            return try ModelPattern(parsing: defaultTeam.map { "\(org)/\($0)/*" } ?? "\(org)/*")
        }
        if !text.contains("/"), let org = defaultOrg, let team = defaultTeam {
            return try ModelPattern(parsing: "\(org)/\(team)/\(text)")
        }
        return try ModelPattern(parsing: text, defaultOrg: defaultOrg)
    }
}

/// Output shared by the registry commands.
enum RegistryOutput {
    /// Prints `value` as indented JSON on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        Terminal.write(try RegistryJSON.text(value), to: .standardOutput)
    }

    /// Prints lines on stdout.
    static func lines(_ lines: [String]) {
        Terminal.write(lines.joined(separator: "\n") + "\n", to: .standardOutput)
    }

    /// NGC's framing line.
    static let rule = String(repeating: "-", count: 52)
}
