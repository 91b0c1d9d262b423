import Foundation

/// Reading requests and writing results, from files or the standard streams.
enum StandardStreams {
    /// Reads a whole file, or standard input, into bytes with read(2): no
    /// intermediate Data, no second copy of a large request.
    static func contents(of path: String?) throws -> [UInt8] {
        guard let path, path != "-" else { return try readAll(STDIN_FILENO, name: "standard input") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw IOFailure(message: "cannot read \(path)") }
        defer { close(descriptor) }
        return try readAll(descriptor, name: path)
    }

    /// Reads straight into the array's spare capacity: sized by fstat for a
    /// file (one byte more, to see the end at once), doubling from 64 KB for a
    /// pipe; no buffer is zeroed or copied.
    private static func readAll(_ descriptor: Int32, name: String) throws -> [UInt8] {
        var status = stat()
        let size = fstat(descriptor, &status) == 0 && status.st_size > 0 ? Int(status.st_size) : 0
        var bytes: [UInt8] = []
        var capacity = size > 0 ? size + 1 : 1 << 16
        while true {
            if bytes.count == capacity { capacity *= 2 }
            var failed = false
            var ended = false
            var grown = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                // The bytes read so far, moved in; then read(2) into the rest.
                bytes.withUnsafeBufferPointer { old in
                    if let start = old.baseAddress, !old.isEmpty { buffer.baseAddress!.update(from: start, count: old.count) }
                }
                initialized = bytes.count
                while initialized < capacity {
                    let count = read(descriptor, buffer.baseAddress! + initialized, capacity - initialized)
                    if count == 0 { ended = true; return }
                    if count < 0 {
                        if errno == EINTR { continue }
                        failed = true
                        return
                    }
                    initialized += count
                }
            }
            if failed { throw IOFailure(message: "cannot read \(name)") }
            swap(&bytes, &grown)
            if ended { return bytes }
        }
    }

    /// Writes bytes to a file (created or truncated) or standard output.
    static func write(_ bytes: [UInt8], to path: String?) throws {
        guard let path, path != "-" else { return try writeAll(bytes, to: STDOUT_FILENO, name: "standard output") }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw IOFailure(message: "cannot write \(path)") }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor, name: path)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw IOFailure(message: "cannot write \(name)")
                }
                offset += count
            }
        }
    }

    /// One line on standard error, prefixed with the command's name.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("ctxtrim: \(message.printable)\n".utf8))
    }
}

struct IOFailure: Error {
    let message: String
}
