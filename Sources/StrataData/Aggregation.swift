/// Whether a sum may use incomplete inputs.
public enum Completeness: String, Sendable, Codable, CaseIterable {
    /// A sum is missing when any of its inputs is missing: a year with a
    /// missing month is missing, a route total with a missing nationality
    /// cell is missing. The default.
    case requireAll
    /// A sum uses the inputs that are present; it is missing only when all are.
    case allowIncomplete
}

/// Why an aggregation was rejected.
public enum AggregationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A dimension named in `by` or `where` is not in the panel.
    case unknownDimension(String, available: [String])
    /// The target frequency is higher than the panel's.
    case cannotConvert(from: Frequency, to: Frequency)
    /// A sum of finite values exceeds the largest `Double` (about 1.8e308).
    case overflow(group: String, period: Period?)

    public var description: String {
        switch self {
        case .overflow(let g, let p):
            return "the sum for \(g.isEmpty ? "the total" : g)\(p.map { " in \($0)" } ?? "") exceeds the largest representable number (about 1.8e308); the values cannot be counts — check the file's units"
        case .unknownDimension(let d, let all): return "no dimension '\(d)' (dimensions: \(all.joined(separator: ", ")))"
        case .cannotConvert(let f, let t): return "cannot aggregate \(f.rawValue) data to the higher frequency \(t.rawValue)"
        }
    }
}

/// The result of ``Aggregation/sum(_:by:where:to:completeness:)``.
public struct AggregationResult: Sendable, Codable, Equatable {
    /// One series per combination of the `by` codes, on the target calendar.
    public var panel: Panel
    /// Series left out of a sum because the total of their group (`Total`,
    /// `_T`) is in the panel and is used instead.
    public var partsReplacedByTotals: Int
    /// Output cells that are missing because an input was missing (``Completeness/requireAll``).
    public var incompleteCells: Int
    /// Output cells that are missing and have at least one input cell with
    /// no row in the file (``Panel/absentMask``): in a file that omits zero
    /// cells these would be sums, so a tool should say "N values missing
    /// because rows are absent; if the file omits zero cells use
    /// --absent-is-zero" (``ReadOptions/fillAbsentWithZero``).
    public var missingBecauseAbsent: Int

    /// A result.
    public init(panel: Panel, partsReplacedByTotals: Int, incompleteCells: Int, missingBecauseAbsent: Int = 0) {
        self.panel = panel
        self.partsReplacedByTotals = partsReplacedByTotals
        self.incompleteCells = incompleteCells
        self.missingBecauseAbsent = missingBecauseAbsent
    }

    private enum CodingKeys: String, CodingKey { case panel, partsReplacedByTotals, incompleteCells, missingBecauseAbsent }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        panel = try c.decode(Panel.self, forKey: .panel)
        partsReplacedByTotals = try c.decode(Int.self, forKey: .partsReplacedByTotals)
        incompleteCells = try c.decode(Int.self, forKey: .incompleteCells)
        missingBecauseAbsent = try c.decodeIfPresent(Int.self, forKey: .missingBecauseAbsent) ?? 0
    }
}

