import Foundation

/// The count distribution of a log-linear trend regression.
public enum CountFamily: Sendable, Codable, Equatable, Hashable {
    /// Poisson: `Var(y) = μ`.
    case poisson
    /// Negative binomial NB2: `Var(y) = μ + α μ²`; `alpha == nil` estimates α by maximum likelihood.
    case negativeBinomial(alpha: Double?)
}

/// A log-linear trend fitted to counts: `log E[y_t] = β₀ + β₁ · t/periodsPerYear (+ seasonal effects)`.
public struct CountTrendResult: Sendable, Codable, Equatable {
    /// The family fitted (with the α used, for the negative binomial).
    public var family: CountFamily
    /// Coefficients: intercept, slope per year, then `period − 1` seasonal effects if requested.
    public var coefficients: [Double]
    /// Model-based standard errors (`√diag((XᵀWX)⁻¹)`, scale 1, as statsmodels' GLM).
    public var standardErrors: [Double]
    /// `exp(β₁) − 1`: the growth rate per year (0.05 = +5 % a year).
    public var growthRatePerYear: Double
    /// Lower end of the Wald interval `exp(β₁ − z·se) − 1`.
    public var growthRateLower: Double
    /// Upper end of the Wald interval `exp(β₁ + z·se) − 1`.
    public var growthRateUpper: Double
    /// The confidence level of the interval.
    public var confidence: Double
    /// Residual deviance.
    public var deviance: Double
    /// Pearson χ² = Σ (y − μ)² / V(μ).
    public var pearsonChiSquare: Double
    /// Residual degrees of freedom (observations − coefficients).
    public var degreesOfFreedom: Int
    /// Overdispersion: Pearson χ² / degrees of freedom (≈ 1 when the family fits;
    /// much larger than 1 for a Poisson fit means the interval is too narrow).
    public var dispersion: Double
    /// The NB2 α (estimated or given); `nil` for Poisson.
    public var alpha: Double?
    /// IRLS iterations of the last fit.
    public var iterations: Int
}

