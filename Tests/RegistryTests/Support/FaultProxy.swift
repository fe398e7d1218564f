import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP proxy in front of a server that injects network faults, one decision per
/// connection: cut the response at a random offset, answer 500 instead of forwarding, stall
/// mid-response, or flip a byte of the response body. Used to show that every download ends
/// verified or refused, never installed corrupt.
final class FaultProxy: @unchecked Sendable {
    enum Fault: String, CaseIterable {
        case none, cut, serverError, stall, flip
    }

    let upstreamPort: UInt16
    private(set) var port: UInt16 = 0
    private let listener: Int32
    private let faultRate: Double
    private let stallSeconds: Double
    private let random: Mutex<UInt64>
    private let counts = Mutex<[Fault: Int]>([:])
    private let running = Atomic<Bool>(true)

    /// - Parameters:
    ///   - faultRate: the share of connections that get a fault.
    ///   - stallSeconds: how long a stalled connection stays silent before the proxy closes it.
    init(upstreamPort: Int, faultRate: Double, stallSeconds: Double = 4, seed: UInt64 = 42) throws {
        self.upstreamPort = UInt16(upstreamPort)
        self.faultRate = faultRate
        self.stallSeconds = stallSeconds
        self.random = Mutex(seed | 1)
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = FaultProxy.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard bound == 0, listen(listener, 128) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// How many connections got each fault.
    var faultCounts: [Fault: Int] { counts.withLock { $0 } }

    func stop() {
        running.store(false, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    private func next() -> UInt64 {
        random.withLock { state in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    private func chooseFault() -> (Fault, offset: Int) {
        let roll = Double(next() % 10_000) / 10_000
        let offset = Int(next() % 200_000)
        guard roll < faultRate else { return (.none, 0) }
        // Stalls cost the client its stall timeout, so they are the rarest fault.
        switch next() % 10 {
        case 0: return (.stall, offset)
        case 1, 2, 3: return (.cut, offset)
        case 4, 5: return (.serverError, 0)
        default: return (.flip, offset)
        }
    }

    private func acceptLoop() {
        while running.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let (fault, offset) = chooseFault()
            counts.withLock { $0[fault, default: 0] += 1 }
            let thread = Thread { [self] in serve(client, fault: fault, offset: offset) }
            thread.start()
        }
    }

    private func serve(_ client: Int32, fault: Fault, offset: Int) {
        defer { close(client) }
        if fault == .serverError {
            var buffer = [UInt8](repeating: 0, count: 8192)
            _ = recv(client, &buffer, buffer.count, 0)
            let body = #"{"requestStatus":{"statusCode":"INTERNAL_ERROR","statusDescription":"injected fault"}}"#
            send(client, "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
            return
        }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(upstream) }
        var address = FaultProxy.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return }
        let requests = Thread {
            FaultProxy.pump(from: client, to: upstream)
            shutdown(upstream, Int32(SHUT_WR))
        }
        requests.start()
        relayResponse(from: upstream, to: client, fault: fault, offset: offset)
        shutdown(client, Int32(SHUT_RDWR))
        shutdown(upstream, Int32(SHUT_RDWR))
        while !requests.isFinished { usleep(1000) }
    }

    /// Copies the server's bytes to the client, applying the fault at `offset` bytes into the
    /// response body (after the first header block).
    private func relayResponse(from upstream: Int32, to client: Int32, fault: Fault, offset: Int) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var bodyStart: Int? = nil
        var seen = 0
        var header: [UInt8] = []
        while true {
            let n = recv(upstream, &buffer, buffer.count, 0)
            guard n > 0 else { return }
            if bodyStart == nil {
                header += buffer[0..<min(n, 16_384)]
                if let end = FaultProxy.headerEnd(header) { bodyStart = end }
            }
            var chunk = Array(buffer[0..<n])
            if let start = bodyStart {
                let target = start + offset
                if (seen..<(seen + n)).contains(target) {
                    let index = target - seen
                    switch fault {
                    case .flip:
                        chunk[index] ^= 0xFF
                    case .cut:
                        _ = chunk.withUnsafeBytes { Glibc.send(client, $0.baseAddress, index, Int32(MSG_NOSIGNAL)) }
                        return
                    case .stall:
                        _ = chunk.withUnsafeBytes { Glibc.send(client, $0.baseAddress, index, Int32(MSG_NOSIGNAL)) }
                        FaultProxy.waitForClose(client, seconds: stallSeconds)
                        return
                    default: break
                    }
                }
            }
            seen += n
            guard chunk.withUnsafeBytes({ Glibc.send(client, $0.baseAddress, n, Int32(MSG_NOSIGNAL)) }) == n else { return }
        }
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    private static func waitForClose(_ socket: Int32, seconds: Double) {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, Int32(seconds * 1000))
    }

    private static func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = recv(source, &buffer, buffer.count, 0)
            guard n > 0 else { return }
            guard buffer.withUnsafeBytes({ Glibc.send(destination, $0.baseAddress, n, Int32(MSG_NOSIGNAL)) }) == n else { return }
        }
    }

    private func send(_ socket: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }
}
