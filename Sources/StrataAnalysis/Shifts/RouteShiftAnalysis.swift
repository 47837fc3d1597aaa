import Foundation
import StrataData
import StrataNumerics

/// Route shifts and displacement: date changes in the route composition and
/// in the total, say who moved where, and how much of a fall reappeared
/// elsewhere.
///
/// **Composition.** For one reporter (``ShiftOptions/reporter``) the counts are
/// summed by ``ShiftOptions/by`` (`route`) with `Aggregation.sum`; a part with
/// an all-zero history is left out with a note. Shares are closed per month;
/// zeros are replaced multiplicatively (Martín-Fernández et al. 2003, see
/// `LogRatio.multiplicativeReplacement`) with `δ = 0.5 / max(total, D)`,
/// half a detection, capped so that the replaced zeros take at most half the
/// whole. Parts whose share never reaches ``ShiftOptions/minimumPartShare`` in
/// any 12-month window are amalgamated into one part `(other)` for the change
/// search only (their log-ratios are noise), and a note lists them.
///
/// **Shift detection.** Seasonality is removed first: STL (Cleveland et al.
/// 1990, `s.window = 13`, period 12) of each *centred log-ratio*
/// coordinate of the shares (Aitchison 1986), and of `log1p` of the total,
/// in two passes: robust STL (so that a level shift does not leak into the
/// seasonal component), a first change search, then non-robust STL of each
/// coordinate minus its segment levels (the mean of the raw coordinate over
/// the whole years of a segment of at least 12 months, else of the adjusted
/// one) and the final search on that adjustment. Seasonally adjusted volumes
/// (``ShareChange/volumeBefore``) are `expm1` of robust-STL-adjusted `log1p` counts.
/// Change points in the mean of the seasonally adjusted clr coordinates are
/// found jointly by exact PELT with a robust per-coordinate noise scale
/// (`MultivariateChangePoints`, penalty `3 (D − 1) log n ×`
/// ``ShiftOptions/penaltyScale``); change points in the adjusted log total by
/// the same search on one coordinate (penalty `3 log n ×` the scale). A
/// change is kept only when it is material: some part's mean clr moves by at
/// least ``ShiftOptions/minimumLogRatioChange`` (the total's mean log by
/// ``ShiftOptions/minimumVolumeChange``) between the neighbouring segments;
/// the least material change below the bar is removed and its neighbours
/// re-measured until every change passes. Kinds: see ``ShiftKind``.
/// The date range of a shift is the set of first months of the new regime
/// whose two-segment cost (between the neighbouring changes) is within
/// ``ShiftOptions/rangeThreshold`` of the best — a likelihood-ratio range
/// (a threshold of 6 is a likelihood ratio of e³ ≈ 20).
///
/// **Displacement around an event** (``displacement(around:in:options:)``).
/// The event month is partial and belongs to neither side. Each route's
/// counterfactual over the post-event window (the ``ShiftOptions/postWindow``
/// months after the event month) comes from its last
/// ``ShiftOptions/preWindow`` months before it: on `z = log1p(y)`, a periodic
/// STL seasonal profile (when at least 24 months), a level `L` = the mean
/// seasonally adjusted value of the last 12 months, monthly noise `σ` = their
/// standard deviation, and a level error whose variance is the mean squared
/// error of the same predictor (12-month mean → mean of the next window)
/// over every rolling origin in the pre-event history, less the window's own
/// noise `σ²/H`, and at least `σ²/12`. The window total is simulated
/// (``ShiftOptions/draws`` draws, seeded): `Σ_h max(0, exp(L + δ + s_h + ε_h) − 1)`
/// with `δ ~ N(0, σ_δ²)` shared by the window and `ε_h ~ N(0, σ²)`. The
/// counterfactual is the median draw and its interval the central
/// ``ShiftOptions/level`` quantiles. Losing routes (default: those whose
/// observed total lies below the interval), gaining routes (default: every
/// other route except the control — the net change on the rest of the
/// system); the displacement ratio is `Σ_gaining (observed − counterfactual) /
/// Σ_losing (counterfactual − observed)`, with the interval of the same ratio
/// over the joint draws. The WDQ (Bowers & Johnson 2003) compares the post
/// window with the same calendar months one year earlier:
/// `WDQ = (B_a/C_a − B_b/C_b) / (A_a/C_a − A_b/C_b)`, `A` = losing routes,
/// `B` = gaining routes, `C` = the control; negative values mean
/// displacement, positive a diffusion of benefits.
///
/// **Emerging profiles** (``emergingProfiles(_:options:)``). A pair of codes
/// (route × citizenship) emerges in the first month `t` that starts
/// ``ShiftOptions/emergingPersistence`` consecutive months in each of which its
/// share of all detections is at least ``ShiftOptions/emergingMinimumShare``,
/// with a mean count of at least ``ShiftOptions/emergingMinimumCount`` over
/// those months, after 12 months whose mean share was below
/// ``ShiftOptions/emergingBaselineShare``. The count and persistence
/// conditions keep sparse, intermittent series from being flagged.
///
/// **Replay** (``replay(_:events:options:)``): the detection run on the data
/// available at the end of each month, from ``ShiftOptions/replayStart`` on.
///
/// Missing values: a part missing (NaN) inside the span is an error (the
/// span is trimmed to the months where some part is observed); nothing is
/// zero-filled unless the reader was asked to (`--absent-is-zero`).
public enum RouteShiftAnalysis {
    /// The label of the amalgamated sparse parts.
    public static let otherCode = "(other)"

