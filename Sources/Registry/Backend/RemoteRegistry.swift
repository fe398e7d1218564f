import Foundation
import ZooCore

/// A registry behind an NGC-compatible HTTP API: `zoo serve`, or NGC itself. With an API key
/// (`ZOO_API_KEY`) it uses the org-scoped endpoints and sends `Authorization: Bearer <key>`;
/// without one it is a guest and uses the public `/v2/models/…` endpoints.
public struct RemoteRegistry: RegistryBackend {
    let client: APIClient

    /// - Parameters:
    ///   - url: the API base, e.g. `http://127.0.0.1:8080` or `https://api.ngc.nvidia.com`.
    ///   - apiKey: nil or empty for guest mode.
    public init(url: String, apiKey: String?, settings: TransferSettings = .fromEnvironment()) {
        client = APIClient(baseURL: url, apiKey: apiKey, settings: settings)
    }

    public var location: String { client.baseURL }

    /// True without an API key: only public models, and no writes.
    public var isGuest: Bool { client.apiKey == nil }

    // MARK: - Paths

    /// `org/{org}[/team/{team}]`
    static func scope(_ ref: ModelRef) -> String {
        "org/\(ref.org)" + (ref.team.map { "/team/\($0)" } ?? "")
    }

    /// The model's endpoint: org-scoped with a key, the guest form without.
    func modelPath(_ ref: ModelRef) -> String {
        isGuest ? "/v2/models/\(ref.org)" + (ref.team.map { "/\($0)" } ?? "") + "/\(ref.name)"
                : "/v2/\(Self.scope(ref))/models/\(ref.name)"
    }

    func versionPath(_ ref: ModelRef) -> String {
        modelPath(ref) + "/versions/\(ref.version ?? "")"
    }

    // MARK: - Reading

    public func models(matching pattern: ModelPattern) throws -> [RegistryModel] {
        let glob = pattern.repository.pattern
        var scopes = ["catalog"]
        if !isGuest, let org = Self.concreteOrg(glob) { scopes.insert("org/\(org)", at: 0) }
        var byRepository: [String: RegistryModel] = [:]
        for scope in scopes {
            var page = 0
            while true {
                let query = SearchQuery(resourceIdPattern: glob, page: page, pageSize: 1000)
                let text = String(decoding: try RegistryJSON.encode(query, pretty: false), as: UTF8.self)
                let result = try client.get(SearchEnvelope.self, "/v2/search/\(scope)/resources/MODEL?q=\(APIClient.encodeQuery(text))")
                for group in result.results where group.groupValue == "MODEL" {
                    for resource in group.resources where byRepository[resource.resourceId] == nil {
                        byRepository[resource.resourceId] = resource.model
                    }
                }
                page += 1
                if page >= result.resultPageTotal { break }
            }
        }
        return byRepository.values.filter { pattern.matches(repository: $0.repository) }.sorted { $0.repository < $1.repository }
    }

    /// The org of a pattern when it names one without wildcards.
    static func concreteOrg(_ glob: String) -> String? {
        let org = glob.split(separator: "/").first.map(String.init) ?? ""
        return org.isEmpty || org.contains("*") || org.contains("?") ? nil : org
    }

    public func model(_ ref: ModelRef) throws -> RegistryModel {
        do {
            return try client.get(ModelEnvelope.self, modelPath(ref.model)).model
        } catch let error as APIClient.StatusError where error.status == 404 {
            throw RegistryErrors.modelNotFound(ref, among: (try? models(matching: .everything)) ?? [])
        }
    }

    public func versions(of ref: ModelRef) throws -> [RegistryVersion] {
        var versions: [RegistryVersion] = []
        var page = 0
        do {
            while true {
                let list = try client.get(VersionListEnvelope.self, modelPath(ref.model) + "/versions?page-size=1000&page-number=\(page)")
                versions += list.modelVersions
                page += 1
                guard let info = list.paginationInfo, page < info.totalPages else { break }
            }
        } catch let error as APIClient.StatusError where error.status == 404 {
            throw RegistryErrors.modelNotFound(ref, among: (try? models(matching: .everything)) ?? [])
        }
        return versions
    }

    public func version(_ ref: ModelRef) throws -> (model: RegistryModel, version: RegistryVersion) {
        do {
            let envelope = try client.get(VersionEnvelope.self, versionPath(ref))
            return (try envelope.model ?? model(ref), envelope.modelVersion)
        } catch let error as APIClient.StatusError where error.status == 404 {
            throw RegistryErrors.versionNotFound(ref, among: try versions(of: ref))
        }
    }

    public func files(of ref: ModelRef) throws -> [RegistryFile] {
        let (_, version) = try version(ref)
        guard version.isDownloadable else { throw RegistryErrors.notDownloadable(ref, status: version.status) }
        var files: [RegistryFile] = []
        var page = 0
        while true {
            let list = try client.get(FileListEnvelope.self, versionPath(ref) + "/files?page-size=1000&page-number=\(page)")
            files += list.modelFiles
            page += 1
            guard let info = list.paginationInfo, page < info.totalPages else { break }
        }
        return files
    }

