import Foundation

/// The seasonal smoothing window of STL: an odd span in cycles, or
/// `periodic` (the seasonal pattern is the same every cycle).
public enum SeasonalWindow: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// Seasonal values are forced to repeat exactly every period (R's `s.window = "periodic"`).
    case periodic
    /// An odd LOESS span of at least 3, counted in cycles (R's numeric `s.window`).
    case span(Int)

    public var description: String {
        switch self {
        case .periodic: return "periodic"
        case let .span(n): return String(n)
        }
    }
}

/// Seasonal–trend decomposition by LOESS (STL).
///
/// Implements Cleveland, Cleveland, McRae & Terpenning (1990), "STL: A
/// Seasonal-Trend Decomposition Procedure Based on Loess", *Journal of
/// Official Statistics* 6(1):3–73, following the Fortran of `stl.f`
/// (routines `stl`, `stlstp`, `stlss`, `stlfts`, `stless`, `stlest`,
/// `stlrwt`) that R's `stats::stl` calls, with R's defaults and R's
/// post-processing for `s.window = "periodic"` (each cycle position's
/// seasonal values replaced by their mean, remainder recomputed).
///
/// ```swift
/// let parameters = STL.Parameters(period: 12, seasonalWindow: .span(7))
/// let d = try STL.decompose(values, parameters: parameters)
/// print(d.trend, d.seasonal, d.remainder, d.seasonalStrength)
/// ```
///
/// ## Accuracy
/// Non-robust fits match R 4.2.2's `stl` to better than 1e-9 × range(x) on
/// `co2`, `nottem` and `log(AirPassengers)` for `s.window` 7 and periodic
/// (observed differences are about 1e-13 relative). Robust fits match
/// statsmodels 0.15's `STL` run with R's resolved parameters to the same
/// tolerance: R's Fortran computes the median absolute deviation with a
/// partial sort that is wrong for some even-length series, and this
/// implementation uses the correct median, as statsmodels does. On an
/// odd-length series (where R's median is right) robust and non-robust fits
/// with seasonal degree 1, a custom trend window and period 4 match R itself
/// to 1e-9 × range(x) (see the tests).
///
/// ## Robustness weights and MAD = 0
/// Robustness weights are Tukey's biweight of `|r| / (6·MAD)` with the
/// 0.001 / 0.999 cut-offs of `stlrwt`. When the MAD of the remainder is
/// exactly zero (count series made mostly of exact zeros reach this), this
/// implementation follows **statsmodels' rule: every weight is 1 for that
/// iteration** (R instead gives weight 1 to exact fits and 0 to every other
/// point, which discards the informative observations). Each such
/// iteration is reported in ``Decomposition/warnings``.
///
/// ## Missing values
/// NaN values inside the series are handled as in `stlplus` (Hafen 2010):
/// every LOESS fit skips them (weight zero) but still estimates a value at
/// their position, so trend and seasonal are complete; the remainder (and
/// the seasonally adjusted value) is NaN there and the robustness weight 0.
/// The MAD for robustness weights uses the observed points only. If a
/// component cannot be estimated somewhere (a LOESS window with no
/// observation), ``DecompositionError/tooManyMissing(detail:)`` is thrown.
public enum STL {
    /// STL parameters as the user states them; anything left `nil` takes R's default.
    ///
    /// Defaults (R's `stl`): seasonal degree 0; trend window
    /// `nextodd(ceil(1.5·period / (1 − 1.5 / seasonalWindow)))`; trend degree 1;
    /// low-pass window `nextodd(period)`; low-pass degree = trend degree; each
    /// jump `ceil(window / 10)`; 2 inner and 0 outer iterations, or 1 inner and
    /// 15 outer when `robust`. `periodic` means a seasonal window of `10·n + 1`
    /// and seasonal degree 0 (any `seasonalDegree` given is then ignored, as in R).
    /// Unlike R, an even or too-small window is an error instead of being
    /// silently changed.
    public struct Parameters: Sendable, Codable, Equatable, Hashable {
        /// Observations per cycle (12 for monthly data); at least 2.
        public var period: Int
        /// Seasonal LOESS window (R `s.window`): an odd span or periodic.
        public var seasonalWindow: SeasonalWindow
        /// Seasonal LOESS degree, 0 or 1 (R `s.degree`).
        public var seasonalDegree: Int
        /// Trend LOESS window (R `t.window`); `nil` for R's default.
        public var trendWindow: Int?
        /// Trend LOESS degree, 0 or 1 (R `t.degree`).
        public var trendDegree: Int
        /// Low-pass LOESS window (R `l.window`); `nil` for `nextodd(period)`.
        public var lowPassWindow: Int?
        /// Low-pass LOESS degree (R `l.degree`); `nil` for the trend degree.
        public var lowPassDegree: Int?
        /// Seasonal jump (R `s.jump`); `nil` for `ceil(window / 10)`.
        public var seasonalJump: Int?
        /// Trend jump (R `t.jump`); `nil` for `ceil(window / 10)`.
        public var trendJump: Int?
        /// Low-pass jump (R `l.jump`); `nil` for `ceil(window / 10)`.
        public var lowPassJump: Int?
        /// Use robustness iterations (R `robust`).
        public var robust: Bool
        /// Inner iterations (R `inner`); `nil` for 2, or 1 when robust.
        public var innerIterations: Int?
        /// Outer (robustness) iterations (R `outer`); `nil` for 0, or 15 when robust.
        public var outerIterations: Int?

