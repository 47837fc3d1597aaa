import Foundation
import StrataData
import StrataNumerics

/// A count as published after statistical disclosure control.
///
/// JSON: a number, `null` (missing in the data), or the string `"<5"` (a
/// count `0 < x < 5` suppressed under a threshold of 5).
public enum PublishedValue: Sendable, Codable, Equatable, Hashable {
    /// Published as is.
    case value(Double)
    /// Missing in the data.
    case missing
    /// Suppressed: a positive count below `below`.
    case suppressed(below: Int)

    /// Applies the disclosure rule: `0 < x < threshold` is suppressed; NaN is missing.
    public init(_ x: Double, threshold: Int) {
        if x.isNaN { self = .missing } else if x > 0 && x < Double(threshold) { self = .suppressed(below: threshold) } else { self = .value(x) }
    }

    /// The published number, `nil` when missing or suppressed.
    public var number: Double? { if case let .value(v) = self { return v } else { return nil } }

    /// True when suppressed.
    public var isSuppressed: Bool { if case .suppressed = self { return true } else { return false } }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .missing; return }
        if let v = try? c.decode(Double.self) { self = v.isNaN ? .missing : .value(v); return }
        let s = try c.decode(String.self)
        if s == "NaN" { self = .missing; return }
        guard s.hasPrefix("<"), let t = Int(s.dropFirst()) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number, null or \"<N\", got \"\(s)\"")
        }
        self = .suppressed(below: t)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .value(v): if v.isFinite { try c.encode(v) } else { try c.encodeNil() }
        case .missing: try c.encodeNil()
        case let .suppressed(t): try c.encode("<\(t)")
        }
    }
}

/// A change of level found by the change-point search.
public struct ChangePointFact: Sendable, Codable, Equatable {
    /// First period of the new level.
    public var period: Period
    /// Seasonally adjusted mean level before (per period).
    public var levelBefore: Double
    /// Seasonally adjusted mean level after (per period).
    public var levelAfter: Double
    /// `levelAfter / levelBefore`.
    public var ratio: Double
}

/// Trend tests over the trend window.
public struct TrendFacts: Sendable, Codable, Equatable {
    /// First period of the window.
    public var from: Period
    /// Last period of the window.
    public var to: Period
    /// Seasonal Kendall test (Hirsch & Slack 1984) p-value.
    public var pValue: Double
    /// Kendall's τ of the seasonal test.
    public var tau: Double
    /// Direction at the 5 % level.
    public var direction: TrendDirection
    /// Seasonal Sen slope, counts per period per year.
    public var senSlopePerYear: Double
    /// Negative-binomial (NB2) log-linear growth per year with seasonal effects, `exp(β) − 1`.
    public var growthRatePerYear: Double
    /// 95 % Wald interval, lower.
    public var growthRateLower: Double
    /// 95 % Wald interval, upper.
    public var growthRateUpper: Double
}

/// Levels and changes of one route (or of the total).
public struct RouteAnalysis: Sendable, Codable, Equatable {
    /// The route code (text from the data).
    public var route: String
    /// Whether it is one of the main routes (outlook, warnings, track record).
    public var isMain: Bool
    /// The observed series after disclosure control, one per period of ``AssessmentAnalysis/periods``.
    public var observed: [PublishedValue]
    /// STL trend (count scale); empty when it could not be computed.
    public var trend: [Double]
    /// Seasonally adjusted series (observed − seasonal); empty when not computed.
    public var seasonallyAdjusted: [Double]
    /// Share of the route in the trailing-12-period total of all routes, per period (NaN for the first 11).
    public var trailingShare: [Double]
    /// Changes of level, in time order.
    public var changePoints: [ChangePointFact]
    /// The last period's count.
    public var latest: PublishedValue
    /// The same period one year earlier.
    public var latestYearEarlier: PublishedValue
    /// Total of the last `horizon` periods.
    public var lastBlock: PublishedValue
    /// Total of the same periods one year earlier.
    public var lastBlockYearEarlier: PublishedValue
    /// Relative change of ``lastBlock`` on ``lastBlockYearEarlier`` (NaN when not published).
    public var lastBlockChange: Double
    /// 95 % interval (Poisson ratio of counts), lower.
    public var lastBlockChangeLower: Double
    /// 95 % interval, upper.
    public var lastBlockChangeUpper: Double
    /// Total of the last 12 periods (a year).
    public var lastYear: PublishedValue
    /// Total of the 12 before.
    public var previousYear: PublishedValue
    /// Share of the route in all routes' last-year total.
    public var shareLastYear: Double
    /// Share in the previous year.
    public var sharePreviousYear: Double
    /// Trend tests; `nil` when they could not be computed (see ``notes``).
    public var trendTest: TrendFacts?
    /// Why a part is missing.
    public var notes: [String]
}

