import ContextTrimTokens
import Foundation
import Testing
@testable import ContextTrim

/// The prompt-cache simulator: each provider's documented rules on
/// hand-made prompts, and, over every multi-request session among the
/// fixtures, that trimming never makes a request miss more tokens.
@Suite("prompt cache simulation")
struct CacheSimulatorTests {
    /// One token per byte of text: counts the tests can work out by hand.
    struct ByteCounter: TokenCounting {
        var name: String { "bytes" }
        func count(_ text: [UInt8]) -> Int { text.count }
    }

    static func prompt(_ object: [String: Any]) throws -> CachePrompt {
        let document = try JSONScanner.scan(RequestBuilder.json(object))
        let format = try #require(FormatDetector.detect(document.root)).format
        return CachePrompt(document, format: format, counter: ByteCounter())
    }

    static let marker = ["type": "ephemeral"]

    /// An Anthropic request: a 1,500-byte system prompt, then user turns
    /// of `turn` bytes each, the last block of the last turn marked.
    static func anthropic(turns: Int, turn: Int = 100, markSystem: Bool = true, model: String = "claude-sonnet-4-5") -> [String: Any] {
        var system: [String: Any] = ["type": "text", "text": String(repeating: "s", count: 1_500)]
        if markSystem { system["cache_control"] = marker }
        let messages: [[String: Any]] = (0..<turns).map { index in
            var block: [String: Any] = ["type": "text", "text": String(repeating: "\(index % 10)", count: turn)]
            if index == turns - 1 { block["cache_control"] = marker }
            return ["role": index % 2 == 0 ? "user" : "assistant", "content": [block]]
        }
        return ["model": model, "system": [system], "messages": messages]
    }

    @Test("Anthropic: the next turn reads the prefix the last one wrote, and writes only what is new")
    func anthropicHit() throws {
        var cache = CacheSimulator()
        let first = cache.process(try Self.prompt(Self.anthropic(turns: 3)))
        // Priced at the table's dollars per million input tokens for the model.
        let price = try #require(CachePricingTable.builtIn.pricing(for: "claude-sonnet-4-5", fallback: "claude").dollarsPerMillion)
        #expect(first == CacheSimulator.Usage(read: 0, written: 1_800, uncached: 0, cost: 1_800 * 1.25, dollars: 1_800 * 1.25 * price / 1_000_000))
        let second = cache.process(try Self.prompt(Self.anthropic(turns: 5)))
        #expect(second.read == 1_800 && second.written == 200 && second.uncached == 0)
        #expect(abs(second.cost - (1_800 * 0.1 + 200 * 1.25)) < 1e-9)
    }

    @Test("Anthropic: a marker moving forward is no change of content; an edit in the history is")
    func markersAreNotContent() throws {
        var cache = CacheSimulator()
        _ = cache.process(try Self.prompt(Self.anthropic(turns: 3)))
        var edited = Self.anthropic(turns: 4)
        var messages = edited["messages"] as! [[String: Any]]
        messages[1]["content"] = [["type": "text", "text": "changed"]]
        edited["messages"] = messages
        let usage = cache.process(try Self.prompt(edited))
        // Only the system prompt's own entry survives the edit.
        #expect(usage.read == 1_500)
    }

    @Test("Anthropic: a hit is looked for only 20 blocks before a breakpoint")
    func lookback() throws {
        var cache = CacheSimulator()
        _ = cache.process(try Self.prompt(Self.anthropic(turns: 2, markSystem: false)))
        #expect(cache.process(try Self.prompt(Self.anthropic(turns: 21, markSystem: false))).read == 1_700)
        var fresh = CacheSimulator()
        _ = fresh.process(try Self.prompt(Self.anthropic(turns: 2, markSystem: false)))
        #expect(fresh.process(try Self.prompt(Self.anthropic(turns: 23, markSystem: false))).read == 0)
    }

