// swift-tools-version:6.1
// zoo — a Swift-native transfer-learning toolkit: model-zoo registry, task plugins, experiment tracker.
// Module map and dependency direction: docs/ARCHITECTURE.md.
import PackageDescription

/// C libraries. JPEG and PNG are linked through pkg-config; libcurl, libarchive and OpenBLAS are
/// opened on first use (CLoader) so that short commands do not pay for loading them. `make deps`
/// installs their Debian packages.
let systemLibraries: [Target] = [
    .systemLibrary(name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libturbojpeg",
                   providers: [.apt(["libturbojpeg0-dev"])]),
    .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                   providers: [.apt(["libpng-dev"])]),
    // dlopen on first use, with an actionable error when a library is missing.
    .target(name: "CLoader"),
    .target(name: "CBLAS", dependencies: ["CLoader"]),
    .target(name: "CCurl", dependencies: ["CLoader"]),
    .target(name: "CArchive", dependencies: ["CLoader"]),
]

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let cryptoExtras = Target.Dependency.product(name: "_CryptoExtras", package: "swift-crypto")
let swiftProtobuf = Target.Dependency.product(name: "SwiftProtobuf", package: "swift-protobuf")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let grdbSQLite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")

let package = Package(
    name: "zoo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zoo", targets: ["zoo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
    ],
    targets: systemLibraries + [
        // Shared vocabulary: refs and patterns, errors with hints, console output, paths, hashing, redaction.
        .target(name: "ZooCore", dependencies: [crypto, logging]),

        // TAO's spec files: .proto schemas + generated Swift, text-format loading with positioned
        // errors, validation, defaults, params; BPNet's YAML specs.
        .target(name: "Specs", dependencies: ["ZooCore", swiftProtobuf, yams], exclude: ["proto"]),
        // Spec loading speed; `bench/specs/run` builds and runs it.
        .executableTarget(name: "SpecsBench", dependencies: ["Specs", "ZooCore", swiftProtobuf], path: "bench/specs/Sources"),

        // Neural-network engine: tensors, ops with forward/backward on OpenBLAS, graph IR, training, weights I/O.
        .target(name: "Engine", dependencies: ["ZooCore", "CBLAS"]),
        // Graph builders for backbone families (ResNet, …) with named feature taps.
        .target(name: "Backbones", dependencies: ["Engine", "ZooCore"]),

        // Images (JPEG/PNG), datasets (KITTI, class folders, COCO), augmentation, TFRecord shards
        // (dataset_convert) and the synthetic scene generators; images convert to Engine tensors.
        .target(name: "Vision", dependencies: ["ZooCore", "Engine", "Specs", "CJPEG", "CPNG", swiftProtobuf], exclude: ["proto"]),
        // Vision speed (codecs, resize, augmentation, TFRecords, convert, synth); `bench/vision/run` builds and runs it.
        .executableTarget(name: "VisionBench", dependencies: ["Vision"], path: "bench/vision/Sources"),

        // The task-plugin contract and the workflow every plugin shares.
        .target(name: "Tasks", dependencies: ["ZooCore", "Engine", "Backbones", "Specs", "Vision", "Tracking", "Registry",
                                              argumentParser, crypto, cryptoExtras, swiftProtobuf],
                exclude: ["proto"]),
        // The classification task (TAO's classification_tf1): train, evaluate, inference, prune, export.
        .target(name: "ClassificationPlugin", dependencies: ["Tasks", "Backbones", "Engine", "Vision", "Specs", "Tracking",
                                                             "Registry", "ZooCore", argumentParser],
                path: "Sources/Plugins/Classification"),
        // Experiment tracking: runs, params, metrics, artifacts and lineage in SQLite (WAL), filters, comparisons.
        .target(name: "Tracking", dependencies: ["ZooCore", grdb, grdbSQLite]),

        // Tracking speed; `bench/tracking/run` builds and runs it.
        .executableTarget(name: "TrackingBench", dependencies: ["Tracking", "ZooCore"], path: "bench/tracking/Sources"),
        // The model-zoo registry: NGC catalog types, local store, HTTP client, downloader, archives, `zoo serve`.
        .target(name: "Registry", dependencies: ["ZooCore", "CCurl", "CArchive", hummingbird]),


        // The command-line interface: parses arguments, calls the libraries, prints.
        .executableTarget(name: "zoo", dependencies: ["ZooCore", "Specs", "Engine", "Backbones", "Vision", "Tracking",
                                                      "Registry", "Tasks", "ClassificationPlugin", argumentParser]),

        // The ONNX interop check's exporter (`make check-onnx`): zoo's ONNX and inference on real images.
        .executableTarget(name: "ONNXInterop", dependencies: ["Tasks", "Engine", "Backbones", "ZooCore", "CJPEG", "CPNG"],
                          path: "Tests/interop/Sources"),
        // Pruning speed; `bench/pruning/run` builds and runs it.
        .executableTarget(name: "PruningBench", dependencies: ["Tasks", "Backbones", "Engine"], path: "bench/pruning/Sources"),

        .testTarget(name: "ZooCoreTests", dependencies: ["ZooCore"]),
        .testTarget(name: "TasksTests", dependencies: ["Tasks", "Engine", "Backbones", "ZooCore"]),
        .testTarget(name: "SystemLibraryTests",
                    dependencies: ["CLoader", "CBLAS", "CCurl", "CArchive", "CJPEG", "CPNG"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "ZooCore"]),
        .testTarget(name: "SpecsTests", dependencies: ["Specs", "ZooCore", swiftProtobuf], exclude: ["Fixtures"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "ZooCore"], exclude: ["Fixtures"]),
        .testTarget(name: "BackbonesTests", dependencies: ["Backbones", "Engine", "ZooCore"]),
        .testTarget(name: "ZooCLITests", dependencies: ["zoo", "ZooCore", "Tracking", "ClassificationPlugin"]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "ZooCore"]),
        .testTarget(name: "ClassificationPluginTests", dependencies: ["ClassificationPlugin", "Tasks", "Backbones", "Engine",
                                                                      "Vision", "Tracking", "ZooCore"]),
        .testTarget(name: "VisionTests", dependencies: ["Vision", "Engine", "Specs", "ZooCore"]),
    ]
)
