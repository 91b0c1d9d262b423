/// The horizontal gridlines of a chart and their labels on the left, one
/// per tick of its axis.
struct ChartGrid {
    let axis: ChartAxis
    let left: Double
    let top: Double
    let height: Double
    let right: Double
    let label: (Double) -> String

    func svg() -> String {
        axis.ticks.map { tick in
            let y = HTMLText.pixels(top + height - axis.height(tick, of: height))
            return "<line class=\"grid\" x1=\"\(HTMLText.pixels(left))\" x2=\"\(HTMLText.pixels(right))\" y1=\"\(y)\" y2=\"\(y)\"/>"
                + "<text class=\"axis\" x=\"\(HTMLText.pixels(left - 6))\" y=\"\(y)\" dy=\"0.32em\" text-anchor=\"end\">\(HTMLText.escaped(label(tick)))</text>"
        }.joined()
    }
}
