/// Exact rescaling of data whose magnitude would overflow or underflow the
/// squares and products inside the estimators (values near 1e300 or 1e-300).
///
/// The factor is a power of two, so multiplying by it and dividing back is
/// exact (no rounding) for every value that stays normal. Forecasting and
/// the Gaussian change-point costs are scale-equivariant, so fitting the
/// rescaled series and scaling the results back gives the answer the
/// unscaled series would give in exact arithmetic.
public enum MagnitudeScaling {
    /// Magnitudes inside this range are left alone.
    public static let safeRange: ClosedRange<Double> = 1e-150...1e150

    /// The power of two `s` that brings the largest finite |value| into
    /// [1, 2) when it lies outside ``safeRange``; 1 otherwise (and for an
    /// all-zero or all-missing series). Multiply the data by `s`, divide results by it.
    /// - Complexity: O(n).
    public static func factor(for values: [Double]) -> Double {
        var largest = 0.0
        for v in values where v.isFinite { largest = max(largest, abs(v)) }
        guard largest > 0, !safeRange.contains(largest) else { return 1 }
        return Double(sign: .plus, exponent: -largest.exponent, significand: 1)
    }
}
