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

    static func write(_ bytes: [UInt8], to path: String?) throws {
        let data = Data(bytes)
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw IOFailure(message: "cannot write \(path)")
            }
            return
        }
        try FileHandle.standardOutput.write(contentsOf: data)
    }

    /// One line on standard error, prefixed with the command's name.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("ctxtrim: \(message)\n".utf8))
    }
}

struct IOFailure: Error {
    let message: String
}
