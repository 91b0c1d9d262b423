/// Marks the cache-eligible prefix of a request so that the provider's
/// prompt cache hits as often as it can, without ever breaking what the
/// client set: every marker the client placed stays where it is, and the
/// total never exceeds Anthropic's four.
///
/// - Anthropic Messages: with the slots the client left free, a breakpoint
///   goes where it pays, in this order: the end of the stable prefix (the
///   last system block, or the last tool), the last block of the final
///   message, and the last block of the message the previous request ended
///   with (so this request reads what that one wrote). Markers go only on
///   blocks that take them (never thinking or empty text), a string
///   `content` becomes a one-block array only to carry one, TTLs keep 1-hour
///   entries before 5-minute ones, and no marker goes where the prefix is
///   shorter than the model's minimum.
/// - OpenAI: a missing `prompt_cache_key` is set from the stable prefix
///   (tools, and the system prompt or instructions), the same for every
///   request of a session; a key the client set is never changed.
public struct CacheTagsStage: Stage {
    /// The TTL of the markers ContextTrim adds.
    public let ttl: CachePrompt.TTL
    public let table: CachePricingTable

    /// Anthropic's limit on breakpoints per request.
    public static let maximumBreakpoints = 4

    /// How much of the system prompt or instructions the OpenAI key hashes:
    /// about the provider's 1,024-token minimum.
    static let keyedSystemBytes = 4096

    public init(ttl: CachePrompt.TTL = .fiveMinutes, table: CachePricingTable = .builtIn) {
        self.ttl = ttl
        self.table = table
    }

    public var name: String { "cache-tags" }

    public func edits(for request: TrimRequest, after earlier: [Edit]) -> [Edit] {
        let document = request.conversation.document
        // A body that fits two APIs gets neither one's cache fields.
        guard request.conversation.formatIsCertain else { return [] }
        switch request.conversation.format {
        case .anthropicMessages: return anthropicMarkers(document)
        case .openAIChat, .openAIResponses: return cacheKey(document, format: request.conversation.format).map { [$0] } ?? []
        }
    }

    // MARK: Anthropic

    /// A block of the prompt as the planner sees it.
    private struct Block {
        let part: PromptParts.Part
        /// The markers it carries (its own, and those inside a tool result).
        let markers: [CachePrompt.TTL]
        let takesMarker: Bool
        /// Tokens up to and including this block.
        let prefixTokens: Int

        var message: Int? { part.message }
        var isAssistant: Bool { part.role?.stringEquals("assistant") == true }
    }

