import Foundation
import ZooCore

/// An exclusive advisory lock on a file (`flock`), held until `unlock()` or deinit. Locks are per
/// open file, so two threads of one process exclude each other just as two processes do.
final class FileLock: @unchecked Sendable {
    private var descriptor: Int32

    /// Opens (creating if needed) `url` and blocks until the lock is held.
    init(_ url: URL) throws {
        try ZooPaths.ensureDirectory(url.deletingLastPathComponent())
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ZooError("Cannot open the lock file \(url.path): \(String(cString: strerror(errno))).",
                           hint: "check permissions on \(url.deletingLastPathComponent().path)")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw ZooError("Cannot lock \(url.path): \(reason).")
            }
        }
    }

    /// Takes the lock on `url` only if it is free right now; nil when another holder has it.
    init?(tryLocking url: URL) {
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
    }

    func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }

    /// Runs `body` while holding the lock on `url`.
    static func withLock<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        let lock = try FileLock(url)
        defer { lock.unlock() }
        return try body()
    }
}
