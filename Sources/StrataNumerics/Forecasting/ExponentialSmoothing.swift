import Foundation

/// Exponential smoothing state-space models (ETS): estimation by maximum
/// likelihood and automatic selection by AICc.
///
/// Follows Hyndman, Koehler, Snyder & Grose (2002) and Hyndman, Koehler, Ord &
/// Snyder (2008), *Forecasting with Exponential Smoothing*, in the form
/// implemented by R `forecast::ets`:
///
/// * state updates in error-correction form (identical for additive and
///   multiplicative errors, as in `forecast`'s `etscalc`);
/// * the criterion minimised is `n·log(Σe²)` for additive errors and
///   `n·log(Σe²) + 2·Σ log|ŷ_t|` for multiplicative errors (relative errors
///   `e = (y − ŷ)/ŷ`), i.e. the Gaussian likelihood with σ² profiled out;
/// * the "usual" parameter region of `forecast::ets`: `1e-4 < α < 0.9999`,
///   `1e-4 < β < α`, `1e-4 < γ < 1 − α`, `0.8 < φ < 0.98`, enforced by a
///   logistic reparameterisation, so the optimiser works unconstrained;
/// * initial states as `forecast`'s `initstate` heuristic (classical
///   decomposition of the first three cycles for the seasonal states, a
///   linear fit to the first `max(10, 2m)` seasonally adjusted values for
///   level and slope), then the level, slope and (by default) the `m − 1`
///   free seasonal states are estimated jointly with the smoothing
///   parameters, as `forecast::ets` does;
/// * Nelder–Mead (``NelderMead``) with seeded restarts as the optimiser
///   (``Options/Search/thorough``), or statsforecast's single bounded local
///   run (``Options/Search/local``, see ``Options/likeStatsforecast``).
///
/// Checked against forecast::ets (Hyndman & Khandakar 2008) and statsforecast
/// 2.1.1 `ets.py`/`ets.cpp`: the same 15 candidates (`restrict = TRUE`: no
/// additive error with multiplicative season; no multiplicative trend), the same
/// criterion (`n·log Σe² + 2Σ log|ŷ|`), AICc counting the smoothing parameters,
/// the `1 + (trend) + (m − 1)` free initial states and σ², seasonal states
/// normalised to sum 0 / m with one state derived, usual bounds plus the
/// admissibility check, `+∞` for parameters outside the region, 2000 evaluations.
/// Two differences change which model wins: statsforecast starts the seasonal
/// states from a decomposition of the whole series, and its `initparam` narrows
/// β's upper bound to the starting α (0.2/m) for all later candidates
/// (``Options/limitsTrendSmoothing``).
///
/// Matches statsmodels 0.15 `ETSModel` log-likelihoods and forecasts at fixed
/// parameters to 1e-8 relative for models without multiplicative season
/// (statsmodels updates multiplicative seasons in Holt–Winters form, not in
/// the state-space form used here; those are checked against hand recursions
/// of Hyndman et al. 2008, Table 2.3). Estimated parameters agree with other
/// implementations only approximately: the likelihood is flat and multimodal.
///
/// Measured on the 1428 M3 monthly series (horizon 18, `m3-evaluation`) with the
/// ``Options/thorough`` defaults of `Options()`: auto-ETS sMAPE 14.32, MASE 0.856, 80%/95% coverage 77.1%/91.5%, against
/// statsforecast 2.1.1 AutoETS 14.16 / 0.863 / 74.7% / 89.7%;
/// ``Options/likeStatsforecast`` gives 14.13 / 0.877 / 73.7% / 88.8% and
/// ``Options/fastLocal`` 14.04 / 0.858 / 74.0% / 88.9% at about 140 series per CPU
/// second (better sMAPE, narrower intervals); ``Options/recommended`` (what ``Forecaster``
/// uses) is ``Options/fastLocal`` without the β cap (forecast::ets's region). The thorough optimiser
/// here reaches a higher likelihood than statsforecast's on about half of the
/// series where both pick the same model, and it selects ETS(M,A,M)/(M,Ad,M)
/// more often (174 against 52 series); better likelihoods do not give better
/// 18-month forecasts there. The admissibility check of forecast::ets
/// (`bounds = "both"`) is applied to seasonal models (``Admissibility``).
///
/// Missing values are not accepted here (``ForecastError/missingValue(parameter:index:)``);
/// ``Forecaster`` fits on the last contiguous stretch instead.
public enum ExponentialSmoothing {
    /// Estimation settings.
    public struct Options: Sendable, Equatable {
        /// Estimate the `m − 1` free initial seasonal states (true, as forecast::ets)
        /// or keep the decomposition heuristic (false, faster).
        public var estimateInitialSeasonal: Bool
        /// Objective evaluations allowed per model (``Search/thorough``); the ``Search/local``
        /// search runs at most `min(maxEvaluations, 1000)` iterations, as statsforecast.
        public var maxEvaluations: Int
        /// Seed of the optimiser's restarts.
        public var seed: UInt64
        /// Relative convergence tolerance of Nelder–Mead on the criterion (``Search/thorough``).
        public var tolerance: Double
        /// Extra Nelder–Mead restarts from the best point (``Search/thorough``).
        public var restarts: Int
        /// Two-stage selection in ``ExponentialSmoothing/fitAutomatic(_:period:candidates:options:)``:
        /// when set to `k`, every candidate is first fitted with the heuristic
        /// initial seasonal states (few parameters, fast), and only the `k` best by
        /// AICc are refitted with all initial states estimated, starting from the
        /// first-stage optimum. `nil` fits every candidate fully (as forecast::ets).
        public var refitBest: Int?
        /// Edge of Nelder–Mead's first simplex in the unconstrained coordinates
        /// (logits of the smoothing parameters; initial states in units of a data scale).
        public var initialStep: Double
        /// How the likelihood is searched.
        public var search: Search
        /// Relative edge of the first simplex of the ``Search/local`` search.
        public var localStep: Double
        /// The ``Search/local`` search stops when the standard deviation of the simplex values falls below this.
        public var localTolerance: Double
        /// Limit the trend smoothing β to at most the starting α of a seasonal model,
        /// `10⁻⁴ + 0.2·(0.9999 − 10⁻⁴)/m` (`m` the period given, 1 for none), for every model.
        ///
        /// statsforecast's AutoETS behaves this way: its `initparam` narrows the upper
        /// bound of β to the starting α in the bounds array shared by all candidates,
        /// so after the first seasonal trend model every trend model has β ≤ 0.2/m.
        /// R `forecast::ets` only requires β < α. Stiffer trends forecast the M3 monthly
        /// series better by sMAPE, but narrow the intervals.
        public var limitsTrendSmoothing: Bool
        /// Start the seasonal states from a classical decomposition of the whole series
        /// (statsforecast's `initstate`) instead of its first three cycles (Hyndman et al. 2008, §2.6.1).
        public var seasonStartFromWholeSeries: Bool
        /// Widen the selected model's prediction intervals where its in-sample multi-step
        /// errors grow faster than the model's variance formula says
        /// (``ETSFit/intervalInflation(on:horizon:)``); used by ``Forecaster`` for `.ets`.
        /// Off in every preset (opt-in only): it did not improve both coverage and the
        /// Winkler score on held-out data.
        public var calibratesIntervals: Bool = false

