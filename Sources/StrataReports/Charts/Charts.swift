import Foundation
import StrataNumerics

/// Lines over time with optional vertical markers (change points, events):
/// a route's series with its seasonally adjusted trend, or shares over time
/// (``ChartNumberFormat/percent``).
///
/// ```swift
/// let chart = LineChart(title: "Central Mediterranean", xLabels: periods, yTitle: "detections per month",
///                       series: [ChartSeries(name: "observed", values: y, grey: 0.6, width: 1),
///                                ChartSeries(name: "trend", values: trend, width: 2.2)],
///                       markers: [ChartMarker(position: 31, label: "×0.43")])
/// html += chart.svg
/// ```
/// - Complexity: O(series × points).
public struct LineChart: SVGChart, Equatable {
    public var title: String
    /// One label per x position (periods, e.g. `2024-03`).
    public var xLabels: [String]
    public var xTitle: String
    /// Y axis title with its unit.
    public var yTitle: String
    public var series: [ChartSeries]
    public var markers: [ChartMarker]
    public var format: ChartNumberFormat
    /// Start the y axis at zero (counts) rather than at the data's minimum.
    public var includesZero: Bool
    public var width: Double
    public var height: Double

    public init(title: String, xLabels: [String], xTitle: String = "period", yTitle: String, series: [ChartSeries],
                markers: [ChartMarker] = [], format: ChartNumberFormat = .count, includesZero: Bool = true,
                width: Double = 760, height: Double = 300) {
        self.title = title
        self.xLabels = xLabels
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
        self.markers = markers
        self.format = format
        self.includesZero = includesZero
        self.width = width
        self.height = height
    }

    public var svg: String {
        let all = series.flatMap(\.values).filter(\.isFinite)
        var lo = all.min() ?? 0, hi = all.max() ?? 1
        if includesZero { lo = min(lo, 0) }
        if hi <= lo { hi = lo + 1 }
        let frame = PlotFrame(width: width, height: height, xCount: max(xLabels.count, series.map(\.values.count).max() ?? 1),
                              yTicks: ChartGeometry.ticks(lo, hi))
        var s = ChartGeometry.open(width: width, height: height, title: title,
                                   description: "Line chart of \(series.map(\.name).joined(separator: ", ")) by \(xTitle); y axis: \(yTitle).")
        s += ChartGeometry.text(title, x: frame.left, y: 20, size: 13, weight: "bold")
        s += frame.axes(xLabels: xLabels, xTitle: xTitle, yTitle: yTitle, format: format)
        // Marker labels on up to three staggered rows, so that neighbouring labels do not overlap.
        var rowEnds = [Double](repeating: -Double.infinity, count: 3)
        for m in markers.sorted(by: { $0.position < $1.position }) where m.position >= 0 && m.position < frame.xCount {
            let xx = frame.x(Double(m.position))
            s += ChartGeometry.line(xx, frame.top, xx, frame.top + frame.plotHeight, stroke: "#555555", width: m.dashed ? 1.2 : 0.7,
                                    dash: m.dashed ? "4 3" : nil)
            let row = rowEnds.firstIndex { $0 < xx } ?? (rowEnds.indices.min { rowEnds[$0] < rowEnds[$1] } ?? 0)
            let widthEstimate = Double(m.label.count) * 5.2 + 6
            rowEnds[row] = xx + widthEstimate
            s += ChartGeometry.text(m.label, x: xx + 3, y: frame.top + 10 + 11 * Double(row), size: 9,
                                    weight: m.dashed ? "bold" : nil, fill: "#333333")
        }
        var ends: [(y: Double, name: String, colour: String)] = []
        for line in series {
            let pts: [(Double, Double)?] = line.values.enumerated().map { (i, v) in v.isFinite ? (frame.x(Double(i)), frame.y(v)) : nil }
            let d = ChartGeometry.path(pts)
            guard !d.isEmpty else { continue }
            let colour = ChartGeometry.greyColour(line.grey)
            var p = "<path d=\"\(d)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(ChartGeometry.trim(line.width))\" stroke-linejoin=\"round\""
            if let dash = line.style.dashArray { p += " stroke-dasharray=\"\(dash)\"" }
            s += p + "/>"
            if let last = line.values.lastIndex(where: \.isFinite) {
                ends.append((frame.y(line.values[last]), line.name, colour))
            }
        }
        // Direct labels at the right, nudged apart.
        ends.sort { $0.y < $1.y }
        var placed: [Double] = []
        for e in ends {
            var yy = e.y
            if let prev = placed.last, yy < prev + 12 { yy = prev + 12 }
            placed.append(yy)
            s += ChartGeometry.text(e.name, x: frame.left + frame.plotWidth + 6, y: yy + 4, size: 10, fill: e.colour == "#ffffff" ? "#000000" : "#000000")
        }
        return s + "</svg>"
    }
}