    /// Runs the whole analysis: composition, shifts, events, emerging profiles and (if asked) the replay.
    ///
    /// - Parameters:
    ///   - panel: monthly counts with the dimension ``ShiftOptions/by``.
    ///   - options: the settings.
    /// - Returns: the report.
    /// - Throws: ``ShiftError`` naming the bad input.
    /// - Complexity: O(D · n) STL and PELT work for the detection, O(E · D · draws · window) for
    ///   the events, O(n) detections for the replay (parallel over months).
    public static func analyze(_ panel: Panel, options: ShiftOptions = ShiftOptions()) throws -> ShiftReport {
        try check(options)
        let composition = try composition(panel, options: options)
        let shifts = try detectShifts(in: composition, options: options)
        var events: [EventDisplacement] = []
        for e in options.events {
            events.append(try displacement(around: e, in: composition, options: options))
        }
        let emerging = try emergingProfiles(panel, options: options)
        let replayResult = options.replay ? try replay(composition, events: options.events, options: options) : nil
        let last = composition.start + (composition.length - 1)
        var notes = composition.notes
        let sparse = amalgamated(composition.counts, minimumShare: options.minimumPartShare).sparse
        if !sparse.isEmpty {
            notes.append("amalgamated into '\(otherCode)' for the change search (share below \(options.minimumPartShare) in every 12-month window): "
                         + sparse.map { composition.codes[$0] }.joined(separator: ", "))
        }
        return ShiftReport(
            shifts: shifts, events: events, emerging: emerging, replay: replayResult,
            routes: composition.codes, span: [composition.start, last],
            notes: notes + methodNotes(options))
    }

