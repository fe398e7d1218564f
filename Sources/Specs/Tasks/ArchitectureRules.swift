/// Which depths TAO's backbone templates build for each architecture.
enum ArchitectureRules {
    static let layers: [String: [Int]] = [
        "resnet": [10, 18, 34, 50, 101],
        "vgg": [16, 19],
        "darknet": [19, 53],
        "cspdarknet": [19, 53],
    ]

    /// Reports a depth the architecture's template cannot build. `zeroMeans` is the depth a task
    /// builds when the field is 0 (classification: 18), or nil when 0 is an error.
    static func checkLayers(arch: String, layers: Int, path: String, zeroMeans: Int?,
                            into issues: inout SpecIssues) {
        guard let allowed = Self.layers[arch] else { return }
        let depth = layers == 0 ? (zeroMeans ?? 0) : layers
        if !allowed.contains(depth) {
            issues.add(path, "\(path) must be one of \(allowed.map(String.init).joined(separator: ", ")) for \(arch), "
                + (layers == 0 ? "it is not set" : "got \(layers)"))
        }
    }
}