        /// How the likelihood is searched.
        public enum Search: String, Sendable, Equatable, CaseIterable {
            /// One bounded Nelder–Mead run in forecast::ets's own coordinates from its
            /// starting values, with a small first simplex (statsforecast's `ets` optimiser).
            case local
            /// Nelder–Mead in logistic coordinates with restarts: higher likelihoods, but on the
            /// M3 series the forecasts are worse.
            case thorough
        }

        /// The setting for large batches: two-stage selection refitting the best 2
        /// candidates, relative tolerance 1e-6, one restart. On the 1428 M3 monthly
        /// series it is about 4× faster than the default (≈ 140–160 against ≈ 38–48
        /// series per CPU second here) for an auto-ETS sMAPE of 14.42 instead of 14.32.
        public static let batch = Options(
            tolerance: 1e-6, restarts: 1, refitBest: 2, search: .thorough, seasonStartFromWholeSeries: false)

        /// The defaults of ``init(estimateInitialSeasonal:maxEvaluations:seed:tolerance:restarts:refitBest:initialStep:search:localStep:localTolerance:limitsTrendSmoothing:seasonStartFromWholeSeries:)``:
        /// every candidate fitted fully by the ``Search/thorough`` search, seasonal states started
        /// from the first three cycles. Reaches the highest likelihoods;
        /// on the 1428 M3 monthly series auto-ETS sMAPE 14.323, MASE 0.856, OWA 0.839, coverage
        /// 77.1% / 91.5%, about 38 series per CPU second.
        public static let thorough = Options(refitBest: nil, search: .thorough, seasonStartFromWholeSeries: false)

        /// What ``Forecaster`` (and so `strata forecast` and the backtests) uses: selection by
        /// AICc over forecast::ets's full parameter region (`β < α`, no `0.2/m` cap), with the
        /// ``Search/local`` search of statsforecast, seasonal states started from the whole
        /// series, and two-stage selection refitting the best 2; model-based intervals (no
        /// ``calibratesIntervals`` widening).
        ///
        /// Chosen on M3 monthly (see Benchmarks/Evaluations/M3/README.md): the local search,
        /// the whole-series seasonal start and refitting the best 2 (picked among about 20
        /// option sets scored on M3's own test periods). Not chosen on M3: the β region (R's,
        /// by principle: the criterion the help promises) and the intervals (calibration was
        /// dropped because on held-out rolling-origin data it did not improve both coverage
        /// and the Winkler score; figures in Benchmarks/Evaluations/M3/README.md). The β cap of
        /// statsforecast is available by name only: ``fastLocal``, ``likeStatsforecast``.
        public static let recommended: Options = {
            Options(refitBest: 2, search: .local, limitsTrendSmoothing: false, seasonStartFromWholeSeries: true)
        }()

        /// The estimation of statsforecast 2.1.1 `AutoETS`: one ``Search/local`` Nelder–Mead
        /// run per model (first simplex 5% of the start, at most 1000 iterations, stop when
        /// the simplex values' standard deviation is below 1e-4), seasonal states started from
        /// the whole series, β limited to `0.2/m` (``limitsTrendSmoothing``).
        ///
        /// On the 1428 M3 monthly series: auto-ETS sMAPE 14.125, MASE 0.877, coverage
        /// 73.7% / 88.8% (statsforecast itself: 14.160, 0.863, 74.7% / 89.7%), about
        /// 58 series per CPU second; the default options give 14.323, 0.856, 77.1% / 91.5%.
        public static let likeStatsforecast = Options(
            refitBest: nil, search: .local, limitsTrendSmoothing: true, seasonStartFromWholeSeries: true)

