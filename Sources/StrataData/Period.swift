/// How often a series is observed.
///
/// The cases are ordered from the highest frequency (daily) to the lowest
/// (annual); a period can be converted to any frequency that is not higher
/// than its own (see ``Period/converted(to:)``).
public enum Frequency: String, Sendable, Codable, CaseIterable, Comparable {
    case daily
    case monthly
    case quarterly
    case semiannual
    case annual

    /// Number of months in one period, or `nil` for daily data.
    public var monthsPerPeriod: Int? {
        switch self {
        case .daily: return nil
        case .monthly: return 1
        case .quarterly: return 3
        case .semiannual: return 6
        case .annual: return 12
        }
    }

    /// Periods per year (`12` for monthly), or `nil` for daily data.
    public var periodsPerYear: Int? { monthsPerPeriod.map { 12 / $0 } }

    private var rank: Int {
        switch self {
        case .daily: return 0
        case .monthly: return 1
        case .quarterly: return 2
        case .semiannual: return 3
        case .annual: return 4
        }
    }

    /// Higher frequencies compare as smaller: `.daily < .monthly < .annual`.
    public static func < (lhs: Frequency, rhs: Frequency) -> Bool { lhs.rank < rhs.rank }
}

/// Why a period label or a period operation was rejected.
public enum PeriodError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not one of the accepted period forms.
    case unparseable(String)
    /// The year is outside 1…9999.
    case yearOutOfRange(Int)
    /// Conversion asked for a higher frequency than the period's own.
    case cannotConvert(from: Frequency, to: Frequency)

    public var description: String {
        switch self {
        case .unparseable(let text):
            return "'\(text)' is not a period (expected 2016, 2016-S1, 2016-Q1, 2016Q1, 2016-03, 2016-M03, 2016M03, Mar-2016 or 2016-03-15)"
        case .yearOutOfRange(let year):
            return "year \(year) is outside 1…9999"
        case .cannotConvert(let from, let to):
            return "cannot convert a \(from.rawValue) period to the higher frequency \(to.rawValue)"
        }
    }
}

