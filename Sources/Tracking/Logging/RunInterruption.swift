import Foundation

/// Flushes runs when the process is interrupted. After `install()`, SIGINT and SIGTERM make every
/// open `RunLogger` write what it buffered; runs started by this process are ended as KILLED.
/// Then the process dies of the same signal (so a shell sees exit status 130 or 143).
///
/// The signal handler only writes the signal number to a pipe (async-signal-safe); a dedicated
/// thread does the database work.
public enum RunInterruption {
    private static let state = State()
    nonisolated(unsafe) private static var pipeWriteEnd: Int32 = -1

    /// Installs the handlers (once per process; later calls only add `beforeExit`). `beforeExit`
    /// runs after the runs are flushed, with the signal number, for the caller's own cleanup.
    public static func install(beforeExit: (@Sendable (Int32) -> Void)? = nil) {
        guard state.install(beforeExit) else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        pipeWriteEnd = fds[1]
        let readEnd = fds[0]
        unblockSignals()
        let thread = Thread {
            unblockSignals()
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) != 1 {}
            handle(Int32(byte))
        }
        thread.name = "zoo.tracking.interruption"
        thread.start()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(RunInterruption.pipeWriteEnd, &byte, 1)
            }
        }
    }

    /// A process may start with SIGINT/SIGTERM blocked (inherited from a parent's worker thread);
    /// unblock them in the calling thread so they reach the handler.
    private static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func handle(_ signalNumber: Int32) {
        for logger in ActiveRuns.shared.all() { logger.interrupted() }
        for hook in state.hooks() { hook(signalNumber) }
        signal(signalNumber, SIG_DFL)
        raise(signalNumber)
    }

    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var installed = false
        private var beforeExit: [@Sendable (Int32) -> Void] = []

        /// Records the hook; true the first time only.
        func install(_ hook: (@Sendable (Int32) -> Void)?) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            if let hook { beforeExit.append(hook) }
            defer { installed = true }
            return !installed
        }

        func hooks() -> [@Sendable (Int32) -> Void] {
            lock.lock()
            defer { lock.unlock() }
            return beforeExit
        }
    }
}

/// The loggers of this process that have not finished, for the interruption handler.
final class ActiveRuns: @unchecked Sendable {
    static let shared = ActiveRuns()
    private let lock = NSLock()
    private var loggers: [ObjectIdentifier: WeakLogger] = [:]

    private struct WeakLogger { weak var logger: RunLogger? }

    func add(_ logger: RunLogger) {
        lock.lock()
        loggers[ObjectIdentifier(logger)] = WeakLogger(logger: logger)
        lock.unlock()
    }

    func remove(_ logger: RunLogger) {
        lock.lock()
        loggers[ObjectIdentifier(logger)] = nil
        lock.unlock()
    }

    func all() -> [RunLogger] {
        lock.lock()
        defer { lock.unlock() }
        return loggers.values.compactMap(\.logger)
    }
}
