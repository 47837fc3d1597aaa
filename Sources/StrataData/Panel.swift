/// One series: a key, a start period and consecutive values (NaN = missing).
///
/// Equality treats two NaNs as equal (a missing value equals a missing
/// value); JSON encodes a missing value as `null`.
public struct TimeSeries: Sendable, Codable, Equatable {
    /// The series' identity.
    public var key: SeriesKey
    /// The period of `values[0]`.
    public var start: Period
    /// One value per period from `start`; NaN is a missing value.
    public var values: [Double]

    /// A series from its key, start period and values.
    public init(key: SeriesKey, start: Period, values: [Double]) {
        self.key = key
        self.start = start
        self.values = values
    }

    /// The periods of the values, in order.
    public var periods: [Period] { (0..<values.count).map { start + $0 } }

    /// The value at `period`, or `nil` when the period is outside the series
    /// (a NaN inside the series is returned as NaN).
    public subscript(period: Period) -> Double? {
        guard let offset = period.distance(from: start), offset >= 0, offset < values.count else { return nil }
        return values[offset]
    }

    public static func == (lhs: TimeSeries, rhs: TimeSeries) -> Bool {
        lhs.key == rhs.key && lhs.start == rhs.start && sameValues(lhs.values, rhs.values)
    }

    private enum CodingKeys: String, CodingKey { case key, start, values }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(SeriesKey.self, forKey: .key)
        start = try c.decode(Period.self, forKey: .start)
        values = try c.decode([Double?].self, forKey: .values).map { $0 ?? .nan }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(start, forKey: .start)
        try c.encode(values.map { $0.isNaN ? nil : $0 }, forKey: .values)
    }
}

/// `true` when the arrays have the same length and equal elements, counting NaN == NaN.
func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
    guard a.count == b.count else { return false }
    for i in a.indices where !(a[i] == b[i] || (a[i].isNaN && b[i].isNaN)) { return false }
    return true
}

/// Why a panel could not be built or queried.
public enum PanelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Series of different frequencies cannot share one calendar.
    case mixedFrequencies(Frequency, Frequency)
    /// A series' key does not have the panel's dimensions, in order.
    case dimensionsDiffer(expected: [String], found: [String])
    /// Two series have the same key.
    case duplicateKey(SeriesKey)
    /// A dimension named in an operation is not in the panel.
    case unknownDimension(String)
    /// A series index is outside the panel.
    case seriesOutOfRange(Int)

    public var description: String {
        switch self {
        case .mixedFrequencies(let a, let b): return "series have different frequencies (\(a.rawValue) and \(b.rawValue))"
        case .dimensionsDiffer(let e, let f): return "series dimensions \(f) differ from the panel's \(e)"
        case .duplicateKey(let k): return "two series have the key \(k)"
        case .unknownDimension(let d): return "no dimension named '\(d)'"
        case .seriesOutOfRange(let i): return "series index \(i) is outside the panel"
        }
    }
}

/// An earlier vintage of an observation that a later vintage revised.
public struct Revision: Sendable, Codable, Equatable {
    /// The series index in the panel.
    public var series: Int
    /// The observation's period.
    public var period: Period
    /// The vintage (report date, release) this value was published in.
    public var vintage: String
    /// The value in that vintage (NaN = reported as missing).
    public var value: Double

    /// An earlier vintage of one observation.
    public init(series: Int, period: Period, vintage: String, value: Double) {
        self.series = series
        self.period = period
        self.vintage = vintage
        self.value = value
    }

    public static func == (lhs: Revision, rhs: Revision) -> Bool {
        lhs.series == rhs.series && lhs.period == rhs.period && lhs.vintage == rhs.vintage
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }

