extension String {
    /// The text right-aligned in `width` columns, for the tables the
    /// commands print (`cache simulate`, `audit`).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
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
