import Testing
import StrataNumerics
@testable import StrataAnalysis

@Suite struct BacktestHorizonTests {
    /// Hand calculation: on y_t = t (t = 1…12) a forecaster that repeats the
    /// last value misses step h by exactly h; the in-sample naive MAE
    /// (period 1) is 1, so the scaled errors are [1, 2, 3] at every origin
    /// and MASE by horizon is [1, 2, 3] (their mean 2 is each origin's MASE).
    @Test func scaledErrorsByHorizonByHand() throws {
        let y = (1...12).map(Double.init)
        let r = try RollingOriginBacktest.run(y, horizon: 3, origins: 4, levels: [], parallel: false) { train in
            Forecast(method: "last", mean: [Double](repeating: train[train.count - 1], count: 3), intervals: [])
        }
        for o in r.origins {
            #expect(o.scaledErrors == [1, 2, 3])
            #expect(o.MASE == 2)
        }
        #expect(r.meanScaledErrorByHorizon == [1, 2, 3])
    }

    /// A missing actual value is skipped at its step, not counted as zero error.
    @Test func missingActualIsSkipped() throws {
        var y = (1...12).map(Double.init)
        y[11] = .nan
        let r = try RollingOriginBacktest.run(y, horizon: 3, origins: 1, levels: [], parallel: false) { train in
            Forecast(method: "last", mean: [Double](repeating: train[train.count - 1], count: 3), intervals: [])
        }
        let e = try #require(r.origins.first?.scaledErrors)
        #expect(e[0] == 1 && e[1] == 2 && e[2].isNaN)
        #expect(r.meanScaledErrorByHorizon[2].isNaN)
    }
}
