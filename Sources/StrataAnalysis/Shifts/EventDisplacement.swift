import Foundation
import StrataData
import StrataNumerics

extension RouteShiftAnalysis {
    /// Displacement around one event: per-route counterfactuals, the
    /// displacement ratio with its simulation interval, and the WDQ (see the
    /// type's discussion for the model).
    ///
    /// - Parameters:
    ///   - event: the event month, label and optional losing/gaining routes.
    ///   - composition: from ``composition(_:options:)``.
    ///   - options: ``ShiftOptions/postWindow``, ``ShiftOptions/preWindow``,
    ///     ``ShiftOptions/control``, ``ShiftOptions/level``, ``ShiftOptions/draws``, ``ShiftOptions/seed``.
    /// - Returns: the event's routes, ratio and WDQ.
    /// - Throws: ``ShiftError/eventOutsideData(event:period:detail:)`` for an event
    ///   outside the data or with fewer than 12 months before it;
    ///   ``ShiftError/unknownRoute(_:parameter:available:)``;
    ///   ``ShiftError/controlInEvent(control:event:role:)`` when the control is
    ///   losing or gaining.
    /// - Complexity: O(D · (preWindow + draws · postWindow)).
    public static func displacement(
        around event: ShiftEvent, in composition: RouteComposition, options: ShiftOptions = ShiftOptions()
    ) throws -> EventDisplacement {
        try check(options)
        let n = composition.length, D = composition.codes.count
        let first = composition.start, last = composition.start + (n - 1)
        guard event.period.frequency == .monthly else {
            throw ShiftError.eventOutsideData(event: event.label, period: event.period, detail: "is not a month")
        }
        guard let e = event.period.distance(from: first), e >= 0, e < n else {
            throw ShiftError.eventOutsideData(event: event.label, period: event.period,
                                              detail: "outside the data (\(first) to \(last))")
        }
        guard e >= 12 else {
            throw ShiftError.eventOutsideData(event: event.label, period: event.period,
                                              detail: "needs at least 12 months of data before it for the counterfactual, has \(e)")
        }
        guard e + 1 < n else {
            throw ShiftError.eventOutsideData(event: event.label, period: event.period,
                                              detail: "no data after the event month (the data end in \(last))")
        }
        var notes: [String] = []
        let windowEnd = min(e + options.postWindow, n - 1)
        let H = windowEnd - e
        if H < options.postWindow {
            notes.append("post-event window shortened to \(H) month(s): the data end in \(last)")
        }
        // validate named routes
        func index(_ code: String, _ parameter: String) throws -> Int {
            guard let i = composition.codes.firstIndex(of: code) else {
                throw ShiftError.unknownRoute(code, parameter: parameter, available: composition.codes)
            }
            return i
        }
        let control = try options.control.map { try index($0, "control") }
        let givenLosing = try event.losing.map { try $0.map { try index($0, "losing") } }
        let givenGaining = try event.gaining.map { try $0.map { try index($0, "gaining") } }
        if let c = control {
            if givenLosing?.contains(c) == true {
                throw ShiftError.controlInEvent(control: composition.codes[c], event: event.label, role: "losing")
            }
            if givenGaining?.contains(c) == true {
                throw ShiftError.controlInEvent(control: composition.codes[c], event: event.label, role: "gaining")
            }
        }
        // counterfactual draws per route
        let P = min(options.preWindow, e)
        if P < 24 { notes.append("only \(P) months before the event: counterfactuals without a seasonal profile") }
        let S = options.draws
        let alpha = (1 - options.level) / 2
        var draws: [[Double]] = []
        var effects: [RouteEffect] = []
        var observed = [Double](repeating: 0, count: D)
        for j in 0..<D {
            let y = composition.counts[j]
            observed[j] = sum(y, (e + 1)..<(windowEnd + 1))
            var rng = SplitMix64(seed: options.seed &+ UInt64(j + 1) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(e))
            let model = try CounterfactualModel(pre: Array(y[(e - P)..<e]), horizon: H)
            let totals = model.simulate(draws: S, rng: &rng)
            draws.append(totals)
            let sorted = totals.sorted()
            effects.append(RouteEffect(
                code: composition.codes[j], role: "other", observed: observed[j],
                counterfactual: quantile(sorted, 0.5), lower: quantile(sorted, alpha), upper: quantile(sorted, 1 - alpha)))
        }
        // roles
        var losing = givenLosing ?? (0..<D).filter { effects[$0].excessUpper < 0 && $0 != control }
        if givenLosing == nil, let c = control, effects[c].excessUpper < 0 {
            throw ShiftError.controlInEvent(control: composition.codes[c], event: event.label,
                                            role: "losing (its post-event total is below its counterfactual interval)")
        }
        losing.sort()
        let gaining = (givenGaining ?? (0..<D).filter { !losing.contains($0) && $0 != control }).filter { !losing.contains($0) }
        if let g = givenGaining, g.contains(where: losing.contains) {
            notes.append("routes named both losing and gaining are counted as losing only")
        }
        for j in losing { effects[j].role = "losing" }
        for j in gaining { effects[j].role = "gaining" }
        if let c = control { effects[c].role = "control" }
        // ratio
        var ratio = Double.nan, ratioLower = Double.nan, ratioUpper = Double.nan
        if losing.isEmpty {
            notes.append("no losing route: no route's post-event total is below its counterfactual interval, so there is no fall to displace")
        } else {
            let num = gaining.reduce(0.0) { $0 + effects[$1].excess }
            let den = losing.reduce(0.0) { $0 - effects[$1].excess }
            if den > 0 { ratio = num / den } else { notes.append("the losing routes show no deficit against their counterfactuals") }
            var ratios: [Double] = []
            ratios.reserveCapacity(S)
            for s in 0..<S {
                var a = 0.0, b = 0.0
                for j in gaining { a += observed[j] - draws[j][s] }
                for j in losing { b += draws[j][s] - observed[j] }
                if b > 0 { ratios.append(a / b) }
            }
            if ratios.count * 2 >= S {
                ratios.sort()
                // draws without a deficit count as a ratio of +∞ or −∞ by the numerator's sign
                let missing = S - ratios.count
                if missing > 0 { notes.append("\(missing) of \(S) draws had no deficit on the losing routes and were left out of the ratio interval") }
                ratioLower = quantile(ratios, alpha)
                ratioUpper = quantile(ratios, 1 - alpha)
            } else {
                notes.append("the deficit on the losing routes is not distinguishable from 0 in most draws: no ratio interval")
            }
        }
        // WDQ
        var wdq = Double.nan
        if let c = control {
            let after = (e + 1)..<(windowEnd + 1)
            let before = (e + 1 - 12)..<(windowEnd + 1 - 12)
            if losing.isEmpty || gaining.isEmpty {
                notes.append("WDQ needs losing and gaining routes")
            } else {
                let aB = losing.reduce(0.0) { $0 + sum(composition.counts[$1], before) }
                let aA = losing.reduce(0.0) { $0 + sum(composition.counts[$1], after) }
                let bB = gaining.reduce(0.0) { $0 + sum(composition.counts[$1], before) }
                let bA = gaining.reduce(0.0) { $0 + sum(composition.counts[$1], after) }
                let cB = sum(composition.counts[c], before), cA = sum(composition.counts[c], after)
                if cB > 0, cA > 0 {
                    let success = aA / cA - aB / cB
                    if success != 0 { wdq = (bA / cA - bB / cB) / success } else { notes.append("WDQ undefined: no change in the treatment routes relative to the control") }
                } else {
                    notes.append("WDQ undefined: the control route has no detections before or after")
                }
                notes.append("WDQ: after = \(first + (e + 1)) to \(first + windowEnd), before = the same months one year earlier; treatment = losing routes, buffer = gaining routes, control = \(composition.codes[c])")
            }
        } else {
            notes.append("no control route given: no WDQ")
        }
        return EventDisplacement(
            period: event.period, label: event.label, window: [first + (e + 1), first + windowEnd], routes: effects,
            losing: losing.map { composition.codes[$0] }, gaining: gaining.map { composition.codes[$0] },
            displacementRatio: ratio, ratioLower: ratioLower, ratioUpper: ratioUpper, wdq: wdq,
            control: control.map { composition.codes[$0] }, notes: notes)
    }