    /// Runs ``analyze(_:options:)`` for every reporter of the panel, in parallel.
    ///
    /// - Parameters:
    ///   - panel: monthly counts with the dimensions ``ShiftOptions/reporterDimension`` and ``ShiftOptions/by``.
    ///   - options: the settings; ``ShiftOptions/reporter`` is ignored.
    /// - Returns: reporter code → its report (or the error for that reporter).
    /// - Throws: ``ShiftError/unknownDimension(_:available:)`` when there is no reporter dimension.
    /// - Complexity: the sum of the single analyses, spread over the cores.
    public static func analyzeEachReporter(_ panel: Panel, options: ShiftOptions = ShiftOptions()) throws
        -> [String: Result<ShiftReport, ShiftError>]
    {
        guard let d = dimensionIndex(panel, options.reporterDimension) else {
            throw ShiftError.unknownDimension(options.reporterDimension, available: panel.dimensions)
        }
        let reporters = panel.codes[d].filter { !TotalCode.isTotal($0) }
        let results = try Parallel.map(reporters.count) { i -> Result<ShiftReport, ShiftError> in
            var o = options
            o.reporter = reporters[i]
            do { return .success(try analyze(panel, options: o)) } catch let e as ShiftError {
                return .failure(e)
            } catch { return .failure(.numerical("\(error)")) }
        }
        var out: [String: Result<ShiftReport, ShiftError>] = [:]
        for (r, x) in zip(reporters, results) { out[r] = x }
        return out
    }

    // MARK: - Composition

    /// The route composition of one reporter (every part with a non-zero history).
    ///
    /// - Parameters:
    ///   - panel: monthly counts.
    ///   - options: ``ShiftOptions/by``, ``ShiftOptions/reporter``, ``ShiftOptions/reporterDimension``.
    /// - Returns: counts, totals and zero-replaced shares per part.
    /// - Throws: ``ShiftError`` for unknown dimensions or reporters, non-monthly data,
    ///   a missing part or total, fewer than two non-zero parts.
    /// - Complexity: O(series × n) for the aggregation, O(D · n) after.
    public static func composition(_ panel: Panel, options: ShiftOptions = ShiftOptions()) throws -> RouteComposition {
        guard panel.frequency == .monthly else { throw ShiftError.notMonthly(panel.frequency) }
        guard let byIndex = dimensionIndex(panel, options.by) else {
            throw ShiftError.unknownDimension(options.by, available: panel.dimensions)
        }
        let filters = try reporterFilter(panel, options: options)
        let aggregated: AggregationResult
        do {
            aggregated = try Aggregation.sum(panel, by: [panel.dimensions[byIndex]], where: filters)
        } catch {
            throw ShiftError.numerical("\(error)")
        }
        let agg = aggregated.panel
        guard let start = agg.start, agg.periodCount > 0 else {
            throw ShiftError.tooFewRoutes(found: [], allZero: [])
        }
        let T = agg.periodCount
        var partCodes: [String] = [], partValues: [[Double]] = [], totalValues: [[Double]] = []
        for s in 0..<agg.seriesCount {
            let key = try agg.key(ofSeries: s)
            let code = key.components.first?.code ?? ""
            let v = Array(agg.values[(s * T)..<((s + 1) * T)])
            if TotalCode.isTotal(code) { totalValues.append(v) } else {
                partCodes.append(code)
                partValues.append(v)
            }
        }
        // trim to the months where some part is observed
        let observedAny = (0..<T).map { t in partValues.contains { !$0[t].isNaN } }
        guard let first = observedAny.firstIndex(of: true), let last = observedAny.lastIndex(of: true) else {
            throw ShiftError.tooFewRoutes(found: [], allZero: partCodes)
        }
        let span = first...last
        var notes: [String] = []
        var codes: [String] = [], counts: [[Double]] = [], allZero: [String] = []
        for (code, v) in zip(partCodes, partValues) {
            let x = Array(v[span])
            if let bad = x.firstIndex(where: { $0.isNaN }) {
                throw ShiftError.missingValue(code: code, period: start + (first + bad))
            }
            if let neg = x.first(where: { $0 < 0 || !$0.isFinite }) {
                throw ShiftError.invalidParameter(name: "data", detail: "'\(code)' holds \(neg); counts must be finite and non-negative")
            }
            if x.allSatisfy({ $0 == 0 }) { allZero.append(code) } else {
                codes.append(code)
                counts.append(x)
            }
        }
        for total in totalValues {
            let x = Array(total[span])
            if let bad = x.firstIndex(where: { $0.isNaN }) {
                throw ShiftError.totalMissing(period: start + (first + bad))
            }
        }
        if !totalValues.isEmpty {
            notes.append("the published total is checked for presence only; shares are of the sum of the parts")
        }
        guard codes.count >= 2 else { throw ShiftError.tooFewRoutes(found: codes, allZero: allZero) }
        if !allZero.isEmpty {
            notes.append("left out, all-zero history: \(allZero.joined(separator: ", "))")
        }
        let n = span.count
        var totals = [Double](repeating: 0, count: n)
        for x in counts { for t in 0..<n { totals[t] += x[t] } }
        let shares = try replacedShares(counts, totals: totals)
        let zeroMonths = totals.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if zeroMonths > 0 {
            notes.append("\(zeroMonths) month(s) with no detection at all: their composition is undefined and carries the previous month's")
        }
        return RouteComposition(
            codes: codes, start: start + first, counts: counts, totals: totals, shares: shares,
            zeroReplacement: "multiplicative replacement (Martín-Fernández et al. 2003) of zero shares by 0.5 / max(total, parts)",
            notes: notes)
    }