        /// Parameters with R's argument names in English (`s.window` → `seasonalWindow`, …).
        ///
        /// - Parameters:
        ///   - period: observations per cycle (12 for monthly data), `≥ 2`.
        ///   - seasonalWindow: odd span `≥ 3` in cycles, or `.periodic`.
        ///   - seasonalDegree: 0 or 1 (R's `s.degree`).
        ///   - trendWindow: odd `≥ 3` (R's `t.window`); `nil` for R's default.
        ///   - trendDegree: 0 or 1 (R's `t.degree`).
        ///   - lowPassWindow: odd `≥ 3` (R's `l.window`); `nil` for `nextodd(period)`.
        ///   - lowPassDegree: 0 or 1; `nil` for `trendDegree`.
        ///   - seasonalJump: `≥ 1`; `nil` for `ceil(window / 10)`.
        ///   - trendJump: `≥ 1`; `nil` for `ceil(window / 10)`.
        ///   - lowPassJump: `≥ 1`; `nil` for `ceil(window / 10)`.
        ///   - robust: use robustness iterations (changes the defaults of inner/outer).
        ///   - innerIterations: `≥ 1`; `nil` for 2 (1 when robust).
        ///   - outerIterations: `≥ 0`; `nil` for 0 (15 when robust).
        public init(
            period: Int, seasonalWindow: SeasonalWindow, seasonalDegree: Int = 0,
            trendWindow: Int? = nil, trendDegree: Int = 1,
            lowPassWindow: Int? = nil, lowPassDegree: Int? = nil,
            seasonalJump: Int? = nil, trendJump: Int? = nil, lowPassJump: Int? = nil,
            robust: Bool = false, innerIterations: Int? = nil, outerIterations: Int? = nil
        ) {
            self.period = period
            self.seasonalWindow = seasonalWindow
            self.seasonalDegree = seasonalDegree
            self.trendWindow = trendWindow
            self.trendDegree = trendDegree
            self.lowPassWindow = lowPassWindow
            self.lowPassDegree = lowPassDegree
            self.seasonalJump = seasonalJump
            self.trendJump = trendJump
            self.lowPassJump = lowPassJump
            self.robust = robust
            self.innerIterations = innerIterations
            self.outerIterations = outerIterations
        }

