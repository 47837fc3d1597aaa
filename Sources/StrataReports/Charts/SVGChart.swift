import Foundation

/// A chart that renders itself as a standalone SVG element (a `String`),
/// ready to be inlined into HTML or written to a `.svg` file.
///
/// The charts are drawn for print: black and greys only, lines told apart
/// by dash pattern and direct labels (readable in grey-scale), labelled axes
/// with units, a `<title>` and `aria-label` for screen readers. Every text
/// that comes from data is escaped with ``Markup/escapeHTML(_:)``. No script,
/// no external resource.
public protocol SVGChart: Sendable {
    /// The chart as an `<svg>` element.
    var svg: String { get }
}

/// How a line is drawn.
public enum LineStyle: String, Sendable, Codable, CaseIterable {
    case solid, dashed, dotted, dashDot, thin

    var dashArray: String? {
        switch self {
        case .solid, .thin: return nil
        case .dashed: return "6 3"
        case .dotted: return "1.5 2.5"
        case .dashDot: return "7 3 1.5 3"
        }
    }

    /// The style for the `i`-th series of a chart (cycles).
    public static func cycling(_ i: Int) -> LineStyle { [.solid, .dashed, .dotted, .dashDot][i % 4] }
}

/// One line of a chart.
public struct ChartSeries: Sendable, Equatable {
    /// Legend / direct label (escaped when drawn).
    public var name: String
    /// One value per x position; NaN leaves a gap.
    public var values: [Double]
    /// Dash pattern.
    public var style: LineStyle
    /// Grey level, 0 = black … 1 = white.
    public var grey: Double
    /// Stroke width in px.
    public var width: Double

    public init(name: String, values: [Double], style: LineStyle = .solid, grey: Double = 0, width: Double = 1.6) {
        self.name = name
        self.values = values
        self.style = style
        self.grey = grey
        self.width = width
    }
}

/// A vertical marker at an x position (a change point or an event).
public struct ChartMarker: Sendable, Equatable {
    /// The x position (index into the x labels).
    public var position: Int
    /// Label drawn at the top (escaped).
    public var label: String
    /// Dashed (events) or solid (change points).
    public var dashed: Bool

    public init(position: Int, label: String, dashed: Bool = false) {
        self.position = position
        self.label = label
        self.dashed = dashed
    }
}

/// How axis numbers are written.
public enum ChartNumberFormat: String, Sendable, Codable {
    /// 1,200 / 15k / 1.2M.
    case count
    /// 0–1 written as 0 %…100 %.
    case percent
    /// Plain decimals.
    case plain

    func format(_ v: Double) -> String {
        switch self {
        case .percent: return "\(Int((v * 100).rounded())) %"
        case .plain: return ChartGeometry.trim(v)
        case .count:
            let a = abs(v)
            if a >= 1_000_000 { return ChartGeometry.trim(v / 1_000_000) + "M" }
            if a >= 10_000 { return ChartGeometry.trim(v / 1000) + "k" }
            return ChartGeometry.grouped(v)
        }
    }
}

