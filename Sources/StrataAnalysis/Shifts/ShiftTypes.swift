import Foundation
import StrataData
import StrataNumerics

/// What moved at a shift: the mix of routes, the total, or both.
///
/// The rule (``RouteShiftAnalysis``): a change point in the composition
/// (centred log-ratio coordinates of the route shares) with a change point in
/// the seasonally adjusted total within ``ShiftOptions/kindTolerance`` months
/// is ``both``; a composition change alone is ``displacement``; a change in
/// the total alone is ``volume``.
public enum ShiftKind: String, Sendable, Codable, Equatable, CaseIterable {
    /// The composition changed while the total did not: flows moved between routes.
    case displacement
    /// The total changed while the composition did not (deterrence, or a general trend).
    case volume
    /// Both changed at the same time.
    case both
}

/// One route's share and seasonally adjusted volume on either side of a shift.
public struct ShareChange: Sendable, Codable, Equatable {
    /// The route (or other part) code.
    public var code: String
    /// Mean share of the total in the segment before the shift (0…1).
    public var shareBefore: Double
    /// Mean share in the segment after the shift (0…1).
    public var shareAfter: Double
    /// Mean seasonally adjusted monthly count in the segment before (at most
    /// ``ShiftOptions/comparisonWindow`` months next to the shift).
    public var volumeBefore: Double
    /// Mean seasonally adjusted monthly count in the segment after.
    public var volumeAfter: Double

    /// Creates a share change.
    public init(code: String, shareBefore: Double, shareAfter: Double, volumeBefore: Double, volumeAfter: Double) {
        self.code = code
        self.shareBefore = shareBefore
        self.shareAfter = shareAfter
        self.volumeBefore = volumeBefore
        self.volumeAfter = volumeAfter
    }

    enum CodingKeys: String, CodingKey { case code, shareBefore, shareAfter, volumeBefore, volumeAfter }

    /// Decodes, reading `null` numbers as NaN (as ``StrataJSON`` writes NaN).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        shareBefore = try c.decodeNumber(.shareBefore)
        shareAfter = try c.decodeNumber(.shareAfter)
        volumeBefore = try c.decodeNumber(.volumeBefore)
        volumeAfter = try c.decodeNumber(.volumeAfter)
    }
}

extension KeyedDecodingContainer {
    /// A number that may be written as `null` (NaN).
    func decodeNumber(_ key: Key) throws -> Double { try decodeIfPresent(Double.self, forKey: key) ?? .nan }
}

/// A dated change in the route composition and/or the total volume.
public struct RouteShift: Sendable, Codable, Equatable {
    /// The first period of the new regime.
    public var period: Period
    /// `[earliest, latest]` first period of the new regime compatible with the
    /// data: the locations whose two-segment cost lies within
    /// ``ShiftOptions/rangeThreshold`` of the best (a likelihood-ratio range).
    public var periodRange: [Period]
    /// What moved (see ``ShiftKind``).
    public var kind: ShiftKind
    /// Routes whose share fell by at least ``ShiftOptions/minimumShareChange``, largest fall first.
    public var losing: [ShareChange]
    /// Routes whose share rose by at least ``ShiftOptions/minimumShareChange``, largest rise first.
    public var gaining: [ShareChange]
    /// Mean seasonally adjusted monthly total before the shift.
    public var totalBefore: Double
    /// Mean seasonally adjusted monthly total after the shift.
    public var totalAfter: Double

    /// Creates a shift.
    public init(period: Period, periodRange: [Period], kind: ShiftKind, losing: [ShareChange], gaining: [ShareChange],
                totalBefore: Double, totalAfter: Double) {
        self.period = period
        self.periodRange = periodRange
        self.kind = kind
        self.losing = losing
        self.gaining = gaining
        self.totalBefore = totalBefore
        self.totalAfter = totalAfter
    }

    enum CodingKeys: String, CodingKey { case period, periodRange, kind, losing, gaining, totalBefore, totalAfter }

