import Foundation

extension ETSFit {
    /// Point forecasts `h = 1…horizon` from the final state (the recursion without future errors).
    ///
    /// - Parameter horizon: steps ahead, ≥ 1.
    /// - Returns: the point forecasts.
    /// - Complexity: O(horizon).
    public func pointForecast(horizon: Int) -> [Double] {
        var out = [Double](repeating: 0, count: max(0, horizon))
        var damp = 0.0  // φ + φ² + … + φ^h
        var power = 1.0
        let phi = model.trend == .damped ? parameters.phi : 1
        for h in 0..<out.count {
            power *= phi
            damp += power
            let q = finalLevel + (model.trend == .none ? 0 : damp * finalSlope)
            switch model.season {
            case .none: out[h] = q
            // `finalSeasonal` holds `period` states for a fit made here; a decoded, inconsistent
            // value degrades to NaN instead of trapping.
            case .additive: out[h] = finalSeasonal.isEmpty ? .nan : q + finalSeasonal[h % finalSeasonal.count]
            case .multiplicative: out[h] = finalSeasonal.isEmpty ? .nan : q * finalSeasonal[h % finalSeasonal.count]
            }
        }
        return out
    }

    /// Forecasts with prediction intervals.
    ///
    /// Intervals are analytical for class 1 (additive error, no multiplicative
    /// season: `v_h = σ²(1 + Σ_{j<h} c_j²)`, Hyndman et al. 2008 Table 6.1) and
    /// class 2 (multiplicative error, no multiplicative season:
    /// `v_h = (1+σ²)θ_h − μ_h²`, `θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h−j}`, §6.3),
    /// both with Gaussian quantiles around the point forecast, as R
    /// `forecast.ets`. For multiplicative-season models they are the empirical
    /// quantiles (R type 7) of `simulations` sample paths drawn with Gaussian
    /// errors from a ``SplitMix64`` generator seeded with `seed`.
    ///
    /// - Parameters:
    ///   - horizon: steps ahead, 1…10000.
    ///   - levels: coverage levels in percent, each in (0, 100).
    ///   - simulations: sample paths for the simulated intervals (≥ 100; reduced, with a note,
    ///     so that `horizon × paths ≤ 2·10⁷`).
    ///   - seed: seed of the simulation.
    /// - Returns: the forecast; the mean is the point forecast.
    /// - Throws: ``ForecastError/invalidParameter(name:detail:)`` for a bad horizon, level or simulation count.
    /// - Complexity: O(horizon²) analytically; O(simulations · horizon · log simulations) simulated.
    public func forecast(horizon: Int, levels: [Double] = [80, 95], simulations: Int = 5000, seed: UInt64 = 42) throws -> Forecast {
        try ForecastCheck.horizon(horizon)
        try ForecastCheck.levels(levels)
        guard simulations >= 100, simulations <= 1_000_000 else {
            throw ForecastError.invalidParameter(name: "simulations", detail: "must be between 100 and 1000000, is \(simulations)")
        }
        let mean = pointForecast(horizon: horizon)
        var intervals: [PredictionInterval] = []
        var extraNotes: [String] = []
        if model.season != .multiplicative {
            let c = coefficients(horizon: horizon)
            var variance = [Double](repeating: 0, count: horizon)
            if model.error == .additive {
                var acc = 1.0
                for h in 0..<horizon {
                    if h > 0 { acc += c[h - 1] * c[h - 1] }
                    variance[h] = sigma2 * acc
                }
            } else {
                var theta = [Double](repeating: 0, count: horizon)
                for h in 0..<horizon {
                    var t = mean[h] * mean[h]
                    for j in 1...max(1, h) where j <= h { t += sigma2 * c[j - 1] * c[j - 1] * theta[h - j] }
                    theta[h] = t
                    variance[h] = max(0, (1 + sigma2) * t - mean[h] * mean[h])
                }
            }
            for level in levels {
                let z = NormalDistribution.centralMultiplier(level: level)
                intervals.append(PredictionInterval(
                    level: level,
                    lower: (0..<horizon).map { mean[$0] - z * variance[$0].squareRoot() },
                    upper: (0..<horizon).map { mean[$0] + z * variance[$0].squareRoot() }))
            }
        } else {
            // Memory guard: at most 2·10⁷ simulated values (160 MB).
            let paths = min(simulations, max(100, 20_000_000 / horizon))
            if paths < simulations { extraNotes.append("simulated intervals use \(paths) paths (memory limit for horizon \(horizon))") }
            intervals = simulatedIntervals(horizon: horizon, levels: levels, simulations: paths, seed: seed)
        }
        return Forecast(method: model.description, mean: mean, intervals: intervals, notes: notes + extraNotes)
    }

