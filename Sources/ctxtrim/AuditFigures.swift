import ContextTrim
import Foundation

/// How the audit's figures are written, the same in the terminal table and
/// on the HTML page: tokens with thousands separators, dollars to the cent
/// (or to a hundredth of a cent under a dollar), shares in percent, and a
/// cause of savings in words.
enum AuditFigures {
    /// `1234567` as `1,234,567` (a page writes thousands of them: no formatter is made for each).
    static func number(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var text = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    static func dollars(_ value: Double) -> String {
        String(format: abs(value) < 1 ? "$%.4f" : "$%.2f", value)
    }

    static func share(_ part: Int, of whole: Int) -> String {
        share(Double(part), of: Double(whole), digits: 1)
    }

    static func share(_ part: Double, of whole: Double, digits: Int) -> String {
        whole > 0 ? String(format: "%.\(digits)f%%", part / whole * 100) : "-"
    }

    /// A cause as a head (what kind) and what it names (the rule's file and
    /// line, or the repeated file's path).
    static func describe(_ cause: SavingCause) -> (head: String, what: String) {
        if let rule = cause.rule {
            return ("rule \"\(rule.pattern)\" ", "(\(rule.source):\(rule.line))")
        } else if let path = cause.path {
            return (cause.stage == "dedup" ? "repeated " : "\(cause.action) ", path)
        } else {
            return (cause.stage == "dedup" ? "repeated output, no path" : cause.action, "")
        }
    }
}
