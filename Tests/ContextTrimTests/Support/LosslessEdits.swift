import Foundation

/// An independent account of how a trimmed string may differ from the
/// original, written from DESIGN.md rather than from the stages' code: its
/// lines that are not stubs stand, in order, among the original's lines,
/// each as it was or transformed without loss (a line-number gutter's
/// padding removed; command output as a terminal shows it). Without a stub,
/// no line may be missing.
enum LosslessEdits {
    static func explain(_ original: String, _ trimmed: String) -> Bool {
        if sameJSON(original, trimmed) { return true }
        // Split at line feeds, not Characters: "\r\n" is one Character.
        func lines(_ text: String) -> [Substring] {
            text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        }
        let before = lines(original)
        let after = lines(trimmed)
        let hasStub = trimmed.contains("[ctxtrim: ")
        var position = 0
        for line in after where !line.contains("[ctxtrim: ") {
            guard let found = before[position...].firstIndex(where: { same($0, line) }) else { return false }
            if !hasStub && found != position { return false }
            position = found + 1
        }
        return hasStub || position == before.count
    }

    /// Whether both are JSON of equal value (Foundation's parser) whose
    /// strings and numbers stand in the same order, byte for byte: the same
    /// document with another layout.
    static func sameJSON(_ original: String, _ trimmed: String) -> Bool {
        guard let a = try? JSONSerialization.jsonObject(with: Data(original.utf8)) as? NSObject,
              let b = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? NSObject, a.isEqual(b) else { return false }
        func tokens(_ text: String) -> [String] {
            let pattern = try! NSRegularExpression(pattern: #""(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null"#)
            return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
        }
        return tokens(original) == tokens(trimmed)
    }

    /// Whether `trimmed` is `line`, `line` with the spaces before a gutter's
    /// number removed, or `line` as a terminal shows it.
    static func same(_ line: Substring, _ trimmed: Substring) -> Bool {
        line == trimmed || unpadded(line) == trimmed || shown(line) == shown(trimmed)
    }

    /// A line as a terminal shows it, written here without the stages' code:
    /// escape sequences gone, each carriage return starting the line over
    /// (the longer earlier frame showing past the shorter later one, unless
    /// `ESC[K` erased it), trailing blanks (and a CRLF's CR) not shown.
    static func shown(_ line: Substring) -> String {
        var cells: [Character] = []
        var column = 0
        var characters = Array(line.unicodeScalars)
        if characters.last == "\r" { characters.removeLast() }
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "\u{1B}", i + 1 < characters.count {
                if characters[i + 1] == "[" {
                    var j = i + 2
                    while j < characters.count, !(0x40...0x7E).contains(characters[j].value) { j += 1 }
                    if j < characters.count, characters[j] == "K" { cells = Array(cells.prefix(column)) }
                    i = j + 1
                } else if characters[i + 1] == "]" {
                    var j = i + 2
                    while j < characters.count, characters[j] != "\u{07}", characters[j] != "\u{1B}" { j += 1 }
                    i = j + (j < characters.count && characters[j] == "\u{1B}" ? 2 : 1)
                } else {
                    i += 2
                }
                continue
            }
            if c == "\r" {
                column = 0
            } else {
                if column < cells.count { cells[column] = Character(c) } else { cells.append(Character(c)) }
                column += 1
            }
            i += 1
        }
        var text = String(cells)
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }

    /// A line without the spaces before a line number and its separator (`→`, a tab, ` | `).
    static func unpadded(_ line: Substring) -> Substring {
        let digits = line.drop { $0 == " " }
        guard digits.count < line.count, let first = digits.first, first.isASCII, first.isNumber else { return line }
        let rest = digits.drop { $0.isASCII && $0.isNumber }
        guard rest.hasPrefix("→") || rest.hasPrefix("\t") || rest.hasPrefix(" | ") else { return line }
        return digits
    }
}