    /// Decodes, reading `null` numbers as NaN.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        period = try c.decode(Period.self, forKey: .period)
        periodRange = try c.decode([Period].self, forKey: .periodRange)
        kind = try c.decode(ShiftKind.self, forKey: .kind)
        losing = try c.decode([ShareChange].self, forKey: .losing)
        gaining = try c.decode([ShareChange].self, forKey: .gaining)
        totalBefore = try c.decodeNumber(.totalBefore)
        totalAfter = try c.decodeNumber(.totalAfter)
    }
}

/// An enforcement measure or other event given by the analyst.
public struct ShiftEvent: Sendable, Codable, Equatable, Hashable {
    /// The month the measure took effect. It is a partial month: it belongs
    /// neither to the pre-event fit nor to the post-event window.
    public var period: Period
    /// A label for the output.
    public var label: String
    /// Routes expected to lose; `nil` for every route whose post-event total
    /// lies below its counterfactual interval.
    public var losing: [String]?
    /// Candidate gaining routes; `nil` for every route that is neither losing
    /// nor the control (the net change on the rest of the system).
    public var gaining: [String]?

    /// Creates an event.
    public init(period: Period, label: String, losing: [String]? = nil, gaining: [String]? = nil) {
        self.period = period
        self.label = label
        self.losing = losing
        self.gaining = gaining
    }

    /// Parses `PERIOD:LABEL` (`2016-03:EU-Turkey statement`) or `PERIOD`.
    ///
    /// - Throws: ``ShiftError/invalidEvent(_:)`` when the period does not parse.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let head = parts.first.map(String.init) ?? ""
        guard let period = Period.parse(head.trimmingCharacters(in: .whitespaces)) else {
            throw ShiftError.invalidEvent("'\(text)': expected PERIOD:LABEL, e.g. 2016-03:EU-Turkey")
        }
        let label = parts.count > 1 ? String(parts[1]) : period.description
        self.init(period: period, label: label.isEmpty ? period.description : label)
    }
}

/// One route around an event: post-window observed total against the counterfactual.
public struct RouteEffect: Sendable, Codable, Equatable {
    /// The route code.
    public var code: String
    /// Its role in the displacement ratio: `losing`, `gaining`, `control` or `other`.
    public var role: String
    /// Observed total over the post-event window.
    public var observed: Double
    /// Counterfactual total over the window: the median of the simulated
    /// totals of the pre-event model (see ``RouteShiftAnalysis``).
    public var counterfactual: Double
    /// Lower bound of the counterfactual's prediction interval (``ShiftOptions/level``).
    public var lower: Double
    /// Upper bound of the counterfactual's prediction interval.
    public var upper: Double
    /// `observed − counterfactual`.
    public var excess: Double
    /// Lower bound of the excess (`observed − upper`).
    public var excessLower: Double
    /// Upper bound of the excess (`observed − lower`).
    public var excessUpper: Double

    /// Creates a route effect.
    public init(code: String, role: String, observed: Double, counterfactual: Double, lower: Double, upper: Double) {
        self.code = code
        self.role = role
        self.observed = observed
        self.counterfactual = counterfactual
        self.lower = lower
        self.upper = upper
        self.excess = observed - counterfactual
        self.excessLower = observed - upper
        self.excessUpper = observed - lower
    }

    enum CodingKeys: String, CodingKey { case code, role, observed, counterfactual, lower, upper, excess, excessLower, excessUpper }

    /// Decodes, reading `null` numbers as NaN.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        role = try c.decode(String.self, forKey: .role)
        observed = try c.decodeNumber(.observed)
        counterfactual = try c.decodeNumber(.counterfactual)
        lower = try c.decodeNumber(.lower)
        upper = try c.decodeNumber(.upper)
        excess = try c.decodeNumber(.excess)
        excessLower = try c.decodeNumber(.excessLower)
        excessUpper = try c.decodeNumber(.excessUpper)
    }
}

