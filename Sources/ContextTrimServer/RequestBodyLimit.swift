import Hummingbird
import NIOCore

/// Receives a request body whole, up to a limit: the engine needs all of
/// it, and the forwarder sends it in one piece (chunked uploads included).
/// A `Content-Length` over the limit is refused before a byte is read.
public struct RequestBodyLimit: Sendable {
    public let maxBytes: Int

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    /// The body, or nil when it is over the limit. The request keeps the
    /// collected body, so that a later stage reads the same bytes.
    public func collect(_ request: inout Request) async throws -> ByteBuffer? {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes { return nil }
        do {
            return try await request.collectBody(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            return nil
        }
    }
}