    /// `c_j = α + β·φ_j + γ·[j mod m = 0]`, `φ_j = φ + … + φ^j` (Hyndman et al. 2008, Table 6.1), j = 1…horizon.
    func coefficients(horizon: Int) -> [Double] {
        var c = [Double](repeating: 0, count: horizon)
        let phi = model.trend == .damped ? parameters.phi : 1
        var damp = 0.0, power = 1.0
        for j in 1...horizon {
            power *= phi
            damp += power
            var v = parameters.alpha
            if model.trend != .none { v += parameters.beta * damp }
            if model.season != .none, period > 0, j % period == 0 { v += parameters.gamma }
            c[j - 1] = v
        }
        return c
    }

    func simulatedIntervals(horizon: Int, levels: [Double], simulations: Int, seed: UInt64) -> [PredictionInterval] {
        var rng = SplitMix64(seed: seed)
        let sigma = sigma2.squareRoot()
        var paths = [Double](repeating: 0, count: horizon * simulations)
        var season = finalSeasonal.isEmpty ? [0.0] : finalSeasonal
        let phi = model.trend == .damped ? parameters.phi : 1
        let alpha = parameters.alpha
        let betaOverAlpha = parameters.beta / alpha
        let gamma = parameters.gamma
        for path in 0..<simulations {
            var l = finalLevel, b = finalSlope
            for k in 0..<season.count { season[k] = finalSeasonal.isEmpty ? 0 : finalSeasonal[k] }
            for h in 0..<horizon {
                let pos = h % season.count
                let phib = model.trend == .none ? 0 : phi * b
                let q = l + phib
                let s = season[pos]
                let yhat: Double
                switch model.season {
                case .none: yhat = q
                case .additive: yhat = q + s
                case .multiplicative: yhat = q * s
                }
                let e = sigma * rng.nextNormal()
                let y = model.error == .additive ? yhat + e : yhat * (1 + e)
                paths[h * simulations + path] = y
                let p: Double
                switch model.season {
                case .none: p = y
                case .additive: p = y - s
                case .multiplicative: p = s != 0 ? y / s : y
                }
                let lOld = l
                l = q + alpha * (p - q)
                if model.trend != .none { b = phib + betaOverAlpha * (l - lOld - phib) }
                switch model.season {
                case .none: break
                case .additive: season[pos] = s + gamma * (y - q - s)
                case .multiplicative: if q != 0 { season[pos] = s + gamma * (y / q - s) }
                }
            }
        }
        var lowers = [[Double]](repeating: [Double](repeating: 0, count: horizon), count: levels.count)
        var uppers = lowers
        var column = [Double](repeating: 0, count: simulations)
        for h in 0..<horizon {
            for i in 0..<simulations { column[i] = paths[h * simulations + i] }
            column.sort()
            for (k, level) in levels.enumerated() {
                let a = (1 - level / 100) / 2
                lowers[k][h] = SampleStatistics.quantile(sorted: column, a)
                uppers[k][h] = SampleStatistics.quantile(sorted: column, 1 - a)
            }
        }
        return levels.enumerated().map { PredictionInterval(level: $1, lower: lowers[$0], upper: uppers[$0]) }
    }
}

