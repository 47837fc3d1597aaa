import Foundation
import StrataData
import StrataNumerics

/// Settings of ``ThreatSignals/compute(_:options:)``.
public struct ThreatSignalOptions: Sendable, Equatable {
    /// Dimensions that define a unit (e.g. `["route"]`); the panel is summed
    /// over the others. Empty: every series of the panel is a unit.
    public var by: [String]
    /// Keep only this reporting country (a code of ``reporterDimension``).
    public var reporter: String?
    /// The dimension holding the reporting country (default `reporter`).
    public var reporterDimension: String
    /// Outlook method (default ``ForecastMethod/auto``).
    public var forecastMethod: ForecastMethod
    /// Seed of the forecasts' simulated intervals.
    public var seed: UInt64

    /// Options.
    public init(by: [String] = [], reporter: String? = nil, reporterDimension: String = "reporter",
                forecastMethod: ForecastMethod = .auto, seed: UInt64 = 42) {
        self.by = by
        self.reporter = reporter
        self.reporterDimension = reporterDimension
        self.forecastMethod = forecastMethod
        self.seed = seed
    }
}

/// Threat signals per unit: an INDICATORS table and the notes on what could not be computed.
public struct ThreatSignalTable: Sendable, Codable, Equatable {
    /// `unit` + one column per signal (``ThreatSignals/columns``), NaN = not computable.
    public var table: IndicatorTable
    /// The last period of the data the signals describe.
    public var lastPeriod: String?
    /// Periods per year used for the windows.
    public var periodsPerYear: Int
    /// Why a signal is missing for a unit, series shortened at a gap, and the like.
    public var notes: [String]
}

/// Failure of ``ThreatSignals/compute(_:options:)`` as a whole.
public enum ThreatSignalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A named dimension is not in the panel.
    case unknownDimension(name: String, available: [String])
    /// The reporter code selects nothing.
    case unknownReporter(code: String, dimension: String)
    /// The panel has no series or no periods.
    case emptyPanel
    /// The frequency has no fixed number of periods per year (daily data).
    case unsupportedFrequency(String)
    /// Aggregation failed.
    case aggregation(String)

    public var description: String {
        switch self {
        case let .unknownDimension(name, available):
            return "the data has no dimension '\(name)' (dimensions: \(available.joined(separator: ", ")))"
        case let .unknownReporter(code, dimension): return "no series has \(dimension) = '\(code)'"
        case .emptyPanel: return "the data has no series"
        case let .unsupportedFrequency(f): return "threat signals need monthly, quarterly, semiannual or annual data, not \(f)"
        case let .aggregation(message): return message
        }
    }
}

/// Threat signals derived from the statistics, per route, border section or
/// profile, written as an INDICATORS table for ``RiskScoring``.
///
/// With `p` the periods per year (12 monthly, 4 quarterly, 1 annual), `y` a
/// unit's series up to the last period (after the last missing value only:
/// the series is cut at its last gap, with a note), and `S₀, S₁, S₂` the sums
/// of the last, previous and before-previous `p` periods:
///
/// | column | definition | from |
/// | --- | --- | --- |
/// | `recent_volume` | `S₀`, the last twelve months' total | the data |
/// | `growth` | growth rate per year of a log-linear negative-binomial trend with seasonal indicators over the last `3p` periods (Poisson if NB fails) | ``CountTrend`` |
/// | `acceleration` | `ln((S₀+½)/(S₁+½)) − ln((S₁+½)/(S₂+½))`: the change of the year-on-year log growth | the data |
/// | `volatility` | standard deviation of the seasonal log changes `ln((y_t+½)/(y_{t−p}+½))` over the last `3p` periods | the data |
/// | `years_since_change` | years since the last change point (the recommended search of `strata changepoints --deseasonalize p`: PELT, MBIC, minimum segment p/2; for counts the seasonal pattern, count model and changes fitted together when the series is longer than two years); the series length when there is none | ``ChangePointSeasonality`` |
/// | `change_size` | `ln` of the last segment's level over the previous one's; 0 when there is no change point | ``Segmentation/summaries(of:offsets:confidence:)`` |
/// | `share_gained` | the unit's share of the units' total in the last `p` periods minus its share in the previous `p` (fractions; 0.05 = five points) | the data |
/// | `outlook_growth` | `ln((F+½)/(S₀+½))`, `F` the sum of the next `p` forecast means | ``Forecaster`` |
///
/// A signal that cannot be computed (series too short, not counts, a search
/// that fails) is missing (an empty cell) with a note saying why; nothing is
/// filled in. The `+½` keeps log ratios finite for zero counts (a continuity
/// correction, as in the empirical logit).
public enum ThreatSignals {
    /// The signal columns, in output order.
    public static let columns = [
        "recent_volume", "growth", "acceleration", "volatility", "years_since_change", "change_size", "share_gained",
        "outlook_growth",
    ]

