import Foundation
import Testing
import StrataTestSupport
@testable import StrataNumerics

@Suite struct ForecastMethodsTests {
    /// Hand calculation: y = 5,7,6,8,9; one-step naive residuals 2,−1,2,1 → σ² = 10/4 = 2.5;
    /// h-step 80% interval 9 ± 1.2815515655446004·√(2.5h).
    @Test func naiveByHand() throws {
        let f = try BenchmarkMethods.naive([5, 7, 6, 8, 9], horizon: 3, levels: [80])
        #expect(f.mean == [9, 9, 9])
        for h in 1...3 {
            let half = 1.2815515655446004 * (2.5 * Double(h)).squareRoot()
            #expect(abs(f.intervals[0].upper[h - 1] - (9 + half)) < 1e-12)
            #expect(abs(f.intervals[0].lower[h - 1] - (9 - half)) < 1e-12)
        }
    }

    /// Hand calculation, m = 4: y = 1,2,3,4, 2,3,4,5 → forecasts repeat the last season 2,3,4,5;
    /// residuals y_t − y_{t−4} are all 1 → σ = 1; steps 5…8 are in the second season: √2.
    @Test func seasonalNaiveByHand() throws {
        let f = try BenchmarkMethods.seasonalNaive([1, 2, 3, 4, 2, 3, 4, 5], period: 4, horizon: 6, levels: [95])
        #expect(f.mean == [2, 3, 4, 5, 2, 3])
        let z = 1.959963984540054
        #expect(abs(f.intervals[0].upper[0] - (2 + z)) < 1e-12)
        #expect(abs(f.intervals[0].upper[4] - (2 + z * 2.0.squareRoot())) < 1e-12)
    }

