/// A path as the rule matcher sees it: slash-separated, relative, with no
/// leading or trailing slash.
struct RulePath: Hashable {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var basename: ArraySlice<UInt8> {
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return bytes[...] }
        return bytes[(slash + 1)...]
    }

    /// The leading directories, shortest first: `a`, `a/b` for `a/b/c`.
    var ancestors: [RulePath] {
        bytes.indices.filter { bytes[$0] == UInt8(ascii: "/") }.map { RulePath(bytes: Array(bytes[..<$0])) }
    }

    /// The path relative to `base` (a directory prefix ending in a slash, or
    /// empty), or nil when the path is not below it.
    func relative(to base: [UInt8]) -> RulePath? {
        guard !base.isEmpty else { return self }
        guard bytes.count > base.count, bytes.starts(with: base) else { return nil }
        return RulePath(bytes: Array(bytes[base.count...]))
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// What the rule indexes are keyed by: the basename and its extension.
    struct Keys {
        let name: ByteKey
        let fileExtension: ByteKey?

        init(_ path: RulePath) {
            let basename = path.basename
            name = ByteKey(basename)
            fileExtension = basename.lastIndex(of: UInt8(ascii: ".")).map { ByteKey(basename[($0 + 1)...]) }
        }
    }
}