    private func anthropicMarkers(_ document: JSONDocument) -> [Edit] {
        let root = document.root
        let blocks = anthropicBlocks(root)
        let existing = blocks.reduce(0) { $0 + $1.markers.count }
        guard existing < Self.maximumBreakpoints else { return [] }
        let minimum = table.pricing(for: root["model"]?.string, fallback: "claude").minimumTokens
        var markers = blocks.map(\.markers)
        var chosen: [Int] = []
        for candidate in candidates(blocks) where chosen.count + existing < Self.maximumBreakpoints {
            guard markers[candidate].isEmpty, blocks[candidate].takesMarker, blocks[candidate].prefixTokens >= minimum,
                  let ttl = allowedTTL(at: candidate, markers: markers) else { continue }
            markers[candidate] = [ttl]
            chosen.append(candidate)
        }
        return chosen.sorted().map { index in
            let block = blocks[index]
            let marker = Array((markers[index] == [.oneHour] ? #"{"type":"ephemeral","ttl":"1h"}"# : #"{"type":"ephemeral"}"#).utf8)
            let value = block.part.value
            let markup = Markup(value.kind == .string ? .textBlock(marker: marker) : .member(key: "cache_control", value: marker), in: value)
            let added = markup.splices.reduce(0) { $0 + $1.replacement.count }
            return Edit(markup: markup, record: EditRecord(stage: name, action: "cache-marker", location: block.part.location, message: block.message,
                                                           path: nil, rule: nil, recognizer: nil, target: nil, bytesBefore: 0, bytesAfter: added))
        }
    }

    /// Where a marker pays, best first: the end of the stable prefix, the
    /// end of the final message, the end of the previous request.
    private func candidates(_ blocks: [Block]) -> [Int] {
        var result: [Int] = []
        if let stableEnd = blocks.lastIndex(where: { $0.message == nil && $0.takesMarker }) { result.append(stableEnd) }
        let messages = blocks.compactMap(\.message)
        if let final = messages.last, let end = lastTaking(blocks, in: final) { result.append(end) }
        // The previous request ended with the message before the assistant's last reply.
        if let final = messages.last, let reply = blocks.last(where: { ($0.message ?? -1) < final && $0.isAssistant })?.message,
           reply > 0, let end = lastTaking(blocks, in: reply - 1) {
            result.append(end)
        }
        return result
    }

    private func lastTaking(_ blocks: [Block], in message: Int) -> Int? {
        blocks.lastIndex { $0.message == message && $0.takesMarker }
    }

    /// The TTL a new marker at `index` may have, keeping 1-hour entries
    /// before 5-minute ones: the one asked for when the markers around allow
    /// it, 5 minutes instead of 1 hour when a 5-minute marker stands before,
    /// and none when a 5-minute one would stand before a 1-hour one.
    private func allowedTTL(at index: Int, markers: [[CachePrompt.TTL]]) -> CachePrompt.TTL? {
        let fiveMinutesBefore = markers[..<index].joined().contains(.fiveMinutes)
        let oneHourAfter = markers[(index + 1)...].joined().contains(.oneHour)
        if ttl == .oneHour && !fiveMinutesBefore { return .oneHour }
        return oneHourAfter ? nil : .fiveMinutes
    }

    private func anthropicBlocks(_ root: JSONValue) -> [Block] {
        var tokens = 0
        return PromptParts.anthropic(root).map { part in
            tokens += count(part.value)
            return Block(part: part, markers: CachePrompt.markers(in: part.value), takesMarker: Self.takesMarker(part.value, isTool: part.isTool),
                         prefixTokens: tokens)
        }
    }

    /// The tokens of a block, estimated at a byte of its JSON in four: no
    /// decoding on the request path, and the output cannot depend on
    /// whether a tokenizer was loaded. The estimate only decides whether a
    /// prefix clears the provider's minimum.
    private func count(_ value: JSONValue) -> Int {
        value.span.count / 4
    }

    /// Block types the API takes a marker on; never thinking, nor empty text.
    private static let markable = ["text", "image", "document", "tool_use", "tool_result", "search_result", "server_tool_use"]

    /// Whether a marker may be added: a tool definition, or a block of a
    /// markable type that has no `cache_control` key at all (not even null).
    private static func takesMarker(_ value: JSONValue, isTool: Bool) -> Bool {
        if value.kind == .string { return value.stringContentSpan.map { !$0.isEmpty } ?? false }
        guard value.kind == .object, value["cache_control"] == nil else { return false }
        if isTool { return true }
        guard let type = value["type"], markable.contains(where: type.stringEquals) else { return false }
        if type.stringEquals("text") { return value["text"]?.stringContentSpan.map { !$0.isEmpty } ?? false }
        return true
    }

    // MARK: OpenAI

    /// The `prompt_cache_key` to add, unless the client set one or nothing
    /// is stable: a hash of the tools and the start of the system prompt or
    /// instructions. (Not of the first
    /// user message: Aider resends its repository map there, changed, so a
    /// key from it would split one session across caches.)
    private func cacheKey(_ document: JSONDocument, format: WireFormat) -> Edit? {
        let root = document.root
        guard root["prompt_cache_key"] == nil else { return nil }
        // The raw bytes: a client serializes its stable prefix the same way
        // every turn. Only the start of the system text counts, so that a
        // date or a directory listing at its end cannot split a session.
        let bytes = document.bytes
        func hash(_ value: JSONValue, first limit: Int = .max) -> UInt64 {
            let span = value.span.lowerBound..<value.span.lowerBound + min(value.span.count, limit)
            return bytes[span].withUnsafeBufferPointer { ContentHash.of($0) }
        }
        var parts: [UInt64] = []
        if let tools = root["tools"] { parts.append(hash(tools)) }
        for part in PromptParts.stable(root, format: format) where !part.isTool {
            parts.append(hash(part.value, first: Self.keyedSystemBytes))
        }
        guard !parts.isEmpty else { return nil }
        let hex = String(ContentHash.of(parts[...]), radix: 16).leftPadded(to: 16, with: "0")
        let value = Array("\"ctxtrim-\(hex)\"".utf8)
        let markup = Markup(.member(key: "prompt_cache_key", value: value), in: root)
        return Edit(markup: markup, record: EditRecord(stage: name, action: "cache-key", location: "prompt_cache_key", message: nil,
                                                       path: nil, rule: nil, recognizer: nil, target: nil, bytesBefore: 0,
                                                       bytesAfter: markup.splices[0].replacement.count))
    }
}
