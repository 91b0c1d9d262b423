import Foundation

/// Reading requests and writing results, from files or the standard streams.
enum StandardStreams {
    static func read(_ path: String?) throws -> [UInt8] {
        if let path, path != "-" {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw IOFailure(message: "cannot read \(path)")
            }
            return [UInt8](data)
        }
        return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
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