    /// statsmodels 0.15.0 `acf(AirPassengers, nlags=12, fft=False)`: lag 1 0.9480473407524915, lag 12 0.7603950422625557.
    /// statsmodels `seasonal_decompose(AirPassengers, model="multiplicative", period=12).seasonal[:12]`
    /// gives the R `decompose` figure below.
    @Test func autocorrelationAndClassicalDecompositionMatchStatsmodels() throws {
        guard let y = textbookSeries("AirPassengers") else { return }
        #expect(abs(SeasonalAdjustment.autocorrelation(y, lag: 1) - 0.9480473407524915) < 1e-12)
        #expect(abs(SeasonalAdjustment.autocorrelation(y, lag: 12) - 0.7603950422625557) < 1e-12)
        #expect(SeasonalAdjustment.isSeasonal(y, period: 12))
        let expected = [0.9102303673722009, 0.8836253206943756, 1.0073662876035456, 0.9759060123228475,
                        0.9813780274951296, 1.1127758266792727, 1.2265555429312014, 1.2199109694456252,
                        1.0604919326468185, 0.9217572404104976, 0.8011780824134744, 0.8988243899850115]
        let figure = try SeasonalAdjustment.classicalIndices(y, period: 12, multiplicative: true)
        for p in 0..<12 { #expect(abs(figure[p] - expected[p]) < 1e-12) }
        // Additive, first three years: statsmodels seasonal_decompose(y[:36], model="additive", period=12).
        let additive = try SeasonalAdjustment.classicalIndices(Array(y.prefix(36)), period: 12, multiplicative: false)
        #expect(abs(additive[0] - -13.812500000000004) < 1e-9)
        #expect(abs(additive[6] - 25.52083333333334) < 1e-9)
        #expect(abs(additive[10] - -30.895833333333332) < 1e-9)
    }

    /// Nile has no seasonality (annual); statsmodels 0.15.0
    /// `ThetaModel(nile, deseasonalize=False).fit()` gives b0 = −2.7143054305430563 (the OLS slope)
    /// and forecasts 799.5394286418584, 798.1822759265868, … (step b0/2). Our SES estimate (exact
    /// least squares with the initial level estimated, as R `ses`) differs slightly from
    /// statsmodels' SimpleExpSmoothing, so levels agree to 0.1%, the drift exactly.
    @Test func thetaMatchesStatsmodelsThetaModelOnNile() throws {
        guard let y = textbookSeries("Nile") else { return }
        let f = try BenchmarkMethods.theta(y, period: 1, horizon: 5)
        #expect(abs(f.mean[0] - 799.5394286418584) < 1e-3 * 799.5)
        for h in 1..<5 { #expect(abs((f.mean[h] - f.mean[h - 1]) - -2.7143054305430563 / 2) < 1e-9) }
    }

    /// Through ``Forecaster`` (whose default ETS options use the local search) Theta still
    /// matches statsmodels' `ThetaModel(nile, deseasonalize=False)` figures above, and so does
    /// an explicit local-search setting: Theta's SES is always estimated by the thorough search.
    @Test func forecasterThetaKeepsItsSESEstimate() throws {
        guard let y = textbookSeries("Nile") else { return }
        for options in [ExponentialSmoothing.Options.recommended, .fastLocal] {
            let f = try Forecaster.forecast(y, method: .theta, horizon: 5, period: 1, options: options)
            #expect(abs(f.mean[0] - 799.5394286418584) < 1e-3 * 799.5)
            for h in 1..<5 { #expect(abs((f.mean[h] - f.mean[h - 1]) - -2.7143054305430563 / 2) < 1e-9) }
        }
    }

    /// AirPassengers: R `ets()` picks ETS(M,Ad,M), statsforecast 2.1.1 AutoETS ETS(M,N,M); the
    /// default ``Forecaster`` auto-ETS must also pick a multiplicative season.
    @Test func forecasterDefaultETSPicksMultiplicativeSeasonOnAirPassengers() throws {
        guard let y = textbookSeries("AirPassengers") else { return }
        let f = try Forecaster.forecast(y, method: .ets, horizon: 12, period: 12)
        #expect(f.method.hasSuffix(",M)"))
    }

    @Test func naive2UsesSeasonalAdjustmentOnlyWhenSeasonal() throws {
        guard let y = textbookSeries("AirPassengers") else { return }
        let f = try BenchmarkMethods.naive2(y, period: 12, horizon: 12)
        let index = try SeasonalAdjustment.classicalIndices(y, period: 12, multiplicative: true)
        let lastAdjusted = y[y.count - 1] / index[(y.count - 1) % 12]
        for h in 0..<12 { #expect(abs(f.mean[h] - lastAdjusted * index[(y.count + h) % 12]) < 1e-9) }
        // A non-seasonal random walk: Naive2 equals naive.
        var rng = SplitMix64(seed: 5)
        var walk = [100.0]
        for _ in 0..<59 { walk.append(walk[walk.count - 1] + rng.nextNormal()) }
        if !SeasonalAdjustment.isSeasonal(walk, period: 12) {
            #expect(try BenchmarkMethods.naive2(walk, period: 12, horizon: 3).mean == [walk[59], walk[59], walk[59]])
        }
    }

    @Test func forecasterFitsTheLastContiguousStretch() throws {
        var y = (0..<30).map { 50 + Double($0) }
        y[9] = .nan
        let f = try Forecaster.forecast(y, method: .naive, horizon: 2)
        #expect(f.mean == [79, 79])
        #expect(f.notes.contains { $0.contains("index 9") && $0.contains("20") })
        y[29] = .nan
        #expect(throws: ForecastError.missingValue(parameter: "series", index: 29)) {
            try Forecaster.forecast(y, method: .naive, horizon: 2)
        }
    }

    @Test func allZerosGiveZeroForecastWithNote() throws {
        let f = try Forecaster.forecast([Double](repeating: 0, count: 24), method: .auto, horizon: 3, period: 12)
        #expect(f.mean == [0, 0, 0])
        #expect(f.intervals[0].lower == [0, 0, 0] && f.intervals[1].upper == [0, 0, 0])
        #expect(f.notes.contains { $0.contains("constant") })
    }

    /// Count data with a steep decline: the Gaussian lower bounds would be negative; they are clipped at 0.
    @Test func countDataIntervalsAreClippedAtZero() throws {
        let y: [Double] = [40, 35, 33, 30, 22, 25, 18, 15, 12, 9, 11, 6, 4, 5, 2]
        for method in [ForecastMethod.naive, .ets, .theta, .combination] {
            let f = try Forecaster.forecast(y, method: method, horizon: 6)
            #expect(f.mean.allSatisfy { $0 >= 0 })
            #expect(f.intervals.allSatisfy { $0.lower.allSatisfy { $0 >= 0 } })
        }
        let f = try Forecaster.forecast(y, method: .naive, horizon: 6)
        #expect(f.notes.contains { $0.contains("clipped at 0") })
        // Non-integer data are not clipped.
        let g = try Forecaster.forecast(y.map { $0 + 0.5 }, method: .naive, horizon: 6)
        #expect(g.intervals[1].lower.contains { $0 < 0 })
    }

    @Test func shortSeriesFallBackWithNotes() throws {
        let theta = try Forecaster.forecast([3, 4, 5], method: .theta, horizon: 2, period: 12)
        #expect(theta.method == "naive")
        #expect(theta.notes.contains { $0.contains("fell back") })
        let snaive = try Forecaster.forecast([3, 4, 5, 6], method: .seasonalNaive, horizon: 2, period: 12)
        #expect(snaive.method == "naive")
        let ets = try Forecaster.forecast([3, 4, 5, 7, 6, 8, 9, 8, 10, 11, 12, 11, 13, 14], method: .ets, horizon: 2, period: 12)
        #expect(ets.method.hasPrefix("ETS("))
        #expect(ets.notes.contains { $0.contains("fewer than two seasons") })
        let single = try Forecaster.forecast([7], method: .auto, horizon: 2)
        #expect(single.mean == [7, 7])
    }

    @Test func invalidArgumentsThrowNamedErrors() {
        #expect(throws: ForecastError.invalidParameter(name: "horizon", detail: "must be between 1 and 10000, is 0")) {
            try Forecaster.forecast([1, 2, 3], method: .naive, horizon: 0)
        }
        #expect(throws: ForecastError.self) { try Forecaster.forecast([1, 2, 3], method: .naive, horizon: 2, levels: [100]) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast([], method: .naive, horizon: 2) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast([1, 2], method: .naive, horizon: 2, period: 0) }
    }

    /// The combination is the member mean: check against the members computed separately.
    @Test func combinationIsTheMeanOfItsMembers() throws {
        guard let y = textbookSeries("AirPassengers") else { return }
        let opts = ExponentialSmoothing.Options(estimateInitialSeasonal: false)
        let members = try [ForecastMethod.ets, .theta, .damped].map {
            try Forecaster.forecast(y, method: $0, horizon: 6, period: 12, options: opts)
        }
        let combo = try Forecaster.forecast(y, method: .combination, horizon: 6, period: 12, options: opts)
        for h in 0..<6 {
            let mean = members.map { $0.mean[h] }.reduce(0, +) / 3
            let lower = members.map { $0.intervals[1].lower[h] }.reduce(0, +) / 3
            #expect(abs(combo.mean[h] - mean) < 1e-9 * mean)
            #expect(abs(combo.intervals[1].lower[h] - lower) < 1e-9 * mean)
        }
    }
}