        /// ``likeStatsforecast`` with two-stage selection (``refitBest`` 2): every candidate
        /// is fitted with the heuristic seasonal states, the best two are refitted with all
        /// states estimated.
        ///
        /// The best point forecasts measured on the 1428 M3 monthly series: auto-ETS sMAPE
        /// 14.036, MASE 0.858, OWA 0.832 (default 14.323 / 0.856 / 0.839; refitting the best
        /// 1 or 3 gives 14.043 and 14.053), about 140 series per CPU second. Its intervals
        /// under-cover like statsforecast's: 74.0% / 88.9% for 80% / 95% (``thorough`` 77.1% / 91.5%).
        /// A speed/M3 preset: it restricts β to `0.2/m`, so it is used only when asked for by name.
        public static let fastLocal = Options(
            refitBest: 2, search: .local, limitsTrendSmoothing: true, seasonStartFromWholeSeries: true)

        /// Creates options; the defaults are ``thorough`` (closest to maximum likelihood). ``Forecaster``
        /// uses ``recommended`` unless told otherwise.
        public init(estimateInitialSeasonal: Bool = true, maxEvaluations: Int = 2000, seed: UInt64 = 42,
                    tolerance: Double = 1e-8, restarts: Int = 2, refitBest: Int? = nil, initialStep: Double = 1.0,
                    search: Search = .thorough, localStep: Double = 0.05, localTolerance: Double = 1e-4,
                    limitsTrendSmoothing: Bool = false, seasonStartFromWholeSeries: Bool = false) {
            self.limitsTrendSmoothing = limitsTrendSmoothing
            self.seasonStartFromWholeSeries = seasonStartFromWholeSeries
            self.initialStep = initialStep
            self.search = search
            self.localStep = localStep
            self.localTolerance = localTolerance
            self.estimateInitialSeasonal = estimateInitialSeasonal
            self.maxEvaluations = maxEvaluations
            self.seed = seed
            self.tolerance = tolerance
            self.restarts = restarts
            self.refitBest = refitBest
        }
    }

    // MARK: - Likelihood at fixed parameters

    /// The Gaussian log-likelihood (σ² profiled out) of `model` with fixed
    /// `parameters` on `y`; the statsmodels `ETSModel.loglike` convention.
    ///
    /// - Parameters:
    ///   - y: finite observations.
    ///   - model: the model.
    ///   - period: the seasonal period (ignored without season).
    ///   - parameters: smoothing parameters and initial states.
    /// - Returns: `−n/2·(log(2π·SSE/n) + 1) − Σ log|ŷ_t|` (the last term for multiplicative errors only);
    ///   `−∞` when a multiplicative model meets a non-positive forecast.
    /// - Throws: ``ForecastError`` for missing values or a wrong number of seasonal states.
    /// - Complexity: O(n); allocates one seasonal buffer.
    public static func logLikelihood(
        _ y: [Double], model: ETSModel, period: Int = 1, parameters p: ETSParameters
    ) throws -> Double {
        try ForecastCheck.finite(y, "series")
        let m = model.season == .none ? 1 : period
        var season = model.season == .none ? [0.0] : p.initialSeasonal
        guard season.count == m else {
            throw ForecastError.invalidParameter(
                name: "initialSeasonal", detail: "must hold \(m) values, holds \(p.initialSeasonal.count)")
        }
        let r = Recursion.run(y, model, m, p.alpha, p.beta, p.gamma, p.phi, p.initialLevel, p.initialSlope, &season)
        guard r.ok else { return -.infinity }
        return profiledLogLikelihood(sse: r.sse, sumLog: r.sumLog, n: y.count)
    }

    static func profiledLogLikelihood(sse: Double, sumLog: Double, n: Int) -> Double {
        let nd = Double(n)
        return -0.5 * nd * (Foundation.log(2 * Double.pi * max(sse, .leastNormalMagnitude) / nd) + 1) - sumLog
    }

    // MARK: - Fitting one model

    /// Fit one model by maximum likelihood.
    ///
    /// - Parameters:
    ///   - y: finite observations.
    ///   - model: the model; multiplicative error or season needs positive data.
    ///   - period: the seasonal period `m` (needed ≥ 2 for a seasonal model).
    ///   - options: estimation settings.
    /// - Returns: the fit with its criteria and final state.
    /// - Throws: ``ForecastError/tooShort(method:count:minimum:)`` when `n ≤ k + 3` (k parameters)
    ///   or a seasonal model has fewer than two cycles; ``ForecastError/notApplicable(model:reason:)``
    ///   for multiplicative models on non-positive data or when no admissible parameters are found.
    /// - Complexity: O(`maxEvaluations` · n); the likelihood loop does not allocate.
    public static func fit(_ y: [Double], model: ETSModel, period: Int = 1, options: Options = Options()) throws -> ETSFit {
        try fit(y, model: model, period: period, options: options, startingFrom: nil)
    }