/// Displacement around one event: counterfactuals, displacement ratio and WDQ.
public struct EventDisplacement: Sendable, Codable, Equatable {
    /// The event month.
    public var period: Period
    /// The event label.
    public var label: String
    /// `[first, last]` month of the post-event window.
    public var window: [Period]
    /// Every route, in input order.
    public var routes: [RouteEffect]
    /// The losing routes used in the ratio.
    public var losing: [String]
    /// The gaining routes used in the ratio.
    public var gaining: [String]
    /// Excess on the gaining routes over the deficit on the losing routes
    /// (point counterfactuals); NaN (JSON `null`) when there is no deficit.
    public var displacementRatio: Double
    /// Lower bound of the ratio's simulation interval (``ShiftOptions/level``).
    public var ratioLower: Double
    /// Upper bound of the ratio's simulation interval.
    public var ratioUpper: Double
    /// Weighted Displacement Quotient (Bowers & Johnson 2003) with the losing
    /// routes as treatment area, the gaining routes as buffer and
    /// ``control`` as control; NaN (JSON `null`) without a control.
    public var wdq: Double
    /// The control route of the WDQ, `nil` (JSON `null`) when none was given.
    public var control: String?
    /// How the figures were obtained, and anything left out.
    public var notes: [String]

    /// Creates an event result.
    public init(period: Period, label: String, window: [Period], routes: [RouteEffect], losing: [String], gaining: [String],
                displacementRatio: Double, ratioLower: Double, ratioUpper: Double, wdq: Double, control: String?, notes: [String]) {
        self.period = period
        self.label = label
        self.window = window
        self.routes = routes
        self.losing = losing
        self.gaining = gaining
        self.displacementRatio = displacementRatio
        self.ratioLower = ratioLower
        self.ratioUpper = ratioUpper
        self.wdq = wdq
        self.control = control
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case period, label, window, routes, losing, gaining, displacementRatio, ratioLower, ratioUpper, wdq, control, notes
    }

    /// Decodes, reading `null` numbers as NaN.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        period = try c.decode(Period.self, forKey: .period)
        label = try c.decode(String.self, forKey: .label)
        window = try c.decode([Period].self, forKey: .window)
        routes = try c.decode([RouteEffect].self, forKey: .routes)
        losing = try c.decode([String].self, forKey: .losing)
        gaining = try c.decode([String].self, forKey: .gaining)
        displacementRatio = try c.decodeNumber(.displacementRatio)
        ratioLower = try c.decodeNumber(.ratioLower)
        ratioUpper = try c.decodeNumber(.ratioUpper)
        wdq = try c.decodeNumber(.wdq)
        control = try c.decodeIfPresent(String.self, forKey: .control)
        notes = try c.decode([String].self, forKey: .notes)
    }

    /// Encodes every key, `control` as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(label, forKey: .label)
        try c.encode(window, forKey: .window)
        try c.encode(routes, forKey: .routes)
        try c.encode(losing, forKey: .losing)
        try c.encode(gaining, forKey: .gaining)
        try c.encode(displacementRatio, forKey: .displacementRatio)
        try c.encode(ratioLower, forKey: .ratioLower)
        try c.encode(ratioUpper, forKey: .ratioUpper)
        try c.encode(wdq, forKey: .wdq)
        if let control { try c.encode(control, forKey: .control) } else { try c.encodeNil(forKey: .control) }
        try c.encode(notes, forKey: .notes)
    }
}

/// A pair of dimension codes (route × citizenship) that rose from near zero to a material share.
public struct EmergingProfile: Sendable, Codable, Equatable {
    /// The codes joined with `" / "` (`Western African Route / SEN`).
    public var code: String
    /// The codes, one per dimension of ``ShiftOptions/emergingDimensions``.
    public var codes: [String]
    /// The first month of the run of months that met the rule.
    public var period: Period
    /// The profile's mean share of all detections over its first ``ShiftOptions/emergingPersistence`` months.
    public var share: Double
    /// Its mean monthly count over the same months.
    public var count: Double

    /// Creates an emerging profile.
    public init(code: String, codes: [String], period: Period, share: Double, count: Double) {
        self.code = code
        self.codes = codes
        self.period = period
        self.share = share
        self.count = count
    }
}

/// When a shift was first flagged by the detector run as if in the past.
public struct ReplayEntry: Sendable, Codable, Equatable {
    /// The event or shift month.
    public var period: Period
    /// The event label, or `shift` for a shift found on the whole data.
    public var label: String
    /// The last month of data when a shift within ``ShiftOptions/replayTolerance``
    /// months of ``period`` was first reported; `nil` if never.
    public var flaggedAt: Period?
    /// `flaggedAt − period` in months; `nil` if never flagged.
    public var monthsToFlag: Int?
    /// The date the detector gave the flagged shift at ``flaggedAt``; `nil` if never flagged.
    public var flaggedPeriod: Period?

