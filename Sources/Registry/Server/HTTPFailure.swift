import Foundation
import Hummingbird
import ZooCore

/// An error answer in NGC's shape: an HTTP status and a body
/// `{"requestStatus": {"statusCode": "NOT_FOUND", "statusDescription": "…"}}`.
struct HTTPFailure: Error {
    var status: HTTPResponse.Status
    var code: String
    var description: String

    static func notFound(_ description: String) -> HTTPFailure { HTTPFailure(status: .notFound, code: "NOT_FOUND", description: description) }
    static func badRequest(_ description: String) -> HTTPFailure { HTTPFailure(status: .badRequest, code: "BAD_REQUEST", description: description) }
    static func conflict(_ description: String) -> HTTPFailure { HTTPFailure(status: .conflict, code: "CONFLICT", description: description) }
    static func unauthorized(_ description: String) -> HTTPFailure { HTTPFailure(status: .unauthorized, code: "UNAUTHORIZED", description: description) }
    static func methodNotAllowed(_ method: HTTPRequest.Method) -> HTTPFailure {
        HTTPFailure(status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED", description: "\(method) is not supported here.")
    }

    /// A `ZooError` from the registry, with the status its exit code implies.
    init(_ error: ZooError) {
        let text = error.hint.map { "\(error.message) (\($0))" } ?? error.message
        switch error.exitCode {
        case ZooError.Code.notFound: self.init(status: .notFound, code: "NOT_FOUND", description: text)
        case ZooError.Code.usage, ZooError.Code.integrity: self.init(status: .badRequest, code: "BAD_REQUEST", description: text)
        case ZooError.Code.auth: self.init(status: .unauthorized, code: "UNAUTHORIZED", description: text)
        default: self.init(status: .internalServerError, code: "INTERNAL_ERROR", description: text)
        }
    }

    init(status: HTTPResponse.Status, code: String, description: String) {
        self.status = status
        self.code = code
        self.description = description
    }

    var response: Response {
        let envelope = ErrorEnvelope(requestStatus: RequestStatus(statusCode: code, statusDescription: description))
        return ServerJSON.response(envelope, status: status)
    }
}

/// JSON responses.
enum ServerJSON {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? RegistryJSON.encode(value, pretty: false)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The byte range a `Range` header asks for.
enum ByteRange: Equatable {
    /// No (usable) Range header: the whole file.
    case whole
    /// One satisfiable range.
    case part(ClosedRange<Int64>)
    /// A range that starts beyond the end of the file.
    case unsatisfiable

    /// Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` against a file of `size` bytes. Several
    /// ranges or a malformed header fall back to the whole file, as RFC 9110 allows.
    init(header: String?, size: Int64) {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { self = .whole; return }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { self = .whole; return }
        let first = Int64(parts[0].trimmingCharacters(in: .whitespaces))
        let last = Int64(parts[1].trimmingCharacters(in: .whitespaces))
        switch (first, last) {
        case let (start?, end):
            guard start < size else { self = .unsatisfiable; return }
            let stop = min(end ?? size - 1, size - 1)
            self = stop >= start ? .part(start...stop) : .whole
        case let (nil, suffix?) where suffix > 0:
            guard size > 0 else { self = .unsatisfiable; return }
            self = .part(max(0, size - suffix)...(size - 1))
        default:
            self = .whole
        }
    }
}
