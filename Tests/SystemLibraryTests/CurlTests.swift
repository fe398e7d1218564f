import CCurl
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Collects a response body from libcurl's write callback.
final class BodySink {
    var bytes: [UInt8] = []
}

private func fetch(_ url: String) -> (code: CURLcode, status: Int, body: [UInt8]) {
    let sink = BodySink()
    let handle = curl_easy_init()!
    defer { curl_easy_cleanup(handle) }
    _ = zoo_curl_setopt_str(handle, CURLOPT_URL, url)
    _ = zoo_curl_setopt_writefn(handle) { ptr, size, count, userdata in
        let sink = Unmanaged<BodySink>.fromOpaque(userdata!).takeUnretainedValue()
        let n = size * count
        ptr!.withMemoryRebound(to: UInt8.self, capacity: n) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: n)) }
        return n
    }
    _ = zoo_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque())
    let code = curl_easy_perform(handle)
    var status = 0
    _ = zoo_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    return (code, status, sink.bytes)
}

/// A one-shot HTTP server on a loopback port: answers one request with `body`.
private func serveOnce(_ body: String) throws -> (port: UInt16, done: Thread) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    listen(fd, 1)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    let port = UInt16(bigEndian: address.sin_port)
    let thread = Thread {
        let client = accept(fd, nil, nil)
        var request = [UInt8](repeating: 0, count: 4096)
        _ = read(client, &request, request.count)
        let response = "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = response.withCString { write(client, $0, strlen($0)) }
        close(client)
        close(fd)
    }
    thread.start()
    return (port, thread)
}

@Suite(.serialized) struct CurlTests {
    init() { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }

    @Test func fetchesOverALoopbackSocket() throws {
        let (port, _) = try serveOnce("hello from a socket")
        let result = fetch("http://127.0.0.1:\(port)/model")
        #expect(result.code == CURLE_OK)
        #expect(result.status == 200)
        #expect(String(decoding: result.body, as: UTF8.self) == "hello from a socket")
    }

    @Test func fetchesAFileURL() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-curl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("file bytes".utf8).write(to: url)
        let result = fetch(url.absoluteString)
        #expect(result.code == CURLE_OK)
        #expect(String(decoding: result.body, as: UTF8.self) == "file bytes")
    }

    @Test func refusedConnectionIsAnErrorCode() {
        let result = fetch("http://127.0.0.1:1/")
        #expect(result.code == CURLE_COULDNT_CONNECT)
    }
}
