import HTTPTypes

/// The `Server-Timing` header (W3C): where a relayed request's time went,
/// `ctxtrim;dur=0.84, upstream;dur=412.03`, in milliseconds.
enum ServerTiming {
    static func append(_ name: String, _ duration: Duration, to fields: inout HTTPFields) {
        let entry = "\(name);dur=\(formatted(duration.milliseconds))"
        if let existing = fields[ProxyHeaders.serverTiming] {
            fields[ProxyHeaders.serverTiming] = existing + ", " + entry
        } else {
            fields[ProxyHeaders.serverTiming] = entry
        }
    }

    /// The duration of `name` in a `Server-Timing` value, in milliseconds:
    /// read once per request by the log line, so it walks the value's bytes
    /// rather than splitting it into strings. Commas and semicolons inside a
    /// quoted `desc` do not split it.
    static func milliseconds(_ name: String, in fields: HTTPFields) -> Double? {
        guard let value = fields[ProxyHeaders.serverTiming] else { return nil }
        let bytes = Array(value.utf8)
        var parameters: [ArraySlice<UInt8>] = [], start = 0, quoted = false, escaped = false
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : UInt8(ascii: ",")
            if quoted {
                if escaped {
                    escaped = false
                } else {
                    escaped = byte == UInt8(ascii: "\\")
                    quoted = byte != UInt8(ascii: "\"")
                }
                continue
            }
            if byte == UInt8(ascii: "\"") { quoted = true }
            guard byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") else { continue }
            parameters.append(trimmed(bytes[start..<index]))
            start = index + 1
            guard byte == UInt8(ascii: ",") else { continue }
            if let duration = duration(of: name, in: parameters) { return duration }
            parameters.removeAll(keepingCapacity: true)
        }
        return nil
    }

    /// The `dur` of one entry's parameters (`name`, `desc="…"`, `dur=1.5`) if it is named `name`.
    private static func duration(of name: String, in parameters: [ArraySlice<UInt8>]) -> Double? {
        guard let first = parameters.first, first.elementsEqual(name.utf8) else { return nil }
        for parameter in parameters.dropFirst() where parameter.starts(with: "dur=".utf8) {
            return Double(String(decoding: parameter.dropFirst(4), as: UTF8.self))
        }
        return nil
    }

    private static func trimmed(_ part: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let space = UInt8(ascii: " ")
        guard let start = part.firstIndex(where: { $0 != space }), let end = part.lastIndex(where: { $0 != space }) else { return [] }
        return part[start...end]
    }

    private static func formatted(_ milliseconds: Double) -> String {
        let hundredths = Int((milliseconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
