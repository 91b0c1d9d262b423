/// The text the model reads where ContextTrim removed something: one
/// grammar, `[ctxtrim: ...]`, plain ASCII, nothing volatile (no times,
/// counters or token estimates), so the same removal always reads the same
/// and prefix caching holds across requests and releases.
public enum Stub {
    /// A file dropped by an ignore rule.
    public static func ignoredFile(_ path: String, size: TextSize, decision: IgnoreDecision) -> String {
        make("omitted \(path) (\(size.description)), ignore rule \(decision.citation)")
    }

    /// Binary content, whatever its path.
    public static func binary(_ path: String?, size: TextSize) -> String {
        guard let path else { return make("omitted binary content (\(size.description))") }
        return make("omitted \(path) (\(size.description)), binary content")
    }

    /// A file or output that repeats an earlier one. When both copies show
    /// line numbers and they differ, both ranges are named, so the model keeps
    /// the numbering of the copy it no longer sees. The `description` must be
    /// plain ASCII already (`ascii`).
    static func sameAs(_ text: NormalizedText, earlier: NormalizedText, in description: String) -> String {
        if let mine = text.numbering, let theirs = earlier.numbering, mine != theirs {
            return sameLines(mine, as: theirs, of: description)
        }
        let noun = text.lineCount == 1 ? "line" : "lines"
        return "[ctxtrim: all \(text.lineCount) \(noun) same as \(description) above]"
    }

