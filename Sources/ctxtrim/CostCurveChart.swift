import Foundation

/// A session's input cost summed request by request, as sent and as
/// trimmed: two lines whose gap is the money trimming saves, drawn on the
/// same request scale as the bars above them. In dollars when the price
/// table prices the model, else in units of its base input price.
struct CostCurveChart {
    static let plotHeight = 140.0
    static let before = "#c4473a"
    static let after = "#2f8f4e"

    let requests: [AuditDocument.Request]
    /// The bar chart the curve lines up with.
    let bars: RequestBarsChart

    /// Whether every request has a price in dollars.
    var inDollars: Bool { requests.allSatisfy { $0.costBefore != nil && $0.costAfter != nil } }

    func cumulative(_ cost: (AuditDocument.Request) -> Double) -> [Double] {
        var sum = 0.0
        return requests.map { sum += cost($0); return sum }
    }

    func svg() -> String {
        let dollars = inDollars
        let before = cumulative { dollars ? $0.costBefore ?? 0 : $0.costUnitsBefore }
        let after = cumulative { dollars ? $0.costAfter ?? 0 : $0.costUnitsAfter }
        let axis = ChartAxis(upTo: max(before.last ?? 0, after.last ?? 0))
        let top = RequestBarsChart.top, left = RequestBarsChart.left, step = bars.step
        let height = top + Self.plotHeight + 12
        let width = bars.width
        var svg = "<svg class=\"chart cost\" role=\"img\" width=\"\(HTMLText.pixels(width))\" height=\"\(HTMLText.pixels(height))\" "
            + "viewBox=\"0 0 \(HTMLText.pixels(width)) \(HTMLText.pixels(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>Input cost so far, as sent and as trimmed</title>"
        svg += ChartGrid(axis: axis, left: left, top: top, height: Self.plotHeight, right: width - 8,
                         label: { dollars ? Self.dollarTick($0) : AuditFigures.number(Int($0.rounded())) }).svg()
        func line(_ values: [Double], colour: String, name: String) -> String {
            let points = values.enumerated().map { index, value in
                HTMLText.pixels(left + (Double(index) + 0.5) * step) + "," + HTMLText.pixels(top + Self.plotHeight - axis.height(value, of: Self.plotHeight))
            }
            return "<polyline class=\"\(name)\" data-line=\"\(name)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
        }
        svg += line(before, colour: Self.before, name: "before") + line(after, colour: Self.after, name: "after")
        return svg + "</svg>"
    }

    /// A gridline's dollars, with as many decimals as the step needs.
    static func dollarTick(_ value: Double) -> String {
        value == 0 ? "$0" : value >= 1 ? String(format: "$%.2f", value) : value >= 0.01 ? String(format: "$%.3f", value) : String(format: "$%.4f", value)
    }
}
