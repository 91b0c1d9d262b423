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
/// backtracking has a closed form, and the scan stays linear.
struct PreTokenizer {
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

    /// The text's scalars' classes, and where each scalar starts in the UTF-8.
    private let classes: [Class]
    private let scalars: [Unicode.Scalar]
    private let offsets: [Int]

    init(_ text: [UInt8]) {
        var classes: [Class] = []
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        classes.reserveCapacity(text.count)
        scalars.reserveCapacity(text.count)
        offsets.reserveCapacity(text.count + 1)
        var offset = 0
        var decoder = UTF8()
        var iterator = text.makeIterator()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offsets.append(offset)
            offset += UTF8.width(scalar)
            scalars.append(scalar)
            classes.append(Self.classify(scalar))
        }
        offsets.append(offset)
        self.classes = classes
        self.scalars = scalars
        self.offsets = offsets
    }

    /// The pieces, as byte ranges of the text, in order.
    func pieces() -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var i = 0
        while i < classes.count {
            let end = letters(at: i, upperFirst: false) ?? letters(at: i, upperFirst: true) ?? numbers(at: i)
                ?? punctuation(at: i) ?? lineBreaks(at: i) ?? spaces(at: i)
            // Every scalar starts some alternative; the fallback only guards the loop.
            let next = max(end ?? i + 1, i + 1)
            pieces.append(offsets[i]..<offsets[next])
            i = next
        }
        return pieces
    }

    private func has(_ i: Int, _ set: Class) -> Bool {
        i < classes.count && !classes[i].isDisjoint(with: set)
    }

    private func isOptionalPrefix(_ i: Int) -> Bool {
        i < classes.count && classes[i].isDisjoint(with: [.letter, .number, .lineBreak])
    }

    /// Alternatives 1 (`upperFirst` false: `A* B+`) and 2 (`A+ B*`), each
    /// after an optional `[^\r\n\p{L}\p{N}]` and before an optional contraction.
    private func letters(at i: Int, upperFirst: Bool) -> Int? {
        for start in isOptionalPrefix(i) ? [i + 1, i] : [i] {
            var upperEnd = start
            while has(upperEnd, .upper) { upperEnd += 1 }
            if upperFirst {
                guard upperEnd > start else { continue }
                var end = upperEnd
                while has(end, .lower) { end += 1 }
                return end + contraction(at: end)
            }
            // A* gives back one scalar at a time until B+ can start.
            var split = upperEnd
            while split >= start {
                if has(split, .lower) {
                    var end = split
                    while has(end, .lower) { end += 1 }
                    return end + contraction(at: end)
                }
                split -= 1
            }
        }
        return nil
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)`: the scalars it takes at `i`.
    private func contraction(at i: Int) -> Int {
        guard i + 1 < scalars.count, scalars[i] == "'" else { return 0 }
        let first = scalars[i + 1].value | 0x20
        switch first {
        // `s` also folds from U+017F, the long s.
        case 0x73, 0x74, 0x6D, 0x64: return 2
        case _ where scalars[i + 1].value == 0x17F: return 2
        case 0x72, 0x76, 0x6C:
            guard i + 2 < scalars.count else { return 0 }
            let second = scalars[i + 2].value | 0x20
            if (first == 0x72 || first == 0x76) && second == 0x65 { return 3 }
            if first == 0x6C && second == 0x6C { return 3 }
            return 0
        default: return 0
        }
    }

    /// `\p{N}{1,3}`
    private func numbers(at i: Int) -> Int? {
        var end = i
        while end < i + 3 && has(end, .number) { end += 1 }
        return end > i ? end : nil
    }

    /// ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
    private func punctuation(at i: Int) -> Int? {
        for start in (i < scalars.count && scalars[i] == " ") ? [i + 1, i] : [i] {
            var end = start
            while end < classes.count && classes[end].isDisjoint(with: [.space, .letter, .number]) { end += 1 }
            guard end > start else { continue }
            while end < scalars.count && (classes[end].contains(.lineBreak) || scalars[end] == "/") { end += 1 }
            return end
        }
        return nil
    }

    /// `\s*[\r\n]+`: whitespace up to and through the last line break in it.
    private func lineBreaks(at i: Int) -> Int? {
        var end = i
        while has(end, .space) { end += 1 }
        var last = end - 1
        while last >= i && !classes[last].contains(.lineBreak) { last -= 1 }
        return last >= i ? last + 1 : nil
    }

    /// `\s+(?!\S)` then `\s+`: a run of whitespace, less its last scalar
    /// when something other than whitespace follows.
    private func spaces(at i: Int) -> Int? {
        var end = i
        while has(end, .space) { end += 1 }
        guard end > i else { return nil }
        if end == classes.count || end - i == 1 { return end }
        return end - 1
    }

    private static func classify(_ scalar: Unicode.Scalar) -> Class {
        if scalar.isASCII {
            let value = scalar.value
            switch value {
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
