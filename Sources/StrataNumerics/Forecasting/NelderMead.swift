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
}
