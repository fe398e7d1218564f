import Foundation
import Hummingbird
import ZooCore

/// The endpoints of one request, with what they share: the registry, the request, its query,
/// the store's access rules and the caller.
struct Endpoints {
    let registry: LocalRegistry
    let request: Request
    let context: BasicRequestContext
    let query: Query
    let access: AccessControl
    let caller: Caller
    let fileIO: FileIO

    var method: HTTPRequest.Method { request.method }

    // MARK: - Access

    /// Reading needs a key when the store is private or the model is not public.
    func requireRead(_ model: RegistryModel? = nil) throws {
        guard caller == .anonymous else { return }
        if access.private { throw HTTPFailure.unauthorized("This registry is private: an API key is required.") }
        if let model, model.isPublic == false { throw HTTPFailure.unauthorized("'\(model.repository)' is not public: an API key is required.") }
    }

    /// Writing always needs a key.
    func requireWrite() throws {
        guard caller == .anonymous else { return }
        throw HTTPFailure.unauthorized(access.keys.isEmpty
            ? "Writes need an API key, and this registry has none yet (create one with 'zoo registry keys add NAME')."
            : "Writes need an API key (Authorization: Bearer <key>).")
    }

    // MARK: - Dispatch

    func handle(_ ref: ModelRef, _ endpoint: APIRoute.Endpoint) async throws -> Response {
        switch (endpoint, method) {
        case (.model, .get), (.model, .head):
            let model = try registry.model(ref)
            try requireRead(model)
            return ServerJSON.response(ModelEnvelope(model: model))
        case (.model, .patch):
            try requireWrite()
            let patch = try await jsonObject()
            var updated = try JSONValue.overlay(try registry.model(ref), with: patch)
            (updated.orgName, updated.teamName, updated.name) = (ref.org, ref.team, ref.name)
            return ServerJSON.response(ModelEnvelope(model: try registry.save(updated)))
        case (.model, .delete), (.version, .delete):
            try requireWrite()
            let outcome = try registry.remove(ref)
            let code = outcome == .revertedToCatalog ? "REVERTED_TO_CATALOG" : "SUCCESS"
            return ServerJSON.response(ErrorEnvelope(requestStatus: RequestStatus(statusCode: code)))
        case (.versions, .get), (.versions, .head):
            let model = try registry.model(ref)
            try requireRead(model)
            let order = query["sort-order"].flatMap(VersionOrder.init(rawValue:)) ?? .semverDescending
            let all = order.sorted(try registry.versions(of: ref))
            let (page, info) = paginate(all, defaultSize: 1000)
            return ServerJSON.response(VersionListEnvelope(modelVersions: page, model: model, paginationInfo: info))
        case (.versions, .post):
            try requireWrite()
            return try await createVersion(ref)
        case (.version, .get), (.version, .head):
            let (model, version) = try registry.version(ref)
            try requireRead(model)
            return ServerJSON.response(VersionEnvelope(modelVersion: version, model: model))
        case (.version, .patch):
            try requireWrite()
            return try await patchVersion(ref)
        case (.files, .get), (.files, .head):
            let (model, version) = try registry.version(ref)
            try requireRead(model)
            let files = version.isDownloadable ? try registry.files(of: ref) : []
            let (page, info) = paginate(files, defaultSize: 1000)
            return ServerJSON.response(FileListEnvelope(modelFiles: page, paginationInfo: info))
        case (.file(let path), .get), (.file(let path), .head):
            return try await serveVersionFile(ref, path: path)
        case (.file(let path), .put):
            try requireWrite()
            return try await receiveUpload(ref, path: path)
        case (.zip, .get), (.zip, .head):
            return try await serveZip(ref)
        case (.directDownload, .get), (.directDownload, .head):
            return try directDownload(ref)
        default:
            throw HTTPFailure.methodNotAllowed(method)
        }
    }

    // MARK: - Reading

