import HTTPTypes

/// The headers the proxy adds to the responses it relays, and the one on
/// the answers it gives itself; clients and the request log read them.
public enum ProxyHeaders {
    /// Bytes the trimmed body is shorter than the original.
    public static let bytesSaved = HTTPField.Name("x-ctxtrim-bytes-saved")!
    /// o200k_base tokens saved, counted while the upstream works.
    public static let tokensSaved = HTTPField.Name("x-ctxtrim-tokens-saved")!
    /// How many edits the engine made.
    public static let edits = HTTPField.Name("x-ctxtrim-edits")!
    /// `trimmed`, `unchanged`, `failed-open`, `passed-through` or, in audit
    /// mode, `audited` (forwarded as sent).
    public static let outcome = HTTPField.Name("x-ctxtrim-outcome")!
    /// The wire format the path said the body was.
    public static let format = HTTPField.Name("x-ctxtrim-format")!
    /// Set on an answer the proxy gave itself (see `ProxyError`).
    public static let error = HTTPField.Name("x-ctxtrim-error")!
    /// Milliseconds in the engine and until the upstream's first byte, as
    /// the standard `Server-Timing` header: `ctxtrim;dur=0.8, upstream;dur=412.0`.
    public static let serverTiming = HTTPField.Name("Server-Timing")!
}