    // MARK: - Shift detection

    /// Shifts in the composition and the total (see the type's discussion).
    ///
    /// - Parameters:
    ///   - composition: from ``composition(_:options:)``.
    ///   - options: the detection settings.
    /// - Returns: the shifts in time order.
    /// - Throws: ``ShiftError/tooShort(months:minimum:purpose:)`` below 24 months.
    /// - Complexity: O(D · n) for STL, PELT and the ranges (near-linear PELT).
    public static func detectShifts(in composition: RouteComposition, options: ShiftOptions = ShiftOptions()) throws -> [RouteShift] {
        try check(options)
        let dated = try detectDates(composition.counts, options: options)
        return try describe(dated, composition: composition, options: options)
    }

    /// A dated change before description.
    struct DatedShift: Sendable, Equatable {
        var index: Int
        var range: ClosedRange<Int>
        var kind: ShiftKind
    }

    /// Dates of composition and volume changes of the counts (parts × n).
    static func detectDates(_ rawCounts: [[Double]], options: ShiftOptions) throws -> [DatedShift] {
        let n = rawCounts.first?.count ?? 0
        guard n >= 24 else { throw ShiftError.tooShort(months: n, minimum: 24, purpose: "shift detection (seasonal adjustment)") }
        let counts = amalgamated(rawCounts, minimumShare: options.minimumPartShare).counts
        let D = counts.count
        var totals = [Double](repeating: 0, count: n)
        for x in counts { for t in 0..<n { totals[t] += x[t] } }
        let m = options.minimumSegmentLength
        var compositionCuts: [Int] = [], compositionRanges: [Int: ClosedRange<Int>] = [:]
        if D >= 2 {
            let shares = try replacedShares(counts, totals: totals)
            var clr = [[Double]](repeating: [Double](repeating: 0, count: n), count: D)
            for t in 0..<n {
                let c = try logRatio { try LogRatio.clr(shares.map { $0[t] }) }
                for j in 0..<D { clr[j][t] = c[j] }
            }
            let beta = options.penaltyScale * MultivariateChangePoints.defaultPenalty(length: n, dimensions: D - 1)
            let (adjusted, seg) = try adjustedSegmentation(clr, penalty: beta, minimumSegmentLength: m)
            compositionCuts = materialCuts(seg.changepoints, adjusted, minimumChange: options.minimumLogRatioChange)
            compositionRanges = try ranges(compositionCuts, adjusted, scales: seg.scales, options: options)
        }
        let rawLogTotal = totals.map { Foundation.log1p($0) }
        var volumeCuts: [Int] = [], volumeRanges: [Int: ClosedRange<Int>] = [:]
        if MultivariateChangePoints.robustScale(try seasonallyAdjusted(rawLogTotal)) > 0 {
            let beta = options.penaltyScale * MultivariateChangePoints.defaultPenalty(length: n, dimensions: 1)
            let (adjusted, seg) = try adjustedSegmentation([rawLogTotal], penalty: beta, minimumSegmentLength: m)
            volumeCuts = materialCuts(seg.changepoints, adjusted, minimumChange: options.minimumVolumeChange)
            volumeRanges = try ranges(volumeCuts, adjusted, scales: seg.scales, options: options)
        }
        var out: [DatedShift] = []
        var usedVolume = Set<Int>()
        for c in compositionCuts {
            let near = volumeCuts.filter { abs($0 - c) <= options.kindTolerance && !usedVolume.contains($0) }
            let kind: ShiftKind
            if let v = near.min(by: { abs($0 - c) < abs($1 - c) }) {
                usedVolume.insert(v)
                kind = .both
            } else { kind = .displacement }
            out.append(DatedShift(index: c, range: compositionRanges[c] ?? c...c, kind: kind))
        }
        for v in volumeCuts where !usedVolume.contains(v) {
            out.append(DatedShift(index: v, range: volumeRanges[v] ?? v...v, kind: .volume))
        }
        return out.sorted { $0.index < $1.index }
    }

