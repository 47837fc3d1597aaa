import Foundation
import Testing
import StrataTestSupport
@testable import StrataNumerics

/// Seasonal series with trend and noise: `10 + 0.05 t + 3 sin(2πt/12 + φ) + U(−1, 1)`.
func syntheticSeries(count: Int, length: Int, seed: UInt64) -> [[Double]] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        let phase = rng.nextHalfOpenUniform() * 6.28
        return (0..<length).map { t in
            10 + 0.05 * Double(t) + 3 * sin(2 * Double.pi * Double(t) / 12 + phase) + (2 * rng.nextHalfOpenUniform() - 1)
        }
    }
}

@Suite struct BatchSTLTests {
    @Test(arguments: [SeasonalWindow.span(7), .periodic, .span(11)])
    func operatorPathEqualsPerSeries(_ window: SeasonalWindow) throws {
        let series = syntheticSeries(count: 7, length: 60, seed: 42)
        let parameters = STL.Parameters(period: 12, seasonalWindow: window)
        let cache = STLOperatorCache(capacity: 2)
        let batch = try BatchSTL.decompose(Matrix(columnArrays: series), parameters: parameters, cache: cache)
        #expect(batch.methods.allSatisfy { $0 == .linearOperator })
        for (j, y) in series.enumerated() {
            let single = try STL.decompose(y, parameters: parameters)
            #expect(maxAbsDifference(batch.trend.column(j), single.trend) < 1e-9)
            #expect(maxAbsDifference(batch.seasonal.column(j), single.seasonal) < 1e-9)
            #expect(maxAbsDifference(batch.remainder.column(j), single.remainder) < 1e-9)
        }
        #expect(cache.count == 1)
    }

    /// The batch path reproduces R on nottem (n = 240), reference/stl/r.
    @Test func operatorPathMatchesR() throws {
        guard let url = SharedData.file("reference/stl/r/nottem_s7_nonrobust.csv") else { return }
        let ref = try ReferenceCSV.read(url)
        let x = try #require(ref["x"])
        let tolerance = 1e-9 * ((x.max() ?? 0) - (x.min() ?? 0))
        let batch = try BatchSTL.decompose(
            Matrix(columnArrays: [x]), parameters: STL.Parameters(period: 12, seasonalWindow: .span(7)),
            cache: STLOperatorCache(capacity: 1))
        #expect(batch.methods == [.linearOperator])
        #expect(maxAbsDifference(batch.trend.column(0), try #require(ref["trend"])) <= tolerance)
        #expect(maxAbsDifference(batch.seasonal.column(0), try #require(ref["seasonal"])) <= tolerance)
    }

    @Test func gapsAndRobustFallBackToPerSeries() throws {
        var series = syntheticSeries(count: 3, length: 48, seed: 7)
        series[1][10] = .nan
        let plain = STL.Parameters(period: 12, seasonalWindow: .span(7))
        let batch = try BatchSTL.decompose(Matrix(columnArrays: series), parameters: plain, cache: STLOperatorCache(capacity: 1))
        #expect(batch.methods == [.linearOperator, .perSeries, .linearOperator])
        let single = try STL.decompose(series[1], parameters: plain)
        #expect(maxAbsDifference(batch.trend.column(1), single.trend) < 1e-12)
        #expect(batch.remainder[10, 1].isNaN)

        let robust = STL.Parameters(period: 12, seasonalWindow: .span(7), robust: true)
        let rb = try BatchSTL.decompose(Matrix(columnArrays: series), parameters: robust)
        #expect(rb.methods.allSatisfy { $0 == .perSeries })
        let r0 = try STL.decompose(series[0], parameters: robust)
        #expect(maxAbsDifference(rb.trend.column(0), r0.trend) < 1e-12)
        #expect(maxAbsDifference(rb.weights.column(0), r0.weights) < 1e-12)
    }

    @Test func cacheIsBounded() throws {
        let cache = STLOperatorCache(capacity: 2)
        for w in [7, 9, 11] {
            _ = try cache.operator(for: STL.Parameters(period: 4, seasonalWindow: .span(w)).resolved(length: 16))
        }
        #expect(cache.count == 2)
        #expect(throws: DecompositionError.self) {
            _ = try STLOperator(parameters: STL.Parameters(period: 4, seasonalWindow: .span(7), robust: true).resolved(length: 16))
        }
    }

    @Test func badColumnIsNamed() throws {
        var series = syntheticSeries(count: 3, length: 24, seed: 1)
        series[2][3] = -.infinity
        #expect(throws: DecompositionError.inColumn(2, .nonFiniteValue(index: 3))) {
            try BatchSTL.decompose(Matrix(columnArrays: series), parameters: STL.Parameters(period: 12, seasonalWindow: .span(7)))
        }
    }
}
