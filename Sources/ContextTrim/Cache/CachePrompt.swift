/// A request as a provider's prompt cache sees it: its blocks in prompt order
/// (tool definitions, then the system prompt or instructions, then each
/// message's content blocks), each with the hash of everything up to it and
/// its own tokens, and where the request put `cache_control` breakpoints.
///
/// Markers are not content: a block hashes the same with or without its
/// `cache_control`, as the provider's cache key does, so a marker that moves
/// forward every turn leaves the prefix before it a hit.
public struct CachePrompt: Sendable, Codable {
    /// The provider whose caching rules apply.
    public enum Provider: String, Sendable, Codable {
        case anthropic, openAI
    }

    /// A breakpoint's time to live.
    public enum TTL: String, Sendable, Codable {
        case fiveMinutes = "5m", oneHour = "1h"
    }

    /// One block of the prompt.
    public struct Block: Sendable, Codable {
        /// Where it stands, e.g. `messages[3].content[1]`.
        public let location: String
        /// The hash of every block up to and including this one.
        public let prefixHash: UInt64
        public let tokens: Int
        /// Its `cache_control` breakpoint, if it has one.
        public let breakpoint: TTL?
    }

    public let provider: Provider
    public let model: String?
    /// OpenAI's `prompt_cache_key`, which routes requests to one cache.
    public let cacheKey: String?
    public let blocks: [Block]

    /// The tokens of the whole prompt.
    public var tokens: Int { blocks.reduce(0) { $0 + $1.tokens } }

    /// The prompt of a request in `format`, counting tokens with `counter`.
    public init(_ document: JSONDocument, format: WireFormat, counter: any TokenCounting) {
        let root = document.root
        var builder = Builder(counter: counter)
        provider = format == .anthropicMessages ? .anthropic : .openAI
        for part in PromptParts.all(root, format: format) {
            builder.add(part)
        }
        model = root["model"]?.string
        cacheKey = root["prompt_cache_key"]?.string
        blocks = builder.blocks
    }

    /// Builds the blocks with their running hash.
    private struct Builder {
        let counter: any TokenCounting
        var blocks: [Block] = []
        private var runningHash: UInt64 = 0

        init(counter: any TokenCounting) {
            self.counter = counter
        }

        /// Adds one part as a block, with the tokens the model reads of it
        /// (`ReadText`). A message's role is part of the prefix but not text
        /// the block holds; an Anthropic string `content` or `system` is the
        /// one text block the API reads it as, so it hashes the same as
        /// `[{"type":"text","text":…}]`.
        mutating func add(_ part: PromptParts.Part) {
            var content = CanonicalContent()
            if let role = part.role { content.append(role) }
            if part.value.kind == .string && (part.isContent || part.list == "system") {
                content.appendTextBlock(part.value)
            } else {
                content.append(part.value)
            }
            runningHash = ContentHash.of([runningHash, content.hash][...])
            blocks.append(Block(location: part.location, prefixHash: runningHash, tokens: ReadText.tokens(of: part, counter: counter),
                                breakpoint: CachePrompt.markers(in: part.value).last))
        }
    }

    /// The `cache_control` markers a block carries, in order: its own, and
    /// those on the blocks inside a `tool_result`'s content, which count
    /// toward the API's limit too.
    public static func markers(in value: JSONValue) -> [TTL] {
        guard value.kind == .object else { return [] }
        var found: [TTL] = []
        if let nested = value["content"], nested.kind == .array, value["type"]?.stringEquals("tool_result") == true {
            for block in nested.children { found += markers(in: block) }
        }
        if let marker = value["cache_control"], marker.kind == .object {
            found.append(marker["ttl"]?.stringEquals("1h") == true ? .oneHour : .fiveMinutes)
        }
        return found
    }
}

/// A block's content with every `cache_control` member left out, whatever
/// its depth or the commas around it: its bytes (keys and values, no
/// whitespace), which the prefix hash is made of. It copies strings as they
/// stand rather than as `ReadText.compactJSON` rewrites them: decoding every
/// escaped string to hash it made an audit half again as slow (measured),
/// and a client resends its history byte for byte, so the raw bytes tell
/// the same prefixes apart.
struct CanonicalContent {
    private(set) var bytes: [UInt8] = []

    var hash: UInt64 {
        bytes.withUnsafeBufferPointer { ContentHash.of($0) }
    }

    /// A string as the text block `{"type":"text","text":…}` would append.
    mutating func appendTextBlock(_ string: JSONValue) {
        // The bytes `append` makes of that object: keys and values, no commas.
        bytes += Array(#"{"type":"text""text":"#.utf8)
        append(string)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func append(_ value: JSONValue) {
        let raw = value.document.bytes
        switch value.kind {
        case .object:
            bytes.append(UInt8(ascii: "{"))
            for (key, member) in value.members where !key.stringEquals("cache_control") {
                bytes += raw[key.span]
                bytes.append(UInt8(ascii: ":"))
                append(member)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array:
            bytes.append(UInt8(ascii: "["))
            for child in value.children { append(child) }
            bytes.append(UInt8(ascii: "]"))
        default:
            bytes += raw[value.span]
        }
    }
}