    private enum CodingKeys: String, CodingKey { case series, period, vintage, value }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        series = try c.decode(Int.self, forKey: .series)
        period = try c.decode(Period.self, forKey: .period)
        vintage = try c.decode(String.self, forKey: .vintage)
        value = try c.decodeIfPresent(Double.self, forKey: .value) ?? .nan
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(series, forKey: .series)
        try c.encode(period, forKey: .period)
        try c.encode(vintage, forKey: .vintage)
        try c.encode(value.isNaN ? nil : value, forKey: .value)
    }
}

/// Many series on one calendar, stored column-major and dictionary-encoded.
///
/// `values` is one contiguous column-major matrix with one row per period
/// and one column per series (`values[series * periodCount + period]`), so a
/// batch of series can be handed to BLAS as it is. Series keys are
/// dictionary-encoded: for each dimension the panel keeps the list of its
/// distinct codes (`codes[d]`), and each series stores one small integer per
/// dimension (`seriesCodes`).
///
/// Missing values are NaN. A cell with no observation in the file (an
/// absent row) is also NaN: the panel does not invent zeros (see
/// ``ReadOptions/fillAbsentWithZero`` for the explicit sparse-zero
/// convention). Observation flags (e.g. SDMX `OBS_STATUS` `p` provisional,
/// `e` estimated, `c` confidential, `b` break) and vintages are kept sparsely
/// per cell; earlier vintages that were revised are kept in ``revisions``.
///
/// Equality compares NaN cells as equal.
public struct Panel: Sendable, Codable, Equatable {
    /// Dimension names, in key order.
    public private(set) var dimensions: [String]
    /// For each dimension, its distinct codes (the dictionary).
    public private(set) var codes: [[String]]
    /// `seriesCount × dimensions.count` code indices, series-major:
    /// the code of series `s` in dimension `d` is
    /// `codes[d][seriesCodes[s * dimensions.count + d]]`.
    public private(set) var seriesCodes: [Int32]
    /// The first period of the calendar, `nil` for an empty panel.
    public private(set) var start: Period?
    /// Number of periods (rows).
    public private(set) var periodCount: Int
    /// Number of series (columns).
    public private(set) var seriesCount: Int
    /// Column-major `periodCount × seriesCount` values, NaN = missing.
    public internal(set) var values: [Double]
    /// Observation flags by cell (`series * periodCount + period`).
    public internal(set) var flags: [Int: String]
    /// Vintage of the current value by cell, when the file had a vintage column.
    public internal(set) var vintages: [Int: String]
    /// Earlier vintages of revised observations.
    public internal(set) var revisions: [Revision]
    /// Which cells had no row at all in the file they were read from (one
    /// bit per cell, `series * periodCount + period`; empty when none or
    /// unknown): such a cell is NaN like a cell present with a placeholder,
    /// but for a different reason — a file that omits zero cells leaves
    /// them absent. Set by ``DataReader``; not encoded and not compared by `==`.
    public internal(set) var absentMask: [UInt64] = []

    /// `true` when cell `(series, offset)` had no row in the file (see ``absentMask``).
    public func isAbsent(series: Int, offset: Int) -> Bool {
        let cell = series * periodCount + offset
        guard series >= 0, offset >= 0, offset < periodCount, cell / 64 < absentMask.count else { return false }
        return absentMask[cell / 64] & (1 << UInt64(cell % 64)) != 0
    }