/// Log-linear trend regression for counts by iteratively reweighted least
/// squares (McCullagh & Nelder 1989, *Generalized Linear Models*, §2.5),
/// each step a weighted least-squares solve with ``LeastSquares`` (QR).
///
/// The Poisson fit and the negative-binomial fit with a given α match
/// statsmodels 0.15's `GLM` (coefficients and standard errors) to 1e-8.
/// With `alpha: nil`, α is estimated by maximum likelihood, alternating IRLS
/// for β with a one-dimensional maximisation of the NB2 log-likelihood in
/// `log α` (bisection on the score, digamma by its asymptotic series); it matches statsmodels' `NegativeBinomial`
/// (`loglike_method='nb2'`) to 1e-8 relative on the test series. Standard errors are
/// then those of the GLM with α fixed at its estimate.
///
/// ## Missing values
/// NaN counts are skipped (their time index is kept for the others).
public enum CountTrend {
    /// Fit the trend.
    ///
    /// - Parameters:
    ///   - counts: non-negative integer counts in time order; NaN = missing.
    ///   - periodsPerYear: observations per year (12 monthly), so the slope is per year.
    ///   - family: ``CountFamily/poisson`` or ``CountFamily/negativeBinomial(alpha:)``.
    ///   - seasonalPeriod: add `period − 1` seasonal indicator columns (position mod period); `nil` for none.
    ///   - confidence: level of the growth-rate interval, in (0, 1).
    /// - Returns: coefficients, growth rate per year with its interval, and overdispersion.
    /// - Throws: ``TrendError`` for negative or fractional counts, too few observations,
    ///   bad parameters, or non-convergence; ``LinearAlgebraError`` if the design is singular
    ///   (for example all counts zero).
    /// - Complexity: O(iterations · n · p²).
    public static func fit(
        _ counts: [Double], periodsPerYear: Int, family: CountFamily = .poisson,
        seasonalPeriod: Int? = nil, confidence: Double = 0.95
    ) throws -> CountTrendResult {
        guard periodsPerYear >= 1 else {
            throw TrendError.invalidParameter(name: "periodsPerYear", detail: "must be at least 1, got \(periodsPerYear)")
        }
        guard confidence > 0, confidence < 1 else {
            throw TrendError.invalidParameter(name: "confidence", detail: "must be in (0, 1), got \(confidence)")
        }
        if let p = seasonalPeriod, p < 2 || p > counts.count {
            throw TrendError.invalidParameter(
                name: "seasonalPeriod", detail: "must be between 2 and the series length, got \(p)")
        }
        if case let .negativeBinomial(alpha?) = family, !(alpha > 0 && alpha.isFinite) {
            throw TrendError.invalidParameter(name: "alpha", detail: "must be positive and finite, got \(alpha)")
        }
        for (i, y) in counts.enumerated() where !y.isNaN {
            if y.isInfinite { throw TrendError.nonFiniteValue(index: i) }
            guard y >= 0, y == y.rounded() else { throw TrendError.invalidCount(index: i, value: y) }
        }
        let rows = counts.indices.filter { !counts[$0].isNaN }
        let p = 2 + (seasonalPeriod.map { $0 - 1 } ?? 0)
        guard rows.count > p else { throw TrendError.tooFewValues(observed: rows.count, minimum: p + 1) }
        guard rows.contains(where: { counts[$0] > 0 }) else {
            throw TrendError.invalidParameter(name: "counts", detail: "are all zero; a log-linear trend is undefined")
        }
        let y = rows.map { counts[$0] }
        var x = Matrix(rows: rows.count, columns: p)
        for (r, i) in rows.enumerated() {
            x[r, 0] = 1
            x[r, 1] = Double(i) / Double(periodsPerYear)
            if let period = seasonalPeriod, i % period != 0 { x[r, 1 + i % period] = 1 }
        }

        var alpha: Double?
        var fit: IRLSFit
        switch family {
        case .poisson:
            fit = try irls(x, y, alpha: nil)
        case let .negativeBinomial(given?):
            alpha = given
            fit = try irls(x, y, alpha: given)
        case .negativeBinomial(nil):
            var current = try irls(x, y, alpha: nil)
            var logAlpha = log(max(momentAlpha(y, current.mu, df: y.count - p), 1e-6))
            var converged = false
            for _ in 0..<500 {
                current = try irls(x, y, alpha: exp(logAlpha), start: current.beta)
                let next = maximiseLogAlpha(y, current.mu)
                let change = abs(next - logAlpha)
                logAlpha = next
                if change < 1e-11 {
                    converged = true
                    break
                }
            }
            guard converged else { throw TrendError.noConvergence(iterations: 500) }
            alpha = exp(logAlpha)
            fit = try irls(x, y, alpha: alpha, start: current.beta)
        }

        let covariance = try fit.inverseInformation
        let se = (0..<p).map { covariance[$0, $0].squareRoot() }
        let z = NormalDistribution.quantile(0.5 + confidence / 2)
        let b1 = fit.beta[1]
        let df = y.count - p
        return CountTrendResult(
            family: family, coefficients: fit.beta, standardErrors: se,
            growthRatePerYear: expm1(b1), growthRateLower: expm1(b1 - z * se[1]), growthRateUpper: expm1(b1 + z * se[1]),
            confidence: confidence, deviance: fit.deviance, pearsonChiSquare: fit.pearson, degreesOfFreedom: df,
            dispersion: df > 0 ? fit.pearson / Double(df) : .nan, alpha: alpha, iterations: fit.iterations)
    }

    struct IRLSFit {
        var beta: [Double]
        var mu: [Double]
        var deviance: Double
        var pearson: Double
        var iterations: Int
        var x: Matrix
        var weights: [Double]

        /// `(XᵀWX)⁻¹` at the fitted means.
        var inverseInformation: Matrix {
            get throws {
                var wx = x
                for j in 0..<x.columns { for i in 0..<x.rows { wx[i, j] *= weights[i] } }
                let information = try BLAS.gemm(x, wx, transposeA: true)
                return try Cholesky(information).solve(Matrix.identity(x.columns))
            }
        }
    }