    static func fit(_ y: [Double], model: ETSModel, period: Int, options: Options, startingFrom warm: ETSParameters?) throws -> ETSFit {
        try ForecastCheck.finite(y, "series")
        try ForecastCheck.period(period)
        let n = y.count
        let m = model.season == .none ? 1 : period
        if model.season != .none {
            guard period >= 2 else {
                throw ForecastError.notApplicable(model: model.description, reason: "a seasonal model needs period ≥ 2")
            }
            guard n >= 2 * m else { throw ForecastError.tooShort(method: model.description, count: n, minimum: 2 * m) }
        }
        let k = model.parameterCount(period: m)
        guard n > k + 3 else { throw ForecastError.tooShort(method: model.description, count: n, minimum: k + 4) }
        if model.requiresPositiveData, let i = y.firstIndex(where: { $0 <= 0 }) {
            throw ForecastError.notApplicable(
                model: model.description, reason: "multiplicative components need positive data (value \(y[i]) at index \(i))")
        }
        let initial = try initialStates(y, model: model, period: m, wholeSeries: options.seasonStartFromWholeSeries)
        var objective = Objective(
            y: y, model: model, m: m, seasonInit: initial.seasonal, levelInit: initial.level, slopeInit: initial.slope,
            estimateSeason: options.estimateInitialSeasonal && model.season != .none && m > 1)
        if options.limitsTrendSmoothing {
            objective.betaUpper = min(Objective.upper, Objective.lower + 0.2 * (Objective.upper - Objective.lower) / Double(period))
        }
        let parameters: ETSParameters
        switch options.search {
        case .local:
            objective.boxed = true
            let start = warm.map { objective.encodeBox($0) } ?? objective.boxStart()
            let box = objective.boxBounds()
            let result = NelderMead.minimiseInBox(
                &objective, start: start, lower: box.lower, upper: box.upper, relativeStep: options.localStep,
                tolerance: options.localTolerance, maxIterations: min(options.maxEvaluations, 1000))
            guard result.value.isFinite else {
                throw ForecastError.notApplicable(model: model.description, reason: "no admissible parameters found")
            }
            parameters = objective.decodeBox(result.point)
        case .thorough:
            let start = warm.map { objective.encode($0) } ?? objective.startingPoint()
            let result = NelderMead.minimise(
                &objective, start: start, step: warm == nil ? options.initialStep : 0.3 * options.initialStep,
                tolerance: options.tolerance, maxEvaluations: options.maxEvaluations, restarts: options.restarts,
                seed: options.seed)
            guard result.value.isFinite else {
                throw ForecastError.notApplicable(model: model.description, reason: "no admissible parameters found")
            }
            parameters = objective.decode(result.point)
        }
        return try filter(y, model: model, period: m, parameters: parameters)
    }

    /// Run a model with fixed parameters over `y` and return it as a fit
    /// (criteria, residual variance and final state), without estimation.
    ///
    /// - Parameters:
    ///   - y: finite observations.
    ///   - model: the model.
    ///   - period: the seasonal period (ignored without season).
    ///   - parameters: smoothing parameters and initial states (seasonal states by position).
    /// - Returns: the fit at these parameters.
    /// - Throws: ``ForecastError/notApplicable(model:reason:)`` when a multiplicative model meets a
    ///   non-positive forecast; ``ForecastError/invalidParameter(name:detail:)`` for a wrong number of seasonal states.
    /// - Complexity: O(n).
    public static func filter(_ y: [Double], model: ETSModel, period: Int = 1, parameters p: ETSParameters) throws -> ETSFit {
        try ForecastCheck.finite(y, "series")
        let n = y.count
        let m = model.season == .none ? 1 : period
        var season = model.season == .none ? [0.0] : p.initialSeasonal
        guard season.count == m else {
            throw ForecastError.invalidParameter(
                name: "initialSeasonal", detail: "must hold \(m) values, holds \(p.initialSeasonal.count)")
        }
        let r = Recursion.run(y, model, m, p.alpha, p.beta, p.gamma, p.phi, p.initialLevel, p.initialSlope, &season)
        guard r.ok else { throw ForecastError.notApplicable(model: model.description, reason: "no admissible parameters found") }
        let k = model.parameterCount(period: m)
        let logL = profiledLogLikelihood(sse: r.sse, sumLog: r.sumLog, n: n)
        let kd = Double(k), nd = Double(n)
        let aic = -2 * logL + 2 * kd
        let aicc = nd - kd - 1 > 0 ? aic + 2 * kd * (kd + 1) / (nd - kd - 1) : .infinity
        let bic = -2 * logL + Foundation.log(nd) * kd
        // forecast::ets: sigma2 = sum(e^2) / (n - np), np = number of estimated parameters without sigma.
        let sigma2 = r.sse / max(1, nd - (kd - 1))
        var finalSeasonal: [Double] = []
        if model.season != .none {
            finalSeasonal = (0..<m).map { season[(n + $0) % m] }
        }
        return ETSFit(
            model: model, period: m, parameters: p, logLikelihood: logL, aic: aic, aicc: aicc, bic: bic,
            sigma2: sigma2, observationCount: n, finalLevel: r.level, finalSlope: r.slope,
            finalSeasonal: finalSeasonal, notes: [])
    }

