import CCurl
import Foundation
import ZooCore

/// JSON requests to an NGC-compatible API over libcurl: the base URL, the API key (sent as
/// `Authorization: Bearer`; none means guest mode), retries with backoff for requests that are
/// safe to repeat, and NGC's error bodies turned into messages a user can act on.
struct APIClient: Sendable {
    let baseURL: String
    let apiKey: String?
    let settings: TransferSettings

    /// An HTTP response whose status was 2xx.
    struct Response {
        var status: Int
        var body: Data
        var headers: [String: String]
    }

    /// A non-2xx answer the caller may want to handle (404 becomes a "not found" with a listing);
    /// one left unhandled reaches the user as the server's own description.
    struct StatusError: ZooErrorConvertible {
        var registry: String
        var status: Int
        /// NGC's `statusDescription` (or the start of the body).
        var detail: String?

        var zooError: ZooError {
            let message = "The registry at \(registry) answered HTTP \(status)\(detail.map { ": " + $0 } ?? ".")"
            return status >= 500
                ? ZooError(message, hint: "the server failed; try again later, or check its log", exitCode: ZooError.Code.network)
                : ZooError(message, hint: "check the target and the registry (--registry / ZOO_REGISTRY)")
        }
    }

    init(baseURL: String, apiKey: String?, settings: TransferSettings) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.settings = settings
    }

    /// The headers that authenticate a request to this registry's host.
    var authHeaders: [String] { apiKey.map { ["Authorization: Bearer \($0)"] } ?? [] }

    /// `path` (with its query) resolved against the base URL; absolute URLs pass through.
    func url(_ path: String) -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return path }
        return baseURL + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// True when `url` points at this registry's own host (so the API key may go with it).
    func isSameOrigin(_ url: String) -> Bool {
        guard let a = URL(string: url), let b = URL(string: baseURL) else { return false }
        return a.scheme == b.scheme && a.host == b.host && a.port == b.port
    }

    /// Sends a request and returns the 2xx response; throws `StatusError` for other statuses it
    /// does not map itself, and `ZooError`s for transport, auth and server faults.
    /// GET, PUT, PATCH and DELETE are retried on transport faults and 5xx; POST only when the
    /// connection could not be made.
    func send(_ method: String, _ path: String, json body: Data? = nil, file: (URL, Int64)? = nil,
              headers extra: [String] = []) throws -> Response {
        var failures = 0
        while true {
            var headers = authHeaders + extra + ["Accept: application/json"]
            if body != nil { headers.append("Content-Type: application/json") }
            if file != nil { headers.append("Expect:") }  // no 1 s wait for a `100 Continue` the server may never send
            let request = try CurlRequest(url: url(path), method: method, headers: headers, settings: settings)
            request.acceptCompressed()
            if let body { request.send(body) }
            if let (fileURL, size) = file { try request.sendFile(fileURL, size: size) }
            let outcome = request.perform(into: .memory(limit: 256 << 20))
            let retryable: Bool
            if outcome.code != CURLE_OK {
                retryable = method != "POST" || outcome.code == CURLE_COULDNT_CONNECT
                if !retryable || failures >= settings.retries {
                    throw ZooError("Cannot reach the registry at \(baseURL): \(outcome.errorText).",
                                   hint: "check the URL (--registry or ZOO_REGISTRY) and that the server is running",
                                   exitCode: ZooError.Code.network)
                }
            } else if (200..<300).contains(outcome.status) {
                return Response(status: outcome.status, body: outcome.body, headers: outcome.headers)
            } else if outcome.status >= 500 || outcome.status == 429 {
                if method == "POST" || failures >= settings.retries {
                    throw ZooError("The registry at \(baseURL) failed (HTTP \(outcome.status)): \(describe(outcome.body) ?? "no details").",
                                   hint: "try again later; if it persists, check the server's log",
                                   exitCode: ZooError.Code.network)
                }
            } else {
                try raise(status: outcome.status, body: outcome.body)
            }
            failures += 1
            Thread.sleep(forTimeInterval: settings.delay(afterFailures: failures))
        }
    }

    /// Decodes a 2xx JSON body, retrying a GET whose body arrived damaged.
    func get<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        var failures = 0
        while true {
            let response = try send("GET", path)
            if let value = try? JSONDecoder().decode(type, from: response.body) { return value }
            failures += 1
            guard failures <= settings.retries else {
                throw ZooError("The registry at \(baseURL) sent a response zoo cannot read (\(path)).",
                               hint: "is --registry an NGC-compatible API? try 'curl \(url(path))'",
                               exitCode: ZooError.Code.network)
            }
            Thread.sleep(forTimeInterval: settings.delay(afterFailures: failures))
        }
    }

    /// Maps a non-2xx status to an error: refused keys and licences become `ZooError`s, the rest
    /// `StatusError` for the caller.
    private func raise(status: Int, body: Data) throws -> Never {
        let detail = describe(body)
        switch status {
        case 401, 403:
            throw ZooError("The registry at \(baseURL) refused the request (HTTP \(status)\(detail.map { ": " + $0 } ?? "")).",
                           hint: apiKey == nil ? "this needs an API key: set ZOO_API_KEY to a key the registry accepts"
                                               : "check ZOO_API_KEY: the registry does not accept it for this",
                           exitCode: ZooError.Code.auth)
        case 412:
            throw ZooError("\(detail ?? "HTTP 412")\nPlease accept required license(s) via the NGC UI.",
                           exitCode: ZooError.Code.auth)
        default:
            throw StatusError(registry: baseURL, status: status, detail: detail)
        }
    }

    /// NGC's `requestStatus.statusDescription` from an error body, if there is one.
    func describe(_ body: Data) -> String? {
        if let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: body) {
            return envelope.requestStatus.statusDescription ?? envelope.requestStatus.statusCode
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Percent-encodes one path segment (a file path keeps its `/`).
    static func encodePath(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// Percent-encodes a query value.
    static func encodeQuery(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