    /// Shares, volumes and the losing/gaining lists of each dated shift.
    static func describe(_ dated: [DatedShift], composition: RouteComposition, options: ShiftOptions) throws -> [RouteShift] {
        guard !dated.isEmpty else { return [] }
        let n = composition.length
        let D = composition.codes.count
        let saVolumes = try composition.counts.map { x -> [Double] in
            let sa = try seasonallyAdjusted(x.map { Foundation.log1p($0) }, robust: true)
            return sa.map { max(0, Foundation.expm1($0)) }
        }
        let saTotal = try seasonallyAdjusted(composition.totals.map { Foundation.log1p($0) }, robust: true).map { max(0, Foundation.expm1($0)) }
        let bounds = dated.map(\.index)
        var out: [RouteShift] = []
        for (k, s) in dated.enumerated() {
            let lo = max(k > 0 ? bounds[k - 1] : 0, s.index - options.comparisonWindow)
            let hi = min(k + 1 < bounds.count ? bounds[k + 1] : n, s.index + options.comparisonWindow)
            let before = lo..<s.index, after = s.index..<hi
            var changes: [ShareChange] = []
            let totalBefore = sum(composition.totals, before), totalAfter = sum(composition.totals, after)
            for j in 0..<D {
                let sb = totalBefore > 0 ? sum(composition.counts[j], before) / totalBefore : .nan
                let sa = totalAfter > 0 ? sum(composition.counts[j], after) / totalAfter : .nan
                changes.append(ShareChange(code: composition.codes[j], shareBefore: sb, shareAfter: sa,
                                           volumeBefore: mean(saVolumes[j], before), volumeAfter: mean(saVolumes[j], after)))
            }
            let losing = changes.filter { $0.shareAfter - $0.shareBefore <= -options.minimumShareChange }
                .sorted { $0.shareAfter - $0.shareBefore < $1.shareAfter - $1.shareBefore }
            let gaining = changes.filter { $0.shareAfter - $0.shareBefore >= options.minimumShareChange }
                .sorted { $0.shareAfter - $0.shareBefore > $1.shareAfter - $1.shareBefore }
            out.append(RouteShift(
                period: composition.start + s.index,
                periodRange: [composition.start + s.range.lowerBound, composition.start + s.range.upperBound],
                kind: s.kind, losing: losing, gaining: gaining,
                totalBefore: mean(saTotal, before), totalAfter: mean(saTotal, after)))
        }
        return out
    }

    // MARK: - Helpers (shared with the other files of this folder)