        /// The parameters R would use for a series of `length` observations.
        ///
        /// - Parameter length: the number of observations (missing included).
        /// - Returns: every window, degree, jump and iteration count resolved.
        /// - Throws: ``DecompositionError/invalidParameter(name:detail:)`` naming the
        ///   parameter, or ``DecompositionError/seriesTooShort(length:minimum:parameter:)``
        ///   when `length ≤ 2 · period` (R `stl`: "series is not periodic or has less than
        ///   two periods" unless `n > 2 · period`).
        /// - Complexity: O(1).
        public func resolved(length n: Int) throws -> ResolvedParameters {
            guard period >= 2 else {
                throw DecompositionError.invalidParameter(name: "period", detail: "must be at least 2, got \(period)")
            }
            // R stl(): stop unless n > 2·period (compared without overflow).
            guard period < n, n - period > period else {
                throw DecompositionError.seriesTooShort(
                    length: n, minimum: period >= Int.max / 2 ? Int.max : 2 * period + 1,
                    parameter: "period")
            }
            func oddWindow(_ w: Int, _ name: String) throws -> Int {
                guard w >= 3, w % 2 == 1 else {
                    throw DecompositionError.invalidParameter(
                        name: name, detail: "must be an odd integer of at least 3, got \(w)")
                }
                return w
            }
            func degree(_ d: Int, _ name: String) throws -> Int {
                guard d == 0 || d == 1 else {
                    throw DecompositionError.invalidParameter(name: name, detail: "must be 0 or 1, got \(d)")
                }
                return d
            }
            func jump(_ j: Int?, _ window: Int, _ name: String) throws -> Int {
                guard let j else { return window / 10 + (window % 10 == 0 ? 0 : 1) }
                guard j >= 1 else {
                    throw DecompositionError.invalidParameter(name: name, detail: "must be at least 1, got \(j)")
                }
                return j
            }
            func nextOdd(_ x: Double) -> Int {
                let r = Int(x.rounded(.toNearestOrEven))
                return r % 2 == 0 ? r + 1 : r
            }
            let periodic: Bool
            let ns: Int
            let isdeg: Int
            switch seasonalWindow {
            case .periodic:
                periodic = true
                ns = 10 * n + 1
                isdeg = 0
            case let .span(w):
                periodic = false
                ns = try oddWindow(w, "seasonalWindow")
                isdeg = try degree(seasonalDegree, "seasonalDegree")
            }
            let itdeg = try degree(trendDegree, "trendDegree")
            let nt = try trendWindow.map { try oddWindow($0, "trendWindow") }
                ?? nextOdd((1.5 * Double(period) / (1 - 1.5 / Double(ns))).rounded(.up))
            let nl = try lowPassWindow.map { try oddWindow($0, "lowPassWindow") } ?? nextOdd(Double(period))
            let ildeg = try degree(lowPassDegree ?? itdeg, "lowPassDegree")
            let inner = innerIterations ?? (robust ? 1 : 2)
            let outer = outerIterations ?? (robust ? 15 : 0)
            guard inner >= 1 else {
                throw DecompositionError.invalidParameter(name: "inner", detail: "must be at least 1, got \(inner)")
            }
            guard outer >= 0 else {
                throw DecompositionError.invalidParameter(name: "outer", detail: "must be at least 0, got \(outer)")
            }
            return ResolvedParameters(
                length: n, period: period, periodic: periodic,
                seasonalWindow: ns, seasonalDegree: isdeg, trendWindow: nt, trendDegree: itdeg,
                lowPassWindow: nl, lowPassDegree: ildeg,
                seasonalJump: try jump(seasonalJump, ns, "seasonalJump"),
                trendJump: try jump(trendJump, nt, "trendJump"),
                lowPassJump: try jump(lowPassJump, nl, "lowPassJump"),
                innerIterations: inner, outerIterations: outer)
        }
    }

