extension String {
    /// The string padded on the left to `width` characters (hex bytes in
    /// messages, numbers in escapes).
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
