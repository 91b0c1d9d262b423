import ContextTrim
import Foundation
import Synchronization

/// The file `ctxtrim proxy --audit-log FILE` appends to: one JSON line per
/// API request (`AuditRecord`: the report and the prompt's shape, never its
/// text), which `ctxtrim audit FILE` totals and prices later. Lines are
/// written whole, one `write(2)` each, to a file opened for appending, so
/// several proxies may share one log.
public final class AuditLog: Sendable {
    private let descriptor: Int32
    /// Where the log is, for the line that says a record could not be written.
    public let path: String
    private let encoder: Mutex<JSONEncoder>

    /// What went wrong opening the log.
    public struct OpenFailure: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "cannot open the audit log \(path) for appending" }
    }

    public init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw OpenFailure(path: path) }
        self.descriptor = descriptor
        self.path = path
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = Mutex(encoder)
    }

    deinit {
        close(descriptor)
    }

    /// Appends one record; false when it could not be written.
    @discardableResult
    public func append(_ record: AuditRecord) -> Bool {
        guard var line = try? encoder.withLock({ try $0.encode(record) }) else { return false }
        line.append(UInt8(ascii: "\n"))
        return line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Now, as the records' `time` says it.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
