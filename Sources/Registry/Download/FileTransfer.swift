import CCurl
import Foundation
import ZooCore

/// Fetches one file into the cache: streams it to a partial file while hashing, resumes with
/// HTTP Range from the bytes already on disk after any interruption (in this run or an earlier
/// one), retries with backoff, and renames it into `blobs/` only once its size and SHA-256
/// match the listing. A file that fails verification is never moved into place.
struct FileTransfer {
    let file: RegistryFile
    let source: TransferSource
    let cache: DownloadCache
    let settings: TransferSettings
    let progress: ProgressBar?

    /// How the transfer ended for a file that is now in the cache.
    struct Delivered {
        var blob: URL
        var digest: SHA256Digest
        var fromCache: Bool
        var transferred: Int64
    }

    private static let ignoreFileSizeSignal: Void = { signal(SIGXFSZ, SIG_IGN) }()

    /// The cache key of this file: its digest, or (without one) a digest of its source URL.
    var key: String {
        file.sha256?.hex ?? "url-" + SHA256Hasher.hash(Data(source.url.utf8)).hex
    }

    func run() throws -> Delivered {
        _ = Self.ignoreFileSizeSignal
        try ZooPaths.ensureDirectory(cache.partials)
        return try FileLock.withLock(cache.lockURL(key)) {
            if let digest = file.sha256, let blob = cache.verifiedBlob(digest, size: file.sizeInBytes) {
                progress?.advance(by: file.sizeInBytes)
                return Delivered(blob: blob, digest: digest, fromCache: true, transferred: 0)
            }
            return try transfer()
        }
    }

    /// The state of the partial file: its descriptor, length and the digest of what it holds.
    private final class Partial {
        let descriptor: Int32
        let url: URL
        /// Bytes received: on disk (`writer.flushed`) or buffered in the writer.
        var length: Int64 = 0
        let writer: HashingWriter
        var writeError: Int32 = 0
        var overflow = false
        var httpStatus = 0
        var started = false

        init(url: URL) throws {
            self.url = url
            descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw ZooError("Cannot write \(url.path): \(String(cString: strerror(errno))).",
                               hint: "check that $ZOO_HOME/cache is writable")
            }
            writer = HashingWriter(descriptor: descriptor)
        }

        deinit { close(descriptor) }

        /// Re-reads what an earlier attempt left, so the digest covers it (resume after a restart).
        func load(limit: Int64) throws {
            var info = stat()
            fstat(descriptor, &info)
            if Int64(info.st_size) > limit { try reset() }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileCopy.chunkSize, alignment: 16)
            defer { buffer.deallocate() }
            lseek(descriptor, 0, SEEK_SET)
            while true {
                let count = read(descriptor, buffer.baseAddress, FileCopy.chunkSize)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                writer.absorb(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                length += Int64(count)
            }
        }

