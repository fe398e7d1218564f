import Foundation
import ZooCore

/// Where things live inside a registry store folder (the local store and the catalog share it):
///
/// ```
/// <root>/<org>/[<team>/]<name>/model.json                         NGC model object
/// <root>/<org>/[<team>/]<name>/versions/<version>/version.json    NGC version object (+ zoo fields)
/// <root>/<org>/[<team>/]<name>/versions/<version>/manifest.json   {"modelFiles": [...]} (built versions)
/// <root>/<org>/[<team>/]<name>/versions/<version>/files/<path>    the files
/// <root>/.index.tsv, .index.dirty, .lock, .staging/, .access.json store internals
/// ```
struct StoreLayout: Sendable {
    let root: URL

    func modelDirectory(_ ref: ModelRef) -> URL {
        [ref.team, ref.name].compactMap { $0 }.reduce(root.appendingPathComponent(ref.org)) {
            $0.appendingPathComponent($1, isDirectory: true)
        }
    }

    func modelFile(_ ref: ModelRef) -> URL { modelDirectory(ref).appendingPathComponent("model.json") }
    func versionsDirectory(_ ref: ModelRef) -> URL { modelDirectory(ref).appendingPathComponent("versions", isDirectory: true) }

    func versionDirectory(_ ref: ModelRef, _ version: String) -> URL {
        versionsDirectory(ref).appendingPathComponent(version, isDirectory: true)
    }

    func versionFile(_ ref: ModelRef, _ version: String) -> URL {
        versionDirectory(ref, version).appendingPathComponent("version.json")
    }

    func manifestFile(_ ref: ModelRef, _ version: String) -> URL {
        versionDirectory(ref, version).appendingPathComponent("manifest.json")
    }

    func filesDirectory(_ ref: ModelRef, _ version: String) -> URL {
        versionDirectory(ref, version).appendingPathComponent("files", isDirectory: true)
    }

    /// A cached zip of a built version (the `/zip` endpoint), made on first request.
    func zipFile(_ ref: ModelRef, _ version: String) -> URL {
        versionDirectory(ref, version).appendingPathComponent(".version.zip")
    }

    var indexFile: URL { root.appendingPathComponent(".index.tsv") }
    var dirtyMarker: URL { root.appendingPathComponent(".index.dirty") }
    var lockFile: URL { root.appendingPathComponent(".lock") }
    var staging: URL { root.appendingPathComponent(".staging", isDirectory: true) }
    var accessFile: URL { root.appendingPathComponent(".access.json") }

    /// Every model folder: `<org>/<name>` and `<org>/<team>/<name>` holding a `model.json`.
    func modelRefs() -> [ModelRef] {
        let fm = FileManager.default
        func children(_ url: URL) -> [String] {
            ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
        func hasModel(_ url: URL) -> Bool { fm.fileExists(atPath: url.appendingPathComponent("model.json").path) }
        var refs: [ModelRef] = []
        for org in children(root) {
            let orgURL = root.appendingPathComponent(org)
            for second in children(orgURL) {
                let secondURL = orgURL.appendingPathComponent(second)
                if hasModel(secondURL) { refs.append(ModelRef(org: org, name: second)) }
                for third in children(secondURL) where third != "versions" {
                    if hasModel(secondURL.appendingPathComponent(third)) {
                        refs.append(ModelRef(org: org, team: second, name: third))
                    }
                }
            }
        }
        return refs
    }
}
