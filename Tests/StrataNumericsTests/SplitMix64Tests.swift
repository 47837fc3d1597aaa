import Testing
import StrataNumerics

/// The shared generator (Sources/StrataNumerics/Random/SplitMix64.swift).
@Suite struct SplitMix64Tests {
    /// Vigna's reference splitmix64.c from state 0: first output 0xE220A8397B1DCDAF, second 7960286522194355700.
    @Test func splitMixMatchesTheReferenceStream() {
        var r = SplitMix64(seed: 0)
        #expect(r.next() == 0xE220_A839_7B1D_CDAF)
        #expect(r.next() == 7_960_286_522_194_355_700)
    }

    @Test func splitMixIsSeededAndUniform() {
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
        var sum = 0.0
        for _ in 0..<10_000 {
            let u = a.nextUniform()
            #expect(u == b.nextUniform())
            #expect(u > 0 && u < 1)
            sum += u
        }
        // Mean of 10,000 U(0,1) has sd 0.0029; 5 sd bound.
        #expect(abs(sum / 10_000 - 0.5) < 0.015)
    }

    /// Vigna's splitmix64.c from state 0 gives 0xE220A8397B1DCDAF first; the top 53 bits
    /// (0xE220A8397B1DCDAF >> 11 = 7956156453446585) times 2^-53 are the half-open draw,
    /// and (k + 0.5) 2^-53 the open one; k + 0.5 is not representable above 2^52 and rounds
    /// to the even neighbour k + 1 = 7956156453446586 (hand calculation; k from Python's
    /// integer arithmetic).
    @Test func uniformDrawsMapTheTop53Bits() {
        var a = SplitMix64(seed: 0), b = SplitMix64(seed: 0)
        #expect(a.nextHalfOpenUniform() == 7_956_156_453_446_585.0 / 9_007_199_254_740_992.0)
        #expect(b.nextUniform() == 7_956_156_453_446_586.0 / 9_007_199_254_740_992.0)
    }

    /// Mean and variance of 20,000 Box–Muller draws: sd of the mean is 0.0071 and of the
    /// variance about 0.01; 5 sd bounds.
    @Test func normalDrawsHaveUnitVariance() {
        var r = SplitMix64(seed: 3)
        let x = (0..<20_000).map { _ in r.nextNormal() }
        let mean = x.reduce(0, +) / 20_000
        let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 19_999
        #expect(abs(mean) < 0.036)
        #expect(abs(variance - 1) < 0.05)
    }
}
