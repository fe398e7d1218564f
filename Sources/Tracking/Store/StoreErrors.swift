import Foundation
import GRDB
import ZooCore

/// Turns SQLite failures into one-line `ZooError`s that say what to do.
enum StoreErrors {
    static func map(_ error: any Error, location: StoreLocation) -> ZooError {
        if let zooError = error as? ZooError { return zooError }
        guard let dbError = error as? DatabaseError else { return ZooError.wrap(error, context: "Experiment store") }
        let path = location.databaseURL.path
        switch dbError.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return ZooError("The experiment store \(path) stayed locked by another process.",
                            hint: "another zoo process holds a long write; retry, or check for a stuck process")
        case .SQLITE_FULL:
            return ZooError("Cannot write to the experiment store \(path): the disk is full.",
                            hint: "free disk space; everything flushed before this point is kept")
        case .SQLITE_IOERR:
            return ZooError("Cannot write to the experiment store \(path): I/O error (disk full or file size limit?).",
                            hint: "free disk space or check the device; everything flushed before this point is kept")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return ZooError("The experiment store \(path) is read-only.",
                            hint: "check permissions, or choose a writable store with --tracking-uri or ZOO_TRACKING_URI")
        case .SQLITE_CANTOPEN:
            return ZooError("Cannot open the experiment store \(path).",
                            hint: "check that the folder exists and is writable, or choose another store with --tracking-uri")
        case .SQLITE_NOTADB:
            return ZooError("\(path) is not an SQLite database.",
                            hint: "point --tracking-uri or ZOO_TRACKING_URI at a zoo experiment store; the file was left untouched",
                            exitCode: ZooError.Code.integrity)
        case .SQLITE_CORRUPT:
            return ZooError("The experiment store \(path) is corrupt.",
                            hint: "restore it from a backup, or move it away to start a new store", exitCode: ZooError.Code.integrity)
        default:
            return ZooError("Experiment store error: \(dbError.message ?? "\(dbError.resultCode)").")
        }
    }
}