    /// Creates a replay entry.
    public init(period: Period, label: String, flaggedAt: Period?, monthsToFlag: Int?, flaggedPeriod: Period? = nil) {
        self.period = period
        self.label = label
        self.flaggedAt = flaggedAt
        self.monthsToFlag = monthsToFlag
        self.flaggedPeriod = flaggedPeriod
    }

    enum CodingKeys: String, CodingKey { case period, label, flaggedAt, monthsToFlag, flaggedPeriod }

    /// Encodes every key, absent values as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period, forKey: .period)
        try c.encode(label, forKey: .label)
        if let flaggedAt { try c.encode(flaggedAt, forKey: .flaggedAt) } else { try c.encodeNil(forKey: .flaggedAt) }
        if let monthsToFlag { try c.encode(monthsToFlag, forKey: .monthsToFlag) } else { try c.encodeNil(forKey: .monthsToFlag) }
        if let flaggedPeriod { try c.encode(flaggedPeriod, forKey: .flaggedPeriod) } else { try c.encodeNil(forKey: .flaggedPeriod) }
    }
}

/// The detector replayed month by month over history.
public struct ShiftReplay: Sendable, Codable, Equatable {
    /// One entry per given event, then per shift found on the whole data that matches no event.
    public var events: [ReplayEntry]
    /// Flags raised during the replay (a new shift date, not within
    /// ``ShiftOptions/replayTolerance`` of a date flagged the month before).
    public var flags: Int
    /// Flags whose date matches no event and no shift found on the whole data.
    public var falseFlags: Int
    /// Number of months replayed.
    public var replayedMonths: Int
    /// `falseFlags / (replayedMonths × routes / 12)`: false flags per route-year.
    public var falseFlagsPerRouteYear: Double

    /// Creates a replay summary.
    public init(events: [ReplayEntry], flags: Int, falseFlags: Int, replayedMonths: Int, falseFlagsPerRouteYear: Double) {
        self.events = events
        self.flags = flags
        self.falseFlags = falseFlags
        self.replayedMonths = replayedMonths
        self.falseFlagsPerRouteYear = falseFlagsPerRouteYear
    }

    enum CodingKeys: String, CodingKey { case events, flags, falseFlags, replayedMonths, falseFlagsPerRouteYear }

    /// Decodes, reading a `null` rate as NaN.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        events = try c.decode([ReplayEntry].self, forKey: .events)
        flags = try c.decode(Int.self, forKey: .flags)
        falseFlags = try c.decode(Int.self, forKey: .falseFlags)
        replayedMonths = try c.decode(Int.self, forKey: .replayedMonths)
        falseFlagsPerRouteYear = try c.decodeNumber(.falseFlagsPerRouteYear)
    }
}

/// Route shares over time (the composition), with the zero replacement stated.
public struct RouteComposition: Sendable, Codable, Equatable {
    /// The parts (routes), in output order.
    public var codes: [String]
    /// The first period.
    public var start: Period
    /// Counts per part, `codes.count` arrays of equal length.
    public var counts: [[Double]]
    /// The totals per period (sum of the parts).
    public var totals: [Double]
    /// Shares per part (closed, zeros replaced), `codes.count` arrays.
    public var shares: [[Double]]
    /// How zeros were replaced.
    public var zeroReplacement: String
    /// Parts amalgamated into the `other` part, or dropped because all zero (stated in ``notes``).
    public var notes: [String]

    /// Creates a composition.
    public init(codes: [String], start: Period, counts: [[Double]], totals: [Double], shares: [[Double]],
                zeroReplacement: String, notes: [String]) {
        self.codes = codes
        self.start = start
        self.counts = counts
        self.totals = totals
        self.shares = shares
        self.zeroReplacement = zeroReplacement
        self.notes = notes
    }

    /// The number of periods.
    public var length: Int { totals.count }
}

