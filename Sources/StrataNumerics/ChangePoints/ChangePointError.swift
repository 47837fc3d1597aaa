/// A change-point analysis that cannot run on the data or parameters given.
///
/// Every check happens before any search starts, so bad input is reported
/// with the parameter (and, for data, the index) at fault instead of
/// producing a meaningless segmentation.
public enum ChangePointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The series holds a missing value (NaN) at `index` (0-based) of series
    /// number `series`. Change-point searches reject missing values; fill or
    /// drop them before the analysis.
    case missingValue(series: Int, index: Int)
    /// The series holds ±infinity at `index`.
    case nonFinite(series: Int, index: Int)
    /// A count cost (Poisson, negative binomial) was given a negative value.
    case negativeCount(series: Int, index: Int, value: Double)
    /// The series is constant: there is no variation to segment.
    case constantSeries(series: Int)
    /// The series is shorter than twice the minimum segment length, so not
    /// even one change could be placed.
    case tooShort(length: Int, minimumSegmentLength: Int)
    /// Several series of a multivariate search have different lengths.
    case lengthMismatch(expected: Int, found: Int, series: Int)
    /// No series was given.
    case noSeries
    /// A parameter is outside its domain.
    case invalidParameter(name: String, detail: String)

    public var description: String {
        switch self {
        case let .missingValue(series, index):
            return "series \(series): missing value (NaN) at index \(index); change-point detection needs a complete series"
        case let .nonFinite(series, index):
            return "series \(series): value at index \(index) is infinite"
        case let .negativeCount(series, index, value):
            return "series \(series): value \(value) at index \(index) is negative; a count cost (poisson, negbin) needs non-negative counts"
        case let .constantSeries(series):
            return "series \(series) is constant; there is nothing to segment"
        case let .tooShort(length, minimumSegmentLength):
            return "series length \(length) is below twice the minimum segment length \(minimumSegmentLength)"
        case let .lengthMismatch(expected, found, series):
            return "series \(series) has length \(found), expected \(expected) like the first series"
        case .noSeries:
            return "no series given"
        case let .invalidParameter(name, detail):
            return "parameter '\(name)' \(detail)"
        }
    }
}