/// History followed by a forecast with nested interval bands (a fan chart).
///
/// - Complexity: O(history + horizon × bands).
public struct FanChart: SVGChart, Equatable {
    /// One interval band of the forecast: a prediction interval (level in percent, lower and
    /// upper bounds per step ahead).
    public typealias Band = PredictionInterval

    public var title: String
    public var historyLabels: [String]
    public var history: [Double]
    public var forecastLabels: [String]
    public var mean: [Double]
    /// Bands, widest first.
    public var bands: [Band]
    public var yTitle: String
    public var width: Double
    public var height: Double

    public init(title: String, historyLabels: [String], history: [Double], forecastLabels: [String], mean: [Double],
                bands: [Band], yTitle: String, width: Double = 760, height: Double = 280) {
        self.title = title
        self.historyLabels = historyLabels
        self.history = history
        self.forecastLabels = forecastLabels
        self.mean = mean
        self.bands = bands
        self.yTitle = yTitle
        self.width = width
        self.height = height
    }

    public var svg: String {
        let labels = historyLabels + forecastLabels
        let n = history.count
        let values = history + mean + bands.flatMap { $0.lower + $0.upper }
        let finite = values.filter(\.isFinite)
        let lo = min(finite.min() ?? 0, 0), hi = max(finite.max() ?? 1, lo + 1)
        var frame = PlotFrame(width: width, height: height, xCount: labels.count, yTicks: ChartGeometry.ticks(lo, hi))
        frame.right = 110
        var s = ChartGeometry.open(width: width, height: height, title: title,
                                   description: "Fan chart: observed history and forecast mean with \(bands.map { "\(Int($0.level)) %" }.joined(separator: " and ")) intervals; y axis: \(yTitle).")
        s += ChartGeometry.text(title, x: frame.left, y: 20, size: 13, weight: "bold")
        s += frame.axes(xLabels: labels, xTitle: "period", yTitle: yTitle, format: .count)
        let sorted = bands.sorted { $0.level > $1.level }
        for (k, band) in sorted.enumerated() {
            var d = ""
            let m = min(band.lower.count, band.upper.count, mean.count)
            guard m > 0 else { continue }
            // Start at the last observation so the fan opens from it.
            let anchorX = n > 0 ? frame.x(Double(n - 1)) : frame.x(0)
            let anchorY = n > 0 && history[n - 1].isFinite ? frame.y(history[n - 1]) : frame.y(band.upper[0])
            d += "M\(ChartGeometry.f(anchorX)) \(ChartGeometry.f(anchorY))"
            for h in 0..<m { d += "L\(ChartGeometry.f(frame.x(Double(n + h)))) \(ChartGeometry.f(frame.y(band.upper[h])))" }
            for h in stride(from: m - 1, through: 0, by: -1) {
                d += "L\(ChartGeometry.f(frame.x(Double(n + h)))) \(ChartGeometry.f(frame.y(band.lower[h])))"
            }
            d += "Z"
            let grey = ChartGeometry.greyColour(k == 0 ? 0.86 : 0.7)
            s += "<path d=\"\(d)\" fill=\"\(grey)\" stroke=\"none\"/>"
            let lastY = frame.y(band.upper[m - 1])
            s += ChartGeometry.text("\(Int(band.level)) % interval", x: frame.x(Double(n + m - 1)) + 6, y: lastY + 4, size: 9, fill: "#333333")
        }
        let hist: [(Double, Double)?] = history.enumerated().map { (i, v) in v.isFinite ? (frame.x(Double(i)), frame.y(v)) : nil }
        s += "<path d=\"\(ChartGeometry.path(hist))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.6\"/>"
        var fc: [(Double, Double)?] = []
        if n > 0, history[n - 1].isFinite { fc.append((frame.x(Double(n - 1)), frame.y(history[n - 1]))) }
        fc += mean.enumerated().map { (h, v) in v.isFinite ? (frame.x(Double(n + h)), frame.y(v)) : nil }
        s += "<path d=\"\(ChartGeometry.path(fc))\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.8\" stroke-dasharray=\"6 3\"/>"
        if let last = mean.last, last.isFinite {
            s += ChartGeometry.text("forecast", x: frame.x(Double(n + mean.count - 1)) + 6, y: frame.y(last) + 4, size: 10)
        }
        if n > 0 {
            let xx = frame.x(Double(n - 1))
            s += ChartGeometry.line(xx, frame.top, xx, frame.top + frame.plotHeight, stroke: "#777777", width: 0.8, dash: "2 3")
            s += ChartGeometry.text("last observed", x: xx - 4, y: frame.top + 10, anchor: "end", size: 9, fill: "#333333")
        }
        return s + "</svg>"
    }
}

