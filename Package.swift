// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ContextTrim",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ContextTrim", targets: ["ContextTrim"]),
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
        .target(
            name: "ContextTrim",
            dependencies: ["CLibgit2", "CXXHash"],
            resources: [.embedInCode("DefaultRules")]
        ),
        .executableTarget(
            name: "ctxtrim",
            dependencies: [
                "ContextTrim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ContextTrimTests",
            dependencies: ["ContextTrim", "CLibgit2"]
        ),
    ]
)
