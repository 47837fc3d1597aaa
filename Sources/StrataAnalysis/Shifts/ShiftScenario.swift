import Foundation
import StrataData
import StrataNumerics

/// A seeded synthetic panel of monthly route counts with planted route
/// shifts of known date, size and direction, for tests, benchmarks and
/// evaluations of ``RouteShiftAnalysis``.
///
/// **Model.** Route `i` has a base level `μ_i` (log-uniform between
/// ``Settings/minimumLevel`` and ``Settings/maximumLevel``), a seasonal
/// factor `exp(a_i sin(2π t / 12 + φ_i))` with `a_i` uniform in
/// `[0, seasonalAmplitude]` and a random phase, and a slow random-walk
/// drift of its log level (standard deviation ``Settings/drift`` per month).
/// At a planted shift at month `τ` the losing route loses a fraction `f`
/// (uniform in ``Settings/lossRange``) of its mean from `τ` on, and the
/// gaining route gains `r` times the lost mean (`r` uniform in
/// ``Settings/ratioRange``): `r` is the true displacement ratio. Counts are
/// negative binomial with that mean and size ``Settings/size`` (variance
/// `μ + μ²/size`), drawn as a gamma–Poisson mixture (gamma: Marsaglia &
/// Tsang 2000; Poisson: inversion below 10, PTRS of Hörmann 1993 above, as
/// NumPy). Shifts are at least 24 months apart and at least 36 months from
/// the start and 18 from the end.
///
/// The same seed and settings give the same panel on every machine.
public struct ShiftScenario: Sendable, Equatable {
    /// The generator's settings.
    public struct Settings: Sendable, Codable, Equatable {
        /// Number of routes (`R1`, `R2`, …), at least 2.
        public var routes: Int = 5
        /// Number of months (from January 2010), at least 72.
        public var months: Int = 120
        /// Number of planted shifts.
        public var shifts: Int = 1
        /// Negative-binomial size (inverse dispersion).
        public var size: Double = 20
        /// Largest seasonal amplitude on the log scale.
        public var seasonalAmplitude: Double = 0.4
        /// Standard deviation of the monthly log-level random walk.
        public var drift: Double = 0.01
        /// Smallest base level (monthly mean).
        public var minimumLevel: Double = 100
        /// Largest base level.
        public var maximumLevel: Double = 3000
        /// Range of the fraction lost by the losing route.
        public var lossRange: ClosedRange<Double> = 0.4...0.8
        /// Range of the planted displacement ratio.
        public var ratioRange: ClosedRange<Double> = 0...1

        /// The defaults.
        public init() {}
    }

    /// One planted shift.
    public struct PlantedShift: Sendable, Codable, Equatable {
        /// First month of the new regime.
        public var period: Period
        /// Its index in the panel's calendar.
        public var index: Int
        /// The losing route.
        public var losing: String
        /// The gaining route.
        public var gaining: String
        /// The fraction of its mean the losing route lost.
        public var loss: Double
        /// The true displacement ratio (gain on the gaining route over the loss).
        public var ratio: Double
    }

    /// The counts, one series per route (dimension `route`).
    public var panel: Panel
    /// The planted shifts, in time order.
    public var shifts: [PlantedShift]
    /// The seed used.
    public var seed: UInt64
    /// The settings used.
    public var settings: Settings

