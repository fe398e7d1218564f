import CCurl
import Foundation
import ZooCore

/// One HTTP exchange over libcurl: an easy handle set up for a method, URL and headers, with
/// the body streamed to a sink (memory or a file descriptor) and optionally read from a file.
/// Not shared between threads; each transfer makes its own.
final class CurlRequest {
    /// Where the response body goes.
    enum Sink {
        /// Collected in memory, up to `limit` bytes (API responses).
        case memory(limit: Int)
        /// Handed to a closure chunk by chunk with the response's HTTP status; returning false
        /// aborts the transfer.
        case stream((_ status: Int, _ bytes: UnsafeRawBufferPointer) -> Bool)
    }

    /// The outcome: libcurl's code, the HTTP status, the headers and (for `.memory`) the body.
    struct Outcome {
        var code: CURLcode
        var status: Int
        var headers: [String: String]
        var body: Data
        var errorText: String
        var effectiveURL: String

        var succeeded: Bool { code == CURLE_OK && (200..<300).contains(status) }
    }

    private static let globalInit: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var sink: Sink = .memory(limit: 64 << 20)
    private var body = Data()
    private var headers: [String: String] = [:]
    private var status = 0
    private var upload: Int32 = -1
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init(url: String, method: String = "GET", headers: [String] = [], settings: TransferSettings) throws {
        _ = CurlRequest.globalInit
        guard let handle = curl_easy_init() else { throw ZooError("libcurl could not start a transfer.") }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        set(CURLOPT_URL, url)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_FOLLOWLOCATION, 1)
        set(CURLOPT_MAXREDIRS, 10)
        set(CURLOPT_FAILONERROR, 0)
        set(CURLOPT_CONNECTTIMEOUT_MS, Int(settings.connectTimeout * 1000))
        set(CURLOPT_USERAGENT, "zoo/\(ZooVersion.current)")
        set(CURLOPT_BUFFERSIZE, 512 * 1024)
        if settings.stallTimeout > 0 {
            set(CURLOPT_LOW_SPEED_LIMIT, 1)
            set(CURLOPT_LOW_SPEED_TIME, max(1, Int(settings.stallTimeout.rounded(.up))))
        }
        switch method {
        case "GET": break
        case "HEAD": set(CURLOPT_NOBODY, 1)
        default: set(CURLOPT_CUSTOMREQUEST, method)
        }
        for header in headers { headerList = curl_slist_append(headerList, header) }
        if headerList != nil { _ = zoo_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) }
        _ = zoo_curl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
        if let headerList { curl_slist_free_all(headerList) }
        if upload >= 0 { close(upload) }
    }

    /// Accepts compressed responses (decoded by libcurl): for API calls, never for file bytes,
    /// whose offsets must be the file's own for resuming.
    func acceptCompressed() { set(CURLOPT_ACCEPT_ENCODING, "") }

    /// Asks for the bytes from `offset` on (`Range: bytes=offset-`).
    func resume(from offset: Int64) {
        if offset > 0 { _ = zoo_curl_setopt_off(handle, CURLOPT_RESUME_FROM_LARGE, curl_off_t(offset)) }
    }

    /// Sends `data` as the request body.
    func send(_ data: Data) {
        set(CURLOPT_POSTFIELDSIZE_LARGE, data.count)
        data.withUnsafeBytes { bytes in
            _ = zoo_curl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
        }
    }

    /// Streams the file at `url` as the request body (a PUT upload).
    func sendFile(_ url: URL, size: Int64) throws {
        upload = open(url.path, O_RDONLY | O_CLOEXEC)
        guard upload >= 0 else { throw ZooError("Cannot read \(url.path): \(String(cString: strerror(errno))).") }
        set(CURLOPT_UPLOAD, 1)
        _ = zoo_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(size))
        _ = zoo_curl_setopt_readfn(handle) { buffer, size, count, context in
            let request = Unmanaged<CurlRequest>.fromOpaque(context!).takeUnretainedValue()
            let n = read(request.upload, buffer, size * count)
            return n < 0 ? Int(CURL_READFUNC_ABORT) : n
        }
        _ = zoo_curl_setopt_ptr(handle, CURLOPT_READDATA, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Runs the exchange (blocking) and returns its outcome.
    func perform(into sink: Sink) -> Outcome {
        self.sink = sink
        defer { self.sink = .memory(limit: 0) }  // drop the closure (and what it holds)
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = zoo_curl_setopt_writefn(handle) { data, size, count, context in
            let request = Unmanaged<CurlRequest>.fromOpaque(context!).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            return request.receive(bytes) ? bytes.count : 0
        }
        _ = zoo_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, context)
        _ = zoo_curl_setopt_headerfn(handle) { data, size, count, context in
            let request = Unmanaged<CurlRequest>.fromOpaque(context!).takeUnretainedValue()
            request.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        _ = zoo_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context)
        let code = curl_easy_perform(handle)
        var status = 0
        _ = zoo_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        _ = zoo_curl_getinfo_str(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let detail = String(cString: errorBuffer)
        return Outcome(code: code, status: status, headers: headers, body: body,
                       errorText: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail,
                       effectiveURL: effective.map { String(cString: $0) } ?? "")
    }

    /// The HTTP status of the response being received (valid once its headers arrived).
    private var currentStatus: Int {
        var status = 0
        _ = zoo_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return status
    }

    private func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch sink {
        case .memory(let limit):
            guard body.count + bytes.count <= limit else { return false }
            body.append(contentsOf: bytes)
            return true
        case .stream(let consume):
            if status == 0 { status = currentStatus }
            return consume(status, bytes)
        }
    }

    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            status = 0
            headers.removeAll()  // a new response (after a redirect): keep only its headers
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }

    private func set(_ option: CURLoption, _ value: Int) { _ = zoo_curl_setopt_long(handle, option, value) }
    private func set(_ option: CURLoption, _ value: String) { _ = zoo_curl_setopt_str(handle, option, value) }
}
