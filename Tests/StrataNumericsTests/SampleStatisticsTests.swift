import Testing
@testable import StrataNumerics

/// The shared sample statistics (Sources/StrataNumerics/Statistics/SampleStatistics.swift).
@Suite struct SampleStatisticsTests {
    /// R 4.x: `x <- c(1,3,2,5,4,6,8,7); acf(x, lag.max=3, plot=FALSE)$acf`
    /// = 1, 0.49404761904761907, 0.2857142857142857, -0.10119047619047619.
    @Test func autocorrelationsMatchR() {
        let x: [Double] = [1, 3, 2, 5, 4, 6, 8, 7]
        let expected = [1, 0.49404761904761907, 0.2857142857142857, -0.10119047619047619]
        let r = SampleStatistics.autocorrelations(x, maxLag: 3)
        #expect(r.count == 4)
        for (got, want) in zip(r, expected) { #expect(abs(got - want) < 1e-15) }
        #expect(SampleStatistics.autocorrelations(x, lags: [2, 1]) == [r[2], r[1]])
        #expect(abs(SeasonalAdjustment.autocorrelation(x, lag: 1) - expected[1]) < 1e-15)
    }

    /// Lags are capped at n − 1; a constant series is 0/0 (NaN) here and 0 in the public
    /// `SeasonalAdjustment.autocorrelation`, as documented there; bad lags never crash.
    @Test func edgeCases() {
        #expect(SampleStatistics.autocorrelations([1, 2, 4], maxLag: 10).count == 3)
        #expect(SampleStatistics.autocorrelations([], maxLag: 3).isEmpty)
        #expect(SampleStatistics.autocorrelations([2, 2, 2], maxLag: 1).allSatisfy { $0.isNaN })
        #expect(SampleStatistics.autocorrelations([1, 2], lags: [-1, 5]).allSatisfy { $0.isNaN })
        #expect(SeasonalAdjustment.autocorrelation([2, 2, 2], lag: 1) == 0)
        #expect(SeasonalAdjustment.autocorrelation([1, 2, 3], lag: 3) == 0)
    }

    /// Hand calculation: median(4, 1, 3, 2) = (2 + 3)/2 = 2.5 (R `median` agrees); median(5, 1, 3) = 3.
    @Test func medians() {
        #expect(SampleStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(SampleStatistics.median([5, 1, 3]) == 3)
        #expect(SampleStatistics.median(sorted: [1, 2, 3, 4]) == 2.5)
        #expect(SampleStatistics.median([]).isNaN)
    }
}
