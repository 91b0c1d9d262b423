/// What a replacement saves in o200k tokens, judged with no vocabulary, so
/// that Dedup can ask whether a pointer pays in the unit users pay for
/// without loading a tokenizer on the trimming path.
///
/// The text replaced is bounded from below: BPE encodes each piece of the
/// pre-tokenizer on its own, into one token or more, so a text holds at
/// least as many tokens as pieces. A quicker count comes first: runs that
/// start at an ASCII letter or digit and go on through letters, digits,
/// apostrophes and non-ASCII bytes each lie in a piece of their own (a
/// piece never holds ASCII letters or digits on both sides of ASCII
/// punctuation or a blank), so there are no more runs than pieces; the
/// pre-tokenizer counts only where the runs fall short. The pointer is
/// bounded from above: its plain ASCII words, numbers and short id at two
/// fifths of their bytes (o200k encodes every fixture's pointers at 2.76
/// bytes a token or more), and each `%XX` a byte a token. The invariant
/// tests hold every pointer of every fixture to its exact count.
enum TokenFloor {
    /// Whether replacing `text` by `pointer` saves at least `minimum` tokens.
    static func saves(_ minimum: Int, replacing text: ArraySlice<UInt8>, with pointer: String) -> Bool {
        let needed = minimum + pointerTokens(pointer)
        // Every token is a byte or more: a text shorter than that cannot hold them.
        guard text.count >= needed else { return false }
        return text.withUnsafeBufferPointer { buffer in
            wordRuns(buffer, upTo: needed) >= needed || PreTokenizer(buffer).pieceCount(upTo: needed) >= needed
        }
    }

    /// The runs of `text` (see above), counting no further than `limit`.
    static func wordRuns(_ text: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        var runs = 0
        var inRun = false
        for byte in text {
            let starts = (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if starts && !inRun {
                runs += 1
                if runs >= limit { return runs }
            }
            inRun = starts || (inRun && (byte >= 0x80 || byte == UInt8(ascii: "'")))
        }
        return runs
    }

    /// At least as many tokens as a stub holds.
    static func pointerTokens(_ pointer: String) -> Int {
        let escapes = pointer.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "%") ? 1 : 0) }
        return (2 * (pointer.utf8.count - 3 * escapes) + 4) / 5 + 3 * escapes
    }
}
