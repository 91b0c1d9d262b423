/// One stacked bar per request of a session, as tall as the tokens the
/// client sent: what the provider's cache would serve of the trimmed
/// request, what of it would be sent fresh, and what each stage cut. The
/// bars are SVG, drawn to scale (`data-scale` pixels per token), each with
/// its figures as a tooltip, so the page needs no script.
struct RequestBarsChart {
    /// A part of a bar, and how the legend names it.
    struct Part {
        let id: String
        let label: String
        let colour: String
    }

    static let cacheRead = Part(id: "cache-read", label: "sent, read from the cache", colour: "#9ecae9")
    static let kept = Part(id: "kept", label: "sent, not cached", colour: "#3a6ea5")
    static func stage(_ name: String) -> Part {
        switch name {
        case "ignore-rules": Part(id: "stage-ignore-rules", label: "cut by the ignore rules", colour: "#f28e2b")
        case "dedup": Part(id: "stage-dedup", label: "cut by dedup", colour: "#b05fa8")
        default: Part(id: "stage-\(name)", label: "cut by \(name)", colour: "#a39e98")
        }
    }

    static let plotHeight = 200.0
    static let left = 64.0
    static let top = 10.0
    static let bottom = 28.0

    let requests: [AuditDocument.Request]
    /// Where the session's timeline is in the JSON document (`sessions.3.timeline`).
    let path: String

    /// The stages that cut anything in the session, the defaults first.
    var stages: [String] {
        let named = Set(requests.flatMap { $0.savedByStage.filter { $0.value > 0 }.keys })
        return ["ignore-rules", "dedup"].filter(named.contains) + named.subtracting(["ignore-rules", "dedup"]).sorted()
    }

    /// The parts the legend lists, bottom to top.
    var parts: [Part] { [Self.cacheRead, Self.kept] + stages.map(Self.stage) }

    /// The width of one request's bar: the page's width shared out, at most
    /// 40 pixels, never under two (a longer session scrolls sideways).
    var step: Double { max(2, min(40, 960 / Double(max(1, requests.count)))) }

    var width: Double { Self.left + Double(requests.count) * step + 8 }

    func svg() -> String {
        let stages = self.stages
        let heights = requests.map { request in request.tokensAfter + stages.reduce(0) { $0 + max(0, request.savedByStage[$1] ?? 0) } }
        let axis = ChartAxis(upTo: Double(heights.max() ?? 0))
        let scale = Self.plotHeight / axis.top
        let height = Self.top + Self.plotHeight + Self.bottom
        var svg = "<svg class=\"chart bars\" role=\"img\" width=\"\(HTMLText.pixels(width))\" height=\"\(HTMLText.pixels(height))\" "
            + "viewBox=\"0 0 \(HTMLText.pixels(width)) \(HTMLText.pixels(height))\" data-scale=\"\(scale)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>Tokens of each request, as sent and as trimmed</title>"
        svg += ChartGrid(axis: axis, left: Self.left, top: Self.top, height: Self.plotHeight, right: width - 8, label: { AuditFigures.number(Int($0)) }).svg()
        let gap = step >= 4 ? 1.0 : 0
        for (index, request) in requests.enumerated() {
            let x = Self.left + Double(index) * step + gap / 2
            var pieces: [(Part, Int)] = [(Self.cacheRead, request.cacheReadAfter), (Self.kept, request.tokensAfter - request.cacheReadAfter)]
            pieces += stages.map { (Self.stage($0), max(0, request.savedByStage[$0] ?? 0)) }
            svg += "<g class=\"bar\" data-json=\"\(path).\(index)\"><title>\(HTMLText.escaped(tooltip(request, number: index + 1)))</title>"
            var base = 0
            for (part, tokens) in pieces {
                let y = Self.top + Self.plotHeight - Double(base + tokens) * scale
                svg += "<rect class=\"\(part.id)\" data-part=\"\(part.id)\" data-tokens=\"\(tokens)\" x=\"\(HTMLText.pixels(x))\" y=\"\(HTMLText.pixels(y))\" "
                    + "width=\"\(HTMLText.pixels(step - gap))\" height=\"\(HTMLText.pixels(Double(tokens) * scale))\" fill=\"\(part.colour)\"/>"
                base += tokens
            }
            svg += "</g>"
        }
        svg += requestLabels()
        return svg + "</svg>"
    }

    /// Request numbers under the bars: the first, the last, and a few between.
    private func requestLabels() -> String {
        let count = requests.count
        let every = max(1, Int((60 / step).rounded(.up)))
        let numbers = Set(stride(from: 1, through: count, by: every)).union([count])
        let y = Self.top + Self.plotHeight + 18
        return numbers.sorted().filter { $0 == count || count - $0 >= every }.map { number in
            "<text class=\"axis\" x=\"\(HTMLText.pixels(Self.left + (Double(number) - 0.5) * step))\" y=\"\(HTMLText.pixels(y))\" text-anchor=\"middle\">\(number)</text>"
        }.joined()
    }

    private func tooltip(_ request: AuditDocument.Request, number: Int) -> String {
        var lines = ["request \(number): \(request.name)",
                     "\(AuditFigures.number(request.tokensBefore)) tokens as sent, \(AuditFigures.number(request.tokensAfter)) trimmed",
                     "\(AuditFigures.number(request.cacheReadAfter)) of them read from the cache (\(AuditFigures.number(request.cacheReadBefore)) as sent)"]
        for (stage, tokens) in request.savedByStage.sorted(by: { $0.key < $1.key }) {
            lines.append("\(stage) saved \(AuditFigures.number(tokens))")
        }
        return lines.joined(separator: "\n")
    }
}