    /// With a key: the direct-download endpoint's URLs (NGC's path without `versions/`). As a
    /// guest: each file's public URL, which serves (or redirects to) its bytes.
    public func transferSources(for ref: ModelRef, paths: [String]) throws -> [String: TransferSource] {
        var urls: [String: String] = [:]
        if isGuest {
            for path in paths { urls[path] = client.url(versionPath(ref) + "/files/" + APIClient.encodePath(path)) }
        } else {
            let base = "/v2/\(Self.scope(ref))/models/\(ref.name)/\(ref.version ?? "")/files"
            var page = 0
            while true {
                let list = try client.get(DirectDownloadEnvelope.self, base + "?page-size=1000&page-number=\(page)")
                for (path, url) in zip(list.filepath ?? [], list.urls) {
                    urls[path] = URL(string: url, relativeTo: URL(string: client.baseURL + "/"))?.absoluteString ?? url
                }
                page += 1
                guard let info = list.paginationInfo, page < info.totalPages else { break }
            }
        }
        var sources: [String: TransferSource] = [:]
        for path in paths {
            guard let url = urls[path] else {
                throw ZooError.notFound("The registry at \(client.baseURL) gives no download URL for '\(path)' of '\(ref)'.")
            }
            sources[path] = TransferSource(url: url, headers: client.isSameOrigin(url) ? client.authHeaders : [])
        }
        return sources
    }

    // MARK: - Writing

    private func requireKey(_ action: String) throws {
        guard !isGuest else {
            throw ZooError("\(action) on the registry at \(client.baseURL) needs an API key.",
                           hint: "set ZOO_API_KEY to a key the registry accepts (on a zoo server: 'zoo registry keys add NAME')",
                           exitCode: ZooError.Code.auth)
        }
    }

    private func writing<T>(_ ref: ModelRef, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as APIClient.StatusError {
            switch error.status {
            case 404 where ref.version == nil: throw RegistryErrors.modelNotFound(ref, among: (try? models(matching: .everything)) ?? [])
            case 404: throw RegistryErrors.versionNotFound(ref, among: try versions(of: ref))
            default:
                throw ZooError("The registry at \(client.baseURL) rejected '\(ref)' (HTTP \(error.status)): \(error.detail ?? "no details").")
            }
        }
    }

    public func create(_ model: RegistryModel) throws -> RegistryModel {
        try requireKey("Creating a model")
        return try writing(model.ref) {
            let response = try client.send("POST", "/v2/\(Self.scope(model.ref))/models", json: RegistryJSON.encode(model, pretty: false))
            return try RegistryJSON.decode(ModelEnvelope.self, from: response.body, what: "the registry's answer").model
        }
    }

    public func update(_ ref: ModelRef, _ change: ModelChange) throws -> RegistryModel {
        try requireKey("Updating a model")
        let updated = change.applied(to: try model(ref))
        return try writing(ref.model) {
            let response = try client.send("PATCH", modelPath(ref.model), json: RegistryJSON.encode(updated, pretty: false))
            return try RegistryJSON.decode(ModelEnvelope.self, from: response.body, what: "the registry's answer").model
        }
    }

    public func setLatest(_ ref: ModelRef) throws {
        try requireKey("Setting the latest version")
        try writing(ref) { _ = try client.send("PATCH", versionPath(ref) + "?set-latest=true", json: Data("{}".utf8)) }
    }

    public func remove(_ ref: ModelRef) throws -> RemovalOutcome {
        try requireKey("Removing")
        return try writing(ref) {
            let response = try client.send("DELETE", ref.version == nil ? modelPath(ref) : versionPath(ref))
            let status = try? JSONDecoder().decode(ErrorEnvelope.self, from: response.body).requestStatus.statusCode
            return status == "REVERTED_TO_CATALOG" ? .revertedToCatalog : .removed
        }
    }

    /// NGC's upload flow: create the version (`UPLOAD_PENDING`), upload each file (zoo's server
    /// takes a PUT per file with a `Content-Digest`), then mark it `UPLOAD_COMPLETE` and check the
    /// server's digests against the local ones.
    public func publish(_ version: RegistryVersion, of model: RegistryModel, files: [RegistryStore.PublishedFile],
                        setLatest: Bool, progress: ProgressBar?) throws -> RegistryVersion {
        try requireKey("Uploading")
        let ref = model.ref.at(version.versionId)
        return try writing(ref) {
            _ = try client.send("POST", modelPath(ref.model) + "/versions", json: RegistryJSON.encode(version, pretty: false))
            var local: [String: SHA256Digest] = [:]
            for file in files {
                let (digest, size) = try SHA256Hasher.hash(file: file.source)
                local[file.path] = digest
                _ = try client.send("PUT", versionPath(ref) + "/files/" + APIClient.encodePath(file.path), file: (file.source, size),
                                    headers: ["Content-Type: application/octet-stream", "Content-Digest: sha-256=:\(digest.base64):"])
                progress?.advance(by: size)
            }
            let response = try client.send("PATCH", versionPath(ref), json: Data(#"{"status":"UPLOAD_COMPLETE"}"#.utf8))
            let completed = try RegistryJSON.decode(VersionEnvelope.self, from: response.body, what: "the registry's answer").modelVersion
            for remote in try self.files(of: ref) where local[remote.path] != nil && remote.sha256 != local[remote.path] {
                throw ZooError("The registry at \(client.baseURL) stored '\(remote.path)' with a different SHA-256 than uploaded.",
                               hint: "remove the version ('zoo remove \(ref)') and upload it again", exitCode: ZooError.Code.integrity)
            }
            if setLatest { try self.setLatest(ref) }
            progress?.finish()
            return completed
        }
    }
}
