/// The kind of a JSON value, as recorded by the scanner.
public enum JSONKind: UInt8, Sendable {
    case object, array, string, number, `true`, `false`, null
}

/// One value of a scanned document: its kind and where its bytes stand.
///
/// Nodes form a flat tape in document order (a container is followed by its
/// children; an object's children alternate key, value). `next` is the index
/// of the node after this value's whole subtree, so siblings are reached
/// without walking children. Offsets are 32-bit to keep the tape small; the
/// scanner refuses inputs of 4 GiB or more.
struct JSONNode: Sendable {
    /// Set on a string whose raw bytes contain a backslash escape.
    static let hasEscapes: UInt8 = 1
    /// Set on a string with a `\uXXXX` escape (which can hide ASCII or write
    /// control characters).
    static let hasUnicodeEscapes: UInt8 = 2

    var kind: JSONKind
    var flags: UInt8
    /// Offset of the value's first byte (the opening quote of a string).
    var start: UInt32
    /// Offset just past the value's last byte (past a string's closing quote).
    var end: UInt32
    /// Index of the first node after this value's subtree.
    var next: UInt32
}