    /// Compute the signals of every unit of `panel`.
    ///
    /// - Parameters:
    ///   - panel: the data (counts per period).
    ///   - options: units (`by`), reporter filter, outlook method.
    /// - Returns: the INDICATORS table and notes.
    /// - Throws: ``ThreatSignalError`` for unknown dimensions or reporter, an
    ///   empty panel, daily data.
    /// - Complexity: per unit, a count regression, a PELT search and a forecast
    ///   (units run in parallel).
    public static func compute(_ panel: Panel, options: ThreatSignalOptions = .init()) throws -> ThreatSignalTable {
        guard panel.seriesCount > 0, panel.periodCount > 0 else { throw ThreatSignalError.emptyPanel }
        guard let frequency = panel.frequency, let p = frequency.periodsPerYear else {
            throw ThreatSignalError.unsupportedFrequency(panel.frequency?.rawValue ?? "unknown")
        }
        for d in options.by where !panel.dimensions.contains(d) {
            throw ThreatSignalError.unknownDimension(name: d, available: panel.dimensions)
        }
        var filters: [String: Set<String>] = [:]
        if let reporter = options.reporter {
            guard panel.dimensions.contains(options.reporterDimension) else {
                throw ThreatSignalError.unknownDimension(name: options.reporterDimension, available: panel.dimensions)
            }
            filters[options.reporterDimension] = [reporter]
        }
        var notes: [String] = []
        let units: Panel
        if options.by.isEmpty && filters.isEmpty {
            units = panel
        } else {
            do {
                let r = try Aggregation.sum(panel, by: options.by.isEmpty ? panel.dimensions : options.by, where: filters)
                units = r.panel
                if r.incompleteCells > 0 {
                    notes.append("\(r.incompleteCells) unit-period value(s) missing because an input was missing")
                }
                if r.partsReplacedByTotals > 0 {
                    notes.append("\(r.partsReplacedByTotals) series replaced by their published total (never summed with it)")
                }
            } catch {
                throw ThreatSignalError.aggregation("\(error)")
            }
        }
        guard units.seriesCount > 0 else {
            if let reporter = options.reporter { throw ThreatSignalError.unknownReporter(code: reporter, dimension: options.reporterDimension) }
            throw ThreatSignalError.emptyPanel
        }
        let n = units.periodCount
        let names: [String] = units.keys.map { key in key.components.map(\.code).joined(separator: " | ") }
        let series: [[Double]] = (0..<units.seriesCount).map { s in Array(units.values[(s * n)..<((s + 1) * n)]) }

        // Shares: each unit's share of the units' total in the last and previous p periods.
        var shareGained = [Double](repeating: .nan, count: series.count)
        var shareNotes: [String] = []
        if n >= 2 * p {
            let last = series.map { blockSum($0, end: n, length: p) }
            let prev = series.map { blockSum($0, end: n - p, length: p) }
            let totalLast = last.contains(where: \.isNaN) ? Double.nan : last.reduce(0, +)
            let totalPrev = prev.contains(where: \.isNaN) ? Double.nan : prev.reduce(0, +)
            if totalLast.isNaN || totalPrev.isNaN {
                shareNotes.append("share_gained: missing for every unit, because some unit has a missing value in the last \(2 * p) periods")
            } else if totalLast > 0, totalPrev > 0 {
                for u in series.indices { shareGained[u] = last[u] / totalLast - prev[u] / totalPrev }
            } else {
                shareNotes.append("share_gained: missing for every unit, because the units' total is zero in one of the last two years")
            }
        } else {
            shareNotes.append("share_gained: missing for every unit, because the data has fewer than \(2 * p) periods")
        }

        let method = options.forecastMethod, seed = options.seed
        let perUnit = try Parallel.map(series.count) { u -> ([Double], [String]) in
            unitSignals(series[u], periodsPerYear: p, forecastMethod: method, seed: seed)
        }
        var rows: [[Double]] = []
        for (u, (values, unitNotes)) in perUnit.enumerated() {
            var row = values
            row.insert(shareGained[u], at: 6)
            rows.append(row)
            notes += unitNotes.map { "unit '\(names[u])': \($0)" }
        }
        notes += shareNotes
        let table: IndicatorTable
        do {
            table = try IndicatorTable(units: names, indicators: columns, rows: rows)
        } catch {
            throw ThreatSignalError.aggregation("\(error)")
        }
        return ThreatSignalTable(table: table, lastPeriod: units.periods.last?.description, periodsPerYear: p, notes: notes)
    }