    static func check(_ options: ShiftOptions) throws {
        func positive(_ name: String, _ v: Int, _ minimum: Int = 1) throws {
            guard v >= minimum else { throw ShiftError.invalidParameter(name: name, detail: "must be at least \(minimum), is \(v)") }
        }
        try positive("postWindow", options.postWindow)
        try positive("preWindow", options.preWindow, 12)
        try positive("minimumSegmentLength", options.minimumSegmentLength)
        try positive("comparisonWindow", options.comparisonWindow)
        try positive("draws", options.draws, 100)
        try positive("emergingPersistence", options.emergingPersistence)
        try positive("replayStart", options.replayStart, 24)
        guard options.kindTolerance >= 0, options.replayTolerance >= 0 else {
            throw ShiftError.invalidParameter(name: "kindTolerance/replayTolerance", detail: "must be non-negative")
        }
        guard options.level > 0, options.level < 1 else {
            throw ShiftError.invalidParameter(name: "level", detail: "must be in (0, 1), is \(options.level)")
        }
        for (name, v) in [("penaltyScale", options.penaltyScale), ("minimumLogRatioChange", options.minimumLogRatioChange),
                          ("minimumVolumeChange", options.minimumVolumeChange), ("rangeThreshold", options.rangeThreshold),
                          ("minimumShareChange", options.minimumShareChange), ("minimumPartShare", options.minimumPartShare),
                          ("emergingMinimumCount", options.emergingMinimumCount), ("emergingMinimumShare", options.emergingMinimumShare),
                          ("emergingBaselineShare", options.emergingBaselineShare)]
        where !(v.isFinite && v >= 0) {
            throw ShiftError.invalidParameter(name: name, detail: "must be finite and non-negative, is \(v)")
        }
    }

    static func dimensionIndex(_ panel: Panel, _ name: String) -> Int? {
        panel.dimensions.firstIndex(of: name) ?? panel.dimensions.firstIndex { $0.lowercased() == name.lowercased() }
    }

    static func reporterFilter(_ panel: Panel, options: ShiftOptions) throws -> [String: Set<String>] {
        guard let d = dimensionIndex(panel, options.reporterDimension) else {
            if options.reporter != nil {
                throw ShiftError.unknownDimension(options.reporterDimension, available: panel.dimensions)
            }
            return [:]
        }
        let name = panel.dimensions[d]
        let reporters = panel.codes[d]
        if let r = options.reporter {
            guard reporters.contains(r) else { throw ShiftError.unknownReporter(r, available: reporters) }
            return [name: [r]]
        }
        let parts = reporters.filter { !TotalCode.isTotal($0) }
        if parts.count > 1 { throw ShiftError.reporterRequired(dimension: name, available: parts) }
        return [:]
    }

    /// Closed shares with multiplicative zero replacement; months with a zero
    /// total carry the previous month's composition (the next one's at the start).
    static func replacedShares(_ counts: [[Double]], totals: [Double]) throws -> [[Double]] {
        let D = counts.count, n = totals.count
        var shares = [[Double]](repeating: [Double](repeating: .nan, count: n), count: D)
        var lastGood: Int? = nil
        var pending: [Int] = []
        for t in 0..<n {
            guard totals[t] > 0 else {
                if let g = lastGood { for j in 0..<D { shares[j][t] = shares[j][g] } } else { pending.append(t) }
                continue
            }
            let parts = counts.map { $0[t] }
            let delta = 0.5 / max(totals[t], Double(D))
            let r = try logRatio { try LogRatio.multiplicativeReplacement(parts, delta: delta) }
            for j in 0..<D { shares[j][t] = r[j] }
            if lastGood == nil { for p in pending { for j in 0..<D { shares[j][p] = r[j] } } }
            lastGood = t
        }
        return shares
    }

