import ArgumentParser
import ClassificationPlugin
import Foundation
import Registry
import Tasks
import ZooCore

/// `zoo registry build PATTERN`: builds catalog versions from their recipes with zoo's own
/// workflow (synthetic data → train → prune → retrain → export), records every run, and
/// publishes the versions into the local store with measured accuracy and sizes. Versions a
/// recipe starts from (`pretrained`) are built first when they are not built yet.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build catalog versions from their recipes and publish them into the local store.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Versions to build, e.g. 'nvidia/tlt_vehicletypenet:*' or nvidia/tlt_pretrained_classification:resnet18.")
    var pattern: String

    @Option(name: .customLong("work"), help: "Working folder for data, specs and runs (default: $ZOO_HOME/builds).")
    var work: String?

    func run() throws {
        let backend = try global.registryBackend()
        guard backend is LocalRegistry else {
            throw ZooError.usage("zoo registry build publishes into a local store, not a remote registry.",
                                 hint: "drop --registry URL (or pass a store folder)")
        }
        let pattern = try ModelPattern(parsing: pattern.contains(":") ? pattern : pattern + ":*")
        var targets: [ModelRef] = []
        for model in try backend.models(matching: pattern) {
            for version in try backend.versions(of: model.ref) where pattern.matches(version: version.versionId) && version.recipe != nil {
                var ref = model.ref
                ref.version = version.versionId
                targets.append(ref)
            }
        }
        guard !targets.isEmpty else {
            throw ZooError.notFound("No version matching '\(pattern)' has a recipe.",
                                    hint: "see which do with 'zoo list \"nvidia/tlt_*:*\"'; recipes exist for the classification models")
        }
        let workRoot = URL(fileURLWithPath: work ?? global.paths.home.appendingPathComponent("builds").path, isDirectory: true)
        var built = Set<String>()
        for ref in targets { try build(ref, backend: backend, work: workRoot, built: &built) }
    }

    /// Builds `ref` (after what its recipe starts from) unless it is built already.
    private func build(_ ref: ModelRef, backend: any RegistryBackend, work: URL, built: inout Set<String>) throws {
        guard !built.contains(ref.description) else { return }
        let (_, version) = try backend.version(ref)
        guard version.status != .uploadComplete else {
            say("\(ref) is built already (UPLOAD_COMPLETE).")
            built.insert(ref.description)
            return
        }
        guard let json = version.recipe else {
            throw ZooError.usage("\(ref) has no recipe.", hint: "only versions with a recipe in registry/ can be built")
        }
        let recipe = try ClassificationRecipe(json)
        if let dependency = recipe.pretrained, let dependencyRef = try? ModelRef(parsing: dependency), dependencyRef.version != nil {
            try build(dependencyRef, backend: backend, work: work, built: &built)
        }
        let folder = work.appendingPathComponent([ref.org, ref.team, ref.name, ref.version].compactMap { $0 }.joined(separator: "/"))
        say("== Building \(ref) (\(recipe.stage)) in \(folder.path)")
        let result = try recipe.build(ref: ref, artifacts: version.artifacts ?? [], key: version.key, work: folder,
                                      options: global, say: say)
        _ = try Publisher(backend: backend).publish(ref, source: result.folder, metadata: result.metadata)
        say("Published \(ref): accuracy \(result.metadata.accuracyReached.map { "\($0)%" } ?? "n/a"), runs \(result.runs.map { "#\($0)" }.joined(separator: " "))")
        built.insert(ref.description)
    }

    private func say(_ line: String) { Terminal.write(line + "\n", to: .standardOutput) }
}
