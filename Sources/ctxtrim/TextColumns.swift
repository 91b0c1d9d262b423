extension String {
    /// The text right-aligned in `width` columns, for the tables the
    /// commands print (`cache simulate`, `audit`).
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
