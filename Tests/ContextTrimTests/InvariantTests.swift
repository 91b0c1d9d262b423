import Foundation
import ContextTrimTokens
import Testing
@testable import ContextTrim

/// The six invariants of DESIGN.md, proved over every fixture.
@Suite("invariants")
struct InvariantTests {
    @Test("1. valid out: the output is JSON, by our scanner and by Foundation's", arguments: Fixtures.requests)
    func validOut(request: Fixtures.Request) throws {
        let result = defaultTrimmer().trim(request.bytes)
        #expect(result.failure == nil)
        #expect(throws: Never.self) { try JSONScanner.scan(result.output) }
        #expect(throws: Never.self) { try JSONComparison.parse(result.output) }
    }

    @Test("1. valid out: the same segments, every tool call still answered, no text emptied", arguments: Fixtures.requests)
    func sameShape(request: Fixtures.Request) throws {
        let input = request.bytes
        let output = defaultTrimmer().trim(input).output
        let before = try conversation(input)
        let after = try conversation(output)
        #expect(before.segments.map(\.location) == after.segments.map(\.location))
        #expect(before.segments.map(\.kind) == after.segments.map(\.kind))
        #expect(before.calls.map(\.id) == after.calls.map(\.id))
        let answeredBefore = Set(before.segments.filter { $0.kind == .toolResult }.compactMap(\.callID))
        let answeredAfter = Set(after.segments.filter { $0.kind == .toolResult }.compactMap(\.callID))
        #expect(answeredBefore == answeredAfter)
        for (a, b) in zip(before.segments, after.segments) where a.text?.string?.isEmpty == false {
            #expect(b.text?.string?.isEmpty == false, "\(b.location)")
        }
    }

    @Test("1. thinking, reasoning, tool calls, instructions and assistant text pass through untouched", arguments: Fixtures.requests)
    func protectedSegments(request: Fixtures.Request) throws {
        let input = request.bytes
        let output = defaultTrimmer().trim(input).output
        let inputObject = try JSONComparison.parse(input)
        let outputObject = JSONComparison.removingMarkup(try JSONComparison.parse(output), like: inputObject)
        let edited = try JSONComparison.editedStrings(inputObject, outputObject)
        for path in edited {
            #expect(!path.contains("thinking") && !path.contains("encrypted_content") && !path.contains("signature"), "\(path)")
            #expect(!path.hasPrefix(".system") && !path.hasPrefix(".instructions") && !path.hasPrefix(".tools"), "\(path)")
            #expect(!path.contains(".input.") && !path.contains(".arguments") && !path.contains("tool_calls"), "\(path)")
        }
        let before = try conversation(input)
        let after = try conversation(output)
        for (a, b) in zip(before.segments, after.segments) where !a.mayHoldToolOutput {
            #expect(a.text?.decodedBytes == b.text?.decodedBytes, "\(a.location)")
        }
    }