    // MARK: - Automatic selection

    /// The candidate models `fitAutomatic` considers for these data, with notes on exclusions.
    ///
    /// All combinations of error {A, M}, trend {N, A, Ad} and season {N, A, M}
    /// except additive error with multiplicative season (excluded by
    /// forecast::ets's default `restrict = TRUE` for numerical instability);
    /// multiplicative models only for strictly positive data; seasonal models
    /// only when `period ≥ 2` and the series has at least two full cycles.
    public static func candidateModels(for y: [Double], period: Int) -> (models: [ETSModel], notes: [String]) {
        var notes: [String] = []
        let positive = !y.isEmpty && y.allSatisfy { $0 > 0 }
        if !positive { notes.append("multiplicative ETS models excluded: the data are not all positive") }
        var seasons: [ETSModel.SeasonType] = [.none]
        if period >= 2 {
            if y.count >= 2 * period {
                seasons += [.additive, .multiplicative]
            } else {
                notes.append("seasonal ETS models excluded: \(y.count) observations are fewer than two seasons (\(2 * period))")
            }
        }
        var models: [ETSModel] = []
        for e in ETSModel.ErrorType.allCases {
            for t in ETSModel.TrendType.allCases {
                for s in seasons {
                    let model = ETSModel(e, t, s)
                    if e == .additive && s == .multiplicative { continue }
                    if model.requiresPositiveData && !positive { continue }
                    models.append(model)
                }
            }
        }
        return (models, notes)
    }

    /// Fit every admissible candidate and return the one with the smallest AICc.
    ///
    /// - Parameters:
    ///   - y: finite observations.
    ///   - period: the seasonal period (1 for none).
    ///   - candidates: models to try; `nil` for ``candidateModels(for:period:)``.
    ///   - options: estimation settings.
    /// - Returns: the selected fit; its `notes` say which models were excluded and why.
    /// - Throws: ``ForecastError/noAdmissibleModel(detail:)`` when no candidate could be fitted.
    /// - Complexity: one ``fit(_:model:period:options:)`` per candidate (up to 15).
    public static func fitAutomatic(
        _ y: [Double], period: Int = 1, candidates: [ETSModel]? = nil, options: Options = Options()
    ) throws -> ETSFit {
        try ForecastCheck.finite(y, "series")
        try ForecastCheck.period(period)
        var (models, notes) = candidateModels(for: y, period: period)
        if let candidates { models = candidates; notes = [] }
        var best: ETSFit?
        var skipped: [String] = []
        var firstStage = options
        if options.refitBest != nil { firstStage.estimateInitialSeasonal = false }
        var fits: [ETSFit] = []
        for model in models {
            do {
                let f = try fit(y, model: model, period: period, options: firstStage)
                fits.append(f)
                if f.aicc < (best?.aicc ?? .infinity) { best = f }
            } catch {
                skipped.append("\(model): \(error)")
            }
        }
        if let k = options.refitBest, options.estimateInitialSeasonal {
            best = nil
            let ranked = fits.sorted { $0.aicc < $1.aicc }
            for (rank, first) in ranked.enumerated() {
                // Non-seasonal models have nothing more to estimate; keep their first-stage fit.
                var f = first
                if rank < k, first.model.season != .none,
                    let refit = try? fit(y, model: first.model, period: period, options: options, startingFrom: first.parameters),
                    refit.aicc < first.aicc {
                    f = refit
                }
                if f.aicc < (best?.aicc ?? .infinity) { best = f }
            }
        }
        guard var chosen = best else {
            throw ForecastError.noAdmissibleModel(detail: skipped.isEmpty ? "no candidate models" : skipped.joined(separator: "; "))
        }
        if !skipped.isEmpty, skipped.count < 4 { notes += skipped.map { "skipped \($0)" } }
        else if !skipped.isEmpty { notes.append("\(skipped.count) candidate models could not be fitted (too few observations or inadmissible)") }
        chosen.notes = notes + chosen.notes
        return chosen
    }

    // MARK: - Initial states (forecast::initstate)

    struct InitialStates {
        var level: Double
        var slope: Double
        var seasonal: [Double]
    }

    static func initialStates(_ y: [Double], model: ETSModel, period m: Int, wholeSeries: Bool = false) throws -> InitialStates {
        let n = y.count
        var seasonal: [Double] = []
        var adjusted = y
        if model.season != .none {
            let window = wholeSeries ? y : Array(y.prefix(min(n, 3 * m)))
            let multiplicative = model.season == .multiplicative
            seasonal = try SeasonalAdjustment.classicalIndices(window, period: m, multiplicative: multiplicative)
            for t in 0..<n {
                adjusted[t] = multiplicative ? y[t] / seasonal[t % m] : y[t] - seasonal[t % m]
            }
        }
        let maxn = min(max(10, 2 * m), n)
        var level = 0.0, slope = 0.0
        if model.trend == .none {
            for t in 0..<maxn { level += adjusted[t] }
            level /= Double(maxn)
        } else {
            // Least-squares line through (1...maxn, adjusted); level is the intercept at t = 0.
            let xs = (1...maxn).map(Double.init)
            let xm = xs.reduce(0, +) / Double(maxn)
            var ym = 0.0
            for t in 0..<maxn { ym += adjusted[t] }
            ym /= Double(maxn)
            var sxy = 0.0, sxx = 0.0
            for t in 0..<maxn {
                sxy += (xs[t] - xm) * (adjusted[t] - ym)
                sxx += (xs[t] - xm) * (xs[t] - xm)
            }
            slope = sxx > 0 ? sxy / sxx : 0
            level = ym - slope * xm
        }
        return InitialStates(level: level, slope: slope, seasonal: seasonal)
    }

