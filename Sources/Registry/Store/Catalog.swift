import Foundation
import ZooCore

/// The zoo's own catalog: the committed `registry/` folder listing the models zoo offers, their
/// versions and recipes. Versions not built yet are `UPLOAD_PENDING`; building one publishes it
/// into the local store, where it becomes `UPLOAD_COMPLETE`.
public enum Catalog {
    /// The environment variable that points at a catalog folder (`none` turns the catalog off).
    public static let environmentVariable = "ZOO_CATALOG"

    /// The catalog folder, searched in this order:
    /// 1. `ZOO_CATALOG` (a folder, or `none` for no catalog);
    /// 2. a checkout: the nearest folder above the running binary holding `Package.swift` and `registry/`
    ///    (a binary under `.build/`);
    /// 3. an installation: `<prefix>/share/zoo/registry` for a binary in `<prefix>/bin`.
    /// Nil when none is found or the catalog is turned off.
    public static func locate(executable: URL? = Catalog.executableURL()) -> URL? {
        if let custom = Environment.value(environmentVariable), !custom.isEmpty {
            return custom == "none" ? nil : URL(fileURLWithPath: custom, isDirectory: true).standardizedFileURL
        }
        guard let executable else { return nil }
        let fm = FileManager.default
        var directory = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("registry", isDirectory: true)
            if fm.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
               fm.fileExists(atPath: candidate.path) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        let installed = executable.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/zoo/registry", isDirectory: true)
        return fm.fileExists(atPath: installed.path) ? installed : nil
    }

    /// The catalog as a read-only store, when one is found.
    public static func open(executable: URL? = Catalog.executableURL()) -> RegistryStore? {
        locate(executable: executable).map { RegistryStore(root: $0, readOnly: true) }
    }

    /// The running binary (`/proc/self/exe` on Linux).
    public static func executableURL() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return Bundle.main.executableURL
    }
}