    @Test("Anthropic: a prompt under the model's minimum is not cached, and the table knows the minimums")
    func minimum() throws {
        var cache = CacheSimulator()
        let haiku = Self.anthropic(turns: 3, model: "claude-haiku-4-5-20251001")
        let usage = cache.process(try Self.prompt(haiku))
        #expect(usage.written == 0 && usage.uncached == 1_800 && usage.belowMinimum)
        #expect(CachePricingTable.builtIn.pricing(for: "claude-haiku-4-5-20251001", fallback: "claude").minimumTokens == 4_096)
        #expect(CachePricingTable.builtIn.pricing(for: "claude-sonnet-4-5-20250929", fallback: "claude").minimumTokens == 1_024)
        #expect(CachePricingTable.builtIn.pricing(for: nil, fallback: "gpt").read == 0.5)
        #expect(CachePricingTable.builtIn.pricing(for: "gpt-5-codex", fallback: "gpt").read == 0.1)
        #expect(CachePricingTable.builtIn.pricing(for: "o3-mini", fallback: "gpt").read == 0.5)
        #expect(throws: CachePricingTable.ParseError.self) { try CachePricingTable(tsv: "claude\t1024\n") }
        for bad in ["claude\t1024\tnan\t1.25\t2.0\t3.00", "claude\t1024\t0.1\t1.25\t2.0\tinf", "claude\t1024\t-0.1\t1.25\t2.0"] {
            #expect(throws: CachePricingTable.ParseError.self, "\(bad)") { try CachePricingTable(tsv: bad) }
        }
    }

    @Test("a gateway's model name is priced by its last part; a named model no row knows is cached by its API's rules and not priced")
    func unknownModels() {
        let table = CachePricingTable.builtIn
        #expect(table.pricing(for: "anthropic/claude-sonnet-4-5", fallback: "claude") == table.pricing(for: "claude-sonnet-4-5", fallback: "claude"))
        #expect(table.pricing(for: "openrouter/openai/gpt-5-mini", fallback: "gpt").dollarsPerMillion == 0.25)
        let llama = table.pricing(for: "llama-3.1-70b", fallback: "gpt"), gpt = table.pricing(for: "gpt", fallback: "gpt")
        #expect(llama.dollarsPerMillion == nil && gpt.dollarsPerMillion != nil)
        #expect(llama.read == gpt.read && llama.minimumTokens == gpt.minimumTokens)
        #expect(table.pricing(for: "ollama-mistral", fallback: "gpt").dollarsPerMillion == nil, "no one-letter prefix catches it")
        #expect(table.pricing(for: nil, fallback: "claude") == table.pricing(for: "claude", fallback: "claude"), "a request naming no model is priced by its API's row")
        // Opus fell from $15 to $5 with 4.5: the longest prefix keeps the two apart.
        #expect(table.pricing(for: "claude-opus-4-1-20250805", fallback: "claude").dollarsPerMillion == 15)
        #expect(table.pricing(for: "claude-opus-4-7", fallback: "claude").dollarsPerMillion == 5)
        #expect(table.pricing(for: "claude-fable-5-1", fallback: "claude").read == 0.025)
    }

    /// An OpenAI Chat request: a system prompt and `turns` user messages.
    static func chat(turns: Int, key: String? = nil) -> [String: Any] {
        var messages: [[String: Any]] = [["role": "system", "content": String(repeating: "s", count: 1_100)]]
        messages += (0..<turns).map { ["role": "user", "content": String(repeating: "\($0 % 10)", count: 100)] }
        var request: [String: Any] = ["model": "gpt-4o", "messages": messages]
        if let key { request["prompt_cache_key"] = key }
        return request
    }

    @Test("OpenAI: the longest prefix seen before, in 128-token steps from 1,024, per prompt_cache_key")
    func openAI() throws {
        var cache = CacheSimulator()
        let first = cache.process(try Self.prompt(Self.chat(turns: 2, key: "a")))
        #expect(first.read == 0 && first.uncached == 1_300)
        let second = cache.process(try Self.prompt(Self.chat(turns: 4, key: "a")))
        #expect(second.read == 1_280 && second.uncached == 220 && abs(second.cost - (1_280 * 0.5 + 220)) < 1e-9)
        #expect(cache.process(try Self.prompt(Self.chat(turns: 4, key: "b"))).read == 0)
    }

    @Test("prefix health: volatile content in the system prompt or tools is named, plain text is not", arguments: [
        ("Today is 2026-11-24T08:40:00Z.", "a timestamp"), ("Session 123e4567-e89b-12d3-a456-426614174000 started.", "a UUID"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln here", "a JWT"), ("build 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "a hash"),
    ])
    func volatileContent(text: String, kind: String) throws {
        let request = RequestBuilder.json(["model": "claude-sonnet-4-5", "system": [["type": "text", "text": "You are an agent. " + text]],
                                           "messages": [["role": "user", "content": "hi"]]])
        let trimmer = Trimmer(configuration: TrimConfiguration(detectRepository: false, tokenCounter: ByteCounter()))
        let health = try #require(trimmer.trim(request).report.cachePrefix)
        #expect(health.warnings == ["\(kind) in system[0]"])
        #expect(health.blocks == 1 && health.tokens == ("You are an agent. " + text).utf8.count)
        #expect(VolatileContent.kinds(in: Array("You are Claude Code, version 2.0.14, on 2026-11-24.".utf8)[...]).isEmpty)
    }