    /// Every STL parameter resolved for one series length, as R's `stl`
    /// reports them (`ns, nt, nl, isdeg, itdeg, ildeg, nsjump, …`).
    public struct ResolvedParameters: Sendable, Codable, Equatable, Hashable {
        /// Series length the parameters were resolved for.
        public var length: Int
        /// Observations per cycle.
        public var period: Int
        /// Whether the seasonal window is periodic (then R's post-processing applies).
        public var periodic: Bool
        /// Seasonal window in cycles (`10·n + 1` when periodic).
        public var seasonalWindow: Int
        /// Seasonal LOESS degree.
        public var seasonalDegree: Int
        /// Trend LOESS window.
        public var trendWindow: Int
        /// Trend LOESS degree.
        public var trendDegree: Int
        /// Low-pass LOESS window.
        public var lowPassWindow: Int
        /// Low-pass LOESS degree.
        public var lowPassDegree: Int
        /// Seasonal jump.
        public var seasonalJump: Int
        /// Trend jump.
        public var trendJump: Int
        /// Low-pass jump.
        public var lowPassJump: Int
        /// Inner iterations.
        public var innerIterations: Int
        /// Outer (robustness) iterations.
        public var outerIterations: Int
        /// `true` when robustness iterations run (`outerIterations > 0`).
        public var isRobust: Bool { outerIterations > 0 }
    }

    /// Decompose one series into trend, seasonal and remainder.
    ///
    /// - Parameters:
    ///   - values: the series in time order; NaN marks a missing value.
    ///   - parameters: the STL settings (R's defaults for anything left `nil`).
    ///   - transform: applied before decomposing (components are on the
    ///     transformed scale; ``Decomposition/seasonallyAdjusted`` is back on the
    ///     original scale).
    /// - Returns: the decomposition, with strength features and warnings.
    /// - Throws: ``DecompositionError`` for a bad parameter (named), a series
    ///   shorter than two periods, infinite values, all values missing, values
    ///   outside the transform's domain, or too many missing values.
    /// - Complexity: O(n · (inner + 1) · (outer + 1) · (windows / jumps)) time,
    ///   O(n) memory; single-threaded, no BLAS.
    public static func decompose(
        _ values: [Double], parameters: Parameters, transform: Transform = .none
    ) throws -> Decomposition {
        let resolved = try parameters.resolved(length: values.count)
        return try decompose(values, resolved: resolved, transform: transform)
    }

    /// Decompose with parameters already resolved for `values.count`.
    static func decompose(
        _ values: [Double], resolved: ResolvedParameters, transform: Transform
    ) throws -> Decomposition {
        let y = try validatedTransformed(values, resolved: resolved, transform: transform)
        let core = STLCore(resolved)
        let fit = core.run(y)
        guard fit.trend.allSatisfy(\.isFinite), fit.seasonal.allSatisfy(\.isFinite) else {
            throw DecompositionError.tooManyMissing(
                detail: "a LOESS window holds no observed value; STL cannot estimate every component")
        }
        var warnings: [String] = []
        if fit.zeroMADIterations > 0 {
            warnings.append(
                "robustness: the remainder's median absolute deviation was 0 in \(fit.zeroMADIterations) of "
                    + "\(resolved.outerIterations) robustness iterations; every weight was set to 1 for those "
                    + "iterations (statsmodels' rule)")
        }
        return Decomposition(
            observed: values, transformed: y, trend: fit.trend, seasonal: fit.seasonal, weights: fit.weights,
            transform: transform, parameters: resolved, warnings: warnings)
    }

    /// Check `values` (finite or NaN, not all missing) and apply the transform.
    static func validatedTransformed(
        _ values: [Double], resolved: ResolvedParameters, transform: Transform
    ) throws -> [Double] {
        if let bad = values.firstIndex(where: { $0.isInfinite }) {
            throw DecompositionError.nonFiniteValue(index: bad)
        }
        guard values.contains(where: { !$0.isNaN }) else { throw DecompositionError.allMissing }
        return try transform.apply(values)
    }
}

/// The STL inner and outer loops of `stl.f` for one resolved parameter set.
struct STLCore: Sendable {
    let n: Int
    let np: Int
    let ns: Int, nt: Int, nl: Int
    let isdeg: Int, itdeg: Int, ildeg: Int
    let nsjump: Int, ntjump: Int, nljump: Int
    let ni: Int, no: Int
    let periodic: Bool

