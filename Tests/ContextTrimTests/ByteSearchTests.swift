import Testing
@testable import ContextTrim

/// The byte searches the recognizers and parsers run over every tool result,
/// held to the plain definition (a scan at every offset) on texts built to
/// miss, to match at the edges, and to match more than once.
@Suite("byte search")
struct ByteSearchTests {
    /// Every offset of `needle` in `haystack[range]`, found the slow way.
    static func offsets(of needle: [UInt8], in haystack: [UInt8], range: Range<Int>) -> [Int] {
        guard needle.count <= range.count else { return [] }
        return (range.lowerBound...(range.upperBound - needle.count)).filter { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    @Test("first and last offsets of a marker, in the whole text and in a range, equal a scan at every offset")
    func againstAScan() {
        let needles = ["\n\n<system-reminder>", "x", "ab", "\" in ", "zz"].map { Array($0.utf8) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let alphabet = Array("ab x\n<\"in>".utf8)
            var haystack = (0..<Int.random(in: 0...80, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            if Bool.random(using: &generator) { haystack += Array("\n\n<system-reminder>".utf8) }
            for needle in needles {
                let lower = Int.random(in: 0...haystack.count, using: &generator)
                let range = lower..<Int.random(in: lower...haystack.count, using: &generator)
                let expected = Self.offsets(of: needle, in: haystack, range: range)
                #expect(ByteSearch.lastOffset(of: needle, in: haystack, range: range) == expected.last, "\(haystack) \(needle) \(range)")
                #expect(ByteSearch.firstOffset(of: needle, in: haystack, from: range.lowerBound, to: range.upperBound) == expected.first)
                #expect(haystack.lastOffset(of: String(decoding: needle, as: UTF8.self)) == Self.offsets(of: needle, in: haystack, range: 0..<haystack.count).last)
            }
        }
    }
}
