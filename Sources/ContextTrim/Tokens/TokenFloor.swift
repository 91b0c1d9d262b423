/// What a replacement saves in o200k tokens, judged with no vocabulary, so
/// that Dedup can ask whether a pointer pays in the unit users pay for
/// without loading a tokenizer on the trimming path.
///
/// The text replaced is bounded from below: BPE encodes each piece of the
/// pre-tokenizer on its own, into one token or more, so a text holds at
/// least as many tokens as pieces. A quicker count comes first: every
/// maximal run of word bytes (ASCII letters and digits, the apostrophe of a
/// contraction, any non-ASCII byte) lies in a piece of its own, since no
/// piece holds a letter or digit on either side of a blank or punctuation;
/// the pre-tokenizer counts only where the runs fall short. The pointer is bounded from above by two
/// fifths of its bytes: stubs are plain ASCII words, numbers and a short id,
/// which o200k encodes at 2.76 bytes a token or more over every fixture's
/// pointers (the invariant tests hold every pointer to its exact count).
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

    /// The maximal runs of word bytes in `text`, counting no further than `limit`.
    static func wordRuns(_ text: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Int {
        var runs = 0
        var inRun = false
        for byte in text {
            let isWord = byte >= 0x80 || byte == UInt8(ascii: "'") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            if isWord && !inRun {
                runs += 1
                if runs >= limit { return runs }
            }
            inRun = isWord
        }
        return runs
    }

    /// At least as many tokens as a stub holds.
    static func pointerTokens(_ pointer: String) -> Int {
        (2 * pointer.utf8.count + 4) / 5
    }
}
