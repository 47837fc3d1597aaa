import Foundation
import StrataData
import StrataNumerics

extension RouteShiftAnalysis {
    /// Runs the shift detector as if at the end of each past month, with only
    /// the data then available, and reports when each event (and each shift
    /// found on the whole data) was first flagged and how many flags matched
    /// nothing.
    ///
    /// A flag is a shift date reported at the end of month `c` with no date
    /// within ``ShiftOptions/replayTolerance`` months reported at the end of
    /// month `c − 1`. An event is flagged at the first month, from the event
    /// month on, whose detection reports a shift within
    /// ``ShiftOptions/replayTolerance`` months of it (a whole-data shift: the
    /// first month at all); a flag matching no event and no whole-data shift
    /// within the tolerance is false.
    ///
    /// - Parameters:
    ///   - composition: from ``composition(_:options:)``.
    ///   - events: the events to time (the given ones; whole-data shifts are added).
    ///   - options: the detection settings and ``ShiftOptions/replayStart``.
    /// - Returns: the replay table.
    /// - Throws: ``ShiftError/tooShort(months:minimum:purpose:)`` when the data are
    ///   not longer than ``ShiftOptions/replayStart``;
    ///   ``ShiftError/eventOutsideData(event:period:detail:)`` for an event that is not a month.
    /// - Complexity: `n − replayStart` detections, in parallel.
    public static func replay(_ composition: RouteComposition, events: [ShiftEvent], options: ShiftOptions = ShiftOptions()) throws -> ShiftReplay {
        try check(options)
        let n = composition.length
        guard n > options.replayStart else {
            throw ShiftError.tooShort(months: n, minimum: options.replayStart + 1, purpose: "the replay")
        }
        let full = try detectDates(composition.counts, options: options).map(\.index)
        let cutoffs = Array((options.replayStart)...n)
        let counts = composition.counts
        let detections = try Parallel.map(cutoffs.count) { i -> [Int] in
            let c = cutoffs[i]
            return try detectDates(counts.map { Array($0[0..<c]) }, options: options).map(\.index)
        }
        let tol = options.replayTolerance
        var targets: [(index: Int, label: String, period: Period, isEvent: Bool)] = []
        for e in events {
            guard let d = e.period.distance(from: composition.start) else {
                throw ShiftError.eventOutsideData(event: e.label, period: e.period, detail: "is not a month")
            }
            targets.append((d, e.label, e.period, true))
        }
        for f in full where !targets.contains(where: { abs($0.index - f) <= tol }) {
            targets.append((f, "shift", composition.start + f, false))
        }
        var entries: [ReplayEntry] = []
        for target in targets {
            // a date within ±tol; for an event, only once the event month is in the data
            let window = (target.index - tol)...(target.index + tol)
            var flagged: Int? = nil, date: Int? = nil
            for (i, dates) in detections.enumerated() where !target.isEvent || cutoffs[i] - 1 >= target.index {
                guard let d = dates.filter({ window.contains($0) }).min(by: { abs($0 - target.index) < abs($1 - target.index) })
                else { continue }
                flagged = cutoffs[i] - 1
                date = d
                break
            }
            entries.append(ReplayEntry(period: target.period, label: target.label,
                                       flaggedAt: flagged.map { composition.start + $0 },
                                       monthsToFlag: flagged.map { $0 - target.index },
                                       flaggedPeriod: date.map { composition.start + $0 }))
        }
        var flags = 0, falseFlags = 0
        var previous: [Int] = []
        for dates in detections {
            for d in dates where !previous.contains(where: { abs($0 - d) <= tol }) {
                flags += 1
                if !targets.contains(where: { abs($0.index - d) <= tol }) { falseFlags += 1 }
            }
            previous = dates
        }
        let routeYears = Double(cutoffs.count) * Double(composition.codes.count) / 12
        return ShiftReplay(events: entries, flags: flags, falseFlags: falseFlags, replayedMonths: cutoffs.count,
                           falseFlagsPerRouteYear: routeYears > 0 ? Double(falseFlags) / routeYears : .nan)
    }
}
