/// Turns one wire format's request body into a `Conversation`.
///
/// Adding a wire format is one adapter plus its fixtures; `FormatDetector`
/// lists the adapters.
public protocol FormatAdapter: Sendable {
    var format: WireFormat { get }
    /// How clearly the body's shape says it is this format; 0 when it is not.
    func score(_ root: JSONValue) -> Int
    /// Builds the conversation of a body this adapter scored.
    func conversation(of document: JSONDocument) -> Conversation
}

/// Collects segments and calls in document order for an adapter.
struct ConversationBuilder {
    private(set) var segments: [Segment] = []
    /// The latest call of each id so far: a result answers the call of its id
    /// that came before it, even when a client reuses ids.
    private var latestCalls: [String: ToolCall] = [:]
    private var callsBySegment: [Int: ToolCall] = [:]

    /// Appends a segment; `text` must be a JSON string to be readable.
    mutating func add(_ kind: SegmentKind, role: Role, message: Int?, location: String,
                      text: JSONValue? = nil, callID: String? = nil, isError: Bool = false) {
        let readable = text?.kind == .string ? text : nil
        if let callID, let call = latestCalls[callID] { callsBySegment[segments.count] = call }
        segments.append(Segment(index: segments.count, message: message, location: location, role: role,
                                kind: kind, text: readable, callID: callID, isError: isError))
    }

    /// Records a call and appends its (never changed) segment.
    mutating func addCall(_ call: ToolCall, role: Role, message: Int?, location: String) {
        if !call.id.isEmpty { latestCalls[call.id] = call }
        add(.toolCall, role: role, message: message, location: location, callID: call.id)
    }

    func build(_ format: WireFormat, _ document: JSONDocument) -> Conversation {
        Conversation(format: format, document: document, segments: segments, callsBySegment: callsBySegment)
    }
}

/// Tool arguments that arrive as a JSON *string* (OpenAI), parsed into a
/// document of their own; nil when they are not valid JSON.
func parseArgumentString(_ value: JSONValue?) -> JSONValue? {
    guard let bytes = value?.decodedBytes, let document = try? JSONScanner.scan(bytes),
          document.root.kind == .object else { return nil }
    return document.root
}