/// Horizontal bars of scores with uncertainty bands, largest first (a ranking).
///
/// - Complexity: O(items).
public struct RankingChart: SVGChart, Equatable {
    /// One ranked item.
    public struct Item: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var lower: Double
        public var upper: Double
        public init(label: String, value: Double, lower: Double, upper: Double) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    public var title: String
    public var items: [Item]
    /// X axis title with its unit.
    public var xTitle: String
    public var format: ChartNumberFormat
    public var width: Double

    public init(title: String, items: [Item], xTitle: String, format: ChartNumberFormat = .plain, width: Double = 760) {
        self.title = title
        self.items = items
        self.xTitle = xTitle
        self.format = format
        self.width = width
    }

    public var svg: String {
        let rowHeight = 24.0
        let left = 200.0, right = 40.0, top = 34.0, bottom = 44.0
        let height = top + bottom + rowHeight * Double(max(items.count, 1))
        let values = items.flatMap { [$0.value, $0.lower, $0.upper] }.filter(\.isFinite)
        let ticks = ChartGeometry.ticks(min(values.min() ?? 0, 0), max(values.max() ?? 1, 1e-9))
        let lo = ticks.first ?? 0, hi = max(ticks.last ?? 1, lo + 1e-12)
        let plotWidth = width - left - right
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotWidth }
        var s = ChartGeometry.open(width: width, height: height, title: title,
                                   description: "Ranking of \(items.count) items by score with uncertainty bands; x axis: \(xTitle).")
        s += ChartGeometry.text(title, x: left, y: 20, size: 13, weight: "bold")
        for t in ticks {
            s += ChartGeometry.line(x(t), top, x(t), height - bottom, stroke: "#dddddd", width: 0.8)
            s += ChartGeometry.text(format.format(t), x: x(t), y: height - bottom + 14, anchor: "middle", size: 10)
        }
        s += ChartGeometry.line(left, height - bottom, width - right, height - bottom)
        s += ChartGeometry.text(xTitle, x: left + plotWidth / 2, y: height - 8, anchor: "middle")
        for (i, item) in items.enumerated() {
            let cy = top + rowHeight * (Double(i) + 0.5)
            s += ChartGeometry.text("\(i + 1). \(item.label)", x: left - 8, y: cy + 4, anchor: "end", size: 10)
            if item.value.isFinite {
                s += "<rect x=\"\(ChartGeometry.f(x(min(0, item.value) < lo ? lo : min(0, item.value))))\" y=\"\(ChartGeometry.f(cy - 7))\" width=\"\(ChartGeometry.f(abs(x(item.value) - x(max(lo, min(0, item.value))))))\" height=\"14\" fill=\"#bbbbbb\"/>"
            }
            if item.lower.isFinite && item.upper.isFinite {
                s += ChartGeometry.line(x(item.lower), cy, x(item.upper), cy, stroke: "#000000", width: 1.4)
                s += ChartGeometry.line(x(item.lower), cy - 5, x(item.lower), cy + 5, stroke: "#000000", width: 1.4)
                s += ChartGeometry.line(x(item.upper), cy - 5, x(item.upper), cy + 5, stroke: "#000000", width: 1.4)
            }
            if item.value.isFinite {
                s += "<circle cx=\"\(ChartGeometry.f(x(item.value)))\" cy=\"\(ChartGeometry.f(cy))\" r=\"3.5\" fill=\"#000000\"/>"
            }
        }
        return s + "</svg>"
    }
}
