import Testing
@testable import ContextTrim

@Suite("JSON strings and splices")
struct JSONStringCodecTests {
    @Test("decodes escapes, surrogate pairs and lone surrogates")
    func decode() {
        let raw = bytes(#"a\n\t\"\\\/\u00e9\ud83d\ude00\ud800x"#)
        let decoded = JSONStringCodec.decode(raw[...], hasEscapes: true)
        #expect(String(decoding: decoded, as: UTF8.self) == "a\n\t\"\\/é😀\u{FFFD}x")
    }

    @Test("encodes what JSON requires and nothing else")
    func encode() {
        let encoded = JSONStringCodec.encode(bytes("q\"b\\n\nt\tc\u{01}é/"))
        #expect(String(decoding: encoded, as: UTF8.self) == #"q\"b\\n\nt\tc\u0001é/"#)
    }

    @Test("encoding then decoding gives the text back", arguments: ["", "plain", "line\nline", "\u{00}\u{1F}\"\\", "emoji 😀 and é"])
    func roundTrip(text: String) throws {
        let json = bytes("\"") + JSONStringCodec.encode(bytes(text)) + bytes("\"")
        let document = try JSONScanner.scan(json)
        #expect(document.root.string == text)
    }

    @Test("maps decoded offsets back to raw offsets across escapes")
    func rawOffsets() {
        let raw = bytes(#"ab\ncd\u00e9f\ud83d\ude00g"#)
        // decoded: a b \n c d é(2 bytes) f 😀(4 bytes) g
        let offsets = JSONStringCodec.rawOffsets(in: raw[...], hasEscapes: true, decodedOffsets: [0, 2, 3, 5, 7, 8, 12, 13])
        #expect(offsets == [0, 2, 4, 6, 12, 13, 25, 26])
    }

    @Test("with the map decoding makes, every decoded offset maps as a walk from the start would")
    func mappedOffsets() {
        let raw = bytes(#"ab\ncd\u00e9f\n\ud83d\ude00g\u000a\\\"x\n\nend \u2028 tail"#)
        let (decoded, map) = JSONStringCodec.decodeMapped(raw[...], hasEscapes: true)
        #expect(map.decodedCount == decoded.count)
        #expect(map.lineFeeds.count == 5)
        let every = Array(0...decoded.count)
        #expect(JSONStringCodec.rawOffsets(in: raw[...], hasEscapes: true, decodedOffsets: every, map: map)
            == JSONStringCodec.rawOffsets(in: raw[...], hasEscapes: true, decodedOffsets: every))
        let some = [0, 3, 4, 9, 10, 17, decoded.count - 1]
        #expect(JSONStringCodec.rawOffsets(in: raw[...], hasEscapes: true, decodedOffsets: some, map: map)
            == JSONStringCodec.rawOffsets(in: raw[...], hasEscapes: true, decodedOffsets: some))
    }

    @Test("string edits keep every other byte and escape as written")
    func stringEdit() throws {
        let text = #"{"t": "keep\u00e9\nDROP\nDROP\nkeep\/"}"#
        let document = try JSONScanner.scan(bytes(text))
        let value = try #require(document.root["t"])
        let decoded = try #require(value.decodedBytes)
        let start = try #require(decoded.offset(of: "DROP"))
        let splices = StringEditor.splices(in: value, replacing: [(start..<start + 9, "[gone]")])
        let output = Splicer.apply(splices, to: document.bytes)
        #expect(String(decoding: output, as: UTF8.self) == #"{"t": "keep\u00e9\n[gone]\nkeep\/"}"#)
    }

    @Test("the output check refuses splices outside strings, across characters, overlapping or emptying")
    func outputCheck() throws {
        let document = try JSONScanner.scan(bytes(#"{"a": "héllo", "b": 12}"#))
        // The content of "héllo" is bytes 7..<13; é is bytes 8 and 9; 12 is bytes 21..<23.
        #expect(OutputCheck.problem(in: [Splice(range: 7..<8, replacement: bytes("H"))], of: document) == nil)
        #expect(OutputCheck.problem(in: [Splice(range: 9..<11, replacement: bytes("x"))], of: document)?.contains("UTF-8") == true)
        #expect(OutputCheck.problem(in: [Splice(range: 21..<23, replacement: bytes("3"))], of: document)?.contains("not inside a string") == true)
        #expect(OutputCheck.problem(in: [Splice(range: 7..<8, replacement: bytes("\""))], of: document)?.contains("not valid string content") == true)
        #expect(OutputCheck.problem(in: [Splice(range: 7..<13, replacement: [])], of: document)?.contains("empty") == true)
        #expect(OutputCheck.problem(in: [Splice(range: 7..<10, replacement: []), Splice(range: 8..<11, replacement: [])], of: document)?.contains("overlap") == true)
    }

    @Test("the output check refuses a bound between the halves of a surrogate pair, and takes one around it")
    func surrogatePairsAreWhole() throws {
        // Content from byte 7: x \ud83d\ude00 y, the pair at 8..<20.
        let document = try JSONScanner.scan(bytes(#"{"a": "x\ud83d\ude00y"}"#))
        #expect(OutputCheck.problem(in: [Splice(range: 7..<14, replacement: bytes("z"))], of: document)?.contains("cuts an escape") == true)
        #expect(OutputCheck.problem(in: [Splice(range: 14..<21, replacement: bytes("z"))], of: document)?.contains("cuts an escape") == true)
        #expect(OutputCheck.problem(in: [Splice(range: 7..<8, replacement: bytes("z"))], of: document) == nil)
        #expect(OutputCheck.problem(in: [Splice(range: 8..<20, replacement: bytes("z"))], of: document) == nil)
        #expect(OutputCheck.problem(in: [Splice(range: 20..<21, replacement: bytes("z"))], of: document) == nil)
        // Two lone escapes that are no pair may be split.
        let unpaired = try JSONScanner.scan(bytes(#"{"a": "x\u00e9\u00e8y"}"#))
        #expect(OutputCheck.problem(in: [Splice(range: 7..<14, replacement: bytes("z"))], of: unpaired) == nil)
    }

    @Test("the output check refuses a bound inside an escape, and takes one beside it")
    func escapesAreWhole() throws {
        // Content from byte 7: a \n b \\ c \u00e9 d, the escapes at 8, 11, 14 (\u00e9 to 20).
        let document = try JSONScanner.scan(bytes(#"{"a": "a\nb\\c\u00e9d"}"#))
        #expect(document.bytes[8] == UInt8(ascii: "\\") && document.bytes[14] == UInt8(ascii: "\\"))
        for cut in [9, 12, 15, 16, 19] {
            let splice = Splice(range: cut..<21, replacement: bytes("x"))
            #expect(OutputCheck.problem(in: [splice], of: document)?.contains("cuts an escape") == true, "bound \(cut)")
            let ending = Splice(range: 7..<cut, replacement: bytes("x"))
            #expect(OutputCheck.problem(in: [ending], of: document)?.contains("cuts an escape") == true, "bound \(cut)")
        }
        for whole in [8, 10, 11, 13, 14, 20] {
            #expect(OutputCheck.problem(in: [Splice(range: whole..<21, replacement: bytes("x"))], of: document) == nil, "bound \(whole)")
            #expect(OutputCheck.problem(in: [Splice(range: 7..<whole, replacement: bytes("x"))], of: document) == nil, "bound \(whole)")
        }
    }

    /// A text edit of one splice (its decoded change is not read by the check).
    private func textEdit(_ range: Range<Int>, _ replacement: String, _ record: EditRecord, keeps: Range<Int>? = nil) -> Edit {
        Edit(text: TextEdit(segment: 0, changes: [TextChange(range: range, replacement: bytes(replacement))]),
             splices: [Splice(range: range, replacement: bytes(replacement))], record: record, keeps: keeps)
    }

    @Test("the output check refuses edits to text a pointer refers to, by its stage or a later one, and to segments no stage may change")
    func keptText() throws {
        let document = try JSONScanner.scan(bytes(#"{"a": "first copy", "b": "second copy"}"#))
        let record = EditRecord(stage: "test", action: "same-as", location: "b", message: nil, path: nil, rule: nil,
                                recognizer: nil, target: "a", bytesBefore: 11, bytesAfter: 1)
        let pointer = textEdit(26..<37, "p", record, keeps: 7..<17)
        let editable = [7..<17, 26..<37]
        func problem(_ stages: [[Edit]], editable: [Range<Int>] = editable) -> String? {
            OutputCheck.problem(in: EditPlan(stages: stages), of: document, editable: editable)
        }
        #expect(problem([[pointer]]) == nil)
        let clobber = textEdit(7..<12, "x", record)
        #expect(problem([[pointer, clobber]])?.contains("a pointer refers to") == true)
        #expect(problem([[pointer], [clobber]])?.contains("a pointer refers to") == true)
        // An earlier stage's edit is part of the text the pointer saw.
        #expect(problem([[clobber], [pointer]]) == nil)
        #expect(problem([[pointer]], editable: [7..<17])?.contains("no stage may change") == true)
    }

    @Test("a later stage's edit absorbs earlier edits it holds whole, credited only with what it saved from the text it saw; one that cuts an earlier edit is refused")
    func absorbedEdits() throws {
        let input = bytes(#"{"a": "0123456789abcdef"}"#)
        let document = try JSONScanner.scan(input)
        func record(_ before: Int, _ after: Int) -> EditRecord {
            EditRecord(stage: "test", action: "test", location: "a", message: nil, path: nil, rule: nil, recognizer: nil, target: nil,
                       bytesBefore: before, bytesAfter: after)
        }
        let padding = textEdit(8..<10, "", record(2, 0))
        let pointer = textEdit(7..<15, "P", record(8, 1))
        let plan = EditPlan(stages: [[padding], [pointer]])
        #expect(OutputCheck.problem(in: plan, of: document, editable: [7..<23]) == nil)
        #expect(plan.written.map(\.splice) == [pointer.splices[0]])
        #expect(plan.records.map(\.bytesBefore) == [2, 6])
        let saved = plan.records.reduce(0) { $0 + $1.bytesBefore - $1.bytesAfter }
        #expect(saved == input.count - Splicer.apply(plan.written.map(\.splice), to: input).count)
        let cutting = textEdit(9..<15, "C", record(6, 1))
        #expect(OutputCheck.problem(in: EditPlan(stages: [[padding], [cutting]]), of: document, editable: [7..<23])?.contains("cuts") == true)
        let inserting = textEdit(9..<9, "I", record(0, 1))
        #expect(OutputCheck.problem(in: EditPlan(stages: [[inserting]]), of: document, editable: [7..<23])?.contains("inserts") == true)
    }

    @Test("splices apply in any order and leave the rest untouched")
    func splicer() {
        let input = bytes("0123456789")
        let output = Splicer.apply([Splice(range: 7..<9, replacement: bytes("X")), Splice(range: 1..<3, replacement: bytes("ab-"))], to: input)
        #expect(String(decoding: output, as: UTF8.self) == "0ab-3456X9")
        #expect(Splicer.apply([], to: input) == input)
    }
}