    init(_ p: STL.ResolvedParameters) {
        n = p.length
        np = p.period
        ns = p.seasonalWindow
        nt = p.trendWindow
        nl = p.lowPassWindow
        isdeg = p.seasonalDegree
        itdeg = p.trendDegree
        ildeg = p.lowPassDegree
        nsjump = p.seasonalJump
        ntjump = p.trendJump
        nljump = p.lowPassJump
        ni = p.innerIterations
        no = p.outerIterations
        periodic = p.periodic
    }

    struct Fit {
        var trend: [Double]
        var seasonal: [Double]
        var weights: [Double]
        var zeroMADIterations: Int
    }

    /// `stl`: inner loop, then robustness passes; R's periodic post-processing.
    func run(_ y: [Double]) -> Fit {
        var trend = [Double](repeating: 0, count: n)
        var season = [Double](repeating: 0, count: n)
        var rw: [Double]? = nil
        var buffers = Buffers(n: n, np: np)
        var zeroMAD = 0
        var k = 0
        while true {
            step(y, robustness: rw, season: &season, trend: &trend, buffers: &buffers)
            k += 1
            if k > no { break }
            let (weights, madWasZero) = robustnessWeights(y, trend: trend, season: season)
            if madWasZero { zeroMAD += 1 }
            rw = weights
        }
        var weights = rw ?? [Double](repeating: 1, count: n)
        for i in 0..<n where y[i].isNaN { weights[i] = 0 }
        if periodic {
            // R: z$seasonal <- tapply(z$seasonal, cycle(x), mean)[cycle(x)]
            for j in 0..<np {
                var sum = 0.0
                var count = 0
                for i in stride(from: j, to: n, by: np) {
                    sum += season[i]
                    count += 1
                }
                let mean = sum / Double(count)
                for i in stride(from: j, to: n, by: np) { season[i] = mean }
            }
        }
        return Fit(trend: trend, seasonal: season, weights: weights, zeroMADIterations: zeroMAD)
    }

    /// Scratch space reused across iterations.
    struct Buffers {
        var w1: [Double]
        var c: [Double]  // cycle-subseries smooth, n + 2·np
        var ma1: [Double]
        var ma2: [Double]
        var lowPass: [Double]
        var sub: [Double]
        var subWeights: [Double]
        var subSmooth: [Double]
        var work: [Double]

        init(n: Int, np: Int) {
            let k = n / np + 1
            w1 = [Double](repeating: 0, count: n)
            c = [Double](repeating: 0, count: n + 2 * np)
            ma1 = [Double](repeating: 0, count: n + np + 1)
            ma2 = [Double](repeating: 0, count: n + 2)
            lowPass = [Double](repeating: 0, count: n)
            sub = [Double](repeating: 0, count: k)
            subWeights = [Double](repeating: 0, count: k)
            subSmooth = [Double](repeating: 0, count: k + 2)
            work = [Double](repeating: 0, count: n + 2 * np)
        }
    }

    /// `stlstp`: the inner loop.
    func step(
        _ y: [Double], robustness rw: [Double]?, season: inout [Double], trend: inout [Double],
        buffers b: inout Buffers
    ) {
        for _ in 0..<ni {
            for i in 0..<n { b.w1[i] = y[i] - trend[i] }
            cycleSubseriesSmooth(b.w1, robustness: rw, buffers: &b)
            // stlfts: moving averages of lengths np, np, 3.
            Self.movingAverage(b.c, count: n + 2 * np, length: np, into: &b.ma1)
            Self.movingAverage(b.ma1, count: n + np + 1, length: np, into: &b.ma2)
            Self.movingAverage(b.ma2, count: n + 2, length: 3, into: &b.w1)
            LoessKernel.smooth(
                b.w1, count: n, window: nl, degree: ildeg, jump: nljump, robustness: nil,
                into: &b.lowPass, outOffset: 0, work: &b.work)
            for i in 0..<n { season[i] = b.c[np + i] - b.lowPass[i] }
            for i in 0..<n { b.w1[i] = y[i] - season[i] }
            LoessKernel.smooth(
                b.w1, count: n, window: nt, degree: itdeg, jump: ntjump, robustness: rw,
                into: &trend, outOffset: 0, work: &b.work)
        }
    }

