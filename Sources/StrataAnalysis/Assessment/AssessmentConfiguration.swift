import Foundation
import StrataData
import StrataNumerics

/// A dated event to mark on the charts and to measure displacement around
/// (e.g. `2016-03: EU–Turkey statement`).
public struct AssessmentEvent: Sendable, Codable, Equatable, Hashable {
    /// The period of the event.
    public var period: Period
    /// The label (text from the user; escaped when rendered).
    public var label: String

    public init(period: Period, label: String) {
        self.period = period
        self.label = label
    }

    /// Parses `PERIOD:LABEL` (e.g. `2016-03:EU-Turkey statement`).
    /// - Throws: ``AssessmentError/invalidParameter(name:detail:)`` naming `event`.
    public init(parsing text: String) throws {
        guard let colon = text.firstIndex(of: ":") else {
            throw AssessmentError.invalidParameter(name: "event", detail: "expects PERIOD:LABEL, got '\(text)'")
        }
        guard let period = Period.parse(text[..<colon]) else {
            throw AssessmentError.invalidParameter(name: "event", detail: "'\(text[..<colon])' is not a period (e.g. 2016-03)")
        }
        let label = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty else {
            throw AssessmentError.invalidParameter(name: "event", detail: "needs a label after the colon, got '\(text)'")
        }
        self.init(period: period, label: label)
    }
}

/// Every parameter of an assessment. Stored in the report's metadata, so a
/// reader can re-run it exactly.
///
/// Read from a JSON file with ``decode(json:)``: every key is optional (the
/// defaults below apply), and an unknown key is an error naming it.
///
/// ```json
/// { "language": "icd203", "disclosureThreshold": 10, "events": [{"period": "2016-03", "label": "EU–Turkey statement"}] }
/// ```
public struct AssessmentConfiguration: Sendable, Codable, Equatable {
    /// Reporter code to assess; `nil` when the data hold one reporter or none.
    public var reporter: String?
    /// Dimension whose codes are the routes or border sections; `nil`: `route`.
    public var routeDimension: String?
    /// Dimension of the profiles; `nil`: the first of `citizenship`, `nationality`, `nat`, `citizen`.
    public var profileDimension: String?
    /// Indicator code to analyse when the data have an `indicator` dimension with several codes;
    /// `nil`: the indicator with the largest total.
    public var indicator: String?
    /// Report title; `nil`: "Situation assessment" with the reporter.
    public var title: String?
    /// Estimative-language scale.
    public var language: EstimativeScale = .phia
    /// Counts `0 < x < disclosureThreshold` are suppressed in published tables, charts and text (default 5).
    public var disclosureThreshold: Int = 5
    /// Outlook horizon in periods (default 6: the next six months of monthly data).
    public var horizon: Int = 6
    /// At most this many main routes get an outlook, warnings and a track record (default 5).
    public var mainRoutes: Int = 5
    /// A main route carries at least this share of the last year's total (default 0.05).
    public var mainRouteMinimumShare: Double = 0.05
    /// Forecast method (default `auto`, the combination of ETS, Theta and damped ETS).
    public var forecastMethod: ForecastMethod = .auto
    /// The outlook models are fitted on the last this many years (default 5; 0 = all history),
    /// so that an old crisis does not set today's uncertainty.
    public var outlookWindowYears: Int = 5
    /// Seed of every random procedure (forecast intervals, optimiser restarts).
    public var seed: UInt64 = 42
    /// Years of history used for the trend tests (default 3).
    public var trendWindowYears: Int = 3
    /// Amber warning: the last 3 periods differ from the same periods a year
    /// earlier by at least this fraction (default 0.25: +25 % or −20 %).
    public var amberChange: Double = 0.25
    /// Red warning, as amber (default 0.5: +50 % or −33 %).
    public var redChange: Double = 0.5
    /// Forecast origins of the track-record backtest (default 12).
    public var trackRecordOrigins: Int = 12
    /// How many profiles (citizenships) to list (default 10).
    public var topProfiles: Int = 10
    /// Dated events for the charts and the displacement analysis.
    public var events: [AssessmentEvent] = []
    /// Generation date printed in the report; `nil`: none (so the same input gives the same bytes).
    public var generatedAt: String?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reporter, routeDimension, profileDimension, indicator, title, language, disclosureThreshold, horizon
        case mainRoutes, mainRouteMinimumShare, forecastMethod, outlookWindowYears, seed, trendWindowYears, amberChange, redChange
        case trackRecordOrigins, topProfiles, events, generatedAt
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        for key in any.allKeys where !known.contains(key.stringValue) {
            throw AssessmentError.unknownConfigurationKey(key.stringValue, known: CodingKeys.allCases.map(\.rawValue))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AssessmentConfiguration.defaults
        reporter = try c.decodeIfPresent(String.self, forKey: .reporter)
        routeDimension = try c.decodeIfPresent(String.self, forKey: .routeDimension)
        profileDimension = try c.decodeIfPresent(String.self, forKey: .profileDimension)
        indicator = try c.decodeIfPresent(String.self, forKey: .indicator)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        language = try c.decodeIfPresent(EstimativeScale.self, forKey: .language) ?? d.language
        disclosureThreshold = try c.decodeIfPresent(Int.self, forKey: .disclosureThreshold) ?? d.disclosureThreshold
        horizon = try c.decodeIfPresent(Int.self, forKey: .horizon) ?? d.horizon
        mainRoutes = try c.decodeIfPresent(Int.self, forKey: .mainRoutes) ?? d.mainRoutes
        mainRouteMinimumShare = try c.decodeIfPresent(Double.self, forKey: .mainRouteMinimumShare) ?? d.mainRouteMinimumShare
        forecastMethod = try c.decodeIfPresent(ForecastMethod.self, forKey: .forecastMethod) ?? d.forecastMethod
        outlookWindowYears = try c.decodeIfPresent(Int.self, forKey: .outlookWindowYears) ?? d.outlookWindowYears
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        trendWindowYears = try c.decodeIfPresent(Int.self, forKey: .trendWindowYears) ?? d.trendWindowYears
        amberChange = try c.decodeIfPresent(Double.self, forKey: .amberChange) ?? d.amberChange
        redChange = try c.decodeIfPresent(Double.self, forKey: .redChange) ?? d.redChange
        trackRecordOrigins = try c.decodeIfPresent(Int.self, forKey: .trackRecordOrigins) ?? d.trackRecordOrigins
        topProfiles = try c.decodeIfPresent(Int.self, forKey: .topProfiles) ?? d.topProfiles
        events = try c.decodeIfPresent([AssessmentEvent].self, forKey: .events) ?? d.events
        generatedAt = try c.decodeIfPresent(String.self, forKey: .generatedAt)
    }