/// One period of a calendar: an integer index plus its frequency.
///
/// The index counts periods from year 0: for monthly data it is
/// `year * 12 + month - 1`, for quarterly `year * 4 + quarter - 1`, for
/// semiannual `year * 2 + half - 1`, for annual the year, and for daily data
/// the number of days since 1970-01-01 (proleptic Gregorian calendar). So
/// arithmetic is integer arithmetic: `p + 1` is the next period and
/// `q.distance(from: p)` the number of periods between them.
///
/// ```swift
/// let march = try Period(parsing: "2016-M03")
/// march.description              // "2016-03"
/// (march + 10).description       // "2017-01"
/// try march.converted(to: .quarterly).description  // "2016-Q1"
/// ```
///
/// Printing uses ISO-like forms: `2016`, `2016-S1`, `2016-Q1`, `2016-03`,
/// `2016-03-15`; these read back to the same period.
public struct Period: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The frequency of the calendar this period belongs to.
    public let frequency: Frequency
    /// The integer index described in the type's discussion.
    public let index: Int

    /// A period from its frequency and index.
    public init(frequency: Frequency, index: Int) {
        self.frequency = frequency
        self.index = index
    }

    /// The month `month` (1…12) of `year`.
    /// - Throws: ``PeriodError`` when the month or year is out of range.
    public static func month(_ month: Int, of year: Int) throws -> Period {
        guard (1...12).contains(month) else { throw PeriodError.unparseable("\(year)-\(month)") }
        guard (1...9999).contains(year) else { throw PeriodError.yearOutOfRange(year) }
        return Period(frequency: .monthly, index: year * 12 + month - 1)
    }

    /// The year `year` as an annual period.
    /// - Throws: ``PeriodError/yearOutOfRange(_:)``.
    public static func year(_ year: Int) throws -> Period {
        guard (1...9999).contains(year) else { throw PeriodError.yearOutOfRange(year) }
        return Period(frequency: .annual, index: year)
    }

    /// Parses a period label.
    ///
    /// Accepted forms (surrounding spaces ignored, letters case-insensitive):
    /// `2016` (annual), `2016-S1`, `2016S1`, `2016-H1` (semiannual),
    /// `2016-Q1`, `2016Q1` (quarterly), `2016-03`, `2016-3`, `2016-M03`, `2016M03`,
    /// `2016-M3`, `Mar-2016`, `Mar 2016` (monthly) and `2016-03-15` (daily).
    ///
    /// - Parameter text: the label.
    /// - Throws: ``PeriodError/unparseable(_:)`` for any other text,
    ///   ``PeriodError/yearOutOfRange(_:)`` for a year outside 1…9999.
    /// - Complexity: O(length of `text`), no allocation for ASCII labels.
    public init(parsing text: some StringProtocol) throws {
        guard let parsed = Period.parse(text) else {
            let trimmed = String(text)
            if trimmed.utf8.count >= 4, let y = Int(trimmed.prefix(4)), !(1...9999).contains(y) {
                throw PeriodError.yearOutOfRange(y)
            }
            throw PeriodError.unparseable(String(text))
        }
        self = parsed
    }

    /// Parses a period label, returning `nil` when it is not one (see ``init(parsing:)``).
    public static func parse(_ text: some StringProtocol) -> Period? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12)
        for b in text.utf8 {
            if bytes.count > 16 { return nil }
            bytes.append(b)
        }
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes.removeFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 || l == 0x0D { bytes.removeLast() }
        return parse(bytes: bytes[...])
    }

    private static func digits(_ s: ArraySlice<UInt8>) -> Int? {
        guard !s.isEmpty, s.count <= 4 else { return nil }
        var v = 0
        for b in s {
            guard b >= 0x30, b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
        }
        return v
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func parse(bytes s: ArraySlice<UInt8>) -> Period? {
        let n = s.count
        let b = Array(s)
        // "Mar-2016", "Mar 2016", "March 2016"
        if n >= 8, let first = b.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A {
            guard let year = digits(s.suffix(4)), (1...9999).contains(year) else { return nil }
            let sep = b[n - 5]
            guard sep == 0x2D || sep == 0x20 || sep == 0x2F else { return nil }
            let name = String(decoding: b[0..<(n - 5)], as: UTF8.self).lowercased()
            guard name.count >= 3, let m = monthNames.firstIndex(of: String(name.prefix(3))) else { return nil }
            let full = ["january", "february", "march", "april", "may", "june", "july", "august",
                        "september", "october", "november", "december"][m]
            guard name.count == 3 || name == full || (name.count == 4 && name == "sept") else { return nil }
            return Period(frequency: .monthly, index: year * 12 + m)
        }
        guard n >= 4, let year = digits(s.prefix(4)), (1...9999).contains(year) else { return nil }
        if n == 4 { return Period(frequency: .annual, index: year) }
        var rest = s.dropFirst(4)
        if rest.first == 0x2D { rest = rest.dropFirst() }  // '-'
        guard let tag = rest.first else { return nil }
        let upper = tag & ~0x20
        switch upper {
        case 0x51:  // Q
            guard let q = digits(rest.dropFirst()), rest.count == 2, (1...4).contains(q) else { return nil }
            return Period(frequency: .quarterly, index: year * 4 + q - 1)
        case 0x53, 0x48:  // S, H
            guard let h = digits(rest.dropFirst()), rest.count == 2, (1...2).contains(h) else { return nil }
            return Period(frequency: .semiannual, index: year * 2 + h - 1)
        case 0x4D:  // M
            guard rest.count <= 3, let m = digits(rest.dropFirst()), (1...12).contains(m) else { return nil }
            return Period(frequency: .monthly, index: year * 12 + m - 1)
        default:
            // "2016-03" or "2016-03-15" (the dash after the year is required here)
            guard s.count > 4, s[s.startIndex + 4] == 0x2D else { return nil }
            if rest.count == 1 || rest.count == 2 {
                // "2016-03", and the unpadded "2016-3" that spreadsheet exports produce.
                guard let m = digits(rest), (1...12).contains(m) else { return nil }
                return Period(frequency: .monthly, index: year * 12 + m - 1)
            }
            guard rest.count == 5, rest[rest.startIndex + 2] == 0x2D,
                let m = digits(rest.prefix(2)), (1...12).contains(m),
                let d = digits(rest.suffix(2)), d >= 1, d <= daysInMonth(year: year, month: m)
            else { return nil }
            return Period(frequency: .daily, index: daysFromCivil(year: year, month: m, day: d))
        }
    }

    /// The calendar year the period falls in.
    public var year: Int {
        switch frequency {
        case .daily: return Period.civil(fromDays: index).year
        default: return floorDiv(index, frequency.periodsPerYear ?? 1)
        }
    }

    /// The position within the year (month 1…12, quarter 1…4, half 1…2,
    /// 1 for annual, day of month for daily).
    public var subperiod: Int {
        switch frequency {
        case .daily: return Period.civil(fromDays: index).day
        default:
            let per = frequency.periodsPerYear ?? 1
            return index - floorDiv(index, per) * per + 1
        }
    }

    /// The ISO-like label: `2016`, `2016-S1`, `2016-Q1`, `2016-03`, `2016-03-15`.
    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        switch frequency {
        case .annual: return pad(index, 4)
        case .semiannual: return "\(pad(year, 4))-S\(subperiod)"
        case .quarterly: return "\(pad(year, 4))-Q\(subperiod)"
        case .monthly: return "\(pad(year, 4))-\(pad(subperiod, 2))"
        case .daily:
            let c = Period.civil(fromDays: index)
            return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
        }
    }

    /// The period `n` periods later (earlier when `n` is negative).
    public static func + (lhs: Period, rhs: Int) -> Period {
        Period(frequency: lhs.frequency, index: lhs.index + rhs)
    }

    /// The period `n` periods earlier.
    public static func - (lhs: Period, rhs: Int) -> Period {
        Period(frequency: lhs.frequency, index: lhs.index - rhs)
    }

    /// The number of periods from `other` to `self` (`self - other`), or
    /// `nil` when the two have different frequencies.
    public func distance(from other: Period) -> Int? {
        guard other.frequency == frequency else { return nil }
        return index - other.index
    }

    /// The period of the lower frequency `target` that contains this one
    /// (`2016-03` → `2016-Q1` → `2016-S1` → `2016`).
    /// - Throws: ``PeriodError/cannotConvert(from:to:)`` when `target` is a
    ///   higher frequency than the period's own.
    /// - Complexity: O(1).
    public func converted(to target: Frequency) throws -> Period {
        if target == frequency { return self }
        guard target > frequency, let targetMonths = target.monthsPerPeriod else {
            throw PeriodError.cannotConvert(from: frequency, to: target)
        }
        let monthIndex: Int
        if frequency == .daily {
            let c = Period.civil(fromDays: index)
            monthIndex = c.year * 12 + c.month - 1
        } else {
            monthIndex = index * (frequency.monthsPerPeriod ?? 1)
        }
        return Period(frequency: target, index: floorDiv(monthIndex, targetMonths))
    }

    /// The periods of frequency `finer` that make up this period, as a
    /// range of indices (e.g. `2016-Q1` in monthly: the indices of
    /// `2016-01`…`2016-03`).
    /// - Throws: ``PeriodError/cannotConvert(from:to:)`` when `finer` is a lower frequency.
    public func subperiodIndices(in finer: Frequency) throws -> Range<Int> {
        if finer == frequency { return index..<(index + 1) }
        guard finer < frequency, let months = frequency.monthsPerPeriod else {
            throw PeriodError.cannotConvert(from: frequency, to: finer)
        }
        let firstMonth = index * months
        let endMonth = firstMonth + months
        if let finerMonths = finer.monthsPerPeriod {
            return (firstMonth / finerMonths)..<(endMonth / finerMonths)
        }
        func day(_ monthIndex: Int) -> Int {
            Period.daysFromCivil(year: floorDiv(monthIndex, 12), month: monthIndex - floorDiv(monthIndex, 12) * 12 + 1, day: 1)
        }
        return day(firstMonth)..<day(endMonth)
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        if lhs.frequency != rhs.frequency { return lhs.frequency < rhs.frequency }
        return lhs.index < rhs.index
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let p = Period.parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: PeriodError.unparseable(text).description)
        }
        self = p
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Civil calendar (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

@inline(__always)
func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