/// Sums over dimensions and to lower frequencies.
///
/// Rules, applied in this order:
/// 1. **Filter**: keep the series whose code in each `where` dimension is one of the listed codes.
/// 2. **Totals are never summed with their parts**: when a dimension that
///    is summed over (not in `by`) has a total code (``TotalCode``), a series
///    with a non-total code in it is left out whenever the series with the
///    same codes but the total code is present; the published total is used
///    instead (it may include parts not listed, such as unspecified
///    nationalities). The number left out is in
///    ``AggregationResult/partsReplacedByTotals``.
/// 3. **Sum over series** per period, then **sum to the target frequency**,
///    each under the completeness rule (``Completeness``): by default a
///    missing input makes the sum missing, so a year with a missing month is
///    missing. Periods of the target frequency only partly covered by the
///    calendar count as incomplete.
///
/// Flags, vintages and revisions are not carried into the result.
public enum Aggregation {
    /// Sums a panel over the dimensions not in `by`, optionally to a lower frequency.
    ///
    /// - Parameters:
    ///   - panel: the input panel.
    ///   - by: the dimensions to keep, in output order (empty: one grand total).
    ///   - filters: dimension → codes to keep.
    ///   - frequency: the target frequency; `nil` keeps the panel's.
    ///   - completeness: what to do with missing inputs.
    /// - Returns: the aggregated panel and tallies.
    /// - Throws: ``AggregationError``.
    /// - Complexity: O(periods × series × dimensions).
    public static func sum(_ panel: Panel, by: [String], where filters: [String: Set<String>] = [:],
                           to frequency: Frequency? = nil, completeness: Completeness = .requireAll) throws -> AggregationResult {
        let dims = panel.dimensions
        func index(_ d: String) throws -> Int {
            guard let i = dims.firstIndex(of: d) ?? dims.firstIndex(where: { $0.lowercased() == d.lowercased() }) else {
                throw AggregationError.unknownDimension(d, available: dims)
            }
            return i
        }
        let byIndex = try by.map(index)
        let filterIndex = try filters.map { (try index($0.key), $0.value) }
        let source = panel.frequency ?? frequency ?? .annual
        let target = frequency ?? source
        guard target >= source else { throw AggregationError.cannotConvert(from: source, to: target) }

        // 1. filter
        var selected = (0..<panel.seriesCount).filter { s in
            filterIndex.allSatisfy { (d, allowed) in allowed.contains(panel.code(series: s, dimension: d)) }
        }
        // 2. totals replace their parts in summed-over dimensions
        var replaced = 0
        let n = dims.count
        let byCodes = Set(byIndex)
        let selectedSet = Set(selected)
        for d in 0..<n where !byCodes.contains(d) {
            let isTotal = panel.codes[d].map(TotalCode.isTotal)
            guard isTotal.contains(true) else { continue }
            var totalsPresent = Set<[Int32]>()
            for s in selectedSet where isTotal[Int(panel.seriesCodes[s * n + d])] {
                var k = Array(panel.seriesCodes[(s * n)..<((s + 1) * n)])
                k[d] = -1
                totalsPresent.insert(k)
            }
            guard !totalsPresent.isEmpty else { continue }
            selected = selected.filter { s in
                guard !isTotal[Int(panel.seriesCodes[s * n + d])] else { return true }
                var k = Array(panel.seriesCodes[(s * n)..<((s + 1) * n)])
                k[d] = -1
                if totalsPresent.contains(k) { replaced += 1; return false }
                return true
            }
        }
        // 3a. sum over series, per group of `by` codes
        var groupOf: [[String]: Int] = [:]
        var groupKeys: [[String]] = []
        var members: [[Int]] = []
        for s in selected {
            let k = byIndex.map { panel.code(series: s, dimension: $0) }
            if let g = groupOf[k] { members[g].append(s) } else {
                groupOf[k] = groupKeys.count
                groupKeys.append(k)
                members.append([s])
            }
        }
        let T = panel.periodCount
        var incomplete = 0
        var grouped = [[Double]](repeating: [], count: groupKeys.count)
        // Per group and period: an input cell had no row in the file.
        var touchedByAbsent = [[Bool]](repeating: [], count: groupKeys.count)
        // Per group and period: at least one input value was present (so a
        // missing sum there is incomplete, not merely empty).
        var anyPresent = [[Bool]](repeating: [], count: groupKeys.count)
        let hasAbsent = !panel.absentMask.isEmpty
        for g in 0..<groupKeys.count {
            var column = [Double](repeating: 0, count: T)
            var absentHere = [Bool](repeating: false, count: hasAbsent ? T : 0)
            var presentHere = [Bool](repeating: false, count: T)
            for t in 0..<T {
                var sum = 0.0, present = 0, missing = 0
                for s in members[g] {
                    let v = panel.values[s * T + t]
                    if v.isNaN {
                        missing += 1
                        if hasAbsent, panel.isAbsent(series: s, offset: t) { absentHere[t] = true }
                    } else { sum += v; present += 1 }
                }
                column[t] = (missing > 0 && completeness == .requireAll) || present == 0 ? .nan : sum
                if column[t].isInfinite {
                    let label = zip(byIndex, groupKeys[g]).map { "\(dims[$0.0])=\($0.1)" }.joined(separator: ", ")
                    throw AggregationError.overflow(group: label, period: panel.start.map { $0 + t })
                }
                presentHere[t] = present > 0
            }
            grouped[g] = column
            touchedByAbsent[g] = absentHere
            anyPresent[g] = presentHere
        }
        var missingBecauseAbsent = 0
        // 3b. to the target frequency
        guard let start = panel.start, T > 0 else {
            return AggregationResult(panel: DataReader.emptyPanel, partsReplacedByTotals: replaced, incompleteCells: 0)
        }
        let first = try start.converted(to: target)
        let last = try (start + (T - 1)).converted(to: target)
        let outCount = last.index - first.index + 1
        var series: [TimeSeries] = []
        for g in 0..<groupKeys.count {
            var out = [Double](repeating: .nan, count: outCount)
            for j in 0..<outCount {
                let p = first + j
                let sub = try p.subperiodIndices(in: source)
                var sum = 0.0, present = 0, missing = 0
                var absentInput = false, someInput = false
                for i in sub {
                    let t = i - start.index
                    let v = t >= 0 && t < T ? grouped[g][t] : .nan
                    if v.isNaN { missing += 1 } else { sum += v; present += 1 }
                    if t >= 0, t < T, anyPresent[g][t] { someInput = true }
                    if hasAbsent, t >= 0, t < T, touchedByAbsent[g][t] { absentInput = true }
                }
                if (missing > 0 && completeness == .requireAll) || present == 0 {
                    out[j] = .nan
                    if absentInput { missingBecauseAbsent += 1 }
                    if someInput { incomplete += 1 }
                } else {
                    out[j] = sum
                    if sum.isInfinite {
                        let label = zip(byIndex, groupKeys[g]).map { "\(dims[$0.0])=\($0.1)" }.joined(separator: ", ")
                        throw AggregationError.overflow(group: label, period: p)
                    }
                }
            }
            let key = SeriesKey(zip(byIndex, groupKeys[g]).map { (dims[$0.0], $0.1) })
            series.append(TimeSeries(key: key, start: first, values: out))
        }
        var result = try Panel(series: series)
        if series.isEmpty {
            result = Panel(dimensions: byIndex.map { dims[$0] }, codes: byIndex.map { _ in [] }, seriesCodes: [],
                           seriesCount: 0, start: nil, periodCount: 0, values: [])
        }
        return AggregationResult(panel: result, partsReplacedByTotals: replaced, incompleteCells: incomplete,
                                 missingBecauseAbsent: missingBecauseAbsent)
    }

    /// Each series' share of the sum over all series of the panel, per period
    /// (e.g. each route's share of all detections). Series with a total code
    /// in any dimension are left out of the denominator and get NaN.
    ///
    /// A period where the denominator is zero or missing gives NaN shares; a
    /// missing value gives a NaN share (the denominator uses the values that
    /// are present, so shares of the present series still sum to 1).
    /// - Complexity: O(periods × series).
    public static func shares(_ panel: Panel) -> Panel {
        var out = panel
        let T = panel.periodCount
        let n = panel.dimensions.count
        let isPart = (0..<panel.seriesCount).map { s in
            !(0..<n).contains { TotalCode.isTotal(panel.code(series: s, dimension: $0)) }
        }
        for t in 0..<T {
            var total = 0.0
            for s in 0..<panel.seriesCount where isPart[s] {
                let v = panel.values[s * T + t]
                if !v.isNaN { total += v }
            }
            for s in 0..<panel.seriesCount {
                let v = panel.values[s * T + t]
                out.values[s * T + t] = isPart[s] && total > 0 && !v.isNaN ? v / total : .nan
            }
        }
        out.flags = [:]
        out.vintages = [:]
        out.revisions = []
        return out
    }
}