    /// Linear-interpolation quantile (R type 7) of sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}

/// The pre-event model of one route (see ``RouteShiftAnalysis``): log1p
/// scale, periodic seasonal profile, 12-month level, rolling-origin level error.
struct CounterfactualModel: Sendable {
    /// Seasonal value of each post-window month.
    let seasonal: [Double]
    let level: Double
    let noise: Double
    let levelError: Double

    init(pre y: [Double], horizon H: Int) throws {
        let P = y.count
        let z = y.map { Foundation.log1p(max(0, $0)) }
        var s = [Double](repeating: 0, count: P)
        if P >= 24, let f = z.first, !z.allSatisfy({ $0 == f }) {
            do {
                s = try STL.decompose(z, parameters: STL.Parameters(period: 12, seasonalWindow: .periodic)).seasonal
            } catch {
                throw ShiftError.numerical("counterfactual seasonal profile: \(error)")
            }
        }
        let a = zip(z, s).map { $0 - $1 }
        let m = min(12, P)
        let recent = Array(a[(P - m)..<P])
        let level = recent.reduce(0, +) / Double(m)
        var ss = 0.0
        for v in recent { ss += (v - level) * (v - level) }
        let noiseVariance = m > 1 ? ss / Double(m - 1) : 0
        // rolling-origin error of "mean of m months → mean of the next H months"
        var errors: [Double] = []
        if P - H >= m {
            for o in m...(P - H) {
                var pastMean = 0.0, futureMean = 0.0
                for i in (o - m)..<o { pastMean += a[i] }
                for i in o..<(o + H) { futureMean += a[i] }
                let err = futureMean / Double(H) - pastMean / Double(m)
                errors.append(err * err)
            }
        }
        let windowNoise = noiseVariance / Double(H)
        var levelVariance = noiseVariance / Double(m)
        if errors.count >= 3 {
            let mse = errors.reduce(0, +) / Double(errors.count)
            levelVariance = max(mse - windowNoise, levelVariance)
        } else {
            levelVariance = 2 * max(levelVariance, windowNoise)
        }
        self.level = level
        self.noise = noiseVariance.squareRoot()
        self.levelError = levelVariance.squareRoot()
        // seasonal value for post month h (absolute e + 1 + h) = pre index P − 12 + ((1 + h) mod 12)
        self.seasonal = (0..<H).map { h in P >= 24 ? s[P - 12 + ((1 + h) % 12)] : 0 }
    }

    /// Simulated window totals.
    ///
    /// Normals come in Box–Muller pairs (both the cosine and the sine draw are
    /// used), from ``SplitMix64/nextUniform()``.
    func simulate(draws S: Int, rng: inout SplitMix64) -> [Double] {
        let H = seasonal.count
        var normals = [Double](repeating: 0, count: S * (H + 1) + 1)
        var i = 0
        while i < normals.count {
            let r = (-2 * Foundation.log(rng.nextUniform())).squareRoot()
            let angle = 2 * Double.pi * rng.nextUniform()
            normals[i] = r * Foundation.cos(angle)
            if i + 1 < normals.count { normals[i + 1] = r * Foundation.sin(angle) }
            i += 2
        }
        var out = [Double](repeating: 0, count: S)
        let base = seasonal.map { level + $0 }
        var j = 0
        for k in 0..<S {
            let delta = levelError * normals[j]
            j += 1
            var total = 0.0
            for h in 0..<H {
                let v = Foundation.expm1(base[h] + delta + noise * normals[j])
                j += 1
                total += max(0, v)
            }
            out[k] = total
        }
        return out
    }
}
