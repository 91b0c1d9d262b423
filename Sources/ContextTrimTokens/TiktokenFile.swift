import CZlib

/// tiktoken's vocabulary file, `base64(bytes) SP rank LF` a token,
/// gzip-compressed as OpenAI publishes it: where the prepared vocabulary the
/// product ships comes from (`Vocabulary`), and what the tests hold it to.
enum TiktokenFile {
    /// The vocabulary a gzip-compressed tiktoken file holds.
    static func vocabulary(gzipped: [UInt8]) throws -> Vocabulary {
        try vocabulary(text: try gunzip(gzipped))
    }

    /// The vocabulary tiktoken's text holds. Ranks may come in any order;
    /// each from 0 up must come once.
    static func vocabulary(text: [UInt8]) throws -> Vocabulary {
        typealias LoadError = Vocabulary.LoadError
        var byRank: [Range<Int>?] = []
        byRank.reserveCapacity(text.count / 8)
        var inOrder = true
        var malformed: LoadError?
        var lineNumber = 0
        // Each line takes at least 7 bytes (`AAAA 0` and a newline), so no
        // file of this size holds every rank below this one: a rank past it
        // is refused before it can size the table.
        let rankLimit = (text.count + 1) / 7
        // Base64 never grows: the tokens fit in the text's size.
        let decoded = [UInt8](unsafeUninitializedCapacity: max(text.count, 1)) { output, written in
            text.withUnsafeBufferPointer { input in
                var start = 0
                while start < input.count {
                    lineNumber += 1
                    var end = start
                    while end < input.count && input[end] != UInt8(ascii: "\n") { end += 1 }
                    defer { start = end + 1 }
                    guard end > start else { continue }
                    var space = start
                    while space < end && input[space] != UInt8(ascii: " ") { space += 1 }
                    guard space < end, let rank = number(UnsafeBufferPointer(rebasing: input[(space + 1)..<end])) else {
                        malformed = .malformed(line: lineNumber, reason: "not a token, a space and a rank")
                        return
                    }
                    guard let count = Base64.decode(UnsafeBufferPointer(rebasing: input[start..<space]), into: output.baseAddress! + written) else {
                        malformed = .malformed(line: lineNumber, reason: "the token is not base64 of one or more bytes")
                        return
                    }
                    guard rank < rankLimit else {
                        malformed = .malformed(line: lineNumber, reason: "rank \(rank) is more than a file of this size can hold")
                        return
                    }
                    if rank == byRank.count {
                        byRank.append(written..<written + count)
                    } else {
                        inOrder = false
                        if rank > byRank.count { byRank.append(contentsOf: repeatElement(nil, count: rank - byRank.count + 1)) }
                        guard byRank[rank] == nil else {
                            malformed = .malformed(line: lineNumber, reason: "rank \(rank) is given twice")
                            return
                        }
                        byRank[rank] = written..<written + count
                    }
                    written += count
                }
            }
        }
        if let malformed { throw malformed }
        if let missing = byRank.firstIndex(where: { $0 == nil }) { throw LoadError.missingRank(missing) }
        guard !byRank.isEmpty else { throw LoadError.missingRank(0) }
        let spans = byRank.map { $0! }
        // Ranks in order (as tiktoken writes them) left the tokens in rank order already.
        let tokens = inOrder ? decoded : spans.flatMap { decoded[$0] }
        var starts = [0]
        starts.reserveCapacity(spans.count + 1)
        for span in spans { starts.append(starts[starts.count - 1] + span.count) }
        return Vocabulary(tokens: tokens, starts: starts)
    }

    /// A rank: decimal digits, nothing else (at most 9 of them).
    private static func number(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    /// Inflates gzip data with zlib.
    static func gunzip(_ data: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: expect a gzip header.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw Vocabulary.LoadError.notGzip }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status: Int32 = Z_OK
        data.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output += buffer[0..<(buffer.count - Int(stream.avail_out))]
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw Vocabulary.LoadError.notGzip }
        return output
    }
}