extension ETSFit {
    /// Variance inflation factors, one per step ahead, from the in-sample growth of
    /// multi-step forecast errors relative to the model's own variance growth.
    ///
    /// The fitted model is run over every prefix `y[0..<t]` of its data (with the
    /// estimated parameters, t from `max(2·period, 8, n − 240)` to `n − 1`) and forecasts up to
    /// `horizon` steps from each origin; errors are absolute for additive-error models
    /// and relative, `(y − ŷ)/ŷ`, for multiplicative-error ones. With `MSE_h` their mean
    /// square at step `h`, the empirical growth is `g_h = MSE_h / MSE_1`, the model's
    /// growth is `G_h = 1 + Σ_{j<h} c_j²` (Hyndman et al. 2008, Table 6.1, the class-1
    /// formula, used as an approximation for the other classes), and the factor is
    /// `f_h = max(1, g_h / G_h)`. Steps with fewer than 10 in-sample errors reuse the
    /// last factor computed. This is the empirical interval idea of Williams & Goodman
    /// (1971, JASA 66, 752–754), used only to widen: it is a calibration heuristic of
    /// strata, not a method of R `forecast` or statsforecast. The in-sample errors use
    /// parameters estimated on the same data, so they understate out-of-sample errors.
    ///
    /// - Parameters:
    ///   - y: the observations the model was fitted to (finite).
    ///   - horizon: steps ahead, ≥ 1.
    /// - Returns: `horizon` factors ≥ 1; all 1 when the data are too short or the filter fails.
    /// - Complexity: O(n · min(n, 240) + 240 · horizon) time.
    public func intervalInflation(on y: [Double], horizon: Int) -> [Double] {
        let steps = max(0, horizon)
        var factors = [Double](repeating: 1, count: steps)
        let n = y.count
        // At most the last 240 origins, so that long (e.g. daily) series stay O(240·n).
        let first = max(2 * period, 8, n - 240)
        guard steps > 0, n > first + 1, y.allSatisfy(\.isFinite) else { return factors }
        var sum = [Double](repeating: 0, count: steps)
        var count = [Int](repeating: 0, count: steps)
        for t in first..<n {
            guard let state = try? ExponentialSmoothing.filter(Array(y[0..<t]), model: model, period: period, parameters: parameters) else {
                continue
            }
            let ahead = min(steps, n - t)
            let f = state.pointForecast(horizon: ahead)
            for h in 0..<ahead {
                let actual = y[t + h]
                let e: Double
                if model.error == .additive {
                    e = actual - f[h]
                } else {
                    guard f[h] > 0 else { continue }
                    e = (actual - f[h]) / f[h]
                }
                guard e.isFinite else { continue }
                sum[h] += e * e
                count[h] += 1
            }
        }
        guard count[0] >= 10, sum[0] > 0 else { return factors }
        let mse1 = sum[0] / Double(count[0])
        let c = coefficients(horizon: steps)
        var growth = 1.0
        var last = 1.0
        for h in 0..<steps {
            if h > 0 { growth += c[h - 1] * c[h - 1] }
            if count[h] >= 10 {
                let g = sum[h] / Double(count[h]) / mse1
                let ratio = g / growth
                last = ratio.isFinite ? max(1, ratio) : last
            }
            factors[h] = last
        }
        return factors
    }
}

extension Forecast {
    /// The forecast with every interval's distances from the mean multiplied by `√f_h`
    /// (a variance inflation by `f_h`) at each step `h`.
    ///
    /// - Parameter factors: variance factors, one per step; missing steps and non-finite or
    ///   negative factors leave the interval unchanged.
    /// - Returns: the widened forecast; the mean is unchanged.
    /// - Complexity: O(levels · horizon).
    public func widened(by factors: [Double]) -> Forecast {
        var out = self
        for k in 0..<out.intervals.count {
            let steps = min(out.mean.count, out.intervals[k].lower.count, out.intervals[k].upper.count)
            for h in 0..<steps where h < factors.count && factors[h].isFinite && factors[h] >= 0 {
                let s = factors[h].squareRoot()
                out.intervals[k].lower[h] = mean[h] - s * (mean[h] - intervals[k].lower[h])
                out.intervals[k].upper[h] = mean[h] + s * (intervals[k].upper[h] - mean[h])
            }
        }
        return out
    }
}