    func search(org: String?, team: String?) throws -> Response {
        try requireRead()
        var search = SearchQuery(resourceIdPattern: "*", page: 0, pageSize: 100)
        if let q = query["q"], !q.isEmpty {
            guard let parsed = try? JSONDecoder().decode(SearchQuery.self, from: Data(q.utf8)) else {
                throw HTTPFailure.badRequest("The q parameter is not a search query (JSON with \"query\": \"resourceId:<pattern>\").")
            }
            search = parsed
        }
        let glob = search.resourceIdPattern
        let pattern = glob == "*" ? ModelPattern.everything : try ModelPattern(parsing: glob)
        let models = try registry.models(matching: pattern).filter { model in
            if let org, model.orgName != org { return false }
            if let team, model.teamName != team { return false }
            return caller != .anonymous || model.isPublic != false
        }
        let size = max(1, min(search.pageSize ?? 100, 1000))
        let page = max(0, search.page ?? 0)
        let slice = models.dropFirst(page * size).prefix(size)
        let pages = (models.count + size - 1) / size
        let group = SearchResultGroup(groupValue: "MODEL", resources: slice.map(SearchResource.init(model:)))
        return ServerJSON.response(SearchEnvelope(resultTotal: models.count, resultPageTotal: pages, results: [group]))
    }

    /// A page of `items` from `page-size` and `page-number` (or NGC's `page-reference`).
    func paginate<T>(_ items: [T], defaultSize: Int) -> ([T], PaginationInfo) {
        let size = max(1, min(query.int("page-size") ?? defaultSize, 10_000))
        let page = max(0, query.int("page-number") ?? query.int("page-reference") ?? 0)
        let pages = max(1, (items.count + size - 1) / size)
        let slice = Array(items.dropFirst(page * size).prefix(size))
        return (slice, PaginationInfo(index: page, size: size, totalResults: items.count, totalPages: pages,
                                      nextPage: page + 1 < pages ? String(page + 1) : nil))
    }

    /// A built version's manifest, after the access check.
    private func builtFiles(_ ref: ModelRef) throws -> [RegistryFile] {
        let (model, version) = try registry.version(ref)
        try requireRead(model)
        guard version.isDownloadable else {
            throw HTTPFailure.notFound("'\(ref)' is not in state UPLOAD_COMPLETE (it is \(version.status?.rawValue ?? "unknown")).")
        }
        return try registry.files(of: ref)
    }

    func serveVersionFile(_ ref: ModelRef, path: String) async throws -> Response {
        guard let file = try builtFiles(ref).first(where: { $0.path == path }) else {
            throw HTTPFailure.notFound("'\(ref)' has no file '\(path)'.")
        }
        let url = try registry.store.fileURL(ref, path: path)
        var headers = HTTPFields()
        if let digest = file.sha256 { headers[.eTag] = "\"\(digest.hex)\"" }
        headers[.contentDisposition] = "attachment; filename=\"\((path as NSString).lastPathComponent)\""
        return try await serve(url, size: try Self.size(of: url), headers: headers)
    }

