import Foundation
import Hummingbird
import Logging
import Synchronization
import ZooCore

/// `zoo serve`: a real HTTP server (Hummingbird) that serves a local registry over NGC's API —
/// models, versions, file listings, direct-download URLs and file bytes with Range, the version
/// as a zip, the web page's `files?redirect=true&path=` form, search, and (with an API key)
/// create, upload, status and delete. See `APIRoute` for the paths.
public struct RegistryServer: Sendable {
    public let registry: LocalRegistry
    public let host: String
    public let port: Int

    public init(registry: LocalRegistry, host: String = "127.0.0.1", port: Int = 8080) {
        self.registry = registry
        self.host = host
        self.port = port
    }

    /// Serves until cancelled (or, with `handlingSignals`, until SIGINT/SIGTERM).
    /// - Parameter onStart: called with the bound port once the server accepts connections
    ///   (useful with port 0, which picks a free one).
    public func run(handlingSignals: Bool = true, onStart: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        // Hummingbird's own log is diagnostics (zoo prints what a user needs): off unless asked for.
        var logger = Logger(label: "zoo.serve")
        logger.logLevel = Environment.value("ZOO_LOG_LEVEL").flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .critical
        let responder = RegistryResponder(registry: registry, tokens: TokenStore())
        let requested = port
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "zoo/\(ZooVersion.current)"),
            onServerRunning: { channel in onStart(channel.localAddress?.port ?? requested) },
            logger: logger)
        if handlingSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }
}

/// Bearer tokens handed out by `/token`, valid for an hour in this server process.
final class TokenStore: Sendable {
    private let tokens = Mutex<[String: Double]>([:])
    static let lifetime = 3600

    func issue() -> String {
        var random = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
        let expiry = ProgressBar.monotonicSeconds() + Double(Self.lifetime)
        tokens.withLock { $0[token] = expiry }
        return token
    }

    func isValid(_ token: String) -> Bool {
        let now = ProgressBar.monotonicSeconds()
        return tokens.withLock { tokens in
            tokens = tokens.filter { $0.value > now }
            return tokens[token] != nil
        }
    }
}

/// Answers every request: parses the route, checks access, and calls the endpoint.
struct RegistryResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let registry: LocalRegistry
    let tokens: TokenStore
    let fileIO = FileIO()

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            let response = try await handle(request, context: context)
            return request.method == .head ? response.createHeadResponse() : response
        } catch let failure as HTTPFailure {
            return failure.response
        } catch let error as ZooError {
            return HTTPFailure(error).response
        } catch {
            return HTTPFailure(status: .internalServerError, code: "INTERNAL_ERROR", description: String(describing: error)).response
        }
    }

    private func handle(_ request: Request, context: Context) async throws -> Response {
        let routes = APIRoute.parse(request.uri.path)
        guard !routes.isEmpty else {
            throw HTTPFailure.notFound("No such endpoint: \(request.uri.path). zoo serves NGC's /v2 model API.")
        }
        let query = Query(request.uri.query)
        let access = try AccessControl.load(store: registry.store.root)
        let caller = try authenticate(request, access: access)
        let route = chooseRoute(routes)
        let endpoints = Endpoints(registry: registry, request: request, context: context, query: query,
                                  access: access, caller: caller, fileIO: fileIO)
        switch route {
        case .token:
            guard case .key = caller else {
                throw HTTPFailure.unauthorized("A valid API key is required (Basic $oauthtoken:<key>, ApiKey <key> or Bearer <key>).")
            }
            return ServerJSON.response(TokenEnvelope(token: tokens.issue(), expiresIn: TokenStore.lifetime))
        case .search(let org, let team):
            return try endpoints.search(org: org, team: team)
        case .models(let org, let team):
            guard request.method == .post else { throw HTTPFailure.methodNotAllowed(request.method) }
            return try await endpoints.createModel(org: org, team: team)
        case .model(let ref, let endpoint):
            return try await endpoints.handle(ref, endpoint)
        }
    }

    /// The first reading whose model exists (a model route), else the first whose names are valid
    /// (`/v2/models/org/nope/versions/1/files` is model `org/nope`, not model `versions` of team
    /// `nope`, and answers 404), else the first.
    private func chooseRoute(_ routes: [APIRoute]) -> APIRoute {
        for route in routes {
            if case .model(let ref, _) = route, registry.contains(ref) { return route }
        }
        for route in routes {
            if case .model(let ref, _) = route, (try? SafePath.checkRef(ref)) != nil { return route }
        }
        return routes[0]
    }

    /// Who is calling: nobody, or the holder of a valid key or token. Invalid credentials are
    /// refused outright (401), even where none are needed.
    private func authenticate(_ request: Request, access: AccessControl) throws -> Caller {
        guard let header = request.headers[.authorization], !header.isEmpty else { return .anonymous }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw HTTPFailure.unauthorized("Malformed Authorization header.") }
        let scheme = parts[0].lowercased()
        var presented = parts[1].trimmingCharacters(in: .whitespaces)
        if scheme == "basic" {
            guard let decoded = Data(base64Encoded: presented).map({ String(decoding: $0, as: UTF8.self) }),
                  let colon = decoded.firstIndex(of: ":") else {
                throw HTTPFailure.unauthorized("Malformed Basic credentials.")
            }
            presented = String(decoded[decoded.index(after: colon)...])
        } else if scheme == "bearer", tokens.isValid(presented) {
            return .key("token")
        } else if scheme != "bearer" && scheme != "apikey" {
            throw HTTPFailure.unauthorized("Unsupported Authorization scheme '\(parts[0])'.")
        }
        guard let name = access.keyName(for: presented) else {
            throw HTTPFailure.unauthorized("Invalid API key.")
        }
        return .key(name)
    }
}

/// The caller of a request.
enum Caller: Equatable {
    case anonymous
    /// Holds the named key (or a token issued for one).
    case key(String)
}

/// Query parameters, decoded (`+` is a space, as in forms).
struct Query {
    private var values: [String: String] = [:]

    init(_ query: String?) {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            values[decode(parts[0])] = parts.count == 2 ? decode(parts[1]) : ""
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    func int(_ name: String) -> Int? { values[name].flatMap { Int($0) } }

    func flag(_ name: String) -> Bool { values[name].map { $0 == "true" || $0 == "1" } ?? false }
}