    /// Parts whose share never reaches `minimumShare` in any 12-month window, summed into one.
    static func amalgamated(_ counts: [[Double]], minimumShare: Double) -> (counts: [[Double]], sparse: [Int]) {
        let n = counts.first?.count ?? 0
        guard minimumShare > 0, n > 0 else { return (counts, []) }
        let w = min(12, n)
        var totals = [Double](repeating: 0, count: n)
        for x in counts { for t in 0..<n { totals[t] += x[t] } }
        var sparse: [Int] = []
        for (j, x) in counts.enumerated() {
            var best = 0.0
            var sx = 0.0, st = 0.0
            for t in 0..<n {
                sx += x[t]; st += totals[t]
                if t >= w { sx -= x[t - w]; st -= totals[t - w] }
                if t >= w - 1, st > 0 { best = max(best, sx / st) }
            }
            if best < minimumShare { sparse.append(j) }
        }
        guard !sparse.isEmpty, counts.count - sparse.count >= 1, sparse.count >= 1 else { return (counts, []) }
        if sparse.count == 1 && counts.count - 1 < 2 { return (counts, []) }
        var out: [[Double]] = []
        var other = [Double](repeating: 0, count: n)
        for (j, x) in counts.enumerated() {
            if sparse.contains(j) { for t in 0..<n { other[t] += x[t] } } else { out.append(x) }
        }
        out.append(other)
        if out.count < 2 { return (counts, []) }
        return (out, sparse)
    }

    /// Seasonal adjustment and change search in two passes: STL of each
    /// coordinate, PELT on the adjusted coordinates; then STL again of each
    /// coordinate minus its segment means (so that level shifts do not leak
    /// into the seasonal component), and PELT on the re-adjusted coordinates.
    static func adjustedSegmentation(_ x: [[Double]], penalty: Double, minimumSegmentLength m: Int) throws
        -> (adjusted: [[Double]], segmentation: MultivariateSegmentation)
    {
        let n = x.first?.count ?? 0
        let first = try x.map { try seasonallyAdjusted($0, robust: true) }
        guard first.contains(where: { MultivariateChangePoints.robustScale($0) > 0 }) else {
            // every coordinate is constant (a fixed composition): nothing to segment
            return (first, MultivariateSegmentation(changepoints: [], length: n, scales: first.map { _ in 0 }, penalty: penalty, fitCost: 0))
        }
        let seg1 = try changePoints { try MultivariateChangePoints.pelt(first, penalty: penalty, minimumSegmentLength: m) }
        guard !seg1.changepoints.isEmpty else { return (first, seg1) }
        let segments = seg1.segments
        var second: [[Double]] = []
        for (j, coordinate) in x.enumerated() {
            // segment levels: the mean of the raw coordinate over a segment of whole years (the
            // seasonal pattern averages out), else the mean of the first-pass adjusted values
            var steps = [Double](repeating: 0, count: coordinate.count)
            for r in segments {
                let level = r.count >= 12 ? mean(coordinate, r.lowerBound..<(r.lowerBound + 12 * (r.count / 12))) : mean(first[j], r)
                for t in r { steps[t] = level }
            }
            let withoutSteps = zip(coordinate, steps).map { $0 - $1 }
            let adjusted = try seasonallyAdjusted(withoutSteps)
            second.append(zip(adjusted, steps).map { $0 + $1 })
        }
        guard second.contains(where: { MultivariateChangePoints.robustScale($0) > 0 }) else { return (first, seg1) }
        let seg2 = try changePoints { try MultivariateChangePoints.pelt(second, penalty: penalty, minimumSegmentLength: m) }
        return (second, seg2)
    }