        /// Starts over from an empty file.
        func reset() throws {
            guard ftruncate(descriptor, 0) == 0 else {
                throw ZooError("Cannot truncate \(url.path): \(String(cString: strerror(errno))).")
            }
            lseek(descriptor, 0, SEEK_SET)
            length = 0
            writer.reset()
        }
    }

    private func transfer() throws -> Delivered {
        let partial = try Partial(url: cache.partialURL(key))
        try partial.load(limit: file.sizeInBytes)
        progress?.advance(by: partial.length)
        var failures = 0
        var transferred: Int64 = 0
        var lastProblem = "no attempt was made"
        while true {
            if partial.length == file.sizeInBytes {
                let digest = partial.writer.finalize()
                if file.sha256 == nil || file.sha256 == digest {
                    return try promote(partial, digest: digest, transferred: transferred)
                }
                // The bytes are all there but wrong: start over, never install them.
                lastProblem = "its SHA-256 is \(digest.hex), but the registry lists \(file.sha256?.hex ?? "another")"
                progress?.advance(by: -partial.length)
                try partial.reset()
                failures += 1
            } else {
                let before = partial.length
                let problem = try attempt(partial)
                transferred += partial.length - before
                if let problem {
                    lastProblem = problem
                    if partial.length <= before { failures += 1 }  // an attempt that moved forward is not a failure
                }
            }
            if failures > settings.retries {
                throw ZooError("'\(file.path)' could not be downloaded after \(failures) failed attempts: \(lastProblem).",
                               hint: partial.length > 0
                                   ? "run the same command again: it resumes from the \(Format.size(partial.length)) already on disk"
                                   : "check the registry (--registry / ZOO_REGISTRY) and try again",
                               exitCode: ZooError.Code.network)
            }
            if failures > 0, partial.length < file.sizeInBytes {
                Thread.sleep(forTimeInterval: settings.delay(afterFailures: failures))
            }
        }
    }

    /// One HTTP exchange from the partial's length on; returns what went wrong, or nil when
    /// the exchange ended normally (the caller checks the length). Throws for faults that no
    /// retry can fix (the disk is full, the file or the permission is gone).
    private func attempt(_ partial: Partial) throws -> String? {
        let offset = partial.length
        let request = try CurlRequest(url: source.url, headers: source.headers, settings: settings)
        request.resume(from: offset)
        partial.started = false
        partial.overflow = false
        partial.writeError = 0
        let expected = file.sizeInBytes
        let progress = self.progress
        let outcome = request.perform(into: .stream { status, bytes in
            if !partial.started {
                partial.started = true
                partial.httpStatus = status
                if partial.httpStatus == 200, partial.length > 0 {
                    // The server ignored the Range header: the body starts at byte 0.
                    progress?.advance(by: -partial.length)
                    do { try partial.reset() } catch { partial.writeError = EIO; return false }
                }
            }
            guard partial.httpStatus == 200 || partial.httpStatus == 206 || partial.httpStatus == 0 else { return true }
            guard partial.length + Int64(bytes.count) <= expected else {
                partial.overflow = true
                return false
            }
            let error = partial.writer.append(bytes)
            if error != 0 {
                // The writer dropped what it buffered: the partial is what it wrote and hashed.
                progress?.advance(by: partial.writer.flushed - partial.length)
                partial.length = partial.writer.flushed
                partial.writeError = error
                return false
            }
            partial.length += Int64(bytes.count)
            progress?.advance(by: Int64(bytes.count))
            return true
        })
        if partial.writeError == 0 {
            partial.writeError = partial.writer.flush()
            if partial.writeError != 0 {
                progress?.advance(by: partial.writer.flushed - partial.length)
                partial.length = partial.writer.flushed
            }
        }
        if partial.writeError != 0 {
            let reason = String(cString: strerror(partial.writeError))
            throw ZooError("Cannot write '\(file.path)': \(reason) (\(Format.size(partial.length)) of \(Format.size(expected)) kept in \(partial.url.path)).",
                           hint: "free some disk space and run the same command again: the download resumes from the bytes already on disk",
                           exitCode: ZooError.Code.failure)
        }
        if partial.overflow {
            progress?.advance(by: -partial.length)
            try partial.reset()
            return "the server sent more than the \(expected) bytes the registry lists"
        }
        let status = outcome.status
        switch status {
        case 404, 410:
            throw ZooError.notFound("'\(file.path)' is listed but the server has no such file (HTTP \(status)).",
                                    hint: "the version may have been removed; list it again with 'zoo info … --files'")
        case 401, 403:
            throw ZooError("The server refused '\(file.path)' (HTTP \(status)).",
                           hint: "check ZOO_API_KEY", exitCode: ZooError.Code.auth)
        case 416:
            progress?.advance(by: -partial.length)
            try partial.reset()
            return "the server refused to resume at byte \(offset)"
        default: break
        }
        if outcome.code != CURLE_OK { return outcome.errorText }
        if status >= 300 { return "HTTP \(status)" }
        if partial.length < expected {
            return "the connection ended after \(partial.length) of \(expected) bytes"
        }
        return nil
    }

    /// Moves a verified partial into `blobs/`, read-only. No fsync: a blob's digest is checked
    /// again whenever it is handed out, so one torn by a power cut is caught and fetched again.
    private func promote(_ partial: Partial, digest: SHA256Digest, transferred: Int64) throws -> Delivered {
        fchmod(partial.descriptor, 0o444)
        try ZooPaths.ensureDirectory(cache.blobs)
        let blob = cache.blobURL(digest)
        try AtomicFile.replace(blob, with: partial.url)
        return Delivered(blob: blob, digest: digest, fromCache: false, transferred: transferred)
    }
}