    // MARK: - The recursion

    enum Recursion {
        struct Outcome {
            var sse: Double
            var sumLog: Double
            var level: Double
            var slope: Double
            var ok: Bool
        }

        /// One pass of the ETS filter over `y`; `season` holds the seasonal
        /// states by position on entry and the final states on exit.
        @inline(__always)
        static func run(
            _ y: [Double], _ model: ETSModel, _ m: Int, _ alpha: Double, _ beta: Double, _ gamma: Double,
            _ phi: Double, _ l0: Double, _ b0: Double, _ season: inout [Double]
        ) -> Outcome {
            var l = l0
            var b = model.trend == .none ? 0 : b0
            let phiUsed = model.trend == .damped ? phi : 1
            let hasTrend = model.trend != .none
            let seasonal = model.season != .none
            let seasonMul = model.season == .multiplicative
            let multError = model.error == .multiplicative
            var sse = 0.0, sumLog = 0.0
            // Σ log ŷ is accumulated as a running product, folded into a log only when it
            // leaves [1e-200, 1e200]: one log per ~30 steps instead of one per step.
            var product = 1.0
            var pos = 0
            let betaOverAlpha = beta / alpha
            for t in 0..<y.count {
                let yt = y[t]
                let phib = hasTrend ? phiUsed * b : 0
                let q = l + phib
                let s = seasonal ? season[pos] : 0
                let yhat = seasonMul ? q * s : q + s
                if multError {
                    guard yhat > 0 else { return Outcome(sse: .infinity, sumLog: 0, level: l, slope: b, ok: false) }
                    let e = (yt - yhat) / yhat
                    sse += e * e
                    if yhat > 1e-100 && yhat < 1e100 {
                        product *= yhat
                        if product > 1e200 || product < 1e-200 {
                            sumLog += Foundation.log(product)
                            product = 1
                        }
                    } else {
                        sumLog += Foundation.log(yhat)
                    }
                } else {
                    let e = yt - yhat
                    sse += e * e
                }
                let p = seasonMul ? yt / s : yt - s
                let lOld = l
                l = q + alpha * (p - q)
                if hasTrend {
                    let r = l - lOld
                    b = phib + betaOverAlpha * (r - phib)
                }
                if seasonal {
                    if seasonMul {
                        guard q > 0 else { return Outcome(sse: .infinity, sumLog: 0, level: l, slope: b, ok: false) }
                        let ns = s + gamma * (yt / q - s)
                        guard ns > 0 else { return Outcome(sse: .infinity, sumLog: 0, level: l, slope: b, ok: false) }
                        season[pos] = ns
                    } else {
                        season[pos] = s + gamma * (yt - q - s)
                    }
                    pos += 1
                    if pos == m { pos = 0 }
                }
            }
            sumLog += Foundation.log(product)
            guard sse.isFinite, l.isFinite, b.isFinite else {
                return Outcome(sse: .infinity, sumLog: 0, level: l, slope: b, ok: false)
            }
            return Outcome(sse: sse, sumLog: sumLog, level: l, slope: b, ok: true)
        }
    }

    // MARK: - The objective

    struct Objective: MinimisationObjective {
        let y: [Double]
        let model: ETSModel
        let m: Int
        let seasonInit: [Double]
        let levelInit: Double
        let slopeInit: Double
        let estimateSeason: Bool
        let levelScale: Double
        let slopeScale: Double
        let seasonScale: Double
        var season: [Double]
        /// Reject parameters outside forecast::ets's admissible region (bounds = "both").
        var checkAdmissible = true
        var admissibilityBuffer: [Double] = []

        static let lower = 1e-4
        static let upper = 0.9999
        static let phiLower = 0.8
        static let phiUpper = 0.98

        init(y: [Double], model: ETSModel, m: Int, seasonInit: [Double], levelInit: Double, slopeInit: Double,
             estimateSeason: Bool) {
            self.y = y
            self.model = model
            self.m = m
            self.seasonInit = seasonInit
            self.levelInit = levelInit
            self.slopeInit = slopeInit
            self.estimateSeason = estimateSeason
            var meanAbs = 0.0
            for v in y { meanAbs += abs(v) }
            meanAbs /= Double(max(1, y.count))
            var diffAbs = 0.0
            for t in 1..<max(1, y.count) { diffAbs += abs(y[t] - y[t - 1]) }
            diffAbs /= Double(max(1, y.count - 1))
            let tiny = 1e-8 * (meanAbs + 1)
            levelScale = max(0.2 * diffAbs, 0.02 * meanAbs, tiny) * 2
            slopeScale = max(0.05 * diffAbs, tiny)
            seasonScale = model.season == .multiplicative ? 0.05 : max(0.2 * diffAbs, tiny)
            season = seasonInit.isEmpty ? [0.0] : seasonInit
        }

