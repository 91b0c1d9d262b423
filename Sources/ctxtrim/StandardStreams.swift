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

    private static func readAll(_ descriptor: Int32, name: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var status = stat()
        if fstat(descriptor, &status) == 0 && status.st_size > 0 { bytes.reserveCapacity(Int(status.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw IOFailure(message: "cannot read \(name)")
            }
            bytes.append(contentsOf: chunk[..<count])
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