/// The outlook for one main route (or the total).
public struct RouteOutlook: Sendable, Codable, Equatable {
    /// The route.
    public var route: String
    /// The method the forecaster used (after any fall-back).
    public var method: String
    /// Forecast periods.
    public var periods: [Period]
    /// Mean forecast per period.
    public var mean: [Double]
    /// 80 % interval, lower / upper, per period.
    public var lower80: [Double]
    public var upper80: [Double]
    /// 95 % interval, lower / upper, per period.
    public var lower95: [Double]
    public var upper95: [Double]
    /// Total of the last `horizon` observed periods (the baseline of ``probabilityAboveLastBlock``).
    public var lastBlock: PublishedValue
    /// Total of the same `horizon` periods one year before the forecast periods.
    public var yearEarlierBlock: PublishedValue
    /// Forecast total of the next `horizon` periods.
    public var totalMean: Double
    /// 80 % interval of that total (comonotone sum of the per-period bounds).
    public var totalLower80: Double
    public var totalUpper80: Double
    /// P(next `horizon` periods > last `horizon`), from the forecast distribution.
    public var probabilityAboveLastBlock: Double
    /// P(next `horizon` periods > the same periods a year earlier): the seasonally fair comparison.
    public var probabilityAboveYearEarlier: Double
    /// Estimative term of ``probabilityAboveYearEarlier``.
    public var term: EstimativeTerm
    /// Estimative term of ``probabilityAboveLastBlock``.
    public var termAboveLastBlock: EstimativeTerm
    /// First periods of the outlook used as a checkpoint ("what would change the judgement").
    public var checkpointFrom: Period
    public var checkpointTo: Period
    /// 80 % interval of the checkpoint total: an outcome outside it would change the judgement.
    public var checkpointLower80: Double
    public var checkpointUpper80: Double
    /// Confidence by the documented rule (``AssessmentAnalysis/confidenceRule``).
    public var confidence: ConfidenceLevel
    /// The facts behind the confidence level.
    public var confidenceReasons: [String]
    /// Notes of the forecaster.
    public var notes: [String]
}

/// Red / amber / green.
public enum WarningStatus: String, Sendable, Codable, CaseIterable {
    case green, amber, red
}

/// One warning indicator of a main route: the last three periods against the
/// same three periods a year earlier.
public struct WarningIndicator: Sendable, Codable, Equatable {
    /// The route.
    public var route: String
    /// Total of the last 3 periods.
    public var current: PublishedValue
    /// Total of the same 3 periods a year earlier.
    public var yearEarlier: PublishedValue
    /// `current / yearEarlier` (NaN when not published).
    public var ratio: Double
    /// Status now.
    public var status: WarningStatus
    /// "rise", "fall" or "none".
    public var direction: String
    /// Counts for the next 3 periods that would turn the status amber / red (rise) …
    public var amberRiseThreshold: Double
    public var redRiseThreshold: Double
    /// … and amber / red (fall).
    public var amberFallThreshold: Double
    public var redFallThreshold: Double
    /// Periods of history where the status could be scored (6 later periods known).
    public var evaluatedPeriods: Int
    /// Amber or red signals in those periods.
    public var signals: Int
    /// Signals not followed by a change the same way (next 6 periods against the same 6 a year earlier).
    public var falseAlarms: Int
    /// `falseAlarms / signals` (NaN without signals).
    public var falseAlarmRate: Double
    /// Periods whose next 6 periods moved by at least the red fraction with no signal (missed changes).
    public var missedChanges: Int
}