/// Everything `strata shifts` prints.
public struct ShiftReport: Sendable, Codable, Equatable {
    /// Shifts found, in time order.
    public var shifts: [RouteShift]
    /// One result per given event, in the order given.
    public var events: [EventDisplacement]
    /// Emerging profiles, largest share first.
    public var emerging: [EmergingProfile]
    /// The replay, when asked for (JSON `null` otherwise).
    public var replay: ShiftReplay?
    /// The parts analysed, in order.
    public var routes: [String]
    /// The analysed span `[first, last]`.
    public var span: [Period]
    /// The method, in one paragraph per step, and every note (amalgamations, replacements).
    public var notes: [String]

    /// Creates a report.
    public init(shifts: [RouteShift], events: [EventDisplacement], emerging: [EmergingProfile], replay: ShiftReplay?,
                routes: [String], span: [Period], notes: [String]) {
        self.shifts = shifts
        self.events = events
        self.emerging = emerging
        self.replay = replay
        self.routes = routes
        self.span = span
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey { case shifts, events, emerging, replay, routes, span, notes }

    /// Encodes every key, `replay` as `null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(shifts, forKey: .shifts)
        try c.encode(events, forKey: .events)
        try c.encode(emerging, forKey: .emerging)
        if let replay { try c.encode(replay, forKey: .replay) } else { try c.encodeNil(forKey: .replay) }
        try c.encode(routes, forKey: .routes)
        try c.encode(span, forKey: .span)
        try c.encode(notes, forKey: .notes)
    }
}

/// Why a shift analysis cannot run; every case names what is wrong.
public enum ShiftError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dimension to analyse (`--by`) or the reporter dimension is not in the data.
    case unknownDimension(String, available: [String])
    /// The file holds several reporters and none was chosen.
    case reporterRequired(dimension: String, available: [String])
    /// The chosen reporter is not in the data.
    case unknownReporter(String, available: [String])
    /// Fewer than two parts with any non-zero count remain (a single route, or all-zero routes).
    case tooFewRoutes(found: [String], allZero: [String])
    /// A part is missing (NaN) inside the analysed span.
    case missingValue(code: String, period: Period)
    /// A total series (`Total`, `_T`) is missing in a period where parts exist.
    case totalMissing(period: Period)
    /// The data are not monthly.
    case notMonthly(Frequency?)
    /// The span is too short for the analysis named.
    case tooShort(months: Int, minimum: Int, purpose: String)
    /// An event outside the data, or with too little data before or after it.
    case eventOutsideData(event: String, period: Period, detail: String)
    /// A malformed event specification.
    case invalidEvent(String)
    /// A route named in an event or as the control is not in the data.
    case unknownRoute(String, parameter: String, available: [String])
    /// The control route is also a losing (or gaining) route of an event.
    case controlInEvent(control: String, event: String, role: String)
    /// A parameter is outside its domain.
    case invalidParameter(name: String, detail: String)
    /// A numerical step failed (the underlying message).
    case numerical(String)

    public var description: String {
        switch self {
        case let .unknownDimension(d, all):
            return "no dimension '\(d)' in the data (dimensions: \(all.joined(separator: ", ")))"
        case let .reporterRequired(d, all):
            return "the data hold \(all.count) reporters in '\(d)' (\(all.prefix(12).joined(separator: ", "))\(all.count > 12 ? ", …" : "")); choose one with --reporter"
        case let .unknownReporter(r, all):
            return "no reporter '\(r)' in the data (reporters: \(all.prefix(20).joined(separator: ", ")))"
        case let .tooFewRoutes(found, zero):
            var s = "a shift analysis needs at least 2 routes with non-zero counts; found \(found.count)"
            if !found.isEmpty { s += " (\(found.joined(separator: ", ")))" }
            if !zero.isEmpty { s += "; all-zero history: \(zero.joined(separator: ", "))" }
            return s
        case let .missingValue(code, period):
            return "'\(code)' is missing in \(period); fill it, or use --absent-is-zero if the file omits zero rows"
        case let .totalMissing(period):
            return "the total is missing in \(period) where its parts exist"
        case let .notMonthly(f):
            return "shift analysis needs monthly data; the data are \(f?.rawValue ?? "empty")"
        case let .tooShort(months, minimum, purpose):
            return "\(purpose) needs at least \(minimum) months of data; there are \(months)"
        case let .eventOutsideData(event, period, detail):
            return "event '\(event)' (\(period)): \(detail)"
        case let .invalidEvent(detail):
            return "invalid event \(detail)"
        case let .unknownRoute(code, parameter, all):
            return "\(parameter): no route '\(code)' in the data (routes: \(all.joined(separator: ", ")))"
        case let .controlInEvent(control, event, role):
            return "control route '\(control)' is also a \(role) route of event '\(event)'; a control must be unaffected by the event"
        case let .invalidParameter(name, detail):
            return "parameter '\(name)' \(detail)"
        case let .numerical(detail):
            return detail
        }
    }
}

