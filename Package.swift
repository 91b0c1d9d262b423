// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ContextTrim",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ContextTrim", targets: ["ContextTrim"]),
        .library(name: "ContextTrimTokens", targets: ["ContextTrimTokens"]),
        .library(name: "ContextTrimServer", targets: ["ContextTrimServer"]),
        .executable(name: "ctxtrim", targets: ["ctxtrim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",  // libgit2's headers, and libgit2 linked: for the tests' oracle only.
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .systemLibrary(
            name: "CXXHash",
            pkgConfig: "libxxhash",
            providers: [.apt(["libxxhash-dev"]), .brew(["xxhash"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // The product loads libgit2 at its first use, not at start-up.
        .target(name: "CLibgit2Loader"),
        .target(
            name: "ContextTrim",
            dependencies: ["CLibgit2Loader", "CXXHash"],
            resources: [.embedInCode("DefaultRules")]
        ),
        .target(
            name: "ContextTrimTokens",
            dependencies: ["ContextTrim", "CXXHash", "CZlib"],
            resources: [.copy("Resources/o200k_base.ctxtrim-vocab")]
        ),
        .target(
            name: "ContextTrimServer",
            dependencies: [
                "ContextTrim",
                "ContextTrimTokens",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ]
        ),
        .executableTarget(
            name: "ctxtrim",
            dependencies: [
                "ContextTrim",
                "ContextTrimTokens",
                "ContextTrimServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ContextTrimTests",
            dependencies: ["ContextTrim", "ContextTrimTokens", "CLibgit2"]
        ),
        .testTarget(
            name: "ContextTrimServerTests",
            dependencies: [
                "ContextTrim",
                "ContextTrimTokens",
                "ContextTrimServer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
