import Foundation
import Testing
import StrataNumerics
@testable import StrataAnalysis

@Suite struct AccuracyMetricsTests {
    /// Hand calculation: |100−110| → 200·10/210; |50−40| → 200·10/90; mean = (9.5238095… + 22.2222…)/2.
    @Test func sMAPEByHand() {
        let v = AccuracyMetrics.sMAPE(actual: [100, 50], forecast: [110, 40])
        #expect(abs(v - (2000.0 / 210 + 2000.0 / 90) / 2) < 1e-12)
        #expect(AccuracyMetrics.sMAPE(actual: [0, 10], forecast: [0, 10]) == 0)
        #expect(AccuracyMetrics.sMAPE(actual: [.nan, 10], forecast: [3, 5]) == 200.0 * 5 / 15)
        #expect(AccuracyMetrics.sMAPE(actual: [1], forecast: [1, 2]).isNaN)
    }

    /// Hand calculation, m = 2: in-sample 1,3,2,5,3 → |2−1|,|5−3|,|3−2| → scale 4/3;
    /// errors |4−6|, |6−5| → MAE 1.5 → MASE 1.5/(4/3) = 1.125.
    @Test func MASEByHand() {
        #expect(abs(AccuracyMetrics.MASE(actual: [4, 6], forecast: [6, 5], insample: [1, 3, 2, 5, 3], period: 2) - 1.125) < 1e-12)
        #expect(AccuracyMetrics.MASE(actual: [4], forecast: [6], insample: [2, 2, 2], period: 1).isNaN)
    }

    /// Gneiting & Raftery (2007) eq. 43 by hand, α = 0.2: inside [0,10] → 10;
    /// y = 12 above → 10 + (2/0.2)·2 = 30; y = −1 below → 10 + 10·1 = 20; mean 20. Coverage 1/3.
    @Test func winklerAndCoverageByHand() {
        let y: [Double] = [5, 12, -1], lo: [Double] = [0, 0, 0], hi: [Double] = [10, 10, 10]
        #expect(abs(AccuracyMetrics.winklerScore(actual: y, lower: lo, upper: hi, level: 80) - 20) < 1e-12)
        #expect(abs(AccuracyMetrics.coverage(actual: y, lower: lo, upper: hi) - 1.0 / 3) < 1e-12)
        #expect(abs(AccuracyMetrics.MSIS(actual: y, lower: lo, upper: hi, level: 80, insample: [0, 2, 4], period: 1) - 10) < 1e-12)
        #expect(AccuracyMetrics.winklerScore(actual: y, lower: lo, upper: hi, level: 100).isNaN)
    }

    /// M4 OWA by hand: ½(12/16 + 0.9/1.2) = 0.75.
    @Test func owaByHand() {
        #expect(abs(AccuracyMetrics.OWA(sMAPE: 12, MASE: 0.9, naive2sMAPE: 16, naive2MASE: 1.2) - 0.75) < 1e-12)
    }
}

@Suite struct RollingOriginBacktestTests {
    /// Hand calculation on y_t = t + 1 (t = 0…19), naive method, h = 3, 4 origins:
    /// origins fit on n = 14,15,16,17 values; the naive forecast is the last value n, the actuals
    /// n+1, n+2, n+3, errors are 1,2,3 (sMAPE terms 200·k/(2n+k)),
    /// the in-sample lag-1 MAE is 1, so MASE = 2 at every origin.
    @Test func naiveOnALineByHand() throws {
        let y = (0..<20).map { Double($0 + 1) }
        let r = try RollingOriginBacktest.run(y, method: .naive, horizon: 3, origins: 4, levels: [80], parallel: false)
        #expect(r.origins.map(\.origin) == [14, 15, 16, 17])
        for o in r.origins {
            #expect(abs(o.MASE - 2) < 1e-12)
            let n = Double(o.origin)
            let expected = (200 / (2 * n + 1) + 400 / (2 * n + 2) + 600 / (2 * n + 3)) / 3
            #expect(abs(o.sMAPE - expected) < 1e-12)
            // The naive residuals are all 1, so σ = 1 and the 80% interval is n ± z√h with
            // z = qnorm(0.9) = 1.2815515655446004. Actuals n + h: h = 1 is inside (1 ≤ z),
            // h = 2 (2 > z√2 = 1.812) and h = 3 (3 > z√3 = 2.220) are above → coverage 1/3.
            // Winkler (α = 0.2): width 2z√h, plus (2/α)(y − upper) above: mean over h of
            // 2z, 2z√2 + 10(2 − z√2), 2z√3 + 10(3 − z√3). MSIS = Winkler / in-sample MAE (1).
            let z = 1.2815515655446004
            let w1 = 2 * z, w2 = 2 * z * 2.0.squareRoot() + 10 * (2 - z * 2.0.squareRoot())
            let w3 = 2 * z * 3.0.squareRoot() + 10 * (3 - z * 3.0.squareRoot())
            #expect(abs(o.coverage[0] - 1.0 / 3) < 1e-12)
            #expect(abs(o.winkler[0] - (w1 + w2 + w3) / 3) < 1e-9)
            #expect(abs(o.MSIS[0] - (w1 + w2 + w3) / 3) < 1e-9)
        }
        #expect(abs(r.meanCoverage[0] - 1.0 / 3) < 1e-12)
        let parallel = try RollingOriginBacktest.run(y, method: .naive, horizon: 3, origins: 4, levels: [80], parallel: true)
        #expect(parallel.origins.map(\.sMAPE) == r.origins.map(\.sMAPE))
    }

