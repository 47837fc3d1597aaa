import StrataAnalysis
import StrataData
import StrataNumerics

/// One figure of an analysis command's `--plot`: a heading (escaped when
/// drawn) and one or more charts drawn one below the other.
public struct AnalysisFigure: Sendable {
    /// The heading, e.g. the series label.
    public var title: String
    /// The charts' SVG elements, top to bottom.
    public var charts: [String]

    public init(title: String, charts: [String]) {
        self.title = title
        self.charts = charts
    }
}

/// Charts of the analysis results, the same SVG code as the country
/// assessment (``LineChart``, ``FanChart``, ``RankingChart``): grey-scale,
/// labelled axes with units, every label from the data escaped.
///
/// Each function turns one library result into an ``AnalysisFigure``;
/// ``document(_:title:format:)`` writes figures as one SVG (charts stacked)
/// or as a self-contained HTML page (one section per figure). The CLI's
/// `--plot FILE.svg|FILE.html` calls these, so an embedding tool draws
/// exactly what the CLI draws.
public enum AnalysisPlots {
    /// Output formats of ``document(_:title:format:)``.
    public enum Format: String, Sendable, CaseIterable {
        case svg, html

        /// The format named by a file's extension (`.svg`, `.html`, `.htm`), or `nil`.
        public init?(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".svg") { self = .svg } else if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
                self = .html
            } else { return nil }
        }
    }

    /// The most figures one document holds; a run with more series plots
    /// the first this many and says so (``document(_:title:format:)`` does not cut).
    public static let maximumFigures = 200

    static func labels(_ periods: [Period]) -> [String] { periods.map(\.description) }

    /// Observed, trend, seasonal and remainder panels of one STL decomposition.
    public static func decomposition(_ r: DecompositionWorkflow.SeriesResult, title: String) -> AnalysisFigure {
        let x = labels(r.periods)
        let unit = r.parameters.transform == "none" ? "value" : "value (\(r.parameters.transform) scale)"
        func panel(_ name: String, _ values: [Double], zero: Bool) -> String {
            LineChart(title: "\(title): \(name)", xLabels: x, yTitle: unit,
                      series: [ChartSeries(name: name, values: values, width: 1.6)],
                      format: .plain, includesZero: zero, height: 190).svg
        }
        return AnalysisFigure(title: title, charts: [
            panel("observed", r.observed, zero: false),
            panel("trend", r.trend, zero: false),
            panel("seasonal", r.seasonal, zero: true),
            panel("remainder", r.remainder, zero: true),
        ])
    }

    /// The series with each segment's level and 95 % interval, change points marked.
    /// - Parameters:
    ///   - series: the analysed series (its values and periods are drawn).
    ///   - outcome: the change points and segments of ``ChangePointWorkflow``.
    public static func changePoints(_ series: TimeSeries, _ outcome: ChangePointWorkflow.Outcome, title: String) -> AnalysisFigure {
        let n = series.values.count
        var level = [Double](repeating: .nan, count: n)
        var lower = level, upper = level
        for s in outcome.segments where s.start >= 0 && s.end < n && s.start <= s.end {
            for t in s.start...s.end {
                level[t] = s.level
                lower[t] = s.lower ?? .nan
                upper[t] = s.upper ?? .nan
            }
        }
        let markers = outcome.segments.dropFirst().map { s in
            ChartMarker(position: s.start, label: s.ratioToPrevious.map { "×" + ChartGeometry.trim($0) } ?? s.startPeriod.description)
        }
        let chart = LineChart(
            title: title, xLabels: labels(series.periods), yTitle: "value per period",
            series: [ChartSeries(name: "observed", values: series.values, grey: 0.6, width: 1),
                     ChartSeries(name: "segment level", values: level, width: 2.4),
                     ChartSeries(name: "95% interval", values: lower, style: .dotted, grey: 0.3, width: 1),
                     ChartSeries(name: "", values: upper, style: .dotted, grey: 0.3, width: 1)],
            markers: markers, format: .count, includesZero: series.values.allSatisfy { $0.isNaN || $0 >= 0 })
        return AnalysisFigure(title: title, charts: [chart.svg])
    }

    /// History and forecast with its interval fan (widest band first).
    public static func forecast(_ history: TimeSeries, _ f: ForecastWorkflow.SeriesForecast, title: String) -> AnalysisFigure {
        let bands = f.intervals.sorted { $0.level > $1.level }
        let chart = FanChart(title: title, historyLabels: labels(history.periods), history: history.values,
                             forecastLabels: labels(f.periods), mean: f.mean, bands: bands, yTitle: "value per period")
        return AnalysisFigure(title: title, charts: [chart.svg])
    }

    /// Mean scaled absolute error by step ahead (MASE by horizon) over the backtest's origins.
    public static func backtest(_ b: BacktestWorkflow.SeriesBacktest, title: String) -> AnalysisFigure {
        let errors = b.backtest.meanScaledErrorByHorizon
        let chart = LineChart(
            title: "\(title): error by horizon (\(b.method.rawValue), \(b.backtest.origins.count) origins)",
            xLabels: (1...max(1, errors.count)).map { "h=\($0)" }, xTitle: "steps ahead",
            yTitle: "mean absolute scaled error (MASE)",
            series: [ChartSeries(name: "MASE", values: errors, width: 2)], format: .plain, includesZero: true)
        return AnalysisFigure(title: title, charts: [chart.svg])
    }

    /// Each route's share of the total over time, detected shifts marked.
    public static func shares(_ c: RouteComposition, shifts: [RouteShift], title: String) -> AnalysisFigure {
        let x = (0..<c.length).map { (c.start + $0).description }
        let series = c.codes.indices.map { j in
            ChartSeries(name: c.codes[j], values: j < c.shares.count ? c.shares[j] : [],
                        style: LineStyle.cycling(j), grey: Double(j % 3) * 0.25)
        }
        let markers = shifts.compactMap { s -> ChartMarker? in
            let position = s.period.index - c.start.index
            guard position >= 0, position < c.length else { return nil }
            let kind: String
            switch s.kind {
            case .displacement: kind = "D"
            case .volume: kind = "V"
            case .both: kind = "B"
            }
            return ChartMarker(position: position, label: "\(kind) \(s.period)", dashed: true)
        }
        let legend = markers.isEmpty ? "" : " (shifts: D displacement, V volume, B both)"
        let chart = LineChart(title: title + legend, xLabels: x, yTitle: "share of the total", series: series, markers: markers,
                              format: .percent, includesZero: true, height: 340)
        return AnalysisFigure(title: title, charts: [chart.svg])
    }

    /// Units ranked by score with their 5–95 % bands.
    public static func ranking(_ r: RiskScoreReport, title: String) -> AnalysisFigure {
        let items = r.units.filter { $0.score.isFinite }.map {
            RankingChart.Item(label: $0.unit, value: $0.score, lower: $0.scoreLo, upper: $0.scoreHi)
        }
        return AnalysisFigure(title: title, charts: [RankingChart(title: title, items: items, xTitle: "score (0–10)").svg])
    }

    /// Figures as one document: an SVG with every chart stacked (with the
    /// figure headings drawn above them), or a self-contained HTML page
    /// (inline SVG, no script, no external resource, print stylesheet).
    /// - Complexity: O(total size of the charts).
    public static func document(_ figures: [AnalysisFigure], title: String, format: Format) -> String {
        switch format {
        case .html:
            var body = ""
            for f in figures {
                body += "<section><h2>\(Markup.escapeHTML(f.title))</h2>\n"
                for c in f.charts { body += "<figure>\(c)</figure>\n" }
                body += "</section>\n"
            }
            let t = Markup.escapeHTML(title)
            return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>\(t)</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:Helvetica,Arial,sans-serif;max-width:820px;margin:2em auto;color:#000}\
                h1{font-size:1.4em}h2{font-size:1.1em;margin-top:2em}figure{margin:0.5em 0}\
                svg.chart{max-width:100%;height:auto}@media print{section{break-inside:avoid}}</style>
                </head><body><h1>\(t)</h1>
                \(body)</body></html>

                """
        case .svg:
            let width = 760.0
            var y = 10.0
            var inner = ""
            let showHeadings = figures.count > 1
            for f in figures {
                if showHeadings {
                    y += 18
                    inner += ChartGeometry.text(f.title, x: 10, y: y, size: 14, weight: "bold") + "\n"
                    y += 8
                }
                for c in f.charts {
                    let h = height(of: c)
                    inner += "<g transform=\"translate(0 \(ChartGeometry.trim(y)))\">\(c)</g>\n"
                    y += h + 10
                }
            }
            let t = Markup.escapeHTML(title)
            return """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(ChartGeometry.trim(width)) \(ChartGeometry.trim(y))" \
                width="\(ChartGeometry.trim(width))" height="\(ChartGeometry.trim(y))" role="img" aria-label="\(t)" \
                font-family="Helvetica, Arial, sans-serif"><title>\(t)</title>
                <rect x="0" y="0" width="\(ChartGeometry.trim(width))" height="\(ChartGeometry.trim(y))" fill="#ffffff"/>
                \(inner)</svg>

                """
        }
    }

    /// The `height` attribute of a chart's root `<svg>` (the charts write it).
    static func height(of svg: String) -> Double {
        guard let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].firstIndex(of: ">") else { return 300 }
        let tag = svg[open.upperBound..<close]
        guard let h = tag.range(of: " height=\"") else { return 300 }
        let rest = tag[h.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return 300 }
        return Double(rest[..<end]) ?? 300
    }
}
