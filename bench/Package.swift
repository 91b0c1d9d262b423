// swift-tools-version: 6.1
// The benchmarks live in their own package so that `make test` never builds
// the harness. Run them with `make bench` (release build).
import Foundation
import PackageDescription

/// A path dependency is known by its folder's name, whatever the clone is called.
let contextTrim = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "ContextTrimBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .executableTarget(
            name: "Filter",
            dependencies: [
                .product(name: "ContextTrim", package: contextTrim),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Filter",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The o200k counter on a text file, beside tiktoken (bench/tokens.py).
        .executableTarget(
            name: "Tokens",
            dependencies: [.product(name: "ContextTrimTokens", package: contextTrim)],
            path: "Tokens"
        ),
        // The upstream `make bench-proxy` times `ctxtrim proxy` against.
        .executableTarget(
            name: "BenchUpstream",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "BenchUpstream"
        ),
        // The same stack as the proxy with nothing of its own: the floor
        // its requests per second are held against (bench/proxy_latency.py).
        .executableTarget(
            name: "BenchFloor",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "BenchFloor"
        ),
    ]
)
