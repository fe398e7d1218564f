import Foundation
import ZooCore

/// A request to `zoo serve`, parsed from its path: which endpoint of NGC's API it is and which
/// model or version it names. Paths with an optional team are ambiguous
/// (`/v2/models/a/b/c/…` may be org `a`, team `b`, model `c`, or org `a`, model `b`), so a path
/// yields every reading that parses, most specific first; the server takes the first whose
/// model exists.
enum APIRoute: Equatable {
    /// `GET /token`: a bearer token for an API key.
    case token
    /// `GET /v2/search/{catalog | org/{org}[/team/{team}]}/resources/MODEL`.
    case search(org: String?, team: String?)
    /// `POST /v2/org/{org}[/team/{team}]/models`.
    case models(org: String, team: String?)
    /// Everything below one model.
    case model(ModelRef, Endpoint)

    /// The endpoints below a model (`ModelRef.version` set for those below a version).
    enum Endpoint: Equatable {
        /// `…/{name}`: GET, PATCH, DELETE.
        case model
        /// `…/{name}/versions`: GET, POST.
        case versions
        /// `…/{name}/versions/{ver}`: GET, PATCH, DELETE.
        case version
        /// `…/{name}/versions/{ver}/files`: GET the listing.
        case files
        /// `…/{name}/versions/{ver}/files/{path}`: GET/HEAD the bytes, PUT an upload.
        case file(String)
        /// `…/{name}/versions/{ver}/zip`: the version as one zip.
        case zip
        /// `…/{name}/{ver}/files[?path=p][&redirect=true]`: direct-download URLs (or a redirect).
        case directDownload
    }

    /// Every reading of `path` (percent-encoded, as requested).
    static func parse(_ path: String) -> [APIRoute] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
            .map { String($0).removingPercentEncoding ?? String($0) }
        guard !segments.isEmpty else { return [] }
        if segments == ["token"] || segments == ["v2", "token"] { return [.token] }
        guard segments[0] == "v2", segments.count >= 2 else { return [] }
        let rest = Array(segments.dropFirst())
        switch rest[0] {
        case "search": return parseSearch(Array(rest.dropFirst()))
        case "org": return parseScoped(Array(rest.dropFirst()))
        case "models": return parseGuest(Array(rest.dropFirst()))
        default: return []
        }
    }

    /// `search/catalog/resources/MODEL`, `search/org/{org}[/team/{team}]/resources/MODEL`.
    private static func parseSearch(_ s: [String]) -> [APIRoute] {
        guard s.count >= 3, s.suffix(2) == ["resources", "MODEL"] else { return [] }
        let scope = Array(s.dropLast(2))
        switch scope.count {
        case 1 where scope[0] == "catalog": return [.search(org: nil, team: nil)]
        case 2 where scope[0] == "org": return [.search(org: scope[1], team: nil)]
        case 4 where scope[0] == "org" && scope[2] == "team": return [.search(org: scope[1], team: scope[3])]
        default: return []
        }
    }

    /// `org/{org}[/team/{team}]/models/…`
    private static func parseScoped(_ s: [String]) -> [APIRoute] {
        guard s.count >= 2 else { return [] }
        let org = s[0]
        var team: String?
        var rest = Array(s.dropFirst())
        if rest.first == "team", rest.count >= 3, rest[2] == "models" {
            team = rest[1]
            rest = Array(rest.dropFirst(2))
        }
        guard rest.first == "models" else { return [] }
        rest.removeFirst()
        if rest.isEmpty { return [.models(org: org, team: team)] }
        let ref = ModelRef(org: org, team: team, name: rest[0])
        return modelEndpoints(ref, Array(rest.dropFirst())).map { .model($0.0, $0.1) }
    }

    /// `models/org/{org}[/team/{team}]/{name}/{ver}/files` (the NGC web page's form) and the guest
    /// forms `models/{org}[/{team}]/{name}/…`.
    private static func parseGuest(_ s: [String]) -> [APIRoute] {
        var routes: [APIRoute] = []
        if s.count >= 5, s[0] == "org" {
            let org = s[1]
            if s.count == 7, s[2] == "team", s[6] == "files" {
                routes.append(.model(ModelRef(org: org, team: s[3], name: s[4], version: s[5]), .directDownload))
            }
            if s.count == 5, s[4] == "files" {
                routes.append(.model(ModelRef(org: org, name: s[2], version: s[3]), .directDownload))
            }
        }
        guard s.count >= 2 else { return routes }
        // With a team: org, team, name, rest…; without: org, name, rest…
        if s.count >= 3 {
            let ref = ModelRef(org: s[0], team: s[1], name: s[2])
            routes += modelEndpoints(ref, Array(s.dropFirst(3))).map { .model($0.0, $0.1) }
        }
        let ref = ModelRef(org: s[0], name: s[1])
        routes += modelEndpoints(ref, Array(s.dropFirst(2))).map { .model($0.0, $0.1) }
        return routes
    }

    /// The endpoint below a model named by `rest`, if any.
    private static func modelEndpoints(_ ref: ModelRef, _ rest: [String]) -> [(ModelRef, Endpoint)] {
        var found: [(ModelRef, Endpoint)] = []
        switch rest.count {
        case 0: found.append((ref, .model))
        case 1 where rest[0] == "versions": found.append((ref, .versions))
        case 2 where rest[0] == "versions": found.append((ref.at(rest[1]), .version))
        case 3 where rest[0] == "versions" && rest[2] == "files": found.append((ref.at(rest[1]), .files))
        case 3 where rest[0] == "versions" && rest[2] == "zip": found.append((ref.at(rest[1]), .zip))
        default:
            if rest.count >= 4, rest[0] == "versions", rest[2] == "files" {
                found.append((ref.at(rest[1]), .file(rest.dropFirst(3).joined(separator: "/"))))
            }
        }
        if rest.count == 2, rest[1] == "files", rest[0] != "versions" {
            found.append((ref.at(rest[0]), .directDownload))
        }
        return found
    }
}
