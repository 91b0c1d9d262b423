import HTTPTypes
import Hummingbird

/// An answer the proxy gives on its own, only when it must: the upstream
/// timed out or could not be reached, the body is over the limit, or too
/// many requests are in flight. The body takes the error shape of the API
/// the request was for, so that the official SDKs raise a clear error of
/// the right kind (and retry where they retry), and `x-ctxtrim-error` says
/// it came from the proxy, not the provider.
public struct ProxyError: Error, Sendable, Equatable {
    public let status: HTTPResponse.Status
    /// The `x-ctxtrim-error` value: `upstream-timeout`, `upstream-unreachable`,
    /// `body-too-large` or `too-many-requests`.
    public let code: String
    public let message: String

    public static func upstreamTimeout(seconds: Double) -> ProxyError {
        ProxyError(status: .gatewayTimeout, code: "upstream-timeout",
                   message: "ctxtrim proxy: the upstream sent nothing for \(Self.format(seconds)) s (--upstream-timeout)")
    }

    public static func upstreamUnreachable(_ reason: String) -> ProxyError {
        ProxyError(status: .badGateway, code: "upstream-unreachable", message: "ctxtrim proxy: cannot reach the upstream: \(reason)")
    }

    public static func bodyTooLarge(limit: Int) -> ProxyError {
        ProxyError(status: .contentTooLarge, code: "body-too-large",
                   message: "ctxtrim proxy: the request body is over \(limit) bytes (--max-body-bytes)")
    }

    public static func tooManyRequests(limit: Int) -> ProxyError {
        ProxyError(status: .serviceUnavailable, code: "too-many-requests",
                   message: "ctxtrim proxy: \(limit) requests are in flight already (--max-concurrent); retry")
    }

    /// The error as a response in `provider`'s error shape.
    public func response(for provider: APIRoute.Provider) -> Response {
        let body: String
        switch provider {
        case .anthropic:
            body = #"{"type":"error","error":{"type":"\#(anthropicType)","message":\#(Self.quoted(message))}}"#
        case .openAI:
            body = #"{"error":{"message":\#(Self.quoted(message)),"type":"\#(openAIType)","param":null,"code":"ctxtrim_\#(code.replacingDashes)"}}"#
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[ProxyHeaders.error] = code
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// Anthropic's error types for these statuses.
    private var anthropicType: String {
        switch status {
        case .contentTooLarge: return "request_too_large"
        case .serviceUnavailable: return "overloaded_error"
        case .gatewayTimeout: return "timeout_error"
        default: return "api_error"
        }
    }

    private var openAIType: String {
        status == .contentTooLarge ? "invalid_request_error" : "server_error"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

private extension String {
    var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}