/// The settings of a shift analysis, with the defaults `strata shifts` uses.
public struct ShiftOptions: Sendable, Codable, Equatable {
    /// The dimension whose parts form the composition (`route`).
    public var by: String = "route"
    /// The reporter to analyse (`nil`: the file must hold one reporter or none).
    public var reporter: String? = nil
    /// The name of the reporter dimension (matched case-insensitively).
    public var reporterDimension: String = "reporter"
    /// Events to measure displacement around.
    public var events: [ShiftEvent] = []
    /// The WDQ control route (`nil`: no WDQ).
    public var control: String? = nil
    /// Post-event window in months (after the event month).
    public var postWindow: Int = 9
    /// Pre-event history used for the counterfactual, in months (at most).
    public var preWindow: Int = 48
    /// Parts whose share never reaches this in any 12-month window are
    /// amalgamated into one `other` part (sparse routes add only noise to log-ratios).
    public var minimumPartShare: Double = 0.005
    /// Shortest segment of the change-point searches, in months.
    public var minimumSegmentLength: Int = 3
    /// Multiplier of the penalty `3 d log n` of the change searches. The
    /// default 0.5 (`1.5 d log n`) was chosen on seeded ``ShiftScenario`` runs
    /// (not on the real data): against 1, it found 31 instead of 24 of 40 weak
    /// planted shifts (25–50 % losses, NB size 5, levels 30–500) with 0.5
    /// instead of 0.04 false shifts per 20 route-years; 0.33 gave 1.7.
    public var penaltyScale: Double = 0.5
    /// A composition change is kept only if some part's mean centred
    /// log-ratio moves by at least this much between the neighbouring segments.
    public var minimumLogRatioChange: Double = 0.3
    /// A volume change is kept only if the mean log total moves by at least this much.
    public var minimumVolumeChange: Double = 0.25
    /// Composition and volume changes at most this many months apart are one shift of kind `both`.
    public var kindTolerance: Int = 3
    /// Cost difference defining ``RouteShift/periodRange``.
    public var rangeThreshold: Double = 6
    /// Months on each side of a shift used for shares and volumes before and after (at most).
    public var comparisonWindow: Int = 12
    /// A route is listed as losing or gaining when its share moves by at least this.
    public var minimumShareChange: Double = 0.01
    /// Interval level (0…1) of counterfactual and ratio intervals.
    public var level: Double = 0.95
    /// Simulation draws for counterfactual and ratio intervals.
    public var draws: Int = 2000
    /// Seed of the simulations.
    public var seed: UInt64 = 20_160_318
    /// The two dimensions of emerging profiles; `nil`: `by` and the first of
    /// `citizenship`, `nat`, `nationality`, `citizen` in the data.
    public var emergingDimensions: [String]? = nil
    /// Minimum mean monthly count over the persistence run for a profile to emerge.
    public var emergingMinimumCount: Double = 100
    /// Minimum share of all detections in each month of the run.
    public var emergingMinimumShare: Double = 0.02
    /// Consecutive months the rule must hold.
    public var emergingPersistence: Int = 3
    /// The profile's mean share over the 12 months before the run must be below this ("near zero").
    public var emergingBaselineShare: Double = 0.005
    /// Run the replay.
    public var replay: Bool = false
    /// First replay origin: months of data before the first replayed month.
    public var replayStart: Int = 36
    /// A flag matches an event or shift within this many months.
    public var replayTolerance: Int = 3

    /// The defaults.
    public init() {}
}
