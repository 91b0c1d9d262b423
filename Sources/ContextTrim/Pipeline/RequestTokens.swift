/// The token counts of a whole request as read: all the text the model
/// reads of it (`ReadText`) and its cache-eligible prefix. They need only
/// the request, not the edits, so `Trimmer` counts them on another thread
/// while the stages trim (a `BackgroundValue`), and a report with tokens costs little
/// more than one without on a machine with a second core.
struct RequestTokens: Sendable {
    let read: Int
    let prefix: PrefixHealth

    init(_ document: JSONDocument, format: WireFormat, counter: any TokenCounting) {
        read = ReadText.tokens(of: document, format: format, counter: counter)
        prefix = PrefixHealth(document, format: format, counter: counter)
    }
}
