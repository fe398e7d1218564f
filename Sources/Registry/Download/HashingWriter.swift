import Dispatch
import Foundation
import ZooCore

/// Writes a download to its partial file and computes its SHA-256 on a background queue, so
/// hashing overlaps receiving (on a loopback download the hash is otherwise a third of the
/// receiving thread's work). Bytes go into a fixed ring of 1 MiB buffers, at most `inFlight` of
/// them waiting for the hasher: memory stays flat, and a slow hasher holds the transfer back
/// rather than growing a queue. Each buffer reaches the file in `FileCopy.writeSize` writes.
///
/// Invariant: the file holds exactly `flushed` bytes, and those are the bytes hashed.
final class HashingWriter: @unchecked Sendable {  // `hasher` is confined to `queue`, the rest to the caller
    private static let bufferSize = 1 << 20
    private static let inFlight = 3

    private let descriptor: Int32
    private let queue = DispatchQueue(label: "zoo.download.sha256")
    private let slots = DispatchSemaphore(value: HashingWriter.inFlight)
    /// Touched only on `queue`.
    private var hasher = SHA256Hasher()
    /// The ring: the buffer being filled is `ring[next]`; the `inFlight` before it may be queued.
    private let ring: [UnsafeMutableRawBufferPointer]
    private var next = 0
    private var used = 0
    /// Bytes written to the file (and hashed, or queued to be).
    private(set) var flushed: Int64 = 0

    /// A writer appending to `descriptor`, whose file is empty or was `absorb`ed.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        ring = (0...Self.inFlight).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 64) }
    }

    /// Queued blocks hold `self`, so this runs once the last of them is done — possibly on `queue`
    /// itself, where waiting for the queue would deadlock.
    deinit {
        ring.forEach { $0.deallocate() }
    }

    /// Counts bytes already in the file (an earlier attempt's) into the digest.
    func absorb(_ bytes: UnsafeRawBufferPointer) {
        queue.sync { hasher.update(bytes) }
        flushed += Int64(bytes.count)
    }

    /// Buffers `bytes` (copied), writing each full buffer. Returns 0, or the `errno` of a failed
    /// write (see `flush`).
    func append(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Self.bufferSize - used)
            ring[next].baseAddress!.advanced(by: used).copyMemory(from: bytes.baseAddress!.advanced(by: offset), byteCount: count)
            used += count
            offset += count
            if used == Self.bufferSize {
                let error = flush()
                if error != 0 { return error }
            }
        }
        return 0
    }

    /// Writes what is buffered and queues it for hashing. Returns 0 or the `errno` of a failed
    /// write; then what did reach the file is kept (and hashed), the rest of the buffer is dropped,
    /// and the file holds exactly `flushed` bytes.
    func flush() -> Int32 {
        guard used > 0 else { return 0 }
        let buffer = ring[next]
        var done = 0
        var error: Int32 = 0
        while done < used {
            let n = write(descriptor, buffer.baseAddress! + done, min(used - done, FileCopy.writeSize))
            if n < 0 {
                if errno == EINTR { continue }
                error = errno
                break
            }
            done += n
        }
        if done > 0 { submit(UnsafeRawBufferPointer(rebasing: buffer[0..<done])) }
        used = 0
        if error != 0 {
            ftruncate(descriptor, off_t(flushed))
            lseek(descriptor, off_t(flushed), SEEK_SET)
        }
        return error
    }

    /// Queues written bytes (the current ring buffer) for hashing and moves to the next buffer.
    /// At most `inFlight` buffers wait for the hasher, so the next one is free once this returns.
    private func submit(_ bytes: UnsafeRawBufferPointer) {
        let chunk = Chunk(bytes: bytes)
        flushed += Int64(bytes.count)
        next = (next + 1) % ring.count
        slots.wait()
        queue.async { [self] in
            hasher.update(chunk.bytes)
            slots.signal()
        }
    }

    /// The digest of the `flushed` bytes (call `flush` first).
    func finalize() -> SHA256Digest {
        queue.sync { hasher.finalize() }
    }

    /// Forgets everything (the caller empties the file).
    func reset() {
        used = 0
        flushed = 0
        queue.sync { hasher = SHA256Hasher() }
    }

    /// A written buffer on its way to the hasher (left untouched until its slot is signalled).
    private struct Chunk: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }
}