    /// Generates a scenario.
    ///
    /// - Parameters:
    ///   - seed: the seed; the same seed and settings give the same scenario.
    ///   - settings: the generator's settings.
    /// - Returns: the panel and its planted shifts.
    /// - Throws: ``ShiftError/invalidParameter(name:detail:)`` for settings outside their domain
    ///   (too few routes or months, or more shifts than fit 24 months apart).
    /// - Complexity: O(routes × months).
    public static func generate(seed: UInt64, settings: Settings = Settings()) throws -> ShiftScenario {
        let R = settings.routes, n = settings.months
        guard R >= 2 else { throw ShiftError.invalidParameter(name: "routes", detail: "must be at least 2, is \(R)") }
        guard n >= 72 else { throw ShiftError.invalidParameter(name: "months", detail: "must be at least 72, is \(n)") }
        let room = n - 18 - 36
        guard settings.shifts >= 0, settings.shifts == 0 || (settings.shifts - 1) * 24 <= room else {
            throw ShiftError.invalidParameter(name: "shifts", detail: "\(settings.shifts) shifts 24 months apart do not fit in \(n) months")
        }
        guard settings.size > 0, settings.size.isFinite, settings.minimumLevel > 0, settings.maximumLevel >= settings.minimumLevel,
              settings.maximumLevel <= 1e7, settings.drift <= 1, settings.seasonalAmplitude <= 3,
              settings.drift >= 0, settings.seasonalAmplitude >= 0,
              settings.lossRange.lowerBound >= 0, settings.lossRange.upperBound < 1, settings.ratioRange.lowerBound >= 0
        else { throw ShiftError.invalidParameter(name: "settings", detail: "a level, size, drift, amplitude or range is out of its domain") }
        var rng = SplitMix64(seed: seed)
        func uniform(_ r: ClosedRange<Double>) -> Double { r.lowerBound + (r.upperBound - r.lowerBound) * rng.nextHalfOpenUniform() }
        var means = [[Double]](repeating: [Double](repeating: 0, count: n), count: R)
        for i in 0..<R {
            let level = Foundation.exp(uniform(Foundation.log(settings.minimumLevel)...Foundation.log(settings.maximumLevel)))
            let amplitude = uniform(0...settings.seasonalAmplitude)
            let phase = uniform(0...(2 * Double.pi))
            var walk = 0.0
            for t in 0..<n {
                if t > 0 { walk += settings.drift * rng.nextNormal() }
                means[i][t] = level * Foundation.exp(walk + amplitude * Foundation.sin(2 * Double.pi * Double(t) / 12 + phase))
            }
        }
        // shift dates: sorted, ≥ 24 apart, in [36, n − 18)
        var dates: [Int] = []
        var attempts = 0
        while dates.count < settings.shifts {
            attempts += 1
            let d = 36 + Int(rng.next() % UInt64(room))
            if dates.allSatisfy({ abs($0 - d) >= 24 }) { dates.append(d) }
            if attempts > 10_000 {   // fall back to an even spread
                dates = (0..<settings.shifts).map { 36 + $0 * 24 }
                break
            }
        }
        dates.sort()
        let start = Period(frequency: .monthly, index: 2010 * 12)
        var planted: [PlantedShift] = []
        for d in dates {
            let losing = Int(rng.next() % UInt64(R))
            var gaining = Int(rng.next() % UInt64(R - 1))
            if gaining >= losing { gaining += 1 }
            let f = uniform(settings.lossRange), r = uniform(settings.ratioRange)
            for t in d..<n {
                let lost = f * means[losing][t]
                means[losing][t] -= lost
                means[gaining][t] += r * lost
            }
            planted.append(PlantedShift(period: start + d, index: d, losing: "R\(losing + 1)", gaining: "R\(gaining + 1)",
                                        loss: f, ratio: r))
        }
        var series: [TimeSeries] = []
        for i in 0..<R {
            let values = means[i].map { Double(negativeBinomial(mean: $0, size: settings.size, rng: &rng)) }
            series.append(TimeSeries(key: SeriesKey([("route", "R\(i + 1)")]), start: start, values: values))
        }
        return ShiftScenario(panel: try Panel(series: series), shifts: planted, seed: seed, settings: settings)
    }

    /// A negative-binomial draw (gamma–Poisson mixture).
    static func negativeBinomial(mean: Double, size: Double, rng: inout SplitMix64) -> Int {
        guard mean > 0 else { return 0 }
        let rate = gamma(shape: size, rng: &rng) * mean / size
        return poisson(rate, rng: &rng)
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000).
    static func gamma(shape: Double, rng: inout SplitMix64) -> Double {
        if shape < 1 {
            return gamma(shape: shape + 1, rng: &rng) * Foundation.pow(rng.nextUniform(), 1 / shape)
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = rng.nextNormal()
            let v0 = 1 + c * x
            guard v0 > 0 else { continue }
            let v = v0 * v0 * v0
            let u = rng.nextUniform()
            if Foundation.log(u) < 0.5 * x * x + d - d * v + d * Foundation.log(v) { return d * v }
        }
    }

    /// Poisson draw: inversion for small means, PTRS (Hörmann 1993) otherwise.
    static func poisson(_ lambda: Double, rng: inout SplitMix64) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda < 10 {
            let limit = Foundation.exp(-lambda)
            var k = 0
            var p = rng.nextUniform()
            while p > limit {
                k += 1
                p *= rng.nextUniform()
            }
            return k
        }
        let slam = lambda.squareRoot(), loglam = Foundation.log(lambda)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invalpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let U = rng.nextUniform() - 0.5
            let V = rng.nextUniform()
            let us = 0.5 - abs(U)
            let k = ((2 * a / us + b) * U + lambda + 0.43).rounded(.down)
            if us >= 0.07 && V <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && V > us) { continue }
            if Foundation.log(V) + Foundation.log(invalpha) - Foundation.log(a / (us * us) + b)
                <= -lambda + k * loglam - Foundation.lgamma(k + 1)
            { return Int(k) }
        }
    }
}
