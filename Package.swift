// swift-tools-version:6.1
// zoo — a Swift-native transfer-learning toolkit: model-zoo registry, task plugins, experiment tracker.
// Module map and dependency direction: docs/ARCHITECTURE.md.
import PackageDescription

/// System C libraries, linked through pkg-config; `make deps` installs their Debian packages.
let systemLibraries: [Target] = [
    .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                   providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "CArchive", path: "Sources/CArchive", pkgConfig: "libarchive",
                   providers: [.apt(["libarchive-dev"])]),
    .systemLibrary(name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libturbojpeg",
                   providers: [.apt(["libturbojpeg0-dev"])]),
    .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                   providers: [.apt(["libpng-dev"])]),
]

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let grdbSQLite = Target.Dependency.product(name: "GRDBSQLite", package: "GRDB.swift")

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
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: systemLibraries + [
        // Shared vocabulary: refs and patterns, errors with hints, console output, paths, hashing, redaction.
        .target(name: "ZooCore", dependencies: [crypto, logging]),

        // Experiment tracking: runs, params, metrics, artifacts and lineage in SQLite (WAL), filters, comparisons.
        .target(name: "Tracking", dependencies: ["ZooCore", grdb, grdbSQLite]),

        // The command-line interface: parses arguments, calls the libraries, prints.
        .executableTarget(name: "zoo", dependencies: ["ZooCore", "Tracking", argumentParser]),

        // Benchmarks (bench/<area>/run builds and runs them in release mode).
        .executableTarget(name: "TrackingBench", dependencies: ["Tracking", "ZooCore"], path: "bench/tracking/Sources"),

        .testTarget(name: "ZooCoreTests", dependencies: ["ZooCore"]),
        .testTarget(name: "SystemLibraryTests",
                    dependencies: ["CBLAS", "CCurl", "CArchive", "CJPEG", "CPNG"]),
        .testTarget(name: "ZooCLITests", dependencies: ["zoo", "ZooCore", "Tracking"]),
        .testTarget(name: "TrackingTests", dependencies: ["Tracking", "ZooCore"]),
    ]
)