        static func logistic(_ u: Double) -> Double { 1 / (1 + Foundation.exp(-u)) }
        static func logit(_ p: Double) -> Double { Foundation.log(p / (1 - p)) }

        var dimension: Int {
            var d = 2
            if model.trend != .none { d += 2 }
            if model.trend == .damped { d += 1 }
            if model.season != .none { d += 1 }
            if estimateSeason { d += m - 1 }
            return d
        }

        /// Start as forecast::ets's `initparam`: α = 0.2/m of the range, β = 0.1·α, γ = 0.05·(1 − α), φ = 0.978.
        func startingPoint() -> [Double] {
            var x: [Double] = []
            let mm = model.season == .none ? 1.0 : Double(m)
            let alpha = Self.lower + 0.2 * (Self.upper - Self.lower) / mm
            x.append(Self.logit((alpha - Self.lower) / (Self.upper - Self.lower)))
            if model.trend != .none { x.append(Self.logit(0.1 * (min(alpha, betaUpper) - Self.lower) / (alpha - Self.lower))) }
            if model.season != .none { x.append(Self.logit(0.05)) }
            if model.trend == .damped { x.append(Self.logit((0.978 - Self.phiLower) / (Self.phiUpper - Self.phiLower))) }
            x.append(0)  // level offset
            if model.trend != .none { x.append(0) }
            if estimateSeason { x += [Double](repeating: 0, count: m - 1) }
            return x
        }

        /// Map parameters (inside the region) to an unconstrained point, seasonal offsets from the heuristic states.
        func encode(_ p: ETSParameters) -> [Double] {
            func logitClamped(_ v: Double) -> Double { Self.logit(min(max(v, 1e-6), 1 - 1e-6)) }
            var x: [Double] = []
            x.append(logitClamped((p.alpha - Self.lower) / (Self.upper - Self.lower)))
            if model.trend != .none { x.append(logitClamped((p.beta - Self.lower) / max(1e-12, min(p.alpha, betaUpper) - Self.lower))) }
            if model.season != .none { x.append(logitClamped((p.gamma - Self.lower) / max(1e-12, 1 - p.alpha - Self.lower))) }
            if model.trend == .damped { x.append(logitClamped((p.phi - Self.phiLower) / (Self.phiUpper - Self.phiLower))) }
            x.append((p.initialLevel - levelInit) / levelScale)
            if model.trend != .none { x.append((p.initialSlope - slopeInit) / slopeScale) }
            if estimateSeason {
                for q in 0..<(m - 1) {
                    let v = q < p.initialSeasonal.count ? p.initialSeasonal[q] : seasonInit[q]
                    x.append((v - seasonInit[q]) / seasonScale)
                }
            }
            return x
        }

        /// Map an unconstrained point to parameters (allocating; used once after optimisation).
        func decode(_ x: [Double]) -> ETSParameters {
            let scalars = decodeScalars(x)
            var seasonal: [Double] = []
            if model.season != .none {
                seasonal = seasonInit
                if estimateSeason { applySeasonOffsets(x, from: scalars.6, into: &seasonal) }
            }
            return parameters(scalars, seasonal)
        }

        /// Parameters from decoded scalars, zeroing what the model does not use.
        func parameters(
            _ d: (Double, Double, Double, Double, Double, Double, Int), _ seasonal: [Double]
        ) -> ETSParameters {
            ETSParameters(
                alpha: d.0, beta: model.trend == .none ? 0 : d.1, gamma: model.season == .none ? 0 : d.2,
                phi: model.trend == .damped ? d.3 : 1, initialLevel: d.4, initialSlope: model.trend == .none ? 0 : d.5,
                initialSeasonal: seasonal)
        }

        @inline(__always)
        func decodeScalars(_ x: [Double]) -> (Double, Double, Double, Double, Double, Double, Int) {
            var i = 0
            let alpha = Self.lower + (Self.upper - Self.lower) * Self.logistic(x[i]); i += 1
            var beta = 0.0, gamma = 0.0, phi = 1.0
            if model.trend != .none {
                beta = Self.lower + (min(alpha, betaUpper) - Self.lower) * Self.logistic(x[i]); i += 1
            }
            if model.season != .none {
                gamma = Self.lower + (1 - alpha - Self.lower) * Self.logistic(x[i]); i += 1
            }
            if model.trend == .damped {
                phi = Self.phiLower + (Self.phiUpper - Self.phiLower) * Self.logistic(x[i]); i += 1
            }
            let l0 = levelInit + levelScale * x[i]; i += 1
            var b0 = 0.0
            if model.trend != .none { b0 = slopeInit + slopeScale * x[i]; i += 1 }
            return (alpha, beta, gamma, phi, l0, b0, i)
        }

        /// Seasonal states = heuristic + offsets for positions 0..<m−1; the last position keeps the
        /// states normalised (sum 0 for additive, sum m for multiplicative).
        @inline(__always)
        func applySeasonOffsets(_ x: [Double], from start: Int, into s: inout [Double]) {
            var total = 0.0
            for p in 0..<(m - 1) {
                s[p] = seasonInit[p] + seasonScale * x[start + p]
                total += s[p]
            }
            s[m - 1] = model.season == .multiplicative ? Double(m) - total : -total
        }

        // MARK: Box coordinates (the forecast::ets / statsforecast parameter vector)

