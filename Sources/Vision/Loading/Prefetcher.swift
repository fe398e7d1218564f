import Foundation

/// Produces items `0..<count` in order on one background thread, keeping at most `capacity`
/// finished items ahead of the consumer. The first error ends production and is thrown by `next()`
/// after the items made before it. `cancel()` stops the thread and waits for it to exit.
final class Prefetcher<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Result<Item, any Error>] = []
    private var readyStart = 0
    private var producing = true
    private var cancelled = false
    private let capacity: Int

    /// Starts the thread; `produce(i)` makes item `i`.
    init(count: Int, capacity: Int, name: String, produce: @escaping @Sendable (Int) throws -> Item) {
        self.capacity = max(capacity, 1)
        let thread = Thread { [self] in
            for index in 0..<count {
                guard !isCancelled else { break }
                let result = Result { try produce(index) }
                guard push(result) else { break }
                if case .failure = result { break }
            }
            condition.lock()
            producing = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Waits for room, then queues `result`; false when cancelled meanwhile.
    private func push(_ result: Result<Item, any Error>) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count - readyStart >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(result)
        condition.broadcast()
        return true
    }

    /// The next item, waiting for it; nil when every item was delivered (or after `cancel()`).
    func next() throws -> Item? {
        condition.lock()
        while readyStart == ready.count && producing && !cancelled { condition.wait() }
        guard !cancelled, readyStart < ready.count else {
            condition.unlock()
            return nil
        }
        let result = ready[readyStart]
        readyStart += 1
        if readyStart == ready.count { ready.removeAll(keepingCapacity: true); readyStart = 0 }
        condition.broadcast()
        condition.unlock()
        return try result.get()
    }

    /// Stops production, drops what was made and returns once the thread has finished its
    /// current item and exited.
    func cancel() {
        condition.lock()
        cancelled = true
        ready.removeAll()
        readyStart = 0
        condition.broadcast()
        while producing { condition.wait() }
        condition.unlock()
    }
}