    @Test func customForecasterAndFailuresAreRecorded() throws {
        let y = (0..<12).map(Double.init)
        let r = try RollingOriginBacktest.run(y, horizon: 2, origins: 3, levels: [95], parallel: false) { train in
            if train.count == 9 { throw ForecastError.invalidParameter(name: "test", detail: "deliberate") }
            return Forecast(method: "oracle", mean: [Double(train.count), Double(train.count + 1)],
                            intervals: [PredictionInterval(level: 95, lower: [0, 0], upper: [100, 100])])
        }
        #expect(r.origins.count == 3)
        // Origins fit on 8, 9 and 10 values; the one on 9 throws.
        #expect(r.origins.map(\.origin) == [8, 9, 10])
        #expect(r.origins[1].failure != nil && r.origins[1].sMAPE.isNaN)
        #expect(r.origins[0].sMAPE == 0 && r.origins[0].coverage == [1])
        #expect(r.origins[2].sMAPE == 0)
        #expect(r.meanSMAPE == 0)
    }

    @Test func badArgumentsThrow() {
        #expect(throws: BacktestError.tooShort(count: 5, minimum: 8)) {
            try RollingOriginBacktest.run([1, 2, 3, 4, 5], method: .naive, horizon: 3, origins: 4)
        }
        #expect(throws: BacktestError.self) { try RollingOriginBacktest.run([1, 2, 3], method: .naive, horizon: 0, origins: 1) }
        #expect(throws: BacktestError.self) { try RollingOriginBacktest.run([1, 2, 3], method: .naive, horizon: 1, origins: 0) }
        // Upper bounds are checked before `horizon + origins + 1` is formed (no overflow trap).
        #expect(throws: BacktestError.self) { try RollingOriginBacktest.run([1, 2, 3], method: .naive, horizon: Int.max, origins: Int.max) }
        #expect(throws: BacktestError.self) { try RollingOriginBacktest.run([1, 2, 3], method: .naive, horizon: 1, origins: 1, period: Int.max) }
    }
}

@Suite struct ChangeDetectionScoreTests {
    /// Hand case: changes at 20 and 50, maxDelay 10. Alarms 5 (before any change: false),
    /// 23 (detects 20, delay 3), 25 (repeat: false), 64 (beyond 50+10: false). 50 is missed.
    @Test func delaysAndFalseAlarmsByHand() throws {
        let s = try ChangeDetectionScore.evaluate(alarms: [25, 5, 23, 64], changes: [20, 50], maxDelay: 10)
        #expect(s.delays == [3, nil])
        #expect(s.falseAlarms == [5, 25, 64])
        #expect(s.detected == 1 && s.missed == 1)
        #expect(s.meanDelay == 3)
    }

    /// An alarm after the next change belongs to the next change, not the earlier one.
    @Test func alarmsDoNotCrossTheNextChange() throws {
        let s = try ChangeDetectionScore.evaluate(alarms: [12], changes: [10, 11], maxDelay: 5)
        #expect(s.delays == [nil, 1])
        #expect(s.falseAlarms.isEmpty)
    }

    @Test func alarmsFromProbabilitiesReArm() throws {
        let p: [Double] = [0.1, 0.6, 0.7, 0.2, 0.9, .nan, 0.95]
        #expect(try ChangeDetectionScore.alarms(fromChangeProbability: p, threshold: 0.5) == [1, 4, 6])
        #expect(throws: BacktestError.self) { try ChangeDetectionScore.alarms(fromChangeProbability: p, threshold: 0) }
    }

    /// Wiring the online detector (BOCPD, Poisson–Gamma) into the score: a Poisson series whose
    /// mean jumps from 5 to 20 at index 60 must be flagged within 5 periods with no false alarm.
    @Test func bocpdOnALevelShiftIsDetectedQuickly() throws {
        var rng = SplitMix64(seed: 17)
        func poisson(_ lambda: Double) -> Double {
            // Knuth's multiplication method (fine for small λ).
            let limit = Foundation.exp(-lambda)
            var k = 0.0, p = 1.0
            repeat { k += 1; p *= rng.nextUniform() } while p > limit
            return k - 1
        }
        let y = (0..<60).map { _ in poisson(5) } + (0..<40).map { _ in poisson(20) }
        let score = try ChangeDetectionScore.evaluate(series: y, changes: [60], maxDelay: 5) { x in
            let r = try BayesianOnlineDetector.run(x, model: .poissonGamma(shape: 5, rate: 1), expectedRunLength: 100, window: 5)
            return try ChangeDetectionScore.alarms(fromChangeProbability: r.changeProbability, threshold: 0.5)
        }
        #expect(score.detected == 1)
        #expect(score.falseAlarms.isEmpty)
    }

    @Test func detectorClosureIsScored() throws {
        let y = [Double](repeating: 0, count: 30) + [Double](repeating: 5, count: 30)
        // A toy online detector: alarm at the first t whose value differs from the previous by more than 2.
        let s = try ChangeDetectionScore.evaluate(series: y, changes: [30], maxDelay: 3) { x in
            (1..<x.count).filter { abs(x[$0] - x[$0 - 1]) > 2 }
        }
        #expect(s.delays == [0])
        #expect(throws: BacktestError.self) {
            try ChangeDetectionScore.evaluate(series: y, changes: [30], maxDelay: 3) { _ in [99] }
        }
        #expect(throws: BacktestError.self) { try ChangeDetectionScore.evaluate(alarms: [1], changes: [2], maxDelay: -1) }
    }
}
