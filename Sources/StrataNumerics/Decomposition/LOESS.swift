/// Locally weighted regression (LOESS) on equally spaced positions, as used
/// inside STL.
///
/// This is the smoother of Cleveland, Cleveland, McRae & Terpenning (1990),
/// "STL: A Seasonal-Trend Decomposition Procedure Based on Loess", *Journal of
/// Official Statistics* 6(1), following the Fortran routines `stless` and
/// `stlest` of `stl.f` (netlib; the code behind R's `stats::stl`): the
/// positions are `1…n`, each fit uses the `window` nearest positions with
/// tricube weights (cut-offs 0.001·h and 0.999·h), optionally multiplied by
/// robustness weights, and the fit is local constant (`degree` 0), local
/// linear (1) or local quadratic (2). With `jump > 1` the fit is computed
/// only at every `jump`-th position (and the last) and linearly interpolated
/// in between.
///
/// Degrees 0 and 1 reproduce `stlest` operation by operation (differences
/// from R's `stl` are rounding only, below 1e-12 relative on the reference
/// series). Degree 2 is not part of `stl.f`; it solves the 3 × 3 weighted
/// normal equations of a local quadratic centred at the fitted position, with
/// the same weights and neighbourhoods, and falls back to the local linear fit
/// when those equations are numerically singular. With `jump` 1 and no
/// robustness weights, degrees 1 and 2 match R's
/// `loess(y ~ x, span = window/n, degree = d, surface = "direct")` to 1e-12
/// on the test series (an interior window is symmetric there, as here).
///
/// ## Missing values
/// A NaN in `y` is skipped: it gets weight zero in every local fit, but a
/// value is still estimated at its position from the neighbours (as in
/// `stlplus`, Hafen 2010). If a neighbourhood holds no usable point, the
/// input value is returned at that position (NaN for a missing one), as
/// `stl.f` does when all weights are zero.
public enum LOESS {
    /// Smooth `y` by LOESS with a fixed neighbourhood size.
    ///
    /// ```swift
    /// let smooth = try LOESS.smooth(values, window: 13, degree: 1)
    /// ```
    ///
    /// - Parameters:
    ///   - y: the values at positions `1…n`; NaN marks a missing value.
    ///   - window: number of neighbours in each local fit (`≥ 1`); a window
    ///     longer than the series widens the bandwidth as in `stl.f`.
    ///   - degree: 0, 1 or 2.
    ///   - jump: fit at every `jump`-th position and interpolate (`≥ 1`).
    ///   - robustnessWeights: optional weights in `[0, 1]`, one per value.
    /// - Returns: the smoothed values, one per input value.
    /// - Throws: ``DecompositionError/invalidParameter(name:detail:)`` naming
    ///   the offending argument.
    /// - Complexity: O(n · window / jump) time, O(n) extra memory.
    public static func smooth(
        _ y: [Double], window: Int, degree: Int = 1, jump: Int = 1, robustnessWeights: [Double]? = nil
    ) throws -> [Double] {
        guard window >= 1 else {
            throw DecompositionError.invalidParameter(name: "window", detail: "must be at least 1, got \(window)")
        }
        guard (0...2).contains(degree) else {
            throw DecompositionError.invalidParameter(name: "degree", detail: "must be 0, 1 or 2, got \(degree)")
        }
        guard jump >= 1 else {
            throw DecompositionError.invalidParameter(name: "jump", detail: "must be at least 1, got \(jump)")
        }
        if let w = robustnessWeights {
            guard w.count == y.count else {
                throw DecompositionError.invalidParameter(
                    name: "robustnessWeights", detail: "has \(w.count) values for \(y.count) observations")
            }
            guard w.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw DecompositionError.invalidParameter(
                    name: "robustnessWeights", detail: "must be finite and non-negative")
            }
        }
        if let bad = y.firstIndex(where: { $0.isInfinite }) {
            throw DecompositionError.nonFiniteValue(index: bad)
        }
        guard !y.isEmpty else { return [] }
        var out = [Double](repeating: 0, count: y.count)
        var work = [Double](repeating: 0, count: y.count)
        LoessKernel.smooth(
            y, count: y.count, window: window, degree: degree, jump: jump,
            robustness: robustnessWeights, into: &out, outOffset: 0, work: &work)
        return out
    }
}

/// The two `stl.f` routines, translated with Fortran's 1-based positions
/// kept in the arithmetic (array index = position − 1).
enum LoessKernel {
    /// `stlest`: the fitted value at position `xs` from points
    /// `nleft…nright` (1-based, inclusive) of `y[0..<n]`; `nil` when every
    /// weight is zero. `w` is scratch space of at least `n` elements.
    @inline(__always)
    static func estimate(
        _ y: [Double], count n: Int, window len: Int, degree: Int, at xs: Double,
        left nleft: Int, right nright: Int, work w: inout [Double], robustness rw: [Double]?
    ) -> Double? {
        let range = Double(n) - 1
        var h = max(xs - Double(nleft), Double(nright) - xs)
        if len > n { h += Double((len - n) / 2) }
        let h9 = 0.999 * h
        let h1 = 0.001 * h
        var a = 0.0
        for j in nleft...nright {
            var wj = 0.0
            let yj = y[j - 1]
            if !yj.isNaN {
                let r = abs(Double(j) - xs)
                if r <= h9 {
                    if r <= h1 {
                        wj = 1
                    } else {
                        let q = r / h
                        let t = 1 - q * q * q
                        wj = t * t * t
                    }
                    if let rw { wj *= rw[j - 1] }
                    a += wj
                }
            }
            w[j - 1] = wj
        }
        guard a > 0 else { return nil }
        for j in nleft...nright { w[j - 1] /= a }
        if h > 0 && degree > 0 {
            var mean = 0.0
            for j in nleft...nright { mean += w[j - 1] * Double(j) }
            var b = xs - mean
            var c = 0.0
            for j in nleft...nright {
                let d = Double(j) - mean
                c += w[j - 1] * d * d
            }
            if degree == 2, let quadratic = quadraticFit(
                y, left: nleft, right: nright, at: xs, weights: w, range: range)
            {
                return quadratic
            }
            if c.squareRoot() > 0.001 * range {
                b /= c
                for j in nleft...nright { w[j - 1] *= b * (Double(j) - mean) + 1 }
            }
        }
        var ys = 0.0
        for j in nleft...nright where w[j - 1] != 0 { ys += w[j - 1] * y[j - 1] }
        return ys
    }

