/// A JSON-lines file scanned line by line: the lines that are JSON objects,
/// and the numbers of those that are not (skipped and counted, never fatal).
public struct JSONLines: Sendable {
    /// The objects, each with its line number (from 1).
    public let objects: [(line: Int, value: JSONValue)]
    /// The lines that held something other than a JSON object.
    public let malformedLines: [Int]

    public init(_ bytes: [UInt8]) {
        var objects: [(line: Int, value: JSONValue)] = []
        var malformed: [Int] = []
        var number = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
            if let document = try? JSONScanner.scan(Array(line)), document.root.kind == .object {
                objects.append((number, document.root))
            } else {
                malformed.append(number)
            }
        }
        self.objects = objects
        malformedLines = malformed
    }
}

/// Builds request bodies out of raw JSON values and plain fields, so that
/// what a log recorded reaches the body byte for byte.
struct JSONBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ value: JSONValue) {
        bytes += value.document.bytes[value.span]
    }

    /// An object with one more member (`"key":value`) before its closing brace.
    mutating func rawObject(_ object: JSONValue, adding member: String) {
        let raw = object.document.bytes[object.span]
        var end = raw.endIndex - 1
        while end > raw.startIndex, raw[end] != UInt8(ascii: "}") { end -= 1 }
        bytes += raw[raw.startIndex..<end]
        bytes.append(UInt8(ascii: ","))
        bytes += Array(member.utf8)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func raw(_ text: String) {
        bytes += Array(text.utf8)
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        bytes += JSONStringCodec.encode(Array(text.utf8))
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"key":` after a comma unless it is the object's first member.
    mutating func key(_ key: String, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }
}
