import Foundation

/// SplitMix64: the project's one small, fast, seeded pseudo-random generator.
///
/// Every random procedure in strata (simulated prediction intervals,
/// optimiser restarts, synthetic data, test and benchmark data) draws from
/// this generator, so a seed names the same stream everywhere.
///
/// The algorithm is the `SplitMix64` generator of Steele, Lea & Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014 (the
/// finaliser constants are those of Vigna's public-domain reference
/// `splitmix64.c`): the state advances by the golden-ratio increment
/// `0x9E3779B97F4A7C15` and each output is a bijective mix of the state. The
/// stream for seed 0 starts `0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, …`, as
/// in the reference implementation (checked in `ForecastOptimiserTests`).
///
/// Not cryptographic. The same seed gives the same stream on every platform.
/// Conforms to `RandomNumberGenerator`, so it can drive the standard
/// library's `Double.random(in:using:)`, `shuffled(using:)` and so on.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose state is `seed`.
    ///
    /// - Parameter seed: any 64-bit value; 0 is fine.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    ///
    /// - Returns: the next output of the stream.
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in the open interval (0, 1).
    ///
    /// The top 53 bits of ``next()`` plus one half, times 2⁻⁵³: never 0 or 1,
    /// so its logarithm is always finite.
    /// - Returns: a value in (0, 1).
    /// - Complexity: O(1).
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A uniform draw in the half-open interval [0, 1).
    ///
    /// The top 53 bits of ``next()`` times 2⁻⁵³ — the usual `(x >> 11) * 2⁻⁵³`
    /// mapping, which is what the peer scripts under `Benchmarks/peers/`
    /// reproduce. Prefer ``nextUniform()`` where a 0 would be a problem.
    /// - Returns: a value in [0, 1).
    /// - Complexity: O(1).
    public mutating func nextHalfOpenUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal draw.
    ///
    /// Box–Muller (Box & Muller 1958) on two ``nextUniform()`` draws; the
    /// second normal of the pair is discarded for simplicity.
    /// - Returns: a draw from N(0, 1).
    /// - Complexity: O(1).
    public mutating func nextNormal() -> Double {
        let u1 = nextUniform(), u2 = nextUniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
