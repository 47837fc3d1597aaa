import Foundation
import Testing
@testable import StrataNumerics

/// Theta / Naive2 / Damped seasonal adjustment on count series with zeros, against R.
///
/// Reference values: R 4.2.2, base `stats` (the `forecast` package was not installed, so
/// `thetaf` itself could not be run; its seasonal step is written out with the calls it makes,
/// from forecast's `R/theta.R`):
/// ```r
/// x <- ts(y, frequency = 12); n <- length(x); m <- 12
/// r <- as.numeric(acf(x, lag.max = m, plot = FALSE)$acf)[-1]
/// stat <- sqrt((1 + 2 * sum(r[-m]^2)) / n); abs(r[m]) / stat   # 2.3929738319551825 > qnorm(0.95)
/// d <- decompose(x, type = "multiplicative"); d$figure          # below
/// sum(is.nan(x / d$trend))                                       # 6 (0/0, dropped by na.rm)
/// sa <- x / d$seasonal
/// lsfit(0:(n - 1), sa)$coefficients[2]                           # 0.29451819157737769
/// tail(sa, 1)                                                    # 93.427019716747793
/// ```
@Suite struct SeasonalAdjustmentZerosTests {
    static let y: [Double] = [
        0, 0, 3, 8, 15, 22, 30, 27, 14, 6, 1, 0,
        0, 1, 5, 11, 19, 28, 35, 31, 17, 7, 2, 0,
        0, 2, 4, 9, 18, 26, 33, 29, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 4, 12, 21, 30, 41, 36, 20, 9, 3, 1,
        1, 2, 6, 14, 25, 36, 47, 40, 22, 10, 2, 0,
        0, 3, 7, 15, 27, 39, 50, 44, 25, 11, 4, 1,
    ]
    static let rFigure = [
        0.010377545491096523, 0.089851976499574979, 0.36469084317215461, 0.85562702653561307,
        1.5496514427269299, 2.2385097176090931, 2.9340799019577406, 2.5756808152391626,
        0.89043715646984789, 0.38586538511435703, 0.094524647499895226, 0.010703541684534109,
    ]

    @Test func qnormQuantileIsR() {
        // R 4.2.2: sprintf("%.17g", qnorm(0.95)) = 1.6448536269514715 (not 1.645).
        #expect(SeasonalAdjustment.seasonalityQuantile == 1.6448536269514715)
    }

    @Test func decompositionWithZerosMatchesRDecompose() throws {
        #expect(SeasonalAdjustment.isSeasonal(Self.y, period: 12))
        let figure = try SeasonalAdjustment.classicalIndices(Self.y, period: 12, multiplicative: true)
        for p in 0..<12 { #expect(abs(figure[p] - Self.rFigure[p]) < 1e-12 * max(1, Self.rFigure[p])) }
        let (adjusted, index, note) = try BenchmarkMethods.seasonallyAdjusted(Self.y, period: 12)
        #expect(index != nil && note == nil)
        #expect(abs(adjusted[83] - 93.427019716747793) < 1e-9)
    }

    /// Naive2 = last adjusted value times the R index: 93.427019716747793 · figure[h mod 12]
    /// (n = 84 is a multiple of 12).
    @Test func naive2ReseasonalisesWithZeros() throws {
        let f = try BenchmarkMethods.naive2(Self.y, period: 12, horizon: 12)
        for h in 0..<12 { #expect(abs(f.mean[h] - 93.427019716747793 * Self.rFigure[h]) < 1e-8) }
    }

    /// Theta on the adjusted scale moves by half the R `lsfit` slope per step.
    @Test func thetaAdjustsSeriesWithZeros() throws {
        let f = try BenchmarkMethods.theta(Self.y, period: 12, horizon: 12)
        let adjusted = (0..<12).map { f.mean[$0] / Self.rFigure[$0] }
        for h in 1..<12 { #expect(abs((adjusted[h] - adjusted[h - 1]) - 0.29451819157737769 / 2) < 1e-8) }
        #expect(f.notes.isEmpty)
    }

    /// A non-zero value over a zero moving average (negative data): R's `decompose` gives ±Inf where the
    /// average is exactly 0 (and `thetaf` stops), or indices near 1e-16 where rounding leaves a tiny trend
    /// (and `thetaf` warns and scales its forecast by them; ForecastRReferenceTests); strata leaves the
    /// series unadjusted with a note.
    @Test func zeroTrendUnderNonZeroValueFallsBackWithNote() throws {
        // Centred 2×12 moving average at index 6 of this window is 0: (0.5·(−6) + 0 + … + 0.5·6)/12 with
        // the values chosen so that the window sums to zero while y[6] = 5.
        var y = Self.y.map { $0 + 10 }
        let window: [Double] = [-6, 0, -1, -2, -3, 0, 5, 0, 3, 2, 1, -5, 6]   // 0.5·(−6) + Σ middle + 0.5·6 = 0
        #expect(0.5 * window[0] + window[1..<12].reduce(0, +) + 0.5 * window[12] == 0)
        for (i, v) in window.enumerated() { y[i] = v }
        let figureCall = { try SeasonalAdjustment.classicalIndices(y, period: 12, multiplicative: true) }
        #expect(throws: ForecastError.self) { try figureCall() }
        let (adjusted, index, _) = try BenchmarkMethods.seasonallyAdjusted(y, period: 12)
        if SeasonalAdjustment.isSeasonal(y, period: 12) {
            #expect(index == nil && adjusted == y)
        }
    }

    @Test func hugePeriodsAreRejectedNotOverflowed() throws {
        #expect(!SeasonalAdjustment.isSeasonal(Self.y, period: Int.max))
        #expect(throws: ForecastError.self) { try BenchmarkMethods.damped(Self.y, period: Int.max, horizon: 3) }
        #expect(throws: ForecastError.self) { try SeasonalAdjustment.classicalIndices(Self.y, period: Int.max / 2 + 1, multiplicative: true) }
    }
}
