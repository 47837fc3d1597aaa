import StrataData

/// A workflow setting outside its documented range.
///
/// Every integer setting of the workflows has an upper bound that is checked
/// before any arithmetic uses it, so that no value can overflow an `Int`
/// or ask for unbounded work.
public struct SettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting's name (the Swift property name, e.g. `minimumSegmentLength`).
    public var parameter: String
    /// The value given, as text.
    public var value: String
    /// The allowed values, e.g. `between 1 and 1000000`.
    public var allowed: String

    /// An out-of-range setting.
    public init(parameter: String, value: String, allowed: String) {
        self.parameter = parameter
        self.value = value
        self.allowed = allowed
    }

    public var description: String { "'\(parameter)' must be \(allowed), got \(value)" }

    /// Throws unless `value` is in `range`.
    static func check(_ value: Int, in range: ClosedRange<Int>, _ parameter: String) throws {
        guard range.contains(value) else {
            throw SettingsError(parameter: parameter, value: "\(value)",
                                allowed: "between \(range.lowerBound) and \(range.upperBound)")
        }
    }
}

/// An analysis of one series failed; the message names the series.
public struct SeriesAnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The series.
    public var key: SeriesKey
    /// What went wrong (without the series prefix).
    public var message: String

    /// A failure of the series `key`.
    public init(key: SeriesKey, message: String) {
        self.key = key
        self.message = message
    }

    /// `series 'A': message` (just the message for a key without dimensions).
    public var description: String { seriesPrefix(key) + message }
}