    /// IRLS for the log link with `V(μ) = μ` (Poisson) or `μ + αμ²` (NB2).
    static func irls(_ x: Matrix, _ y: [Double], alpha: Double?, start: [Double]? = nil) throws -> IRLSFit {
        let n = y.count
        let mean = y.reduce(0, +) / Double(n)
        var mu: [Double]
        var eta: [Double]
        if let start {
            eta = try BLAS.gemv(x, start)
            mu = eta.map(exp)
        } else {
            // statsmodels' starting values: μ = (y + ȳ) / 2.
            mu = y.map { ($0 + mean) / 2 }
            eta = mu.map(log)
        }
        var beta = start ?? [Double](repeating: 0, count: x.columns)
        var deviance = Self.deviance(y, mu, alpha: alpha)
        var weights = [Double](repeating: 0, count: n)
        for iteration in 1...100 {
            var a = x
            var b = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let w = alpha.map { mu[i] / (1 + $0 * mu[i]) } ?? mu[i]
                let root = w.squareRoot()
                b[i] = root * (eta[i] + (y[i] - mu[i]) / mu[i])
                for j in 0..<x.columns { a[i, j] *= root }
            }
            beta = try LeastSquares.solve(a, b).coefficients
            eta = try BLAS.gemv(x, beta)
            mu = eta.map(exp)
            let next = Self.deviance(y, mu, alpha: alpha)
            let change = abs(next - deviance)
            deviance = next
            if change <= 1e-13 * (abs(deviance) + 1) && iteration > 1 {
                for i in 0..<n { weights[i] = alpha.map { mu[i] / (1 + $0 * mu[i]) } ?? mu[i] }
                var pearson = 0.0
                for i in 0..<n {
                    let v = alpha.map { mu[i] + $0 * mu[i] * mu[i] } ?? mu[i]
                    pearson += (y[i] - mu[i]) * (y[i] - mu[i]) / v
                }
                return IRLSFit(
                    beta: beta, mu: mu, deviance: deviance, pearson: pearson, iterations: iteration, x: x,
                    weights: weights)
            }
        }
        throw TrendError.noConvergence(iterations: 100)
    }

    static func deviance(_ y: [Double], _ mu: [Double], alpha: Double?) -> Double {
        var d = 0.0
        for i in y.indices {
            let yi = y[i], mi = mu[i]
            let ylog = yi > 0 ? yi * log(yi / mi) : 0
            if let a = alpha {
                d += 2 * (ylog - (yi + 1 / a) * log((1 + a * yi) / (1 + a * mi)))
            } else {
                d += 2 * (ylog - (yi - mi))
            }
        }
        return d
    }

    /// Method-of-moments start for α: `Σ ((y − μ)² − y) / μ² / df`.
    static func momentAlpha(_ y: [Double], _ mu: [Double], df: Int) -> Double {
        var s = 0.0
        for i in y.indices { s += ((y[i] - mu[i]) * (y[i] - mu[i]) - y[i]) / (mu[i] * mu[i]) }
        return s / Double(max(df, 1))
    }

    /// Digamma ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series
    /// (Abramowitz & Stegun 6.3.18); absolute error below 1e-14.
    static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 6 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        result += log(x) - 0.5 / x
            - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
        return result
    }

    /// Derivative of the NB2 log-likelihood with respect to α at fixed means.
    static func alphaScore(_ y: [Double], _ mu: [Double], alpha a: Double) -> Double {
        let r = 1 / a
        let psiR = digamma(r)
        var score = 0.0
        for i in y.indices {
            let am = a * mu[i]
            score += r * r * (psiR - digamma(y[i] + r) + log1p(am)) + y[i] / a - (y[i] + r) * mu[i] / (1 + am)
        }
        return score
    }

    /// The α maximising the NB2 likelihood for fixed means: bisection on the
    /// score in `log α` over `[log 1e-10, log 1e4]` (the likelihood is
    /// unimodal in α); the lower end when there is no overdispersion.
    static func maximiseLogAlpha(_ y: [Double], _ mu: [Double]) -> Double {
        var lo = log(1e-10)
        var hi = log(1e4)
        if alphaScore(y, mu, alpha: exp(lo)) <= 0 { return lo }
        if alphaScore(y, mu, alpha: exp(hi)) >= 0 { return hi }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if alphaScore(y, mu, alpha: exp(mid)) > 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