    /// `stlss`: smooth each cycle-subseries, extended by one value at each end, into `b.c`.
    func cycleSubseriesSmooth(_ y: [Double], robustness rw: [Double]?, buffers b: inout Buffers) {
        for j in 1...np {
            let k = (n - j) / np + 1
            for i in 1...k { b.sub[i - 1] = y[(i - 1) * np + j - 1] }
            var subRw: [Double]? = nil
            if let rw {
                for i in 1...k { b.subWeights[i - 1] = rw[(i - 1) * np + j - 1] }
                subRw = b.subWeights
            }
            LoessKernel.smooth(
                b.sub, count: k, window: ns, degree: isdeg, jump: nsjump, robustness: subRw,
                into: &b.subSmooth, outOffset: 1, work: &b.work)
            let nright = min(ns, k)
            b.subSmooth[0] = LoessKernel.estimate(
                b.sub, count: k, window: ns, degree: isdeg, at: 0, left: 1, right: nright,
                work: &b.work, robustness: subRw) ?? b.subSmooth[1]
            let nleft = max(1, k - ns + 1)
            b.subSmooth[k + 1] = LoessKernel.estimate(
                b.sub, count: k, window: ns, degree: isdeg, at: Double(k + 1), left: nleft, right: k,
                work: &b.work, robustness: subRw) ?? b.subSmooth[k]
            for m in 1...(k + 2) { b.c[(m - 1) * np + j - 1] = b.subSmooth[m - 1] }
        }
    }

    /// `ma`: moving average of `length` over `x[0..<count]` (rolling sum, as in `stl.f`).
    static func movingAverage(_ x: [Double], count: Int, length: Int, into ave: inout [Double]) {
        let newn = count - length + 1
        let flen = Double(length)
        var v = 0.0
        for i in 0..<length { v += x[i] }
        ave[0] = v / flen
        if newn > 1 {
            var k = 0
            var m = length
            for j in 1..<newn {
                v = v - x[k] + x[m]
                ave[j] = v / flen
                k += 1
                m += 1
            }
        }
    }

    /// `stlrwt`: biweight robustness weights from the current fit, using the
    /// observed points only and the correct median. Returns whether the MAD
    /// was zero (then every weight is 1, statsmodels' rule).
    func robustnessWeights(_ y: [Double], trend: [Double], season: [Double]) -> ([Double], Bool) {
        var r = [Double](repeating: 0, count: n)
        var observed: [Double] = []
        observed.reserveCapacity(n)
        for i in 0..<n {
            r[i] = abs(y[i] - (trend[i] + season[i]))
            if !r[i].isNaN { observed.append(r[i]) }
        }
        observed.sort()
        let m = observed.count
        let median = m % 2 == 1 ? observed[m / 2] : 0.5 * (observed[m / 2 - 1] + observed[m / 2])
        let cmad = 6 * median
        var rw = [Double](repeating: 1, count: n)
        if cmad == 0 {
            for i in 0..<n where r[i].isNaN { rw[i] = 0 }
            return (rw, true)
        }
        let c9 = 0.999 * cmad
        let c1 = 0.001 * cmad
        for i in 0..<n {
            let ri = r[i]
            if ri.isNaN {
                rw[i] = 0
            } else if ri <= c1 {
                rw[i] = 1
            } else if ri <= c9 {
                let q = ri / cmad
                let t = 1 - q * q
                rw[i] = t * t
            } else {
                rw[i] = 0
            }
        }
        return (rw, false)
    }
}
