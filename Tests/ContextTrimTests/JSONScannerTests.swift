import Foundation
import Testing
@testable import ContextTrim

@Suite("JSON scanner")
struct JSONScannerTests {
    @Test("records spans of every value without changing bytes")
    func spans() throws {
        let text = #"{"a": [1, -2.5e3, "x\"y"], "b" :{ "c":null }, "d": true}"#
        let document = try JSONScanner.scan(bytes(text))
        let root = document.root
        #expect(root.kind == .object)
        let a = try #require(root["a"])
        #expect(a.kind == .array)
        #expect(String(decoding: document.bytes[a.span], as: UTF8.self) == #"[1, -2.5e3, "x\"y"]"#)
        let items = a.children.array
        #expect(items.map(\.kind) == [.number, .number, .string])
        #expect(items[2].string == "x\"y")
        #expect(items[2].hasEscapes)
        #expect(root["b"]?["c"]?.kind == .null)
        #expect(root["d"]?.bool == true)
        #expect(root.members.map { $0.key.string } == ["a", "b", "d"])
    }

    @Test("the last of repeated keys wins, as in JSON.parse")
    func repeatedKeys() throws {
        let document = try JSONScanner.scan(bytes(#"{"k": 1, "k": "two"}"#))
        #expect(document.root["k"]?.string == "two")
    }

    @Test("errors name what is wrong and the byte offset", arguments: [
        ("", JSONError(.empty, at: 0)),
        ("   ", JSONError(.truncated, at: 3)),
        (#"{"a": 1"#, JSONError(.truncated, at: 7)),
        (#"{"a": 1} x"#, JSONError(.trailingContent, at: 9)),
        (#"{"a": "\x"}"#, JSONError(.invalidEscape, at: 7)),
        (#"{"a": "\u12G4"}"#, JSONError(.invalidUnicodeEscape, at: 7)),
        ("{\"a\": \"x\ty\"}", JSONError(.controlCharacterInString(9), at: 8)),
        (#"{"a": 01}"#, JSONError(.unexpectedByte(UInt8(ascii: "1")), at: 7)),
        (#"{"a": -}"#, JSONError(.invalidNumber, at: 7)),
        (#"{"a": 1.}"#, JSONError(.invalidNumber, at: 8)),
        (#"{"a" 1}"#, JSONError(.unexpectedByte(UInt8(ascii: "1")), at: 5)),
        (#"{"a": tru}"#, JSONError(.unexpectedByte(UInt8(ascii: "}")), at: 9)),
        (#"[1,]"#, JSONError(.unexpectedByte(UInt8(ascii: "]")), at: 3)),
    ])
    func errors(input: String, expected: JSONError) {
        #expect(throws: expected) { try JSONScanner.scan(bytes(input)) }
    }

    @Test("invalid UTF-8 inside a string is rejected at its first byte", arguments: [
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82],
    ] as [[UInt8]])
    func invalidUTF8(sequence: [UInt8]) {
        let input = bytes(#"{"a": "x"#) + sequence + bytes(#""}"#)
        #expect(throws: JSONError(.invalidUTF8, at: 8)) { try JSONScanner.scan(input) }
    }

    @Test("valid multi-byte UTF-8 is accepted")
    func validUTF8() throws {
        let document = try JSONScanner.scan(bytes(#"{"a": "é → 😀 中"}"#))
        #expect(document.root["a"]?.string == "é → 😀 中")
    }

    @Test("nesting is limited, iteratively, without exhausting the stack")
    func depth() throws {
        let ok = String(repeating: "[", count: JSONScanner.maximumDepth) + String(repeating: "]", count: JSONScanner.maximumDepth)
        #expect(throws: Never.self) { try JSONScanner.scan(bytes(ok)) }
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError(.tooDeep(limit: JSONScanner.maximumDepth), at: JSONScanner.maximumDepth)) {
            try JSONScanner.scan(bytes(deep))
        }
    }

    @Test("error messages are one readable line")
    func messages() {
        #expect(JSONError(.truncated, at: 12).description == "invalid JSON at byte 12: the input ends before the JSON value is complete")
        #expect(JSONError(.unexpectedByte(0x01), at: 3).description == "invalid JSON at byte 3: unexpected byte 0x01")
    }
}

@Suite("JSONTestSuite")
struct JSONTestSuiteTests {
    static let folder = Fixtures.root.appendingPathComponent("JSONTestSuite/test_parsing")
    static let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()) ?? []

    @Test("the suite is present")
    func present() {
        #expect(Self.files.count == 318)
    }

    @Test("accepts every y_ file", arguments: files.filter { $0.hasPrefix("y_") })
    func accepts(name: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        #expect(throws: Never.self) { try JSONScanner.scan([UInt8](data)) }
    }

    @Test("rejects every n_ file", arguments: files.filter { $0.hasPrefix("n_") })
    func rejects(name: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        #expect(throws: JSONError.self) { try JSONScanner.scan([UInt8](data)) }
    }

    @Test("decides every i_ file without crashing, and fails open on it", arguments: files.filter { $0.hasPrefix("i_") })
    func implementationDefined(name: String) throws {
        let input = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let result = defaultTrimmer().trim(input)
        #expect(result.output == input)
    }
}
