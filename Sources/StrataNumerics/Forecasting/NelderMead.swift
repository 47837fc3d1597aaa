import Foundation

/// A function to minimise with ``NelderMead``; `mutating` so it may keep its
/// own preallocated work buffers between evaluations.
public protocol MinimisationObjective {
    /// The value at `x`; return `.infinity` outside the admissible region.
    mutating func value(at x: [Double]) -> Double
}

/// The Nelder–Mead downhill simplex method (Nelder & Mead 1965) with the
/// standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½),
/// restarted from the best point until a restart no longer improves it.
///
/// Derivative-free and robust to the `+∞` penalties used for inadmissible
/// parameters. The same start and seed give the same result.
public enum NelderMead {
    /// The outcome of a minimisation.
    public struct Result: Sendable, Equatable {
        /// The best point found.
        public var point: [Double]
        /// The objective there.
        public var value: Double
        /// Objective evaluations used.
        public var evaluations: Int
    }

    /// Minimise `objective` from `start`.
    ///
    /// - Parameters:
    ///   - objective: the function; evaluated only through `value(at:)`.
    ///   - start: the initial point (dimension ≥ 1).
    ///   - step: the initial simplex edge along each axis.
    ///   - tolerance: stop when the spread of simplex values is below
    ///     `tolerance · (|best| + tolerance)`.
    ///   - maxEvaluations: the evaluation budget over all restarts.
    ///   - restarts: how many extra restarts from the best point are allowed.
    ///   - seed: seeds the perturbation of restart simplices.
    /// - Returns: the best point and value.
    /// - Complexity: O(`maxEvaluations` · cost of one evaluation + `dimension²` per iteration);
    ///   the simplex is preallocated, so iterations do not allocate.
    public static func minimise<F: MinimisationObjective>(
        _ objective: inout F, start: [Double], step: Double = 0.5,
        tolerance: Double = 1e-8, maxEvaluations: Int = 2000, restarts: Int = 2, seed: UInt64 = 1
    ) -> Result {
        let n = start.count
        guard n > 0 else {
            return Result(point: start, value: objective.value(at: start), evaluations: 1)
        }
        var rng = SplitMix64(seed: seed)
        var best = start
        var bestValue = objective.value(at: start)
        var evaluations = 1
        // Flat simplex storage: vertex j is simplex[j*n ..< (j+1)*n].
        var simplex = [Double](repeating: 0, count: (n + 1) * n)
        var values = [Double](repeating: 0, count: n + 1)
        var centroid = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        var trial2 = [Double](repeating: 0, count: n)
        var vertex = [Double](repeating: 0, count: n)
        var round = 0
        while round <= restarts, evaluations < maxEvaluations {
            let scale = round == 0 ? step : step * (0.5 + 0.5 * rng.nextUniform())
            for i in 0..<n { simplex[i] = best[i] }
            values[0] = bestValue
            for j in 1...n {
                for i in 0..<n { simplex[j * n + i] = best[i] }
                simplex[j * n + j - 1] += (round > 0 && rng.nextUniform() < 0.5) ? -scale : scale
                for i in 0..<n { vertex[i] = simplex[j * n + i] }
                values[j] = objective.value(at: vertex)
                evaluations += 1
            }
            while evaluations < maxEvaluations {
                // Locate best, worst and second-worst vertices.
                var lo = 0, hi = 0
                for j in 1...n {
                    if values[j] < values[lo] { lo = j }
                    if values[j] > values[hi] { hi = j }
                }
                var nh = lo
                for j in 0...n where j != hi && values[j] > values[nh] { nh = j }
                let spread = values[hi] - values[lo]
                if values[hi].isFinite, spread <= tolerance * (abs(values[lo]) + tolerance) { break }
                if !values[lo].isFinite { break }
                for i in 0..<n { centroid[i] = 0 }
                for j in 0...n where j != hi {
                    for i in 0..<n { centroid[i] += simplex[j * n + i] }
                }
                for i in 0..<n { centroid[i] /= Double(n) }
                for i in 0..<n { trial[i] = centroid[i] + (centroid[i] - simplex[hi * n + i]) }
                let fr = objective.value(at: trial)
                evaluations += 1
                if fr < values[lo] {
                    for i in 0..<n { trial2[i] = centroid[i] + 2 * (centroid[i] - simplex[hi * n + i]) }
                    let fe = objective.value(at: trial2)
                    evaluations += 1
                    if fe < fr {
                        for i in 0..<n { simplex[hi * n + i] = trial2[i] }
                        values[hi] = fe
                    } else {
                        for i in 0..<n { simplex[hi * n + i] = trial[i] }
                        values[hi] = fr
                    }
                } else if fr < values[nh] {
                    for i in 0..<n { simplex[hi * n + i] = trial[i] }
                    values[hi] = fr
                } else {
                    let outside = fr < values[hi]
                    for i in 0..<n {
                        let far = outside ? trial[i] : simplex[hi * n + i]
                        trial2[i] = centroid[i] + 0.5 * (far - centroid[i])
                    }
                    let fc = objective.value(at: trial2)
                    evaluations += 1
                    if fc < min(fr, values[hi]) {
                        for i in 0..<n { simplex[hi * n + i] = trial2[i] }
                        values[hi] = fc
                    } else {
                        // Shrink towards the best vertex.
                        for j in 0...n where j != lo {
                            for i in 0..<n {
                                simplex[j * n + i] = simplex[lo * n + i] + 0.5 * (simplex[j * n + i] - simplex[lo * n + i])
                                vertex[i] = simplex[j * n + i]
                            }
                            values[j] = objective.value(at: vertex)
                            evaluations += 1
                        }
                    }
                }
            }
            var lo = 0
            for j in 1...n where values[j] < values[lo] { lo = j }
            let improved = values[lo] < bestValue - 1e-10 * (abs(bestValue) + 1e-10)
            if values[lo] < bestValue {
                bestValue = values[lo]
                for i in 0..<n { best[i] = simplex[lo * n + i] }
            }
            if round > 0 && !improved { break }
            round += 1
        }
        return Result(point: best, value: bestValue, evaluations: evaluations)
    }

