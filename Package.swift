// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ContextTrim",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ContextTrim", targets: ["ContextTrim"]),
        .library(name: "ContextTrimTokens", targets: ["ContextTrimTokens"]),
        .executable(name: "ctxtrim", targets: ["ctxtrim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibgit2",
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
        .target(
            name: "ContextTrim",
            dependencies: ["CLibgit2", "CXXHash"],
            resources: [.embedInCode("DefaultRules")]
        ),
        .target(
            name: "ContextTrimTokens",
            dependencies: ["ContextTrim", "CXXHash", "CZlib"],
            resources: [.copy("Resources/o200k_base.tiktoken.gz")]
        ),
        .executableTarget(
            name: "ctxtrim",
            dependencies: [
                "ContextTrim",
                "ContextTrimTokens",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ContextTrimTests",
            dependencies: ["ContextTrim", "ContextTrimTokens", "CLibgit2"]
        ),
    ]
)