    /// STL (period 12, s.window 13, non-robust) seasonal component removed.
    static func seasonallyAdjusted(_ x: [Double], robust: Bool = false) throws -> [Double] {
        if let f = x.first, x.allSatisfy({ $0 == f }) { return x }
        do {
            let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .span(13), robust: robust))
            return zip(x, d.seasonal).map { $0 - $1 }
        } catch {
            throw ShiftError.numerical("seasonal adjustment failed: \(error)")
        }
    }

    /// Removes the least material change until every remaining one moves some
    /// coordinate's mean by at least `minimumChange`.
    static func materialCuts(_ cuts: [Int], _ x: [[Double]], minimumChange: Double) -> [Int] {
        var cuts = cuts
        let n = x.first?.count ?? 0
        while !cuts.isEmpty {
            var weakest = -1, weakestSize = Double.infinity
            for (k, c) in cuts.enumerated() {
                let lo = k > 0 ? cuts[k - 1] : 0
                let hi = k + 1 < cuts.count ? cuts[k + 1] : n
                var size = 0.0
                for coordinate in x {
                    size = max(size, abs(mean(coordinate, c..<hi) - mean(coordinate, lo..<c)))
                }
                if size < weakestSize { weakestSize = size; weakest = k }
            }
            if weakestSize >= minimumChange { break }
            cuts.remove(at: weakest)
        }
        return cuts
    }

    /// Likelihood-ratio date ranges of each change, between its neighbours.
    static func ranges(_ cuts: [Int], _ x: [[Double]], scales: [Double], options: ShiftOptions) throws -> [Int: ClosedRange<Int>] {
        let n = x.first?.count ?? 0
        var out: [Int: ClosedRange<Int>] = [:]
        for (k, c) in cuts.enumerated() {
            let lo = k > 0 ? cuts[k - 1] : 0
            let hi = k + 1 < cuts.count ? cuts[k + 1] : n
            let m = min(options.minimumSegmentLength, max(1, (hi - lo) / 2))
            let profile = try changePoints {
                try MultivariateChangePoints.locationProfile(x, range: lo..<hi, minimumSegmentLength: m, scales: scales)
            }
            let best = profile[c - lo]
            guard best.isFinite else { out[c] = c...c; continue }
            var a = c, b = c
            while a - 1 - lo >= 0, profile[a - 1 - lo] <= best + options.rangeThreshold { a -= 1 }
            while b + 1 - lo < profile.count, profile[b + 1 - lo] <= best + options.rangeThreshold { b += 1 }
            out[c] = a...b
        }
        return out
    }

    static func sum(_ x: [Double], _ r: Range<Int>) -> Double {
        var s = 0.0
        for i in r { s += x[i] }
        return s
    }

    static func mean(_ x: [Double], _ r: Range<Int>) -> Double {
        r.isEmpty ? .nan : sum(x, r) / Double(r.count)
    }

    static func logRatio<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as CompositionError { throw ShiftError.numerical("composition: \(e)") }
    }

    static func changePoints<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ChangePointError { throw ShiftError.numerical("change-point search: \(e)") }
    }

    static func methodNotes(_ options: ShiftOptions) -> [String] {
        [
            "composition: shares of the sum of the parts; zeros replaced multiplicatively (Martín-Fernández et al. 2003) by 0.5 / max(total, parts); parts below \(options.minimumPartShare) share in every 12-month window amalgamated into '\(otherCode)' for the change search",
            "seasonality removed by STL (period 12, s.window 13) on centred log-ratio coordinates of the shares and on log1p of the total: robust STL, a first change search, then STL of each coordinate minus its segment levels",
            "shifts: exact PELT for a change in mean of the adjusted clr coordinates (robust per-coordinate scale, penalty \(options.penaltyScale) × 3 (D−1) log n) and of the adjusted log total (\(options.penaltyScale) × 3 log n); kept when a part's mean clr moves ≥ \(options.minimumLogRatioChange) (total: ≥ \(options.minimumVolumeChange)); composition and volume changes ≤ \(options.kindTolerance) months apart are 'both'",
            "events: counterfactual from each route's last \(options.preWindow) months before the event month (log1p, periodic STL seasonal, 12-month level, rolling-origin level error), over the \(options.postWindow) months after it; \(Int((options.level * 100).rounded()))% intervals from \(options.draws) seeded draws (seed \(options.seed)); WDQ (Bowers & Johnson 2003) against the same months one year earlier",
        ]
    }
}