        /// Optimise in forecast::ets's own coordinates (α, β, γ, φ, ℓ₀, b₀, seasonal states)
        /// inside the box of the usual bounds, instead of the logistic coordinates.
        var boxed = false
        /// Upper bound of β (besides β < α).
        var betaUpper = Objective.upper

        /// forecast::ets's `initparam` start and `initstate` states, in box coordinates.
        func boxStart() -> [Double] {
            let mm = model.season == .none ? 1.0 : Double(m)
            var alpha = Self.lower + 0.2 * (Self.upper - Self.lower) / mm
            if alpha > 1 || alpha < 0 { alpha = Self.lower + 2e-3 }
            var x = [alpha]
            if model.trend != .none { x.append(Self.lower + 0.1 * (min(betaUpper, alpha) - Self.lower)) }
            if model.season != .none { x.append(Self.lower + 0.05 * (min(Self.upper, 1 - alpha) - Self.lower)) }
            if model.trend == .damped { x.append(Self.phiLower + 0.99 * (Self.phiUpper - Self.phiLower)) }
            x.append(levelInit)
            if model.trend != .none { x.append(slopeInit) }
            if estimateSeason { for p in 1..<m { x.append(seasonInit[p]) } }
            return x
        }

        /// The box: usual bounds for the smoothing parameters and φ, none for the states.
        func boxBounds() -> (lower: [Double], upper: [Double]) {
            var lo: [Double] = [Self.lower], hi: [Double] = [Self.upper]
            if model.trend != .none { lo.append(Self.lower); hi.append(betaUpper) }
            if model.season != .none { lo.append(Self.lower); hi.append(Self.upper) }
            if model.trend == .damped { lo.append(Self.phiLower); hi.append(Self.phiUpper) }
            let states = dimension - lo.count
            lo += [Double](repeating: -.infinity, count: states)
            hi += [Double](repeating: .infinity, count: states)
            return (lo, hi)
        }

        func encodeBox(_ p: ETSParameters) -> [Double] {
            var x = [p.alpha]
            if model.trend != .none { x.append(p.beta) }
            if model.season != .none { x.append(p.gamma) }
            if model.trend == .damped { x.append(p.phi) }
            x.append(p.initialLevel)
            if model.trend != .none { x.append(p.initialSlope) }
            if estimateSeason {
                for q in 1..<m { x.append(q < p.initialSeasonal.count ? p.initialSeasonal[q] : seasonInit[q]) }
            }
            return x
        }

        @inline(__always)
        func decodeBoxScalars(_ x: [Double]) -> (Double, Double, Double, Double, Double, Double, Int) {
            var i = 0
            let alpha = x[i]; i += 1
            var beta = 0.0, gamma = 0.0, phi = 1.0
            if model.trend != .none { beta = x[i]; i += 1 }
            if model.season != .none { gamma = x[i]; i += 1 }
            if model.trend == .damped { phi = x[i]; i += 1 }
            let l0 = x[i]; i += 1
            var b0 = 0.0
            if model.trend != .none { b0 = x[i]; i += 1 }
            return (alpha, beta, gamma, phi, l0, b0, i)
        }

        /// Seasonal states from box coordinates: positions 1..<m are free and position 0
        /// (the state used at the first observation) keeps the sum at 0 or m, as forecast::ets.
        @inline(__always)
        func applyBoxSeason(_ x: [Double], from start: Int, into s: inout [Double]) {
            var total = 0.0
            for p in 1..<m {
                s[p] = x[start + p - 1]
                total += s[p]
            }
            s[0] = model.season == .multiplicative ? Double(m) - total : -total
        }

        func decodeBox(_ x: [Double]) -> ETSParameters {
            let scalars = decodeBoxScalars(x)
            var seasonal: [Double] = []
            if model.season != .none {
                seasonal = seasonInit
                if estimateSeason { applyBoxSeason(x, from: scalars.6, into: &seasonal) }
            }
            return parameters(scalars, seasonal)
        }

        mutating func value(at x: [Double]) -> Double {
            let (alpha, beta, gamma, phi, l0, b0, next) = boxed ? decodeBoxScalars(x) : decodeScalars(x)
            if boxed {
                // forecast::ets's usual region: β < α and γ < 1 − α (the box holds the rest).
                if beta > alpha || gamma > 1 - alpha { return .infinity }
            }
            if checkAdmissible, model.season != .none,
                !Admissibility.isAdmissible(alpha: alpha, beta: model.trend == .none ? 0 : beta, gamma: gamma,
                                            phi: model.trend == .damped ? phi : 1, period: m, buffer: &admissibilityBuffer) {
                return .infinity
            }
            if model.season != .none {
                if estimateSeason {
                    if boxed { applyBoxSeason(x, from: next, into: &season) } else { applySeasonOffsets(x, from: next, into: &season) }
                    if model.season == .multiplicative {
                        for p in 0..<m where !(season[p] > 0) { return .infinity }
                    }
                } else {
                    for p in 0..<m { season[p] = seasonInit[p] }
                }
            }
            let r = Recursion.run(y, model, m, alpha, beta, gamma, phi, l0, b0, &season)
            guard r.ok, r.sse > 0 else { return r.ok ? -1e300 : .infinity }
            return Double(y.count) * Foundation.log(r.sse) + 2 * r.sumLog
        }
    }
}
