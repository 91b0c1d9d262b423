/// Standard base64 (RFC 4648, with padding), as tiktoken files write tokens.
enum Base64 {
    /// Decodes `text` into `output`: the number of bytes written, or nil
    /// when it is not the canonical base64 of one or more bytes (RFC 4648:
    /// groups of four, `=` only as the last one or two, unused bits zero).
    /// `output` has room for as many bytes as `text` has.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        guard !text.isEmpty, text.count % 4 == 0 else { return nil }
        var buffer: UInt32 = 0
        var bits = 0
        var written = 0
        var padded = 0
        for (index, byte) in text.enumerated() {
            let value = values[Int(byte)]
            if value == padding {
                guard index >= text.count - 2 else { return nil }
                padded += 1
                continue
            }
            guard value != invalid, padded == 0 else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output[written] = UInt8(truncatingIfNeeded: buffer >> UInt32(bits))
                written += 1
            }
        }
        guard buffer & (1 << UInt32(bits) - 1) == 0 else { return nil }
        return written
    }

    private static let invalid: UInt8 = 0xFF
    private static let padding: UInt8 = 0xFE

    /// Each byte's six bits, or `invalid`, or `padding` for `=`.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: invalid, count: 256)
        for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { table[Int(byte)] = UInt8(value) }
        table[Int(UInt8(ascii: "="))] = padding
        return table
    }()
}