    func serveZip(_ ref: ModelRef) async throws -> Response {
        let files = try builtFiles(ref)
        let zip = try registry.store.zipURL(ref)
        if !FileManager.default.fileExists(atPath: zip.path) {
            let entries = try files.map { (path: $0.path, source: try registry.store.fileURL(ref, path: $0.path)) }
            try FileLock.withLock(zip.appendingPathExtension("lock")) {
                if !FileManager.default.fileExists(atPath: zip.path) { try ZipWriter.write(entries, to: zip) }
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"\(ref.downloadFolderName ?? ref.name).zip\""
        return try await serve(zip, size: try Self.size(of: zip), headers: headers)
    }

    /// The size of the file on disk: what is served, whatever a listing says (clients verify).
    static func size(of url: URL) throws -> Int64 {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? NSNumber else {
            throw HTTPFailure.notFound("The file is missing from the store.")
        }
        return size.int64Value
    }

    /// How much of a file is read per step while serving it: 1 MiB costs the server about a
    /// third less CPU per gigabyte than Hummingbird's default 128 KiB (fewer thread-pool hops).
    static let chunkLength = 1 << 20

    /// File bytes with `Range` support (206 with `Content-Range`, 416 past the end).
    func serve(_ url: URL, size: Int64, headers extra: HTTPFields) async throws -> Response {
        var headers = extra
        headers[.acceptRanges] = "bytes"
        if headers[.contentType] == nil { headers[.contentType] = "application/octet-stream" }
        switch ByteRange(header: request.headers[.range], size: size) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            guard size > 0 else { return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer())) }
            let body = try await fileIO.loadFile(path: url.path, range: 0...Int(size - 1), context: context, chunkLength: Self.chunkLength)
            return Response(status: .ok, headers: headers, body: body)
        case .part(let range):
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            let body = try await fileIO.loadFile(path: url.path, range: Int(range.lowerBound)...Int(range.upperBound), context: context,
                                                 chunkLength: Self.chunkLength)
            return Response(status: .partialContent, headers: headers, body: body)
        }
    }

    /// The direct-download endpoint: URLs for the files (or, with `redirect=true&path=…`, a
    /// redirect to one), built from the request's Host so they work behind a reverse proxy.
    func directDownload(_ ref: ModelRef) throws -> Response {
        let files = try builtFiles(ref)
        if let path = query["path"] {
            guard files.contains(where: { $0.path == path }) else { throw HTTPFailure.notFound("'\(ref)' has no file '\(path)'.") }
            let url = fileURL(ref, path: path)
            if query.flag("redirect") {
                var headers = HTTPFields()
                headers[.location] = url
                return Response(status: .found, headers: headers)
            }
            return ServerJSON.response(DirectDownloadEnvelope(filepath: [path], urls: [url]))
        }
        let (page, info) = paginate(files, defaultSize: 1000)
        return ServerJSON.response(DirectDownloadEnvelope(filepath: page.map(\.path), urls: page.map { fileURL(ref, path: $0.path) },
                                                          paginationInfo: info))
    }

    /// `scheme://host[prefix]/v2/models/{org}[/{team}]/{name}/versions/{ver}/files/{path}`, from
    /// `X-Forwarded-Proto/Host/Prefix` when a proxy set them, else the request's Host.
    func fileURL(_ ref: ModelRef, path: String) -> String {
        let forwardedProto = HTTPFields.Element.Name("X-Forwarded-Proto")!
        let forwardedHost = HTTPFields.Element.Name("X-Forwarded-Host")!
        let forwardedPrefix = HTTPFields.Element.Name("X-Forwarded-Prefix")!
        let scheme = request.headers[forwardedProto]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "http"
        let host = request.headers[forwardedHost]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            ?? request.head.authority
        var prefix = request.headers[forwardedPrefix] ?? ""
        while prefix.hasSuffix("/") { prefix.removeLast() }
        let route = "\(prefix)/v2/models/\(ref.org)" + (ref.team.map { "/\($0)" } ?? "")
            + "/\(ref.name)/versions/\(ref.version ?? "")/files/" + APIClient.encodePath(path)
        guard let host, !host.isEmpty else { return route }  // relative when the request named no host
        return "\(scheme)://\(host)\(route)"
    }

    // MARK: - Writing

    /// The request body as a JSON object (at most 4 MiB).
    func jsonObject() async throws -> [String: JSONValue] {
        var request = request
        let buffer = try await request.collectBody(upTo: 4 << 20)
        let data = Data(buffer.readableBytesView)
        if data.isEmpty { return [:] }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else {
            throw HTTPFailure.badRequest("The request body is not a JSON object.")
        }
        return object
    }

    func createModel(org: String, team: String?) async throws -> Response {
        try requireWrite()
        var patch = try await jsonObject()
        patch["orgName"] = .string(org)
        patch["teamName"] = team.map(JSONValue.string) ?? .null
        guard case .string(let name)? = patch["name"], !name.isEmpty else {
            throw HTTPFailure.badRequest("The model needs a \"name\".")
        }
        let ref = ModelRef(org: org, team: team, name: name)
        try SafePath.checkRef(ref)
        if (try? registry.model(ref)) != nil { throw HTTPFailure.conflict("Model '\(ref)' already exists.") }
        let model = try JSONValue.overlay(RegistryModel(ref: ref), with: patch)
        return ServerJSON.response(ModelEnvelope(model: try registry.create(model)))
    }

    func createVersion(_ ref: ModelRef) async throws -> Response {
        let body = try await jsonObject()
        guard case .string(let id)? = body["versionId"], !id.isEmpty else {
            throw HTTPFailure.badRequest("The version needs a \"versionId\".")
        }
        let versionRef = ref.model.at(id)
        try SafePath.checkRef(versionRef)
        if let (_, existing) = try? registry.version(versionRef), existing.status == .uploadComplete {
            throw HTTPFailure.conflict("Version '\(versionRef)' already exists.")
        }
        let version = try JSONValue.overlay(RegistryVersion(versionId: id), with: body)
        let pending = try registry.createPendingVersion(version, of: ref)
        return ServerJSON.response(VersionEnvelope(modelVersion: pending, model: try registry.model(ref)))
    }

    func patchVersion(_ ref: ModelRef) async throws -> Response {
        let body = try await jsonObject()
        if case .string(let status)? = body["status"] {
            guard status == VersionStatus.uploadComplete.rawValue else {
                throw HTTPFailure.badRequest("Only {\"status\": \"UPLOAD_COMPLETE\"} can be set.")
            }
            guard try registry.store.version(ref) != nil else {
                throw HTTPFailure.notFound("'\(ref)' has no upload in progress.")
            }
            _ = try registry.store.completeVersion(ref)
        }
        if query.flag("set-latest") { try registry.setLatest(ref) }
        let (model, version) = try registry.version(ref)
        return ServerJSON.response(VersionEnvelope(modelVersion: version, model: model))
    }

    /// Streams an uploaded file to a temporary file in the store while hashing it, checks the
    /// `Content-Digest` the client sent, then moves it into the pending version.
    func receiveUpload(_ ref: ModelRef, path: String) async throws -> Response {
        guard let pending = try registry.store.version(ref), pending.status == .uploadPending else {
            throw HTTPFailure.notFound("'\(ref)' is not a version waiting for files; create it first (POST …/versions).")
        }
        guard SafePath.components(ofRelativePath: path) != nil else {
            throw HTTPFailure.badRequest("Refusing file path '\(path)': it is absolute or climbs out with '..'.")
        }
        let staging = registry.store.layout.staging
        try ZooPaths.ensureDirectory(staging)
        let temporary = staging.appendingPathComponent("upload-\(UUID().uuidString)")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ZooError("Cannot write \(temporary.path): \(String(cString: strerror(errno))).") }
        var hasher = SHA256Hasher()
        do {
            defer { close(descriptor) }
            for try await buffer in request.body {
                try buffer.withUnsafeReadableBytes { bytes in
                    hasher.update(bytes)
                    try FileCopy.writeAll(descriptor, bytes, path: temporary.path)
                }
            }
            let digest = hasher.finalize()
            if let claimed = Self.contentDigest(request.headers[HTTPFields.Element.Name("Content-Digest")!]), claimed != digest {
                throw HTTPFailure.badRequest("'\(path)' arrived with SHA-256 \(digest.hex), but the client sent \(claimed.hex): upload it again.")
            }
            try registry.store.placeUploadedFile(temporary, at: path, in: ref)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return ServerJSON.response(ErrorEnvelope(requestStatus: .success))
    }

    /// The SHA-256 of an RFC 9530 `Content-Digest: sha-256=:<base64>:` header.
    static func contentDigest(_ header: String?) -> SHA256Digest? {
        guard let header else { return nil }
        for item in header.split(separator: ",") {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard text.lowercased().hasPrefix("sha-256=:"), text.hasSuffix(":") else { continue }
            return SHA256Digest(base64: String(text.dropFirst("sha-256=:".count).dropLast()))
        }
        return nil
    }
}
