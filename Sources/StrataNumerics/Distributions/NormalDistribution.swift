import Foundation

/// The standard normal distribution N(0, 1): distribution function, tail
/// probability and quantile, shared by every area that needs them
/// (prediction intervals, trend tests, change-point segment intervals).
///
/// The distribution function uses the C library's `erfc`, which is accurate
/// in relative terms far into both tails. The quantile follows Acklam's
/// rational approximation (P. J. Acklam, "An algorithm for computing the
/// inverse normal cumulative distribution function", 2003; relative error
/// below 1.15e-9) refined by one Halley step on `erfc`, as Acklam suggests.
/// The refinement is always made in the lower tail (`p ≤ 1/2`; the upper
/// tail uses the exact `1 − p` and symmetry), so the result is accurate to
/// a few units in the last place: it matches R 4.x `qnorm` (Wichura's AS241)
/// within 1e-15·max(1, |x|) from `p = 1e-300` to `1 − 1e-10`, see
/// `NormalDistributionTests`.
public enum NormalDistribution {
    /// The distribution function `Φ(z) = P(Z ≤ z)`.
    ///
    /// Computed as `erfc(−z/√2)/2`, accurate in relative terms in the lower tail.
    /// - Parameter z: any value; NaN gives NaN.
    /// - Returns: `P(Z ≤ z)` in [0, 1].
    /// - Complexity: O(1).
    public static func cdf(_ z: Double) -> Double { 0.5 * Foundation.erfc(-z / 2.0.squareRoot()) }

    /// The upper tail probability `P(Z > z) = 1 − Φ(z)`.
    ///
    /// Computed as `erfc(z/√2)/2`, so it stays accurate in relative terms far
    /// into the upper tail, where `1 − cdf(z)` would lose every digit.
    /// - Parameter z: any value; NaN gives NaN.
    /// - Returns: `P(Z > z)` in [0, 1].
    /// - Complexity: O(1).
    public static func upperTail(_ z: Double) -> Double { 0.5 * Foundation.erfc(z / 2.0.squareRoot()) }

    /// The `p`-quantile `Φ⁻¹(p)` of N(0, 1).
    ///
    /// Acklam's approximation refined by one Halley step (see the type's
    /// discussion); `quantile(1 − p) == −quantile(p)` exactly whenever `1 − p`
    /// is exact.
    /// - Parameter p: a probability.
    /// - Returns: `x` with `Φ(x) = p` for `0 < p < 1`; `−∞` at 0, `+∞` at 1, NaN
    ///   outside [0, 1] or for NaN.
    /// - Complexity: O(1).
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        return p > 0.5 ? -lowerQuantile(1 - p) : lowerQuantile(p)
    }

    /// The two-sided multiplier of a central interval of `level` percent:
    /// `quantile(0.5 + level/200)`, e.g. `1.959963984540054` for 95.
    /// - Parameter level: the coverage in percent, in (0, 100).
    /// - Returns: the multiplier (NaN for a level outside [0, 100]).
    /// - Complexity: O(1).
    public static func centralMultiplier(level: Double) -> Double {
        quantile(0.5 + level / 200)
    }

    /// Φ⁻¹(p) for `0 < p ≤ 1/2`.
    private static func lowerQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        var x: Double
        if p < 0.02425 {
            let q = (-2 * Foundation.log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        // One Halley step; x ≤ 0 here, so erfc's argument is ≥ 0 and Φ(x) keeps full relative precision.
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * Foundation.exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}
