/// Splits text into the pieces BPE encodes one by one, exactly as
/// o200k_base's pattern does in tiktoken (leftmost-first alternatives,
/// greedy with backtracking):
///
/// ```
/// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
/// |[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
/// |\p{N}{1,3}
/// | ?[^\s\p{L}\p{N}]+[\r\n/]*
/// |\s*[\r\n]+
/// |\s+(?!\S)
/// |\s+
/// ```
///
/// Written out by hand rather than with a regex engine: each alternative's
/// backtracking has a closed form. It walks the UTF-8 itself, a scalar at a
/// time in either direction, so it needs no memory per character.
///
/// In the engine, with no vocabulary, so that Dedup can bound a text's
/// tokens from below (`TokenFloor`); `ContextTrimTokens` encodes its pieces.
package struct PreTokenizer {
    /// The classes the pattern tests, as bits of one byte per scalar.
    struct Class: OptionSet {
        let rawValue: UInt8
        /// `\p{L}`
        static let letter = Class(rawValue: 1)
        /// `\p{N}`
        static let number = Class(rawValue: 2)
        /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`
        static let upper = Class(rawValue: 4)
        /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`
        static let lower = Class(rawValue: 8)
        /// `\s` (White_Space)
        static let space = Class(rawValue: 16)
        /// `\r` or `\n`
        static let lineBreak = Class(rawValue: 32)
    }

    private let text: UnsafeBufferPointer<UInt8>
    /// `asciiClasses`, held here: a static read in the inner loop pays a
    /// lazy-initialization check on every byte.
    private let ascii: [Class]

    /// `text` must be valid UTF-8 (decoded JSON strings are).
    package init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
        ascii = Self.asciiClasses
    }

    /// Calls `body` with each piece, as a byte range of the text, in order.
    package func forEachPiece(_ body: (Range<Int>) -> Void) {
        var i = 0
        while i < text.count {
            let end = piece(at: i)
            body(i..<end)
            i = end
        }
    }

    /// How many pieces the text holds, counting no further than `limit`.
    package func pieceCount(upTo limit: Int) -> Int {
        var count = 0
        var i = 0
        while i < text.count && count < limit {
            i = piece(at: i)
            count += 1
        }
        return count
    }

    /// The end of the piece that starts at `i`.
    private func piece(at i: Int) -> Int {
        letters(at: i, upperFirst: false) ?? letters(at: i, upperFirst: true) ?? numbers(at: i)
            ?? punctuation(at: i) ?? lineBreaks(at: i) ?? spaces(at: i) ?? after(i)
    }

    // MARK: Walking the UTF-8

    /// The offset of the scalar after the one at `i`.
    private func after(_ i: Int) -> Int {
        let lead = text[i]
        let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return min(i + width, text.count)
    }

    /// The offset of the scalar before the one at `i`.
    private func before(_ i: Int) -> Int {
        var j = i - 1
        while j > 0 && text[j] & 0xC0 == 0x80 { j -= 1 }
        return j
    }

    private func scalar(at i: Int) -> Unicode.Scalar {
        let lead = UInt32(text[i])
        if lead < 0x80 { return Unicode.Scalar(UInt8(lead)) }
        var value: UInt32
        var rest: Int
        switch lead {
        case ..<0xE0: value = lead & 0x1F; rest = 1
        case ..<0xF0: value = lead & 0x0F; rest = 2
        default: value = lead & 0x07; rest = 3
        }
        for k in 1...rest where i + k < text.count { value = value << 6 | UInt32(text[i + k] & 0x3F) }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private func classes(at i: Int) -> Class {
        let byte = text[i]
        return byte < 0x80 ? ascii[Int(byte)] : Self.classify(scalar(at: i))
    }

    private func has(_ i: Int, _ set: Class) -> Bool {
        i < text.count && !classes(at: i).isDisjoint(with: set)
    }

    private func isByte(_ i: Int, _ byte: UInt8) -> Bool {
        i < text.count && text[i] == byte
    }

    // MARK: The alternatives

    /// `[^\r\n\p{L}\p{N}]`: may stand before a word.
    private func isOptionalPrefix(_ i: Int) -> Bool {
        i < text.count && classes(at: i).isDisjoint(with: [.letter, .number, .lineBreak])
    }

    /// Alternatives 1 (`upperFirst` false: `A* B+`) and 2 (`A+ B*`), each
    /// after an optional `[^\r\n\p{L}\p{N}]` and before an optional contraction.
    private func letters(at i: Int, upperFirst: Bool) -> Int? {
        // With the prefix first, then without: no array per call, this runs per piece.
        let prefixed = isOptionalPrefix(i)
        for attempt in 0..<(prefixed ? 2 : 1) {
            let start = prefixed && attempt == 0 ? after(i) : i
            var upperEnd = start
            while has(upperEnd, .upper) { upperEnd = after(upperEnd) }
            if upperFirst {
                guard upperEnd > start else { continue }
                var end = upperEnd
                while has(end, .lower) { end = after(end) }
                return end + contraction(at: end)
            }
            // A* gives back one scalar at a time until B+ can start.
            var split = upperEnd
            while true {
                if has(split, .lower) {
                    var end = split
                    while has(end, .lower) { end = after(end) }
                    return end + contraction(at: end)
                }
                guard split > start else { break }
                split = before(split)
            }
        }
        return nil
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)`: the bytes it takes at `i`.
    private func contraction(at i: Int) -> Int {
        guard isByte(i, UInt8(ascii: "'")), i + 1 < text.count else { return 0 }
        // `s` also folds from U+017F, the long s (bytes C5 BF).
        if text[i + 1] == 0xC5 && isByte(i + 2, 0xBF) { return 3 }
        let first = text[i + 1] | 0x20
        switch first {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"):
            return i + 2 < text.count && text[i + 2] | 0x20 == UInt8(ascii: "e") ? 3 : 0
        case UInt8(ascii: "l"):
            return i + 2 < text.count && text[i + 2] | 0x20 == UInt8(ascii: "l") ? 3 : 0
        default:
            return 0
        }
    }

    /// `\p{N}{1,3}`
    private func numbers(at i: Int) -> Int? {
        var end = i
        var taken = 0
        while taken < 3 && has(end, .number) {
            end = after(end)
            taken += 1
        }
        return end > i ? end : nil
    }

    /// ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
    private func punctuation(at i: Int) -> Int? {
        let spaced = isByte(i, UInt8(ascii: " "))
        for attempt in 0..<(spaced ? 2 : 1) {
            let start = spaced && attempt == 0 ? i + 1 : i
            var end = start
            while end < text.count && classes(at: end).isDisjoint(with: [.space, .letter, .number]) { end = after(end) }
            guard end > start else { continue }
            while isByte(end, 0x0A) || isByte(end, 0x0D) || isByte(end, UInt8(ascii: "/")) { end += 1 }
            return end
        }
        return nil
    }

    /// `\s*[\r\n]+`: whitespace up to and through the last line break in it.
    private func lineBreaks(at i: Int) -> Int? {
        var end = i
        var lastBreak: Int?
        while has(end, .space) {
            if isByte(end, 0x0A) || isByte(end, 0x0D) { lastBreak = end }
            end = after(end)
        }
        return lastBreak.map { $0 + 1 }
    }

    /// `\s+(?!\S)` then `\s+`: a run of whitespace, less its last scalar
    /// when something other than whitespace follows.
    private func spaces(at i: Int) -> Int? {
        var end = i
        var last = i
        var count = 0
        while has(end, .space) {
            last = end
            end = after(end)
            count += 1
        }
        guard count > 0 else { return nil }
        return end == text.count || count == 1 ? end : last
    }

    // MARK: Classes

    private static let asciiClasses: [Class] = (0..<128).map { classify(Unicode.Scalar(UInt8($0))) }

    private static func classify(_ scalar: Unicode.Scalar) -> Class {
        if scalar.isASCII {
            switch scalar.value {
            case 0x61...0x7A: return [.letter, .lower]
            case 0x41...0x5A: return [.letter, .upper]
            case 0x30...0x39: return .number
            case 0x0A, 0x0D: return [.space, .lineBreak]
            case 0x09, 0x0B, 0x0C, 0x20: return .space
            default: return []
            }
        }
        var classes: Class = scalar.properties.isWhitespace ? .space : []
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: classes.formUnion([.letter, .upper])
        case .lowercaseLetter: classes.formUnion([.letter, .lower])
        case .modifierLetter, .otherLetter: classes.formUnion([.letter, .upper, .lower])
        case .nonspacingMark, .spacingMark, .enclosingMark: classes.formUnion([.upper, .lower])
        case .decimalNumber, .letterNumber, .otherNumber: classes.formUnion(.number)
        default: break
        }
        return classes
    }
}
