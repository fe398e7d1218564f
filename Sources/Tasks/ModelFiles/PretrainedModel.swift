import Foundation
import Registry
import Specs
import ZooCore

/// Where a spec's `pretrained_model_path` points: a `.tlt`, a safetensors file, or a registry
/// version (`nvidia/tlt_pretrained_classification:resnet18`) fetched through the download cache.
public enum PretrainedModel {
    /// The local model file for `path` and where it came from (the registry ref, for lineage),
    /// downloading a registry version into the cache when needed.
    public static func locate(_ path: String, registry: () throws -> any RegistryBackend,
                              paths: ZooPaths = .fromEnvironment()) throws -> (file: URL, source: String?) {
        guard SpecPaths.isRegistryRef(path) else {
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ZooError.notFound("pretrained_model_path not found: \(path).",
                                        hint: "point it at a .tlt or .safetensors file, or a registry version such as nvidia/tlt_pretrained_classification:resnet18")
            }
            return (url, nil)
        }
        let ref = try ModelRef(parsing: path)
        let downloader = Downloader(cache: DownloadCache(paths: paths), showsProgress: Terminal.isTerminal(.standardError))
        let result = try downloader.resolve(ref, from: registry())
        let models = result.files.filter { $0.path.hasSuffix(".tlt") || $0.path.hasSuffix(".safetensors") }
        guard let file = models.first else {
            throw ZooError.notFound("\(result.ref) has no .tlt or .safetensors file.",
                                    hint: "see its files with 'zoo info \(result.ref) --files'")
        }
        return (file.url, result.ref.description)
    }
}
