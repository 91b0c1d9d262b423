import HTTPTypes
import NIOHTTP1

/// Which headers cross the proxy, in both directions: all of them, in
/// their order and with the case the sender gave their names, except those
/// that describe one connection rather than the message (RFC 9110 7.6.1),
/// and the ones the next hop sets itself.
enum HeaderForwarding {
    /// Hop-by-hop headers, never forwarded either way.
    static let hopByHop: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade",
    ]

    /// Also dropped on the way up: the client set these for the proxy,
    /// and the HTTP client sets them anew for the upstream (the body may
    /// have been trimmed, and was already received whole).
    static let setByClient: Set<String> = ["host", "content-length", "expect"]

    /// The request headers to send upstream.
    static func upstream(_ fields: HTTPFields) -> HTTPHeaders {
        forwarded(fields, dropping: setByClient)
    }

    /// The response headers to send to the client. `Content-Length` stays:
    /// the body is relayed byte for byte, so it still holds, and a body cut
    /// short then reaches the client as an error.
    static func downstream(_ headers: HTTPHeaders) -> HTTPFields {
        let named = connectionNamed(headers.map { ($0.name, $0.value) })
        var fields = HTTPFields()
        fields.reserveCapacity(headers.count)
        for (name, value) in headers {
            let lower = name.lowercased()
            guard !hopByHop.contains(lower), !named.contains(lower), let fieldName = HTTPField.Name(name) else { continue }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        return fields
    }

    private static func forwarded(_ fields: HTTPFields, dropping extra: Set<String>) -> HTTPHeaders {
        let named = connectionNamed(fields.map { ($0.name.rawName, $0.value) })
        var headers = HTTPHeaders()
        headers.reserveCapacity(fields.count)
        for field in fields {
            let lower = field.name.canonicalName
            guard !hopByHop.contains(lower), !extra.contains(lower), !named.contains(lower) else { continue }
            headers.add(name: field.name.rawName, value: field.value)
        }
        return headers
    }

    /// The headers a `Connection` header names, which are hop-by-hop too.
    private static func connectionNamed(_ pairs: [(String, String)]) -> Set<String> {
        var names: Set<String> = []
        for (name, value) in pairs where name.lowercased() == "connection" {
            for token in value.split(separator: ",") {
                names.insert(String(token.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()).lowercased())
            }
        }
        return names
    }
}