/// Shared geometry and SVG writing of the charts.
enum ChartGeometry {
    /// "Nice" tick values covering [lo, hi] with about `count` ticks (Heckbert 1990).
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [0, 1] }
        var lo = lo, hi = hi
        if hi <= lo { hi = lo + 1 }
        let range = nice(hi - lo, round: false)
        let step = nice(range / Double(max(count - 1, 1)), round: true)
        lo = (lo / step).rounded(.down) * step
        hi = (hi / step).rounded(.up) * step
        var out: [Double] = []
        var v = lo
        while v <= hi + step * 0.5, out.count < 50 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let e = floor(log10(x))
        let f = x / pow(10, e)
        let nf: Double
        if round { nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10 } else { nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10 }
        return nf * pow(10, e)
    }

    static func trim(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%.1f", v)
    }

    static func grouped(_ v: Double) -> String {
        guard v.isFinite else { return "–" }
        let n = Int(v.rounded())
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func greyColour(_ g: Double) -> String {
        let v = Int((min(max(g, 0), 1) * 255).rounded())
        return String(format: "#%02x%02x%02x", v, v, v)
    }

    /// Indices of the x labels to tick: the first period of each year when
    /// the labels are `YYYY-MM` (every 2nd or 5th year when there are many),
    /// else about eight evenly spaced.
    static func xTicks(_ labels: [String]) -> [(Int, String)] {
        let january = labels.indices.filter { labels[$0].count == 7 && labels[$0].hasSuffix("-01") }
        if january.count >= 2 {
            let step = january.count > 24 ? 5 : january.count > 10 ? 2 : 1
            return january.enumerated().filter { $0.offset % step == 0 }.map { ($0.element, String(labels[$0.element].prefix(4))) }
        }
        guard !labels.isEmpty else { return [] }
        let step = max(1, Int((Double(labels.count) / 8).rounded(.up)))
        return stride(from: 0, to: labels.count, by: step).map { ($0, labels[$0]) }
    }

    static func open(width: Double, height: Double, title: String, description: String) -> String {
        let t = Markup.escapeHTML(title)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(trim(width)) \(trim(height))" \
            width="\(trim(width))" height="\(trim(height))" role="img" aria-label="\(t)" \
            font-family="Helvetica, Arial, sans-serif" font-size="11">\
            <title>\(t)</title><desc>\(Markup.escapeHTML(description))</desc>\
            <rect x="0" y="0" width="\(trim(width))" height="\(trim(height))" fill="#ffffff"/>
            """
    }

    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", size: Double = 11,
                     weight: String? = nil, fill: String = "#000000", rotate: Bool = false) -> String {
        var a = "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(trim(size))\" fill=\"\(fill)\""
        if let weight { a += " font-weight=\"\(weight)\"" }
        if rotate { a += " transform=\"rotate(-90 \(f(x)) \(f(y)))\"" }
        return a + ">\(Markup.escapeHTML(s))</text>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#000000",
                     width: Double = 1, dash: String? = nil) -> String {
        var s = "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(trim(width))\""
        if let dash { s += " stroke-dasharray=\"\(dash)\"" }
        return s + "/>"
    }

    /// Polyline path segments through the finite points (gaps at NaN).
    static func path(_ points: [(Double, Double)?]) -> String {
        var d = ""
        var pen = false
        for p in points {
            guard let (x, y) = p, x.isFinite, y.isFinite else { pen = false; continue }
            d += (pen ? "L" : "M") + f(x) + " " + f(y)
            pen = true
        }
        return d
    }
}

/// The plot area of an x–y chart and its axes.
struct PlotFrame {
    var width: Double
    var height: Double
    var left: Double = 64
    var right: Double = 150
    var top: Double = 34
    var bottom: Double = 44
    var xCount: Int
    var yTicks: [Double]

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }
    var yMin: Double { yTicks.first ?? 0 }
    var yMax: Double { max(yTicks.last ?? 1, yMin + 1e-12) }

    func x(_ i: Double) -> Double { left + (xCount > 1 ? i / Double(xCount - 1) : 0.5) * plotWidth }
    func y(_ v: Double) -> Double { top + (1 - (v - yMin) / (yMax - yMin)) * plotHeight }

    func axes(xLabels: [String], xTitle: String, yTitle: String, format: ChartNumberFormat) -> String {
        var s = ""
        for t in yTicks {
            let yy = y(t)
            s += ChartGeometry.line(left, yy, left + plotWidth, yy, stroke: "#dddddd", width: 0.8)
            s += ChartGeometry.text(format.format(t), x: left - 6, y: yy + 4, anchor: "end", size: 10)
        }
        s += ChartGeometry.line(left, top + plotHeight, left + plotWidth, top + plotHeight, stroke: "#000000", width: 1)
        s += ChartGeometry.line(left, top, left, top + plotHeight, stroke: "#000000", width: 1)
        for (i, label) in ChartGeometry.xTicks(xLabels) {
            let xx = x(Double(i))
            s += ChartGeometry.line(xx, top + plotHeight, xx, top + plotHeight + 4)
            s += ChartGeometry.text(label, x: xx, y: top + plotHeight + 16, anchor: "middle", size: 10)
        }
        s += ChartGeometry.text(xTitle, x: left + plotWidth / 2, y: height - 8, anchor: "middle", size: 11)
        s += ChartGeometry.text(yTitle, x: 14, y: top + plotHeight / 2, anchor: "middle", size: 11, rotate: true)
        return s
    }
}