    /// Minimise `objective` inside a box, from a simplex scaled to the start
    /// point, with a single run and no restarts: the setting of the
    /// statsforecast `ets` optimiser (the Nelder–Mead used for R `forecast::ets`'s
    /// C code in statsforecast 1.x–2.x).
    ///
    /// Vertex `i` of the first simplex is the start with coordinate `i`
    /// multiplied by `1 + relativeStep` (set to `zeroStep` when it is 0); every
    /// trial point is clamped into `[lower, upper]`. Reflection 1, expansion 2,
    /// contraction ½ (outside and inside), shrink ½ towards the best vertex.
    /// Stops when the population standard deviation of the vertex values is
    /// below `tolerance` or after `maxIterations` iterations.
    ///
    /// Staying close to the start is the point of this variant: with the
    /// heuristic initial states of forecast::ets it acts as a mild regulariser,
    /// which forecasts the M3 series better than a more thorough search.
    ///
    /// - Parameters:
    ///   - objective: the function; evaluated only through `value(at:)`.
    ///   - start: the initial point (dimension ≥ 1); clamped into the box first.
    ///   - lower: lower bounds, one per coordinate (`-.infinity` for none).
    ///   - upper: upper bounds, one per coordinate (`.infinity` for none).
    ///   - relativeStep: relative edge of the first simplex (statsforecast: 0.05).
    ///   - zeroStep: the edge used for a zero coordinate (statsforecast: 1e-4).
    ///   - tolerance: stop when the standard deviation of the vertex values falls below it.
    ///   - maxIterations: iteration budget (statsforecast: 1000).
    /// - Returns: the best vertex and its value; `evaluations` counts objective calls.
    ///   Bounds of the wrong length are ignored (the search is then unbounded).
    /// - Complexity: O(`maxIterations` · (cost of one evaluation + `dimension²`)); iterations do not allocate.
    public static func minimiseInBox<F: MinimisationObjective>(
        _ objective: inout F, start: [Double], lower: [Double], upper: [Double], relativeStep: Double = 0.05,
        zeroStep: Double = 1e-4, tolerance: Double = 1e-4, maxIterations: Int = 1000
    ) -> Result {
        let n = start.count
        let bounded = lower.count == n && upper.count == n
        @inline(__always) func clamp(_ v: Double, _ i: Int) -> Double {
            bounded ? min(max(v, lower[i]), upper[i]) : v
        }
        var x0 = start
        for i in 0..<n { x0[i] = clamp(x0[i], i) }
        guard n > 0 else {
            return Result(point: x0, value: objective.value(at: x0), evaluations: 1)
        }
        var simplex = [Double](repeating: 0, count: (n + 1) * n)
        var values = [Double](repeating: 0, count: n + 1)
        var centroid = [Double](repeating: 0, count: n)
        var reflected = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        var vertex = [Double](repeating: 0, count: n)
        var evaluations = 0
        for j in 0...n {
            for i in 0..<n { simplex[j * n + i] = x0[i] }
            if j > 0 {
                let v = x0[j - 1]
                simplex[j * n + j - 1] = clamp(v == 0 ? zeroStep : v * (1 + relativeStep), j - 1)
            }
            for i in 0..<n { vertex[i] = simplex[j * n + i] }
            values[j] = objective.value(at: vertex)
            evaluations += 1
        }
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            // Population standard deviation of the vertex values (infinite while any vertex is).
            var mean = 0.0
            for v in values { mean += v }
            mean /= Double(n + 1)
            var variance = 0.0
            for v in values { variance += (v - mean) * (v - mean) }
            variance /= Double(n + 1)
            if variance.isFinite, variance.squareRoot() < tolerance { break }
            var lo = 0, hi = 0
            for j in 1...n {
                if values[j] < values[lo] { lo = j }
                if values[j] >= values[hi] { hi = j }
            }
            if !values[lo].isFinite { break }
            var nh = lo
            for j in 0...n where j != hi && values[j] >= values[nh] { nh = j }
            for i in 0..<n { centroid[i] = 0 }
            for j in 0...n where j != hi {
                for i in 0..<n { centroid[i] += simplex[j * n + i] }
            }
            for i in 0..<n { centroid[i] /= Double(n) }
            for i in 0..<n { reflected[i] = clamp(2 * centroid[i] - simplex[hi * n + i], i) }
            let fr = objective.value(at: reflected)
            evaluations += 1
            if fr < values[lo] {
                for i in 0..<n { trial[i] = clamp(centroid[i] + 2 * (reflected[i] - centroid[i]), i) }
                let fe = objective.value(at: trial)
                evaluations += 1
                let accept = fe < fr
                for i in 0..<n { simplex[hi * n + i] = accept ? trial[i] : reflected[i] }
                values[hi] = accept ? fe : fr
                continue
            }
            if fr < values[nh] {
                for i in 0..<n { simplex[hi * n + i] = reflected[i] }
                values[hi] = fr
                continue
            }
            let outside = fr < values[hi]
            for i in 0..<n {
                let far = outside ? reflected[i] : simplex[hi * n + i]
                trial[i] = clamp(centroid[i] + 0.5 * (far - centroid[i]), i)
            }
            let fc = objective.value(at: trial)
            evaluations += 1
            if fc < (outside ? fr : values[hi]) {
                for i in 0..<n { simplex[hi * n + i] = trial[i] }
                values[hi] = fc
                continue
            }
            for j in 0...n where j != lo {
                for i in 0..<n {
                    simplex[j * n + i] = clamp(simplex[lo * n + i] + 0.5 * (simplex[j * n + i] - simplex[lo * n + i]), i)
                    vertex[i] = simplex[j * n + i]
                }
                values[j] = objective.value(at: vertex)
                evaluations += 1
            }
        }
        var lo = 0
        for j in 1...n where values[j] < values[lo] { lo = j }
        return Result(point: Array(simplex[(lo * n)..<(lo * n + n)]), value: values[lo], evaluations: evaluations)
    }
}