    /// The defaults.
    public static let defaults = AssessmentConfiguration()

    /// Reads a configuration from JSON bytes.
    /// - Throws: ``AssessmentError/unknownConfigurationKey(_:known:)`` for a key
    ///   that is not a parameter, ``AssessmentError/invalidConfiguration(_:)`` for
    ///   malformed JSON or a value of the wrong type, and the errors of ``validate()``.
    public static func decode(json data: Data) throws -> AssessmentConfiguration {
        let config: AssessmentConfiguration
        do {
            config = try JSONDecoder().decode(AssessmentConfiguration.self, from: data)
        } catch let e as AssessmentError {
            throw e
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw AssessmentError.invalidConfiguration(
                path.isEmpty ? context.debugDescription : "'\(path)': \(context.debugDescription)")
        } catch {
            throw AssessmentError.invalidConfiguration("\(error)")
        }
        try config.validate()
        return config
    }

    /// Checks ranges of the numeric parameters.
    /// - Throws: ``AssessmentError/invalidParameter(name:detail:)`` naming the parameter.
    public func validate() throws {
        func bad(_ name: String, _ detail: String) -> AssessmentError { .invalidParameter(name: name, detail: detail) }
        guard disclosureThreshold >= 0 else { throw bad("disclosureThreshold", "must be at least 0, is \(disclosureThreshold)") }
        guard (1...60).contains(horizon) else { throw bad("horizon", "must be between 1 and 60, is \(horizon)") }
        guard (1...50).contains(mainRoutes) else { throw bad("mainRoutes", "must be between 1 and 50, is \(mainRoutes)") }
        guard mainRouteMinimumShare >= 0, mainRouteMinimumShare < 1 else {
            throw bad("mainRouteMinimumShare", "must be in [0, 1), is \(mainRouteMinimumShare)")
        }
        guard (0...50).contains(outlookWindowYears) else { throw bad("outlookWindowYears", "must be between 0 and 50, is \(outlookWindowYears)") }
        guard (1...20).contains(trendWindowYears) else { throw bad("trendWindowYears", "must be between 1 and 20, is \(trendWindowYears)") }
        guard amberChange > 0, amberChange.isFinite else { throw bad("amberChange", "must be positive, is \(amberChange)") }
        guard redChange > amberChange, redChange.isFinite else {
            throw bad("redChange", "must be larger than amberChange (\(amberChange)), is \(redChange)")
        }
        guard (0...120).contains(trackRecordOrigins) else { throw bad("trackRecordOrigins", "must be between 0 and 120, is \(trackRecordOrigins)") }
        guard (1...200).contains(topProfiles) else { throw bad("topProfiles", "must be between 1 and 200, is \(topProfiles)") }
    }
}

/// Why an assessment could not be made.
public enum AssessmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requested reporter is not in the data.
    case reporterNotFound(String, available: [String])
    /// The data hold several reporters and none was chosen.
    case reporterRequired(available: [String])
    /// A named dimension is not in the data.
    case unknownDimension(String, parameter: String, available: [String])
    /// The data have fewer than two periods.
    case tooFewPeriods(Int)
    /// The data (after selecting the reporter and indicator) hold no observation.
    case noData(String)
    /// A configuration key that is not a parameter.
    case unknownConfigurationKey(String, known: [String])
    /// The configuration file is not valid JSON of the expected shape.
    case invalidConfiguration(String)
    /// A parameter is out of range.
    case invalidParameter(name: String, detail: String)

    public var description: String {
        switch self {
        case let .reporterNotFound(code, available):
            return "reporter '\(code)' is not in the data; reporters present: \(available.joined(separator: ", "))"
        case let .reporterRequired(available):
            return "the data hold several reporters (\(available.joined(separator: ", "))): choose one with --reporter CODE or use --all-reporters"
        case let .unknownDimension(name, parameter, available):
            return "\(parameter): dimension '\(name)' is not in the data; dimensions present: \(available.joined(separator: ", "))"
        case let .tooFewPeriods(n):
            return "the data cover \(n) period\(n == 1 ? "" : "s"); an assessment needs at least two (and two years for seasonal analysis)"
        case let .noData(detail):
            return "no observations to assess: \(detail)"
        case let .unknownConfigurationKey(key, known):
            return "configuration: unknown key '\(key)'; known keys: \(known.joined(separator: ", "))"
        case let .invalidConfiguration(detail):
            return "configuration: \(detail)"
        case let .invalidParameter(name, detail):
            return "parameter '\(name)' \(detail)"
        }
    }
}