    /// The signals of one series, except `share_gained` (which needs all units):
    /// `recent_volume, growth, acceleration, volatility, years_since_change,
    /// change_size, outlook_growth`, with notes on those that are missing.
    ///
    /// - Parameters:
    ///   - values: the series, oldest first; NaN = missing.
    ///   - p: periods per year.
    ///   - forecastMethod: outlook method.
    ///   - seed: forecast seed.
    /// - Complexity: O(n²) at worst (PELT), plus a count regression and a forecast.
    public static func unitSignals(
        _ values: [Double], periodsPerYear p: Int, forecastMethod: ForecastMethod = .auto, seed: UInt64 = 42
    ) -> ([Double], [String]) {
        var notes: [String] = []
        var y = values
        guard let lastObserved = y.lastIndex(where: { !$0.isNaN }) else {
            return ([Double](repeating: .nan, count: 7), ["every value is missing: no signal"])
        }
        if lastObserved != y.count - 1 {
            return ([Double](repeating: .nan, count: 7),
                    ["the last \(y.count - 1 - lastObserved) period(s) are missing: no signal describes the current situation"])
        }
        if let gap = y.lastIndex(where: \.isNaN) {
            y = Array(y[(gap + 1)...])
            notes.append("missing value at period \(gap + 1): signals use the \(y.count) periods after it")
        }
        let n = y.count
        func attempt(_ name: String, _ body: () throws -> Double) -> Double {
            do { return try body() } catch {
                notes.append("\(name): \(error)")
                return .nan
            }
        }
        func need(_ name: String, _ length: Int) -> Bool {
            if n >= length { return true }
            notes.append("\(name): needs \(length) periods, the series has \(n)")
            return false
        }
        let isCount = y.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
        let s0 = n >= p ? blockSum(y, end: n, length: p) : .nan
        let recent = need("recent_volume", p) ? s0 : .nan

        var growth = Double.nan
        if !isCount {
            notes.append("growth: values are not non-negative integer counts")
        } else if need("growth", max(2 * p, 4)) {
            let window = Array(y.suffix(3 * p))
            let seasonal = p >= 2 && window.count >= 2 * p ? p : nil
            growth = attempt("growth") {
                do {
                    return try CountTrend.fit(window, periodsPerYear: p, family: .negativeBinomial(alpha: nil), seasonalPeriod: seasonal)
                        .growthRatePerYear
                } catch {
                    let r = try CountTrend.fit(window, periodsPerYear: p, family: .poisson, seasonalPeriod: seasonal).growthRatePerYear
                    notes.append("growth: the negative-binomial fit failed (\(error)); Poisson used")
                    return r
                }
            }
        }
        func logRatio(_ a: Double, _ b: Double) -> Double { Foundation.log((a + 0.5) / (b + 0.5)) }
        var acceleration = Double.nan
        if need("acceleration", 3 * p) {
            let s1 = blockSum(y, end: n - p, length: p), s2 = blockSum(y, end: n - 2 * p, length: p)
            if y.allSatisfy({ $0 > -0.5 }) {
                acceleration = logRatio(s0, s1) - logRatio(s1, s2)
            } else {
                notes.append("acceleration: values below −0.5 have no log ratio")
            }
        }
        var volatility = Double.nan
        if need("volatility", p + 3) {
            if y.allSatisfy({ $0 > -0.5 }) {
                let start = max(p, n - 3 * p)
                let d = (start..<n).map { logRatio(y[$0], y[$0 - p]) }
                let mean = d.reduce(0, +) / Double(d.count)
                volatility = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1)).squareRoot()
            } else {
                notes.append("volatility: values below −0.5 have no log ratio")
            }
        }
        var yearsSince = Double.nan, changeSize = Double.nan
        let minimumSegment = max(2, p / 2)
        if need("years_since_change", 2 * minimumSegment) {
            if let first = y.first, y.allSatisfy({ $0 == first }) {
                yearsSince = Double(n) / Double(p)
                changeSize = 0
            } else {
                do {
                    // As `strata changepoints --deseasonalize p` (for counts the seasonal
                    // pattern, count model and changes fitted together).
                    let search = try ChangePointWorkflow.recommendedSearch(y, period: p, minimumSegmentLength: minimumSegment)
                    if !search.converged {
                        notes.append("years_since_change: the seasonal pattern and the changes did not settle; the last search is used")
                    }
                    if let last = search.segmentation.changepoints.last {
                        yearsSince = Double(n - last) / Double(p)
                        let summaries = try search.summaries()
                        if let ratio = summaries.last?.ratioToPrevious, ratio > 0 {
                            changeSize = Foundation.log(ratio)
                        } else {
                            notes.append("change_size: the level before the last change is zero; no ratio")
                        }
                    } else {
                        yearsSince = Double(n) / Double(p)
                        changeSize = 0
                    }
                } catch {
                    notes.append("years_since_change, change_size: \(error)")
                }
            }
        }
        var outlook = Double.nan
        if need("outlook_growth", max(2 * p, 4)) {
            outlook = attempt("outlook_growth") {
                let f = try Forecaster.forecast(y, method: forecastMethod, horizon: p, period: p, levels: [80], seed: seed)
                let total = f.mean.reduce(0, +)
                guard total > -0.5, s0 > -0.5 else {
                    throw ThreatSignalError.aggregation("forecast or recent total below −0.5 has no log ratio")
                }
                return logRatio(total, s0)
            }
        }
        return ([recent, growth, acceleration, volatility, yearsSince, changeSize, outlook], notes)
    }

    /// Sum of `length` values ending before `end`; NaN if any is missing or the block starts before 0.
    static func blockSum(_ y: [Double], end: Int, length: Int) -> Double {
        guard end - length >= 0, end <= y.count else { return .nan }
        var s = 0.0
        for t in (end - length)..<end { s += y[t] }
        return s
    }
}
