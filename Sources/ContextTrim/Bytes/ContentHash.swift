import CXXHash

/// XXH3 64-bit hashes (libxxhash): how Dedup finds repeated text quickly. A
/// hash match is only a candidate; the bytes are compared before anything
/// is replaced.
enum ContentHash {
    /// The hash of bytes in memory the caller holds.
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        XXH3_64bits(bytes.baseAddress, bytes.count)
    }

    /// The hash of a list of hashes (a text's key from its lines' keys).
    static func of(_ words: ArraySlice<UInt64>) -> UInt64 {
        words.withUnsafeBytes { XXH3_64bits($0.baseAddress, $0.count) }
    }
}
