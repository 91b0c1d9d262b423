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

    /// The duration of `name` in a `Server-Timing` value, in milliseconds.
    static func milliseconds(_ name: String, in fields: HTTPFields) -> Double? {
        guard let value = fields[ProxyHeaders.serverTiming] else { return nil }
        for entry in value.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.filter { $0 != " " } }
            guard parts.first == name else { continue }
            for part in parts.dropFirst() where part.hasPrefix("dur=") { return Double(part.dropFirst(4)) }
        }
        return nil
    }

    private static func formatted(_ milliseconds: Double) -> String {
        let hundredths = Int((milliseconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