    /// The number of cells that had no row in the file (see ``absentMask``).
    public var absentCount: Int { absentMask.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// A panel from its parts (used by the readers); values must have
    /// `periodCount * seriesCount` elements.
    init(dimensions: [String], codes: [[String]], seriesCodes: [Int32], seriesCount: Int, start: Period?, periodCount: Int,
         values: [Double], flags: [Int: String] = [:], vintages: [Int: String] = [:], revisions: [Revision] = []) {
        self.dimensions = dimensions
        self.codes = codes
        self.seriesCodes = seriesCodes
        self.start = start
        self.periodCount = periodCount
        self.seriesCount = seriesCount
        self.values = values
        self.flags = flags
        self.vintages = vintages
        self.revisions = revisions
    }

    /// A panel from whole series of one frequency; the calendar runs from
    /// the earliest start to the latest end, padding with NaN.
    ///
    /// - Parameter series: the series; all must have the same dimensions in
    ///   the same order, the same frequency and distinct keys.
    /// - Throws: ``PanelError`` when they do not.
    /// - Complexity: O(periods × series).
    public init(series: [TimeSeries]) throws {
        guard let first = series.first else {
            self.init(dimensions: [], codes: [], seriesCodes: [], seriesCount: 0, start: nil, periodCount: 0, values: [])
            return
        }
        let dims = first.key.dimensions
        var lo = first.start.index, hi = first.start.index + first.values.count
        var seen = Set<SeriesKey>()
        for s in series {
            guard s.start.frequency == first.start.frequency else {
                throw PanelError.mixedFrequencies(first.start.frequency, s.start.frequency)
            }
            guard s.key.dimensions == dims else { throw PanelError.dimensionsDiffer(expected: dims, found: s.key.dimensions) }
            guard seen.insert(s.key).inserted else { throw PanelError.duplicateKey(s.key) }
            lo = min(lo, s.start.index)
            hi = max(hi, s.start.index + s.values.count)
        }
        let count = max(0, hi - lo)
        var dictionaries = [[String: Int32]](repeating: [:], count: dims.count)
        var codeLists = [[String]](repeating: [], count: dims.count)
        var seriesCodes: [Int32] = []
        var values = [Double](repeating: .nan, count: count * series.count)
        for (j, s) in series.enumerated() {
            for (d, c) in s.key.components.enumerated() {
                if let i = dictionaries[d][c.code] {
                    seriesCodes.append(i)
                } else {
                    let i = Int32(codeLists[d].count)
                    dictionaries[d][c.code] = i
                    codeLists[d].append(c.code)
                    seriesCodes.append(i)
                }
            }
            let offset = s.start.index - lo
            for (t, v) in s.values.enumerated() { values[j * count + offset + t] = v }
        }
        self.init(dimensions: dims, codes: codeLists, seriesCodes: seriesCodes, seriesCount: series.count,
                  start: Period(frequency: first.start.frequency, index: lo), periodCount: count, values: values)
    }

    /// The calendar's frequency, `nil` for an empty panel.
    public var frequency: Frequency? { start?.frequency }

    /// The calendar, in order.
    public var periods: [Period] {
        guard let start else { return [] }
        return (0..<periodCount).map { start + $0 }
    }

    /// The key of series `index`.
    /// - Throws: ``PanelError/seriesOutOfRange(_:)``.
    public func key(ofSeries index: Int) throws -> SeriesKey {
        guard index >= 0, index < seriesCount else { throw PanelError.seriesOutOfRange(index) }
        return unsafeKey(index)
    }

    func unsafeKey(_ index: Int) -> SeriesKey {
        let n = dimensions.count
        return SeriesKey(components: (0..<n).map { d in
            SeriesKey.Component(dimension: dimensions[d], code: codes[d][Int(seriesCodes[index * n + d])])
        })
    }

    /// The code of series `index` in dimension number `d` (no bounds checks; internal).
    func code(series index: Int, dimension d: Int) -> String {
        codes[d][Int(seriesCodes[index * dimensions.count + d])]
    }

    /// All series keys, in column order.
    public var keys: [SeriesKey] { (0..<seriesCount).map(unsafeKey) }

    /// Series `index` as a ``TimeSeries`` over the whole calendar.
    /// - Throws: ``PanelError/seriesOutOfRange(_:)``.
    /// - Complexity: O(periodCount).
    public func series(at index: Int) throws -> TimeSeries {
        let key = try key(ofSeries: index)
        let start = self.start ?? Period(frequency: .annual, index: 1970)
        return TimeSeries(key: key, start: start, values: Array(values[(index * periodCount)..<((index + 1) * periodCount)]))
    }

    /// The index of the series with `key`, or `nil`.
    /// - Complexity: O(series × dimensions).
    public func seriesIndex(of key: SeriesKey) -> Int? {
        guard key.dimensions == dimensions else { return nil }
        return (0..<seriesCount).first { unsafeKey($0) == key }
    }

    /// The value of series `series` at `period`, or `nil` when either is outside the panel.
    public func value(series: Int, period: Period) -> Double? {
        guard series >= 0, series < seriesCount, let start, let t = period.distance(from: start),
            t >= 0, t < periodCount
        else { return nil }
        return values[series * periodCount + t]
    }

    /// The flag of the cell, if any.
    public func flag(series: Int, period: Period) -> String? {
        guard let start, let t = period.distance(from: start), t >= 0, t < periodCount else { return nil }
        return flags[series * periodCount + t]
    }

    /// The number of cells holding a value (not NaN).
    public var observedCount: Int { values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } }

