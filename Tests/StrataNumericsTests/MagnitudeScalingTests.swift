import Testing
@testable import StrataNumerics

/// Issue 11: values near 1e±300 are fitted after exact power-of-two rescaling.
@Suite struct MagnitudeScalingTests {
    static let y: [Double] = (0..<48).map { (t: Int) -> Double in
        let season = Double(t % 12) * 7
        let noise = Double((t * 37) % 11)
        return 100 + season + noise
    }

    @Test func factorIsAPowerOfTwoOutsideTheSafeRange() {
        #expect(MagnitudeScaling.factor(for: [1, 2, 3e100]) == 1)
        #expect(MagnitudeScaling.factor(for: [0, .nan]) == 1)
        // 2^1000 × 3 has exponent 1001: the factor brings it into [1, 2).
        let f = MagnitudeScaling.factor(for: [3 * 0x1p1000])
        #expect(f == 0x1p-1001)
        #expect(MagnitudeScaling.factor(for: [0x1p-1000]) == 0x1p1000)
    }

    /// Seasonal naive uses only +, −, ×, ÷ and √, which commute exactly with a
    /// power of two: the forecast of y·2^1000 is exactly 2^1000 × that of y.
    @Test func hugeSeriesForecastIsTheScaledForecast() throws {
        let base = try Forecaster.forecast(Self.y, method: .seasonalNaive, horizon: 6, period: 12)
        let huge = try Forecaster.forecast(Self.y.map { $0 * 0x1p1000 }, method: .seasonalNaive, horizon: 6, period: 12)
        #expect(huge.mean == base.mean.map { $0 * 0x1p1000 })
        for (h, b) in zip(huge.intervals, base.intervals) {
            #expect(h.lower == b.lower.map { $0 * 0x1p1000 })
            #expect(h.upper == b.upper.map { $0 * 0x1p1000 })
            #expect(zip(h.lower, h.upper).allSatisfy { $0 < $1 && $1.isFinite })
        }
        #expect(huge.notes.contains { $0.contains("rescaling") })
    }
}
