/// What a replacement saves in o200k tokens, judged with no vocabulary, so
/// that Dedup can ask whether a pointer pays in the unit users pay for
/// without loading a tokenizer on the trimming path.
///
/// The text replaced is bounded from below: BPE encodes each piece of the
/// pre-tokenizer on its own, into one token or more, so a text holds at
/// least as many tokens as pieces. The pointer is bounded from above by two
/// fifths of its bytes: stubs are plain ASCII words, numbers and a short id,
/// which o200k encodes at 2.76 bytes a token or more over every fixture's
/// pointers (the invariant tests hold every pointer to its exact count).
enum TokenFloor {
    /// Whether replacing `text` by `pointer` saves at least `minimum` tokens.
    static func saves(_ minimum: Int, replacing text: ArraySlice<UInt8>, with pointer: String) -> Bool {
        let needed = minimum + pointerTokens(pointer)
        // Every token is a byte or more: a text shorter than that cannot hold them.
        guard text.count >= needed else { return false }
        return text.withUnsafeBufferPointer { PreTokenizer($0).pieceCount(upTo: needed) } >= needed
    }

    /// At least as many tokens as a stub holds.
    static func pointerTokens(_ pointer: String) -> Int {
        (2 * pointer.utf8.count + 4) / 5
    }
}
