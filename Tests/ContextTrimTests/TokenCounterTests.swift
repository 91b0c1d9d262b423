@testable import ContextTrimTokens
import Foundation
import Testing
@testable import ContextTrim

/// The o200k counter against tiktoken, the reference implementation: token
/// ids of edge cases and counts of every string of six corpus requests,
/// recorded by `scripts/tiktoken-reference.py`.
@Suite("token counting")
struct TokenCounterTests {
    static var reference: [String: Any] {
        let url = Fixtures.root.appendingPathComponent("tokens/o200k-reference.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    struct Text: CustomTestStringConvertible, Sendable {
        let text: String
        let tokens: [Int]
        var testDescription: String { String(text.prefix(40)) }
    }

    static let texts: [Text] = (reference["texts"] as! [[String: Any]]).map {
        Text(text: $0["text"] as! String, tokens: $0["tokens"] as! [Int])
    }

    @Test("edge cases encode to tiktoken's token ids", arguments: texts)
    func edgeCases(_ text: Text) throws {
        let counter = try TokenCounter.o200k()
        #expect(counter.encode(Array(text.text.utf8)) == text.tokens)
        #expect(counter.count(Array(text.text.utf8)) == text.tokens.count)
    }

    @Test("every string of every corpus and hand-written request counts as tiktoken counts it")
    func corpus() throws {
        let counter = try TokenCounter.o200k()
        var compared = 0
        for request in Self.reference["requests"] as! [[String: Any]] {
            let fixture = request["fixture"] as! String
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.root.appendingPathComponent(fixture)))
            for entry in request["strings"] as! [[String: Any]] {
                let path = entry["path"] as! [Any]
                let text = try #require(Self.value(at: path, in: json) as? String, "\(fixture) \(path)")
                #expect(counter.count(Array(text.utf8)) == entry["count"] as! Int, "\(fixture) \(path)")
                compared += 1
            }
        }
        #expect(compared > 6000)
    }

    @Test("Dedup's token floor never passes the count: word runs <= pre-tokenizer pieces <= tiktoken's tokens, for every corpus string and edge case")
    func floorIsALowerBound() throws {
        var texts = Self.texts.map { (Array($0.text.utf8), $0.tokens.count) }
        // Punctuation pieces that hold apostrophes or symbols between letters.
        let counter = try TokenCounter.o200k()
        for text in ["'.'", "\u{1F642}.\u{1F642}", "x'.'y", "it's", "don't.'s", "caf\u{E9}.\u{E9}t\u{E9}", "a\u{1F642}b.c", "''x''", "1'2'.3"] {
            texts.append((Array(text.utf8), counter.count(Array(text.utf8))))
        }
        for request in Self.reference["requests"] as! [[String: Any]] {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.root.appendingPathComponent(request["fixture"] as! String)))
            for entry in request["strings"] as! [[String: Any]] {
                if let text = Self.value(at: entry["path"] as! [Any], in: json) as? String { texts.append((Array(text.utf8), entry["count"] as! Int)) }
            }
        }
        var tight = 0
        for (bytes, tokens) in texts {
            let (runs, pieces) = bytes.withUnsafeBufferPointer { (TokenFloor.wordRuns($0, upTo: .max), PreTokenizer($0).pieceCount(upTo: .max)) }
            #expect(runs <= pieces && pieces <= tokens, "\(runs) runs, \(pieces) pieces, \(tokens) tokens")
            if tokens > 100 && runs * 2 >= tokens { tight += 1 }
        }
        // The floor is of use: on most long strings the word runs alone reach half the tokens.
        #expect(tight * 2 > texts.filter { $0.1 > 100 }.count)
    }

    @Test("a vocabulary file parses as tiktoken writes it, ranks in any order; a bad line, a repeated, huge or missing rank is refused and named")
    func vocabularyFile() throws {
        let file = "YQ== 1\nYg== 0\n\nYWI= 2\n"
        let vocabulary = try TiktokenFile.vocabulary(text: Array(file.utf8))
        #expect(vocabulary.count == 3)
        for (token, rank) in [("a", 1), ("b", 0), ("ab", 2)] {
            #expect(Array(token.utf8).withUnsafeBufferPointer { vocabulary.rank(of: $0.baseAddress!, 0..<$0.count) } == rank)
        }
        for (bad, line, reason) in [
            ("YQ== 0\nY!== 1\n", 2, "base64"), ("YQ== 0\nYg== 0\n", 2, "rank 0 is given twice"), ("YQ== x\n", 1, "a space and a rank"),
            ("YQ==\n", 1, "a space and a rank"), ("YQ== 0\n 1\n", 2, "base64"), ("YQ== 0\nY=Q= 1\n", 2, "base64"),
            ("YQ== 0\nYQ 1\n", 2, "base64"), ("YQ== 0\nYR== 1\n", 2, "base64"), ("YQ== 0\nYQ==YQ== 1\n", 2, "base64"),
            ("YQ== 0\nYg== 999999999\n", 2, "rank 999999999 is more than a file of this size can hold"),
        ] {
            #expect(throws: Vocabulary.LoadError.self, "\(bad)") { try TiktokenFile.vocabulary(text: Array(bad.utf8)) }
            do { _ = try TiktokenFile.vocabulary(text: Array(bad.utf8)) } catch let error as Vocabulary.LoadError {
                #expect(error.description.hasPrefix("the vocabulary is malformed at line \(line): ") && error.description.contains(reason), "\(bad): \(error)")
            }
        }
        do {
            _ = try TiktokenFile.vocabulary(text: Array("YWJjZGVm 0\nYWJjZGVn 2\n".utf8))
            Issue.record("a missing rank was accepted")
        } catch let error as Vocabulary.LoadError {
            #expect(error.description == "the vocabulary has no token of rank 1")
        }
    }

    /// The product ships the prepared form; tiktoken's file is what it must
    /// equal. `CTXTRIM_WRITE_VOCABULARY=1 swift test --filter preparedVocabulary`
    /// writes it anew.
    @Test("the shipped vocabulary is o200k_base.tiktoken.gz prepared, byte for byte")
    func preparedVocabulary() throws {
        let shipped = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ContextTrimTokens/Resources/o200k_base.ctxtrim-vocab")
        let gzipped = try Data(contentsOf: Fixtures.root.appendingPathComponent("tokens/o200k_base.tiktoken.gz"))
        let prepared = try TiktokenFile.vocabulary(gzipped: [UInt8](gzipped)).prepared
        if ProcessInfo.processInfo.environment["CTXTRIM_WRITE_VOCABULARY"] == "1" { try Data(prepared).write(to: shipped) }
        let same = [UInt8](try Data(contentsOf: shipped)) == prepared
        #expect(same, "Sources/ContextTrimTokens/Resources/o200k_base.ctxtrim-vocab is stale: run with CTXTRIM_WRITE_VOCABULARY=1")
        #expect(try Vocabulary(contentsOf: shipped).count == 199_998)  // o200k_base's mergeable tokens
    }

    @Test("a prepared vocabulary is checked whole before use: its mark, sizes, checksum, extents and table")
    func preparedChecks() throws {
        let good = try TiktokenFile.vocabulary(text: Array("YQ== 0\nYg== 1\nYWI= 2\n".utf8)).prepared
        #expect(try Vocabulary(prepared: good).count == 3)
        /// The same bytes, changed at `offset`, with the checksum made to match again.
        func changed(_ offset: Int, to value: UInt8) -> [UInt8] {
            var bytes = good
            bytes[offset] = value
            let checksum = bytes[40...].withUnsafeBufferPointer { ContentHash.of($0) }
            withUnsafeBytes(of: checksum.littleEndian) { bytes.replaceSubrange(32..<40, with: $0) }
            return bytes
        }
        var flipped = good
        flipped[flipped.count - 1] ^= 1
        let starts = 40, slots = 40 + 4 * 4
        for (bytes, reason) in [
            (Array(good.dropLast()), "sizes"), (Array("not a vocabulary".utf8), "mark"), ([], "mark"), (flipped, "checksum"),
            (changed(starts + 4, to: 3), "extents"), (changed(starts + 4 * 3, to: 9), "extents"),
            (good.indices.dropFirst(slots).first { good[$0] != 0 }.map { changed($0, to: 7) } ?? [], "table"),
        ] {
            do {
                _ = try Vocabulary(prepared: bytes)
                Issue.record("accepted a vocabulary with bad \(reason)")
            } catch let error as Vocabulary.LoadError {
                #expect(error.description.hasPrefix("the vocabulary is not a prepared one: ") && error.description.contains(reason), "\(reason): \(error)")
            }
        }
    }

    @Test("every string of the agents' session-log fixtures counts as tiktoken counts it")
    func sessionLogs() throws {
        let counter = try TokenCounter.o200k()
        var compared = 0
        for log in Self.reference["logs"] as! [[String: Any]] {
            let fixture = log["fixture"] as! String
            let lines = try String(contentsOf: Fixtures.root.appendingPathComponent(fixture), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            for entry in log["strings"] as! [[String: Any]] {
                let number = entry["line"] as! Int, path = entry["path"] as! [Any]
                let record = try JSONSerialization.jsonObject(with: Data(lines[number - 1].utf8))
                let text = try #require(Self.value(at: path, in: record) as? String, "\(fixture):\(number) \(path)")
                #expect(counter.count(Array(text.utf8)) == entry["count"] as! Int, "\(fixture):\(number) \(path)")
                compared += 1
            }
        }
        #expect(compared > 1500)
    }

    @Test("the report counts each edit's text before and after, and all the text the model reads")
    func reportTokens() throws {
        let counter = try TokenCounter.o200k()
        let input = DedupTests.session([("Read", ["file_path": "/home/dev/app/src/api.ts"], DedupTests.arrowRead),
                                        ("Read", ["file_path": "/home/dev/app/src/api.ts"], DedupTests.arrowRead)])
        let trimmer = Trimmer(configuration: TrimConfiguration(detectRepository: false, tokenCounter: counter))
        let report = trimmer.trim(input).report
        // Dedup saw the second read with its gutter unpadded (the gutter stage's edit, which it absorbed).
        let edit = try #require(report.edits.first { $0.stage == "dedup" })
        let unpadded = numbered(DedupTests.source) { "\($0)→" }
        #expect(edit.tokensBefore == counter.count(Array(unpadded.utf8)))
        // The string's edits are balanced to its exact count (EditTokens): the largest saver takes the odd token.
        let pointer = counter.count(Array("[ctxtrim: all 40 lines same as the Read of src/api.ts (toolu_1) above]".utf8))
        #expect(abs(edit.tokensAfter! - pointer) <= 1)
        let gutter = try #require(report.edits.first { $0.stage == "gutters" })
        // Counted over its extent (the first line's padding to the last's), it saves what unpadding the whole read saves.
        #expect(gutter.tokensBefore! - gutter.tokensAfter! == counter.count(Array(DedupTests.arrowRead.utf8)) - counter.count(Array(unpadded.utf8)))
        let json = try JSONSerialization.jsonObject(with: Data(input)) as! [String: Any]
        // Tool calls count their name and their input's JSON; ids and types are not read.
        let call = #"{"file_path":"/home/dev/app/src/api.ts"}"#
        let texts = ["<env>\nWorking directory: /home/dev/app\n</env>", "go", "Read", call, DedupTests.arrowRead, "Read", call, DedupTests.arrowRead]
        #expect((json["messages"] as! [Any]).count == 5)
        #expect(report.tokensIn == texts.reduce(0) { $0 + counter.count(Array($1.utf8)) })
        #expect(report.edits.map(\.stage).filter { $0 != "cache-tags" } == ["gutters", "gutters", "dedup"])
        #expect(report.tokensOut == report.tokensIn.map { $0 - report.edits.reduce(0) { $0 + ($1.tokensBefore ?? 0) - ($1.tokensAfter ?? 0) } })
        #expect(Trimmer(configuration: TrimConfiguration(detectRepository: false)).trim(input).report.tokensIn == nil)
    }

    struct WholeRequest: CustomTestStringConvertible, Sendable {
        /// The request's path under Tests/Fixtures.
        let fixture: String
        let format: WireFormat
        let tokens: Int
        var testDescription: String { fixture }
    }

    static let wholeRequests: [WholeRequest] = (reference["wholeRequests"] as! [[String: Any]]).map {
        let format: WireFormat = switch $0["format"] as! String {
        case "anthropic": .anthropicMessages
        case "chat": .openAIChat
        default: .openAIResponses
        }
        return WholeRequest(fixture: $0["fixture"] as! String, format: format, tokens: $0["tokens"] as! Int)
    }

    @Test("a whole request counts as tiktoken counts what the model reads of it", arguments: wholeRequests)
    func wholeRequest(_ request: WholeRequest) throws {
        let counter = try TokenCounter.o200k()
        let bytes = [UInt8](try Data(contentsOf: Fixtures.root.appendingPathComponent(request.fixture)))
        let trimmer = Trimmer(configuration: TrimConfiguration(format: request.format, detectRepository: false, tokenCounter: counter))
        let report = trimmer.trim(bytes).report
        #expect(report.failure == nil)
        #expect(report.tokensIn == request.tokens)
        // The cache simulation and the report read the same text.
        #expect(CachePrompt(try JSONScanner.scan(bytes), format: request.format, counter: counter).tokens == request.tokens)
    }

    @Test("a report's tokens add up: in less out is the edits' savings, and out is what the output holds", arguments: Fixtures.requests)
    func reportAddsUp(_ request: Fixtures.Request) throws {
        let counter = try TokenCounter.o200k()
        let result = Trimmer(configuration: TrimConfiguration(detectRepository: false, tokenCounter: counter)).trim(request.bytes)
        guard result.failure == nil, let format = result.report.format else { return }
        let tokensIn = try #require(result.report.tokensIn), tokensOut = try #require(result.report.tokensOut)
        #expect(tokensIn - tokensOut == result.report.edits.reduce(0) { $0 + ($1.tokensBefore ?? 0) - ($1.tokensAfter ?? 0) })
        #expect(tokensOut == ReadText.tokens(of: try JSONScanner.scan(result.output), format: format, counter: counter))
    }

    private static func value(at path: [Any], in json: Any) -> Any? {
        var value: Any? = json
        for step in path {
            if let index = step as? Int { value = (value as? [Any]).flatMap { index < $0.count ? $0[index] : nil } }
            if let key = step as? String { value = (value as? [String: Any])?[key] }
        }
        return value
    }
}