    public static func == (lhs: Panel, rhs: Panel) -> Bool {
        lhs.dimensions == rhs.dimensions && lhs.start == rhs.start && lhs.periodCount == rhs.periodCount
            && lhs.seriesCount == rhs.seriesCount && lhs.keys == rhs.keys && sameValues(lhs.values, rhs.values)
            && lhs.flags == rhs.flags && lhs.vintages == rhs.vintages
            && Set(lhs.revisions.map(RevisionID.init)) == Set(rhs.revisions.map(RevisionID.init))
    }

    private struct RevisionID: Hashable {
        var series: Int, period: Period, vintage: String, bits: UInt64
        init(_ r: Revision) {
            series = r.series; period = r.period; vintage = r.vintage
            bits = r.value.isNaN ? Double.nan.bitPattern : r.value.bitPattern
        }
    }

    // MARK: Codable: {dimensions, series: [{key, values}], start, flags: [{series, period, flag}], ...}

    private struct CellNote: Codable {
        var series: Int
        var period: Period
        var text: String
    }

    private enum CodingKeys: String, CodingKey {
        case dimensions, start, periodCount, series, flags, vintages, revisions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let dims = try c.decode([String].self, forKey: .dimensions)
        let series = try c.decode([TimeSeries].self, forKey: .series)
        let start = try c.decodeIfPresent(Period.self, forKey: .start)
        let count = try c.decode(Int.self, forKey: .periodCount)
        var panel = try Panel(series: series)
        if series.isEmpty { panel.dimensions = dims }
        guard panel.start == start || series.isEmpty, panel.periodCount == count || series.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .start, in: c, debugDescription: "calendar does not match the series")
        }
        func cells(_ key: CodingKeys) throws -> [Int: String] {
            var out: [Int: String] = [:]
            for note in try c.decodeIfPresent([CellNote].self, forKey: key) ?? [] {
                guard let s = panel.start, let t = note.period.distance(from: s), t >= 0, t < panel.periodCount,
                    note.series >= 0, note.series < panel.seriesCount
                else { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "cell outside the panel") }
                out[note.series * panel.periodCount + t] = note.text
            }
            return out
        }
        panel.flags = try cells(.flags)
        panel.vintages = try cells(.vintages)
        panel.revisions = try c.decodeIfPresent([Revision].self, forKey: .revisions) ?? []
        self = panel
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dimensions, forKey: .dimensions)
        try c.encodeIfPresent(start, forKey: .start)
        try c.encode(periodCount, forKey: .periodCount)
        try c.encode((0..<seriesCount).map { try series(at: $0) }, forKey: .series)
        func notes(_ dict: [Int: String]) -> [CellNote] {
            guard let start, periodCount > 0 else { return [] }
            return dict.keys.sorted().compactMap { cell in
                dict[cell].map { CellNote(series: cell / periodCount, period: start + cell % periodCount, text: $0) }
            }
        }
        try c.encode(notes(flags), forKey: .flags)
        try c.encode(notes(vintages), forKey: .vintages)
        try c.encode(revisions, forKey: .revisions)
    }
}
