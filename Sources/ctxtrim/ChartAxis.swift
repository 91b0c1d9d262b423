/// A chart's vertical axis: from zero to a round number at or above the
/// largest value, in a few round steps (1, 2 or 5 times a power of ten),
/// so that the gridlines can be read at a glance.
struct ChartAxis {
    let top: Double
    let ticks: [Double]

    init(upTo largest: Double, steps: Int = 4) {
        guard largest > 0 else {
            top = 1
            ticks = [0, 1]
            return
        }
        let rough = largest / Double(steps)
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let count = Int((largest / step).rounded(.up))
        top = Double(count) * step
        ticks = (0...count).map { Double($0) * step }
    }

    /// How far up a value sits, in pixels of a plot `height` high.
    func height(_ value: Double, of height: Double) -> Double {
        value / top * height
    }
}
