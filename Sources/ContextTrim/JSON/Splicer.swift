/// A replacement of one byte range of the original request.
///
/// Stages propose splices; only the `Splicer` touches bytes, so everything no
/// splice covers is copied through unchanged.
public struct Splice: Sendable, Equatable {
    public var range: Range<Int>
    public var replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }
}

/// Applies non-overlapping splices to the original bytes in one pass.
public enum Splicer {
    /// Returns `bytes` with every splice applied. Splices may come in any
    /// order; overlapping splices are a programming error of a stage.
    public static func apply(_ splices: [Splice], to bytes: [UInt8]) -> [UInt8] {
        guard !splices.isEmpty else { return bytes }
        // An insertion goes before a replacement that starts where it stands.
        let ordered = splices.sorted { ($0.range.lowerBound, $0.range.isEmpty ? 0 : 1) < ($1.range.lowerBound, $1.range.isEmpty ? 0 : 1) }
        var output: [UInt8] = []
        let growth = ordered.reduce(0) { $0 + $1.replacement.count - $1.range.count }
        output.reserveCapacity(max(0, bytes.count + growth))
        var cursor = 0
        for splice in ordered {
            precondition(splice.range.lowerBound >= cursor, "overlapping splices at byte \(splice.range.lowerBound)")
            output.append(contentsOf: bytes[cursor..<splice.range.lowerBound])
            output.append(contentsOf: splice.replacement)
            cursor = splice.range.upperBound
        }
        output.append(contentsOf: bytes[cursor...])
        return output
    }
}