    @Test("2. nothing lost silently: every change is a stub that names its rule or says binary, or a lossless transform", arguments: Fixtures.requests)
    func stubsExplain(request: Fixtures.Request) throws {
        let result = defaultTrimmer().trim(request.bytes)
        let original = try JSONComparison.parse(request.bytes)
        let text = JSONComparison.removingMarkup(try JSONComparison.parse(result.output), like: original)
        let edited = try JSONComparison.editedStrings(original, text)
        // Cache markup only adds, and says so; every other edit is a stub.
        let markup = result.report.edits.filter { $0.stage == "cache-tags" }
        #expect(markup.allSatisfy { $0.bytesBefore == 0 && ["cache-marker", "cache-key"].contains($0.action) })
        let lossless = result.report.edits.filter { Self.losslessActions.contains($0.action) }
        #expect(lossless.allSatisfy { TrimConfiguration.transforms.map(\.name).contains($0.stage) })
        let textEdits = result.report.edits.filter { $0.stage != "cache-tags" && !Self.losslessActions.contains($0.action) }
        #expect(edited.count <= textEdits.count + lossless.count)
        // A collapsed run's stub counts the lines it stands for; it explains itself.
        let stubs = String(decoding: result.output, as: UTF8.self).components(separatedBy: "[ctxtrim: ").dropFirst()
            .filter { !$0.hasPrefix("the line above repeats ") }
        // Every Dedup pointer stands in the output (no stage after it absorbs one); a stub of an
        // earlier stage (a scaffolding pointer among them) may be inside text a Dedup pointer replaced.
        let pointers = stubs.filter { $0.contains(" same as ") }
        let dedup = textEdits.filter { $0.stage == "dedup" }.count
        let scaffolding = textEdits.filter { $0.stage == "scaffolding" }.count
        #expect(pointers.count >= dedup && pointers.count <= dedup + scaffolding)
        #expect(stubs.count - pointers.count <= textEdits.filter { $0.action != "same-as" }.count)
        for stub in stubs {
            let body = String(stub.prefix { $0 != "]" })
            let explained = body.contains(#"ignore rule \""#) || body.hasSuffix("binary content") || body.hasPrefix("omitted binary content")
                || (body.contains(" same as ") && body.hasSuffix(" above"))
            #expect(explained, "\(body)")
        }
        for edit in textEdits + lossless {
            #expect(edit.bytesAfter < edit.bytesBefore)
        }
        for edit in textEdits {
            #expect(edit.rule != nil || edit.action == "omitted-binary" || (edit.action == "same-as" && edit.target != nil))
        }
    }

    @Test("2. nothing lost silently: no pointer points at a stub (no chains), and targets keep their text", arguments: Fixtures.requests)
    func pointerTargets(request: Fixtures.Request) throws {
        let result = defaultTrimmer().trim(request.bytes)
        let output = try JSONComparison.parse(result.output)
        let input = try JSONComparison.parse(request.bytes)
        for edit in result.report.edits where edit.action == "same-as" {
            let target = try #require(edit.target)
            // A pointer into a tool call's arguments targets text no stage edits.
            guard let after = JSONComparison.string(at: target, in: output) else { continue }
            let before = try #require(JSONComparison.string(at: target, in: input))
            #expect(!Stub.isStub(Array(after.utf8)[...]), "\(edit.location) points at \(target), which is a stub")
            #expect(after.utf8.count * 4 >= before.utf8.count || after.contains("[ctxtrim: "), "\(target) lost its text")
        }
    }

    @Test("2. worth it: every pointer saves, net of its own, the tokens a pointer must save (o200k_base)", arguments: Fixtures.requests)
    func pointersPay(request: Fixtures.Request) throws {
        let counter = try TokenCounter.o200k()
        let trimmer = Trimmer(configuration: TrimConfiguration(detectRepository: false, tokenCounter: counter))
        for edit in trimmer.trim(request.bytes).report.edits where edit.action == "same-as" {
            let saved = try #require(edit.tokensBefore) - #require(edit.tokensAfter)
            #expect(saved >= (edit.stage == "dedup" ? DedupStage.defaultMinimumTokens : 1), "\(edit.location) saved \(saved)")
        }
    }

    @Test("3. prefix-stable: messages two requests share come out byte-identical", arguments: Fixtures.consecutivePairs)
    func prefixStable(pair: Fixtures.SessionPair) throws {
        let earlierIn = try JSONComparison.itemsWithoutCacheControl(pair.earlier.bytes)
        let laterIn = try JSONComparison.itemsWithoutCacheControl(pair.later.bytes)
        let shared = zip(earlierIn, laterIn).prefix { $0 == $1 }.count
        let earlierOut = try JSONComparison.itemsWithoutCacheControl(defaultTrimmer().trim(pair.earlier.bytes).output)
        let laterOut = try JSONComparison.itemsWithoutCacheControl(defaultTrimmer().trim(pair.later.bytes).output)
        for index in 0..<shared {
            #expect(earlierOut[index] == laterOut[index], "message \(index) of \(shared) shared")
        }
    }

    @Test("3. prefix-stable: a request cut short trims its messages as the whole request does", arguments: Fixtures.requests.filter { $0.url.path.contains("handwritten") })
    func truncatedHistory(request: Fixtures.Request) throws {
        let full = try JSONComparison.itemsWithoutCacheControl(defaultTrimmer().trim(request.bytes).output)
        let document = try JSONScanner.scan(request.bytes)
        let list = try #require(document.root["messages"] ?? document.root["input"])
        let items = list.children.array
        for cut in stride(from: 1, to: items.count, by: max(1, items.count / 4)) {
            var shortened = Array(request.bytes[..<items[cut - 1].span.upperBound])
            shortened += Array(request.bytes[list.span.upperBound - 1..<request.bytes.count])
            let trimmedShort = try JSONComparison.itemsWithoutCacheControl(defaultTrimmer().trim(shortened).output)
            #expect(Array(full.prefix(cut)) == trimmedShort, "cut after \(cut) items")
        }
    }

    @Test("4. byte-preserving: with no rule matching, the output is the input", arguments: Fixtures.requests)
    func bytePreserving(request: Fixtures.Request) throws {
        let input = request.bytes
        let bare = Trimmer(configuration: TrimConfiguration(defaults: [], secrets: nil, detectRepository: false, stages: [IgnoreRulesStage()]))
        let result = bare.trim(input)
        #expect(result.report.edits.allSatisfy { $0.action == "omitted-binary" })
        let identical = result.output == input
        #expect(identical || !result.report.edits.isEmpty)
    }

    @Test("4. byte-preserving: bytes before the first edit and after the last are the input's", arguments: Fixtures.requests)
    func untouchedEnds(request: Fixtures.Request) throws {
        let input = request.bytes
        let result = defaultTrimmer().trim(input)
        let output = result.output
        let prefix = zip(input, output).prefix { $0 == $1 }.count
        let suffix = zip(input.reversed(), output.reversed()).prefix { $0 == $1 }.count
        if input == output { return }
        let inputMiddle = String(decoding: input[prefix..<(input.count - suffix)], as: UTF8.self)
        let outputMiddle = String(decoding: output[prefix..<(output.count - suffix)], as: UTF8.self)
        // Without a stub, only lossless transforms may have changed it (which `stubsExplain` proves line by line).
        let onlyLossless = result.report.edits.allSatisfy { Self.losslessActions.contains($0.action) || $0.stage == "cache-tags" }
        #expect(outputMiddle.contains("[ctxtrim: ") || inputMiddle.isEmpty || onlyLossless)
    }

    /// The actions of edits that lose nothing, and so leave no stub.
    static let losslessActions: Set<String> = ["unpadded-gutter", "removed-escapes", "rendered-overwrites", "dropped-trailing-spaces", "collapsed-repeats", "compacted-json"]

    @Test("5. fail-open: truncated and corrupted requests never crash and never lose the input", arguments: Fixtures.requests)
    func failOpen(request: Fixtures.Request) throws {
        let input = request.bytes
        var generator = SplitMix64(seed: UInt64(input.count))
        let trimmer = defaultTrimmer()
        for step in 1...12 {
            let cut = input.count * step / 13
            let truncated = Array(input[..<cut])
            let result = trimmer.trim(truncated)
            let unchanged = result.output == truncated
            #expect(unchanged, "cut at \(cut)")
            #expect(result.failure != nil)
        }
        for _ in 0..<12 {
            var corrupted = input
            let position = Int(generator.next() % UInt64(input.count))
            corrupted[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            let result = trimmer.trim(corrupted)
            if result.failure != nil {
                let unchanged = result.output == corrupted
                #expect(unchanged, "byte \(position)")
            } else {
                #expect(throws: Never.self) { try JSONScanner.scan(result.output) }
            }
        }
    }

    @Test("6. deterministic: the same input gives the same bytes; trimming is idempotent", arguments: Fixtures.requests)
    func deterministic(request: Fixtures.Request) {
        let once = defaultTrimmer().trim(request.bytes)
        let again = defaultTrimmer().trim(request.bytes).output == once.output
        #expect(again)
        let twice = defaultTrimmer().trim(once.output)
        let idempotent = twice.output == once.output
        #expect(idempotent)
        #expect(twice.report.edits.map(\.location) == [])
    }

    private func conversation(_ bytes: [UInt8]) throws -> Conversation {
        let document = try JSONScanner.scan(bytes)
        let adapter = try #require(FormatDetector.detect(document.root))
        return adapter.conversation(of: document)
    }
}

/// A small deterministic generator for reproducible corruption.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