/// One outlook the method would have issued in the past, against what happened.
public struct TrackRecordEntry: Sendable, Codable, Equatable {
    /// The route.
    public var route: String
    /// Last period known when the outlook was issued.
    public var issuedAfter: Period
    /// First and last forecast period.
    public var from: Period
    public var to: Period
    /// Forecast total, 80 % interval.
    public var forecastTotal: Double
    public var lower80: Double
    public var upper80: Double
    /// Probability issued that the total exceeds the same periods a year earlier.
    public var probabilityAboveYearEarlier: Double
    /// What happened.
    public var actualTotal: PublishedValue
    /// Whether the actual total fell in the 80 % interval.
    public var withinInterval: Bool
    /// Whether the total did exceed the year-earlier total.
    public var exceeded: Bool
    /// True for the outlook issued one year before the last period (the headline entry).
    public var isHeadline: Bool
}

/// Accuracy of the outlooks over all backtest origins of one route.
public struct TrackRecordSummary: Sendable, Codable, Equatable {
    public var route: String
    /// Origins scored.
    public var origins: Int
    /// Share of actual totals inside the 80 % interval (nominal 0.8).
    public var coverage80: Double
    /// Brier score of ``TrackRecordEntry/probabilityAboveYearEarlier`` (0 best; 0.25 = always 50 %).
    public var brierScore: Double
    /// Mean absolute percentage error of the forecast total.
    public var meanAbsolutePercentageError: Double
}

/// One profile (citizenship) row.
public struct ProfileRow: Sendable, Codable, Equatable {
    public var profile: String
    public var lastYear: PublishedValue
    public var previousYear: PublishedValue
    /// Relative change (NaN when either side is not published or zero).
    public var change: Double
    /// Share of all profiles in the last year.
    public var share: Double
}

/// Volumes of one indicator.
public struct IndicatorVolume: Sendable, Codable, Equatable {
    public var indicator: String
    public var latest: PublishedValue
    public var latestYearEarlier: PublishedValue
    public var lastYear: PublishedValue
    public var previousYear: PublishedValue
    public var change: Double
}

/// Facts about the data's quality and coverage.
public struct DataQualityFacts: Sendable, Codable, Equatable {
    /// Periods covered.
    public var periods: Int
    /// Route-periods with no value.
    public var missingCells: Int
    /// Routes with at least one missing period.
    public var routesWithMissing: [String]
    /// Route-periods suppressed by disclosure control.
    public var suppressedCells: Int
    /// Routes whose mean over the last `horizon` periods is 20 or fewer a period (unstable rates).
    public var unstableRoutes: [String]
    /// Routes whose first non-zero value comes more than a year after the first period.
    public var lateStarts: [String]
    /// Cells with a flag in the file.
    public var flaggedCells: Int
    /// Revised observations in the file.
    public var revisions: Int
    /// Absent cells filled with zero (declared convention).
    public var filledAbsent: Int
    /// Validation errors and warnings of the reader.
    public var validationErrors: Int
    public var validationWarnings: Int
    /// Calendar gaps reported by the reader.
    public var calendarGaps: Int
    /// Caveats to print, in order.
    public var caveats: [String]
}

/// One method of the annex.
public struct MethodNote: Sendable, Codable, Equatable {
    public var name: String
    public var purpose: String
    public var reference: String
    public var parameters: [String: String]
}
