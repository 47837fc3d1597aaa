/// A series split into trend, seasonal and remainder components, with the
/// features analysts read off a decomposition.
///
/// Components are on the transformed scale when a ``Transform`` was used
/// (`transformed = trend + seasonal + remainder`); ``observed`` and
/// ``seasonallyAdjusted`` are on the original scale. Missing observations
/// are NaN in ``observed``, ``remainder`` and ``seasonallyAdjusted``; trend
/// and seasonal are estimated there too.
public struct Decomposition: Sendable, Codable, Equatable {
    /// The input values, original scale (NaN = missing).
    public var observed: [Double]
    /// The trend component (transformed scale).
    public var trend: [Double]
    /// The seasonal component (transformed scale).
    public var seasonal: [Double]
    /// `transformed − trend − seasonal` (NaN where the observation is missing).
    public var remainder: [Double]
    /// Robustness weights of the last pass (all 1 for a non-robust fit; 0 at missing values).
    public var weights: [Double]
    /// `inverse(transformed − seasonal)`: the seasonally adjusted series on the original scale.
    public var seasonallyAdjusted: [Double]
    /// The transform applied before decomposing.
    public var transform: Transform
    /// The parameters the decomposition used.
    public var parameters: STL.ResolvedParameters
    /// Strength of trend, Wang, Smith & Hyndman (2006): `max(0, 1 − Var(R) / Var(T + R))`.
    public var trendStrength: Double
    /// Strength of seasonality, Wang, Smith & Hyndman (2006): `max(0, 1 − Var(R) / Var(S + R))`.
    public var seasonalStrength: Double
    /// Conditions the analyst should know about (for example MAD = 0 in robust fitting).
    public var warnings: [String]

    /// Assemble a decomposition; computes remainder, adjusted series and strengths.
    init(
        observed: [Double], transformed: [Double], trend: [Double], seasonal: [Double], weights: [Double],
        transform: Transform, parameters: STL.ResolvedParameters, warnings: [String]
    ) {
        self.observed = observed
        self.trend = trend
        self.seasonal = seasonal
        self.weights = weights
        self.transform = transform
        self.parameters = parameters
        self.warnings = warnings
        var remainder = [Double](repeating: .nan, count: transformed.count)
        var adjusted = [Double](repeating: .nan, count: transformed.count)
        for i in transformed.indices {
            remainder[i] = transformed[i] - seasonal[i] - trend[i]
            adjusted[i] = transformed[i] - seasonal[i]
        }
        self.remainder = remainder
        self.seasonallyAdjusted = transform == .none ? adjusted : transform.invert(adjusted)
        self.trendStrength = DecompositionFeatures.trendStrength(trend: trend, remainder: remainder)
        self.seasonalStrength = DecompositionFeatures.seasonalStrength(seasonal: seasonal, remainder: remainder)
    }
}

/// Features of a decomposition used to compare and rank series.
///
/// Wang, Smith & Hyndman (2006), "Characteristic-based clustering for time
/// series data", *Data Mining and Knowledge Discovery* 13(3), in the form of
/// Hyndman & Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.),
/// §4.3: `F_T = max(0, 1 − Var(R) / Var(T + R))` and
/// `F_S = max(0, 1 − Var(R) / Var(S + R))`, sample variances over the
/// positions where the remainder is observed.
///
/// When `Var(T + R)` (or `Var(S + R)`) is zero — a constant series — the
/// ratio is undefined and the strength is NaN (shown as missing).
public enum DecompositionFeatures {
    /// Strength of trend in `[0, 1]`, NaN when undefined.
    ///
    /// - Parameters:
    ///   - trend: the trend component.
    ///   - remainder: the remainder (NaN positions are skipped).
    /// - Returns: `max(0, 1 − Var(R) / Var(T + R))`.
    /// - Complexity: O(n).
    public static func trendStrength(trend: [Double], remainder: [Double]) -> Double {
        strength(component: trend, remainder: remainder)
    }

    /// Strength of seasonality in `[0, 1]`, NaN when undefined.
    ///
    /// - Parameters:
    ///   - seasonal: the seasonal component.
    ///   - remainder: the remainder (NaN positions are skipped).
    /// - Returns: `max(0, 1 − Var(R) / Var(S + R))`.
    /// - Complexity: O(n).
    public static func seasonalStrength(seasonal: [Double], remainder: [Double]) -> Double {
        strength(component: seasonal, remainder: remainder)
    }

    static func strength(component: [Double], remainder: [Double]) -> Double {
        var r: [Double] = []
        var cr: [Double] = []
        for i in 0..<min(component.count, remainder.count) where !remainder[i].isNaN && !component[i].isNaN {
            r.append(remainder[i])
            cr.append(component[i] + remainder[i])
        }
        let vr = variance(r)
        let vcr = variance(cr)
        guard vcr > 0, vcr.isFinite, vr.isFinite else { return .nan }
        return max(0, 1 - vr / vcr)
    }

    /// Sample variance (denominator n − 1); NaN for fewer than two values.
    static func variance(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        var mean = 0.0
        for v in x { mean += v }
        mean /= Double(x.count)
        var ss = 0.0
        for v in x { ss += (v - mean) * (v - mean) }
        return ss / Double(x.count - 1)
    }
}
