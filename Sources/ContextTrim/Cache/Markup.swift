/// A change to a request's structure that only adds: a member inserted into
/// an object (`cache_control` on a block, `prompt_cache_key` on the request),
/// or a string `content` wrapped into a one-block array that carries a
/// marker. The bytes are made here and nowhere else, always as insertions
/// outside strings, so every byte of the input still reaches the output, the
/// edits of other stages inside the same strings never collide with it, and
/// the output check can verify each markup against the value it targets.
public struct Markup: Sendable {
    public enum Kind: Sendable {
        /// `"key": value` (raw JSON) added at the end of an object.
        case member(key: String, value: [UInt8])
        /// A string becomes `[{"type":"text","text": <the string>, "cache_control": <marker>}]`.
        case textBlock(marker: [UInt8])
    }

    /// The object a member goes into, or the string that is wrapped.
    public let target: JSONValue
    public let kind: Kind

    public init(_ kind: Kind, in target: JSONValue) {
        self.kind = kind
        self.target = target
    }

    /// The insertions that make the change: one for a member, two (before
    /// and after the string) for a wrap.
    public var splices: [Splice] {
        switch kind {
        case .member(let key, let value):
            let comma = target.members.isEmpty ? [] : [UInt8(ascii: ",")]
            let member = comma + Array("\"\(key)\":".utf8) + value
            let closing = target.span.upperBound - 1
            return [Splice(range: closing..<closing, replacement: member)]
        case .textBlock(let marker):
            let span = target.span
            return [Splice(range: span.lowerBound..<span.lowerBound, replacement: Array(#"[{"type":"text","text":"#.utf8)),
                    Splice(range: span.upperBound..<span.upperBound, replacement: Array(#","cache_control":"#.utf8) + marker + Array("}]".utf8))]
        }
    }

    /// What is wrong with this markup on `document`, or nil: the target
    /// must be a value of the document of the right kind, a member must not
    /// be there already and its value must be one JSON value.
    func problem(in document: JSONDocument) -> String? {
        guard target.document === document else { return "a markup targets another document" }
        switch kind {
        case .member(let key, let value):
            guard target.kind == .object else { return "a member is added to something not an object at byte \(target.span.lowerBound)" }
            guard target[key] == nil else { return "\(key) is already set at byte \(target.span.lowerBound)" }
            guard (try? JSONScanner.scan(value)) != nil, !value.isEmpty else { return "the value of \(key) is not one JSON value" }
        case .textBlock(let marker):
            guard target.kind == .string else { return "a wrap targets something not a string at byte \(target.span.lowerBound)" }
            let after = document.bytes[target.span.upperBound...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            guard after != UInt8(ascii: ":") else { return "a wrap targets an object key at byte \(target.span.lowerBound)" }
            guard (try? JSONScanner.scan(marker))?.root.kind == .object else { return "a cache marker is not a JSON object" }
        }
        return nil
    }
}
