import Dispatch

/// The token counts of a whole request as read: all the text the model
/// reads of it (`ReadText`) and its cache-eligible prefix. They need only
/// the request, not the edits, so `Trimmer` counts them on another thread
/// while the stages trim (`counting`), and a report with tokens costs little
/// more than one without on a machine with a second core.
struct RequestTokens: Sendable {
    let read: Int
    let prefix: PrefixHealth

    init(_ document: JSONDocument, format: WireFormat, counter: any TokenCounting) {
        read = ReadText.tokens(of: document, format: format, counter: counter)
        prefix = PrefixHealth(document, format: format, counter: counter)
    }

    /// The counts, made on a thread of Dispatch's while the caller goes on;
    /// `value` waits for them.
    final class Counting: @unchecked Sendable {
        private let group = DispatchGroup()
        // Written once by the counting thread before it leaves `group`; read only after waiting on it.
        private var counted: RequestTokens?

        init(_ document: JSONDocument, format: WireFormat, counter: any TokenCounting) {
            DispatchQueue.global().async(group: group) { [self] in
                counted = RequestTokens(document, format: format, counter: counter)
            }
        }

        var value: RequestTokens {
            group.wait()
            return counted!
        }
    }
}
