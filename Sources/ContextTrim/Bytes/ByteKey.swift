/// Bytes as a dictionary key, hashed in one call rather than byte by byte
/// (as `[UInt8]` hashes itself).
struct ByteKey: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: some Sequence<UInt8>) {
        self.bytes = Array(bytes)
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
