extension String {
    /// The text right-aligned in `width` columns, for the tables the
    /// commands print (`cache simulate`, `audit`).
    func leftPadded(to width: Int) -> String {
        columns >= width ? self : String(repeating: " ", count: width - columns) + self
    }

    /// The text left-aligned in `width` columns (as it is when it is wider).
    func rightPadded(to width: Int) -> String {
        columns >= width ? self : self + String(repeating: " ", count: width - columns)
    }

    /// The columns a terminal gives the text: two for East Asian wide and
    /// full-width characters and for emoji, none for combining marks and
    /// colour escapes, one for the rest.
    var columns: Int {
        var width = 0
        var inEscape = false
        for scalar in unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" {
                inEscape = true
                continue
            }
            width += Self.columns(of: scalar)
        }
        return width
    }

    /// The end of the text that fits in `width` columns, after `...` when
    /// some had to go: the end of a path is what tells it apart.
    func suffix(columns width: Int) -> String {
        guard columns > width else { return self }
        var kept: [Character] = []
        var used = 3
        for character in reversed() {
            let size = String(character).columns
            if used + size > width { break }
            kept.append(character)
            used += size
        }
        return "..." + String(kept.reversed())
    }

    private static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
                                           0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
                                           0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}

extension String {
    /// The text as a terminal may be given it: a control character from the
    /// user's own data (an escape that would move the cursor or recolour the
    /// screen, a line break inside a file name) becomes `?`.
    var printable: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }
}
