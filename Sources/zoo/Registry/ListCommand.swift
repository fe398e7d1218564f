import ArgumentParser
import Tasks
import Registry
import ZooCore

/// `zoo list [PATTERN]`: NGC's model table, or one model's version table for `name:*`.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List models matching a pattern, or the versions of one model (name:*).",
        discussion: """
            Patterns match the whole org[/team]/name with * and ? (so 'nvidia/tlt_*' does not match \
            'nvidia/tao/x'); quote them so the shell leaves them alone. Examples: zoo list 'nvidia/tlt_*', \
            zoo list 'nvidia/tlt_peoplenet:*', zoo list 'nvidia/tlt_peoplenet:pruned_*'.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var scope: ScopeOptions

    @Argument(help: "[org/[team/]]name[:version] pattern (default: every model).")
    var target: String?

    @Option(name: .customLong("column"), help: "A column to show (repeatable): name, org, team, description, updated, created, shared, size, repository, version, application, framework, precision, permission, accuracy, epochs, batch, gpu, memory, status, labels.")
    var columns: [String] = []

    @Option(name: .customLong("sort"), help: "Version order: \(VersionOrder.allCases.map(\.rawValue).joined(separator: ", ")) (default SEMVER_DESC; version lists only).")
    var sort: String?

    func run() throws {
        let pattern = try scope.pattern(target)
        let backend = try global.registryBackend()
        if pattern.listsVersions {
            guard let ref = pattern.modelRef else {
                throw ZooError.usage("Invalid target: '\(target ?? "")', pattern matching is not allowed on both model and version at the same time.")
            }
            let order = try sort.map { text -> VersionOrder in
                guard let order = VersionOrder(rawValue: text.uppercased()) else {
                    throw ZooError.usage("Unknown --sort '\(text)'.", hint: "use one of \(VersionOrder.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return order
            } ?? .semverDescending
            let versions = order.sorted(try backend.versions(of: ref).filter { pattern.matches(version: $0.versionId) })
            if global.format == .json { return try RegistryOutput.json(versions) }
            let columns = try ListColumns.select(self.columns, from: ListColumns.versions,
                                                 defaults: ListColumns.defaultVersionKeys, first: "version")
            CLIOutput.print(ListColumns.table(versions, columns), format: global.format)
        } else {
            if sort != nil {
                throw ZooError.usage("--sort argument is not valid for a model target, please specify a version.",
                                     hint: "e.g. zoo list 'nvidia/tlt_peoplenet:*' --sort SEMVER_ASC")
            }
            if global.format == .json { return try RegistryOutput.json(try backend.models(matching: pattern)) }
            let columns = try ListColumns.select(self.columns, from: ListColumns.models(guest: backend.isGuest),
                                                 defaults: ListColumns.defaultModelKeys, first: "repository")
            CLIOutput.print(ListColumns.table(try backend.listing(matching: pattern), columns), format: global.format)
        }
    }
}