    /// Local quadratic at `xs` with normalised weights `w`; `nil` when the
    /// weighted design is numerically singular (then the caller uses the
    /// local linear fit).
    static func quadraticFit(
        _ y: [Double], left: Int, right: Int, at xs: Double, weights w: [Double], range: Double
    ) -> Double? {
        // Normal equations in u = (j − xs) / scale, so the intercept is the fit.
        let scale = max(1, Double(right - left))
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, t0 = 0.0, t1 = 0.0, t2 = 0.0
        for j in left...right where w[j - 1] != 0 {
            let u = (Double(j) - xs) / scale
            let u2 = u * u
            let wj = w[j - 1]
            let wy = wj * y[j - 1]
            s0 += wj
            s1 += wj * u
            s2 += wj * u2
            s3 += wj * u2 * u
            s4 += wj * u2 * u2
            t0 += wy
            t1 += wy * u
            t2 += wy * u2
        }
        let s = [s0, s1, s2, s3, s4]
        let t = [t0, t1, t2]
        var m: [[Double]] = [[s[0], s[1], s[2], t[0]], [s[1], s[2], s[3], t[1]], [s[2], s[3], s[4], t[2]]]
        let tolerance = 1e-10 * max(s[0], 1e-300)
        for col in 0..<3 {
            var pivot = col
            for r in (col + 1)..<3 where abs(m[r][col]) > abs(m[pivot][col]) { pivot = r }
            guard abs(m[pivot][col]) > tolerance else { return nil }
            if pivot != col { m.swapAt(pivot, col) }
            for r in (col + 1)..<3 {
                let f = m[r][col] / m[col][col]
                for c in col..<4 { m[r][c] -= f * m[col][c] }
            }
        }
        var beta = [Double](repeating: 0, count: 3)
        for r in stride(from: 2, through: 0, by: -1) {
            var v = m[r][3]
            for c in (r + 1)..<3 { v -= m[r][c] * beta[c] }
            beta[r] = v / m[r][r]
        }
        return beta[0].isFinite ? beta[0] : nil
    }

    /// `stless`: smooth `y[0..<n]` into `out[outOffset ..< outOffset + n]`.
    /// `work` must hold at least `n` elements.
    static func smooth(
        _ y: [Double], count n: Int, window len: Int, degree: Int, jump njump: Int,
        robustness rw: [Double]?, into out: inout [Double], outOffset o: Int, work: inout [Double]
    ) {
        if n < 2 {
            if n == 1 { out[o] = y[0] }
            return
        }
        @inline(__always) func fit(_ i: Int, _ nleft: Int, _ nright: Int, _ work: inout [Double]) -> Double {
            estimate(
                y, count: n, window: len, degree: degree, at: Double(i), left: nleft, right: nright,
                work: &work, robustness: rw) ?? y[i - 1]
        }
        let newnj = min(njump, n - 1)
        var nleft = 1
        var nright = n
        if len >= n {
            nleft = 1
            nright = n
            for i in stride(from: 1, through: n, by: newnj) { out[o + i - 1] = fit(i, nleft, nright, &work) }
        } else if newnj == 1 {
            let nsh = (len + 1) / 2
            nleft = 1
            nright = len
            for i in 1...n {
                if i > nsh && nright != n {
                    nleft += 1
                    nright += 1
                }
                out[o + i - 1] = fit(i, nleft, nright, &work)
            }
        } else {
            let nsh = (len + 1) / 2
            for i in stride(from: 1, through: n, by: newnj) {
                if i < nsh {
                    nleft = 1
                    nright = len
                } else if i >= n - nsh + 1 {
                    nleft = n - len + 1
                    nright = n
                } else {
                    nleft = i - nsh + 1
                    nright = len + i - nsh
                }
                out[o + i - 1] = fit(i, nleft, nright, &work)
            }
        }
        if newnj != 1 {
            for i in stride(from: 1, through: n - newnj, by: newnj) {
                let start = out[o + i - 1]
                let delta = (out[o + i + newnj - 1] - start) / Double(newnj)
                for j in (i + 1)..<(i + newnj) { out[o + j - 1] = start + delta * Double(j - i) }
            }
            let k = ((n - 1) / newnj) * newnj + 1
            if k != n {
                // stl.f reuses the last neighbourhood of the loop above here.
                out[o + n - 1] = fit(n, nleft, nright, &work)
                if k != n - 1 {
                    let start = out[o + k - 1]
                    let delta = (out[o + n - 1] - start) / Double(n - k)
                    for j in (k + 1)..<n { out[o + j - 1] = start + delta * Double(j - k) }
                }
            }
        }
    }
}