    @Test("a session's warnings: the tools changed (Claude Code's /compact request sends only Read)")
    func sessionWarnings() throws {
        let session = Fixtures.sessions.first { $0.first?.name.hasPrefix("claudecode-wire-lemmy") == true }!
        let simulation = SessionSimulation(session.map { ($0.name, $0.bytes) }, trimmer: defaultTrimmer(), counter: ByteCounter())
        let warned = simulation.rows.filter { $0.warnings.contains("the tools changed since the previous request") }.map(\.name)
        #expect(warned == ["claudecode-wire-lemmy-req034.json", "claudecode-wire-lemmy-req060.json"])
        var other = try JSONComparison.parse(session[1].bytes) as! [String: Any]
        other["model"] = "claude-opus-4-1"
        let changed = SessionSimulation([(session[0].name, session[0].bytes), ("other model", RequestBuilder.json(other))],
                                        trimmer: defaultTrimmer(), counter: ByteCounter())
        #expect(changed.rows[1].warnings.contains("the model changed since the previous request"))
    }

    /// A stage that breaks prefix stability on purpose: it rewrites the first
    /// tool result with a count of the whole request's segments.
    struct UnstableStage: Stage {
        var name: String { "unstable" }
        func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
            guard let segment = request.conversation.segments.first(where: { $0.kind == .toolResult }),
                  let value = segment.text, let text = value.decodedBytes, text.count > 40 else { return [] }
            let stub = "[ctxtrim: \(request.conversation.segments.count) segments]"
            return StringEditor.changes(in: value, replacing: [(0..<text.count, Array(stub.utf8))]).map { change, splice in
                Edit(text: TextEdit(segment: segment.index, changes: [change]), splices: [splice],
                     record: EditRecord(stage: name, action: "test", location: segment.location, message: segment.message, path: nil,
                                        rule: nil, recognizer: nil, target: nil, bytesBefore: splice.range.count, bytesAfter: splice.replacement.count))
            }
        }
    }

    @Test("the check catches a trimmer that rewrites history the cache holds")
    func catchesUnstableTrimming() throws {
        let session = Fixtures.sessions.first { $0.first?.name.hasPrefix("claudecode-wire-lemmy") == true }!
        let unstable = Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [UnstableStage()]))
        let simulation = SessionSimulation(session.map { ($0.name, $0.bytes) }, trimmer: unstable, counter: try TokenCounter.o200k())
        #expect(simulation.rows.contains { $0.trimmed.missed > $0.original.missed })
    }

    @Test("every session: no trimmed request misses more tokens than the original did", arguments: Fixtures.sessions.filter { $0.count > 1 })
    func trimmingKeepsHits(session: [Fixtures.Request]) throws {
        let simulation = SessionSimulation(session.map { ($0.name, $0.bytes) }, trimmer: defaultTrimmer(), counter: try TokenCounter.o200k())
        var previousUnderMinimum = false
        for row in simulation.rows {
            #expect(row.failure == nil, "\(row.name)")
            // The excuses: trimming kept the request (or the one before, which wrote the cache)
            // under the provider's minimum, or OpenAI's 128-token steps rounded the shorter
            // cached prefix down further. The session's cost is held to the original's below.
            let underMinimum = row.trimmed.belowMinimum && !row.original.belowMinimum
            defer { previousUnderMinimum = underMinimum }
            guard !underMinimum && !previousUnderMinimum else { continue }
            let rounding = row.provider == .openAI ? SessionSimulation.openAIStep - 1 : 0
            #expect(row.trimmed.missed <= row.original.missed + rounding, "\(row.name): \(row.trimmed) vs \(row.original)")
        }
        #expect(simulation.total.trimmed.cost <= simulation.total.original.cost)
        for row in simulation.rows { #expect(row.trimmed.cost <= row.original.cost, "\(row.name): costs more trimmed") }
    }
}
