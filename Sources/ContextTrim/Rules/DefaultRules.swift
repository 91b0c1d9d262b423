/// The default rules of `rules/*.ignore`, compiled into the library so that an
/// installed `ctxtrim` needs no files beside it.
///
/// Adding a category is one file in `rules/` and one line here; a test checks
/// that every file in `rules/` is listed.
public enum DefaultRules {
    /// The categories in precedence order (later wins), secrets last.
    public static let categories: [(name: String, bytes: [UInt8])] = [
        ("vcs", PackageResources.vcs_ignore),
        ("dependencies", PackageResources.dependencies_ignore),
        ("build", PackageResources.build_ignore),
        ("caches", PackageResources.caches_ignore),
        ("databases", PackageResources.databases_ignore),
        ("lockfiles", PackageResources.lockfiles_ignore),
        ("minified", PackageResources.minified_ignore),
        ("binaries", PackageResources.binaries_ignore),
        ("secrets", PackageResources.secrets_ignore),
    ]

    /// The category whose rules only an explicit switch turns off.
    public static let secretsCategory = "secrets"

    /// The sources of the default categories but secrets, minus `excluded`.
    public static func sources(excluding excluded: Set<String> = []) -> [RuleSource] {
        categories
            .filter { $0.name != secretsCategory && !excluded.contains($0.name) }
            .map { source(named: $0.name, bytes: $0.bytes, layer: .defaults) }
    }

    /// The secrets source.
    public static var secrets: RuleSource {
        let category = categories.first { $0.name == secretsCategory }!
        return source(named: category.name, bytes: category.bytes, layer: .secrets)
    }

    private static func source(named name: String, bytes: [UInt8], layer: RuleSource.Layer) -> RuleSource {
        RuleSource(name: "rules/\(name).ignore", layer: layer, text: String(decoding: bytes, as: UTF8.self))
    }
}