    /// A run of lines that repeats lines of an earlier copy, both ranges
    /// numbered as their gutters show (or from 1). Dedup writes thousands of
    /// these per request, so the bytes are put together directly; the
    /// `description` must be plain ASCII already (`ascii`).
    static func sameLines(_ lines: ClosedRange<Int>, as earlier: ClosedRange<Int>, of description: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + description.utf8.count)
        bytes += prefix
        bytes += "lines ".utf8
        appendDecimal(lines.lowerBound, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDecimal(lines.upperBound, to: &bytes)
        bytes += " same as lines ".utf8
        appendDecimal(earlier.lowerBound, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDecimal(earlier.upperBound, to: &bytes)
        bytes += " of ".utf8
        bytes += description.utf8
        bytes += " above]".utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var power: UInt = 1
        while power <= value.magnitude / 10 { power *= 10 }
        var rest = value.magnitude
        while power > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / power))
            rest %= power
            power /= 10
        }
    }

    /// The length of the shortest `sameLines` stub for `description`: a run
    /// shorter than this plus the minimum saving is not worth its stub.
    static func shortestSameLines(of description: String) -> Int {
        "[ctxtrim: lines 1-1 same as lines 1-1 of  above]".utf8.count + description.utf8.count
    }

    /// A tool call id as pointers print it: whole when short, else its first
    /// twelve characters and `...` (enough to find it, stable across runs).
    static func shortID(_ id: String) -> String {
        id.count > 16 ? String(id.prefix(12)) + "..." : id
    }

    /// Whether `text` is one stub and nothing else: what a second pass over
    /// trimmed output must leave alone.
    public static func isStub(_ text: ArraySlice<UInt8>) -> Bool {
        text.starts(with: prefix) && text.last == UInt8(ascii: "]") && !text.contains(UInt8(ascii: "\n"))
    }

    static let prefix = Array("[ctxtrim: ".utf8)

    /// Whether a line that starts with `prefix` is a Dedup pointer (`sameAs`,
    /// `sameLines`), as opposed to a block's (`sameBlock`), which Dedup may copy.
    static func isPointer(_ line: ArraySlice<UInt8>) -> Bool {
        let body = line.dropFirst(prefix.count)
        return (body.starts(with: "all ".utf8) || body.starts(with: "lines ".utf8))
            && line.suffix(pointerEnd.count).elementsEqual(pointerEnd) && line.contains(marker: pointerMiddle)
    }

    /// Whether a line that starts with `prefix` points at text above: a
    /// Dedup pointer or a block's.
    static func isAnyPointer(_ line: ArraySlice<UInt8>) -> Bool {
        isPointer(line) || (line.dropFirst(prefix.count).first == UInt8(ascii: "<") && line.contains(marker: sameBlockMiddle)
            && line.suffix(pointerEnd.count).elementsEqual(pointerEnd))
    }

    /// Whether any line in `range` of `text` is a pointer (`isAnyPointer`), blanks before it aside.
    static func holdsPointer(_ text: [UInt8], in range: Range<Int>) -> Bool {
        var from = range.lowerBound
        while let start = ByteSearch.firstOffset(of: prefix, in: text, from: from, to: range.upperBound) {
            from = start + prefix.count
            var lineStart = start
            while lineStart > range.lowerBound && text[lineStart - 1] == UInt8(ascii: " ") { lineStart -= 1 }
            guard lineStart == range.lowerBound || text[lineStart - 1] == UInt8(ascii: "\n") else { continue }
            let end = ByteSearch.firstOffset(of: UInt8(ascii: "\n"), in: text, from: start, to: range.upperBound) ?? range.upperBound
            if isAnyPointer(text[text.withoutCarriageReturn(start..<end)]) { return true }
        }
        return false
    }

    private static let pointerEnd = Array(" above]".utf8)
    private static let sameBlockMiddle = Array("> same as in ".utf8)
    private static let pointerMiddle = Array(" same as ".utf8)

    /// A stub around `body`, which is made plain ASCII: a byte outside
    /// printable ASCII, a bracket (a Next.js `[slug]` route would end the
    /// stub early) and `%` itself are written `%XX`, as in a URL.
    static func make(_ body: String) -> String {
        "[ctxtrim: " + ascii(body) + "]"
    }

    /// `text` with every byte that may not stand in a stub written `%XX`.
    static func ascii(_ text: String) -> String {
        func plain(_ byte: UInt8) -> Bool {
            byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "[") && byte != UInt8(ascii: "]") && byte != UInt8(ascii: "%")
        }
        var text = text
        guard !text.withUTF8({ $0.allSatisfy(plain) }) else { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var escaped: [UInt8] = []
        for byte in text.utf8 {
            if plain(byte) {
                escaped.append(byte)
            } else {
                escaped += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// The matches of a search that stand in ignored files, one stub per
    /// rule: under an ignored `directory`, or in files a rule names (the
    /// file's name when it is one).
    public static func omittedMatches(_ matches: Int, files: [String], under directory: String?, decision: IgnoreDecision) -> String {
        let counted = "\(matches) \(matches == 1 ? "match" : "matches")"
        let place: String
        if let directory {
            place = "in \(files.count) \(files.count == 1 ? "file" : "files") under \(directory)/"
        } else {
            place = files.count == 1 ? "in \(files[0])" : "in \(files.count) files"
        }
        return make("\(counted) \(place) omitted, ignore rule \(decision.citation)")
    }

    /// A block a client repeats every turn, the same as its first copy.
    static func sameBlock(_ name: String, inMessage message: Int?) -> String {
        make("<\(name)> same as in \(message.map { "message \($0)" } ?? "the instructions") above")
    }

    /// The later lines of a run of identical lines, after its first.
    public static func repeatedLine(times: Int) -> String {
        make("the line above repeats \(times) more \(times == 1 ? "time" : "times")")
    }

    /// The lines of a listing below an ignored directory, folded into one.
    public static func foldedListing(_ directory: String, paths: Int, decision: IgnoreDecision) -> String {
        let noun = paths == 1 ? "path" : "paths"
        return make("\(paths) \(noun) under \(directory)/ omitted, ignore rule \(decision.citation)")
    }
}

/// The size of removed text as a stub states it: lines and bytes.
public struct TextSize: Sendable, Equatable, CustomStringConvertible {
    public let lines: Int
    public let bytes: Int

    public init(of text: ArraySlice<UInt8>) {
        bytes = text.count
        var lines = text.withUnsafeBufferPointer { ByteSearch.count(of: UInt8(ascii: "\n"), in: $0) }
        if let last = text.last, last != UInt8(ascii: "\n") { lines += 1 }
        self.lines = lines
    }

    public var description: String {
        "\(lines) \(lines == 1 ? "line" : "lines"), \(Self.format(bytes))"
    }

    static func format(_ bytes: Int) -> String {
        switch bytes {
        case ..<1024: return "\(bytes) bytes"
        case ..<(10 * 1024 * 1024): return "\((bytes + 512) / 1024) KB"
        default: return "\((bytes + 512 * 1024) / (1024 * 1024)) MB"
        }
    }
}
