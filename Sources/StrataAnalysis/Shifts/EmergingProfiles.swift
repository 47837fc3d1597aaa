import Foundation
import StrataData
import StrataNumerics

extension RouteShiftAnalysis {
    /// Pairs of codes (route × citizenship by default) that rose from near
    /// zero to a material share (the rule is in the type's discussion).
    ///
    /// - Parameters:
    ///   - panel: monthly counts.
    ///   - options: ``ShiftOptions/emergingDimensions`` and the `emerging…` thresholds, the reporter.
    /// - Returns: emerging profiles, largest share first; empty (with no error)
    ///   when the data have no second dimension.
    /// - Throws: ``ShiftError`` for unknown dimensions or reporters, non-monthly data.
    /// - Complexity: O(series × n).
    public static func emergingProfiles(_ panel: Panel, options: ShiftOptions = ShiftOptions()) throws -> [EmergingProfile] {
        try check(options)
        guard panel.frequency == .monthly else { throw ShiftError.notMonthly(panel.frequency) }
        let dims: [String]
        if let given = options.emergingDimensions {
            dims = given
        } else {
            guard let by = dimensionIndex(panel, options.by) else {
                throw ShiftError.unknownDimension(options.by, available: panel.dimensions)
            }
            guard let second = ["citizenship", "nat", "nationality", "citizen"].lazy.compactMap({ dimensionIndex(panel, $0) }).first
            else { return [] }
            dims = [panel.dimensions[by], panel.dimensions[second]]
        }
        for d in dims where dimensionIndex(panel, d) == nil {
            throw ShiftError.unknownDimension(d, available: panel.dimensions)
        }
        let filters = try reporterFilter(panel, options: options)
        let agg: Panel
        do { agg = try Aggregation.sum(panel, by: dims, where: filters, completeness: .allowIncomplete).panel } catch {
            throw ShiftError.numerical("\(error)")
        }
        guard let start = agg.start else { return [] }
        let T = agg.periodCount
        var keys: [[String]] = [], isPart: [Bool] = []
        for s in 0..<agg.seriesCount {
            let codes = try agg.key(ofSeries: s).components.map(\.code)
            keys.append(codes)
            isPart.append(!codes.contains(where: TotalCode.isTotal))
        }
        var totals = [Double](repeating: 0, count: T)
        for s in 0..<agg.seriesCount where isPart[s] {
            for t in 0..<T {
                let v = agg.values[s * T + t]
                if !v.isNaN { totals[t] += v }
            }
        }
        let K = options.emergingPersistence
        guard T >= 12 + K else { return [] }
        var out: [EmergingProfile] = []
        for s in 0..<agg.seriesCount where isPart[s] {
            let y = Array(agg.values[(s * T)..<((s + 1) * T)])
            func share(_ t: Int) -> Double { totals[t] > 0 && !y[t].isNaN ? y[t] / totals[t] : .nan }
            search: for t in 12...(T - K) {
                var countSum = 0.0, shareSum = 0.0
                for k in 0..<K {
                    let sh = share(t + k)
                    guard sh.isFinite, sh >= options.emergingMinimumShare else { continue search }
                    countSum += y[t + k]
                    shareSum += sh
                }
                guard countSum / Double(K) >= options.emergingMinimumCount else { continue }
                var baseline = 0.0, seen = 0
                for i in (t - 12)..<t {
                    let sh = share(i)
                    if sh.isFinite { baseline += sh; seen += 1 }
                }
                guard seen >= 6, baseline / Double(seen) < options.emergingBaselineShare else { continue }
                out.append(EmergingProfile(code: keys[s].joined(separator: " / "), codes: keys[s], period: start + t,
                                           share: shareSum / Double(K), count: countSum / Double(K)))
                break
            }
        }
        return out.sorted { $0.share != $1.share ? $0.share > $1.share : $0.code < $1.code }
    }
}
