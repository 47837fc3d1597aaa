import Foundation

/// Quantiles of the distributions the segment intervals need (Student t,
/// gamma; the normal is ``NormalDistribution``), in safe Swift. Internal to
/// the change-point area.
///
/// CDFs use the regularised incomplete gamma (series below `a + 1`,
/// Legendre continued fraction above) and beta (continued fraction,
/// modified Lentz) functions; quantiles invert the CDFs by bisection to
/// about 1e-12 relative (gamma shapes above 1e5: Wilson–Hilferty). Checked against SciPy in `ChangePointSegmentTests`.
enum Distributions {
    /// Regularised lower incomplete gamma `P(a, x)`.
    static func gammaP(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return min(1, sum * exp(logPrefix))
        }
        // Continued fraction for Q(a, x), modified Lentz.
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return max(0, 1 - exp(logPrefix) * h)
    }

    /// Quantile of the gamma distribution with shape `a` and scale 1.
    static func gammaQuantile(_ p: Double, shape a: Double) -> Double {
        guard a > 0, p > 0 else { return 0 }
        guard p < 1 else { return .infinity }
        if a > 1e5 {
            // Wilson–Hilferty (1931): the cube root of a gamma variable is
            // nearly normal; relative error below 1e-10 for shapes this large,
            // where the series for P(a, x) would need O(√a) terms.
            let v = 1 / (9 * a)
            let c = 1 - v + NormalDistribution.quantile(p) * v.squareRoot()
            return a * c * c * c
        }
        let upper = a + 40 * (a.squareRoot() + 1) + 100
        return bisect(lower: 0, upper: upper) { gammaP(a, $0) - p }
    }

    /// Regularised incomplete beta `I_x(a, b)`.
    static func betaI(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logPrefix = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x > (a + 1) / (a + b + 2) { return 1 - betaI(1 - x, b, a) }
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for i in 1..<10_000 {
            let m = Double(i)
            // Even step.
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logPrefix) * h / a
    }

    /// Student t CDF with `nu` degrees of freedom.
    static func studentTCDF(_ t: Double, _ nu: Double) -> Double {
        let tail = 0.5 * betaI(nu / (nu + t * t), nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// Student t quantile.
    static func studentTQuantile(_ p: Double, _ nu: Double) -> Double {
        guard p > 0, p < 1 else { return p <= 0 ? -.infinity : .infinity }
        var bound = 50.0
        while studentTCDF(bound, nu) < p, bound < 1e12 { bound *= 10 }
        return bisect(lower: -bound, upper: bound) { studentTCDF($0, nu) - p }
    }

    /// Root of an increasing function on `[lower, upper]` by bisection.
    static func bisect(lower: Double, upper: Double, _ f: (Double) -> Double) -> Double {
        var lo = lower, hi = upper
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if f(mid) < 0 { lo = mid } else { hi = mid }
            if hi - lo <= 1e-14 * max(1, abs(mid)) { break }
        }
        return 0.5 * (lo + hi)
    }
}
