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

    /// The batch path reproduces R on nottem (n = 240) and co2 (n = 468),
    /// `s.window` 7 and periodic: reference/stl/r (R 4.2.2 `stl`, calls in its README).
    @Test(arguments: [
        ("nottem_s7_nonrobust", SeasonalWindow.span(7)), ("nottem_speriodic_nonrobust", .periodic),
        ("co2_s7_nonrobust", .span(7)), ("co2_speriodic_nonrobust", .periodic),
    ])
    func operatorPathMatchesR(_ name: String, _ window: SeasonalWindow) throws {
        guard let url = SharedData.file("reference/stl/r/\(name).csv") else { return }
        let ref = try ReferenceCSV.read(url)
        let x = try #require(ref["x"])
        let tolerance = 1e-9 * ((x.max() ?? 0) - (x.min() ?? 0))
        // Two copies of the series, so the gemm has more than one column.
        let batch = try BatchSTL.decompose(
            Matrix(columnArrays: [x, x]), parameters: STL.Parameters(period: 12, seasonalWindow: window),
            cache: STLOperatorCache(capacity: 1))
        #expect(batch.methods == [.linearOperator, .linearOperator])
        for j in 0..<2 {
            #expect(maxAbsDifference(batch.trend.column(j), try #require(ref["trend"])) <= tolerance)
            #expect(maxAbsDifference(batch.seasonal.column(j), try #require(ref["seasonal"])) <= tolerance)
            #expect(maxAbsDifference(batch.remainder.column(j), try #require(ref["remainder"])) <= tolerance)
        }
    }

    /// Trend knots with and without a last partial segment, trend jump 1
    /// (every row a knot), a jump wider than the window, and odd lengths;
    /// the reduced operator application must equal per-series STL.
    @Test(arguments: [
        (60, nil, nil), (61, nil, nil), (59, 7, 1), (72, 9, 5), (50, 13, 13), (48, nil, 2),
    ] as [(Int, Int?, Int?)])
    func reducedRowsEqualPerSeries(_ length: Int, _ trendWindow: Int?, _ trendJump: Int?) throws {
        let series = syntheticSeries(count: 5, length: length, seed: UInt64(length))
        for window in [SeasonalWindow.span(7), .periodic] {
            let parameters = STL.Parameters(
                period: 12, seasonalWindow: window, trendWindow: trendWindow, trendJump: trendJump)
            let batch = try BatchSTL.decompose(
                Matrix(columnArrays: series), parameters: parameters, cache: STLOperatorCache(capacity: 1))
            #expect(batch.methods.allSatisfy { $0 == .linearOperator })
            for (j, y) in series.enumerated() {
                let single = try STL.decompose(y, parameters: parameters)
                #expect(maxAbsDifference(batch.trend.column(j), single.trend) < 1e-9)
                #expect(maxAbsDifference(batch.seasonal.column(j), single.seasonal) < 1e-9)
            }
        }
    }

    /// Knot positions and interpolation, by hand: `stless` with jump 3 on
    /// n = 8 fits at 1, 4, 7 (1-based), then 8; in between
    /// `start + (end − start)/gap · d`.
    @Test func knotsAndInterpolationByHand() {
        #expect(STLOperator.loessKnots(length: 8, jump: 3) == [0, 3, 6, 7])
        #expect(STLOperator.loessKnots(length: 7, jump: 3) == [0, 3, 6])
        #expect(STLOperator.loessKnots(length: 5, jump: 1) == [0, 1, 2, 3, 4])
        #expect(STLOperator.loessKnots(length: 4, jump: 9) == [0, 3])
        // n = 240, jump 3: 0, 3, …, 237 (80 knots) and 239.
        let k240 = STLOperator.loessKnots(length: 240, jump: 3)
        #expect(k240.count == 81 && k240.suffix(2) == [237, 239])
        // Column 0: knot values 0, 3, 9, 10 → 0, 1, 2, 3, 5, 7, 9, 10.
        // Column 1: knot values 6, 0, 3, 5 → 6, 4, 2, 0, 1, 2, 3, 5.
        let out = STLOperator.interpolate([0, 3, 9, 10, 6, 0, 3, 5], knots: [0, 3, 6, 7], length: 8, columns: 2)
        #expect(out == [0, 1, 2, 3, 5, 7, 9, 10, 6, 4, 2, 0, 1, 2, 3, 5])
    }

    /// The vectorised strengths are the per-series ``Decomposition`` strengths
    /// (same formula and order of operations), including a column with a gap.
    @Test func batchStrengthsEqualPerSeries() throws {
        var series = syntheticSeries(count: 4, length: 48, seed: 11)
        series[2][5] = .nan
        let parameters = STL.Parameters(period: 12, seasonalWindow: .span(7))
        let batch = try BatchSTL.decompose(Matrix(columnArrays: series), parameters: parameters)
        let trend = batch.trendStrengths, seasonal = batch.seasonalStrengths
        for (j, y) in series.enumerated() {
            let single = try STL.decompose(y, parameters: parameters)
            #expect(abs(trend[j] - single.trendStrength) < 1e-12)
            #expect(abs(seasonal[j] - single.seasonalStrength) < 1e-12)
        }
    }

    /// `decompose(into:)` equals the per-series STL (1e-9) for several
    /// windows and jumps, and a second call with a batch of the same shape
    /// overwrites the previous result's storage instead of allocating.
    @Test(arguments: [
        STL.Parameters(period: 12, seasonalWindow: .span(7)),
        STL.Parameters(period: 12, seasonalWindow: .periodic),
        STL.Parameters(period: 12, seasonalWindow: .span(7), trendWindow: 25, trendJump: 1),
        STL.Parameters(period: 4, seasonalWindow: .span(9), trendWindow: 9, trendJump: 4),
    ])
    func decomposeIntoReusesStorage(_ parameters: STL.Parameters) throws {
        let cache = STLOperatorCache(capacity: 2)
        let first = syntheticSeries(count: 5, length: 61, seed: 1)
        let second = syntheticSeries(count: 5, length: 61, seed: 2)
        var result = try BatchSTL.decompose(Matrix(columnArrays: first), parameters: parameters, cache: cache)
        let trendBuffer = result.trend.elements.withUnsafeBufferPointer { $0.baseAddress }
        let seasonalBuffer = result.seasonal.elements.withUnsafeBufferPointer { $0.baseAddress }
        try BatchSTL.decompose(Matrix(columnArrays: second), parameters: parameters, cache: cache, into: &result)
        #expect(result.trend.elements.withUnsafeBufferPointer { $0.baseAddress } == trendBuffer)
        #expect(result.seasonal.elements.withUnsafeBufferPointer { $0.baseAddress } == seasonalBuffer)
        #expect(result.methods.allSatisfy { $0 == .linearOperator })
        for (j, y) in second.enumerated() {
            let single = try STL.decompose(y, parameters: parameters)
            #expect(maxAbsDifference(result.trend.column(j), single.trend) < 1e-9)
            #expect(maxAbsDifference(result.seasonal.column(j), single.seasonal) < 1e-9)
            #expect(maxAbsDifference(result.remainder.column(j), single.remainder) < 1e-9)
        }
        // A batch with a gap, or a transform, takes the general path and replaces the result.
        var gappy = second
        gappy[0][10] = .nan
        try BatchSTL.decompose(Matrix(columnArrays: gappy), parameters: parameters, cache: cache, into: &result)
        #expect(result.methods[0] == .perSeries && result.methods[1] == .linearOperator)
        // A different shape is handled too.
        try BatchSTL.decompose(Matrix(columnArrays: Array(first.prefix(2))), parameters: parameters, cache: cache, into: &result)
        #expect(result.trend.columns == 2)
    }

    @Test func gemmIntoLeadingRows() throws {
        // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]] (hand calculation)
        // written into the top of a 3×2 matrix whose last row is kept.
        let a = try Matrix(rowArrays: [[1, 2], [3, 4]])
        let b = try Matrix(rowArrays: [[5, 6], [7, 8]])
        var c = try Matrix(rowArrays: [[0, 0], [0, 0], [-1, -2]])
        try BLAS.gemm(a, b, intoLeadingRowsOf: &c)
        #expect(c == (try Matrix(rowArrays: [[19, 22], [43, 50], [-1, -2]])))
        var small = Matrix(rows: 1, columns: 2)
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemm(a, b, intoLeadingRowsOf: &small) }
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemm(a, a.transposed, intoLeadingRowsOf: &small) }
    }

    @Test func applyRejectsWrongLength() throws {
        let op = try STLOperator(parameters: STL.Parameters(period: 4, seasonalWindow: .span(7)).resolved(length: 16))
        #expect(throws: DecompositionError.self) {
            _ = try op.apply(to: Matrix(rows: 15, columns: 2))
        }
        let empty = try op.apply(to: Matrix(rows: 16, columns: 0))
        #expect(empty.trend.rows == 16 && empty.trend.columns == 0 && empty.seasonal.columns == 0)
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
        var series = syntheticSeries(count: 3, length: 25, seed: 1)   // n > 2·period, as R stl requires
        series[2][3] = -.infinity
        #expect(throws: DecompositionError.inColumn(2, .nonFiniteValue(index: 3))) {
            try BatchSTL.decompose(Matrix(columnArrays: series), parameters: STL.Parameters(period: 12, seasonalWindow: .span(7)))
        }
    }
}
