/// Sample statistics shared by several areas (trend tests, change-point
/// costs, seasonality tests), so that each is computed one way everywhere.
///
/// Inputs are finite values; callers remove missing values (NaN) first.
enum SampleStatistics {
    /// The median of values already sorted ascending: the middle value, or
    /// the mean of the two middle values for an even count; NaN when empty.
    /// - Complexity: O(1).
    static func median(sorted x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let m = x.count / 2
        return x.count % 2 == 1 ? x[m] : 0.5 * (x[m - 1] + x[m])
    }

    /// The median of `x` (sorted internally); NaN when empty.
    /// - Complexity: O(n log n).
    static func median(_ x: [Double]) -> Double { median(sorted: x.sorted()) }

    /// R's default (type 7) sample quantile of values sorted ascending, at `p` clamped to
    /// [0, 1]; NaN when empty.
    /// - Complexity: O(1).
    static func quantile(sorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * min(1, max(0, p))
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }

    /// Average ranks (1-based; ties get the mean of their ranks), as SciPy's `rankdata`.
    /// - Complexity: O(n log n).
    static func averageRanks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// The sample autocorrelations `ρ_0 … ρ_L`, `L = min(maxLag, n − 1)`, as
    /// R `acf` and pymannkendall's `__acf`:
    /// `ρ_k = Σ_{t<n−k} (x_t − x̄)(x_{t+k} − x̄) / Σ_t (x_t − x̄)²`
    /// (the biased estimator, denominator `n` in both covariances).
    ///
    /// A constant series gives NaN for every lag (0/0), as the references do;
    /// callers decide what that means. An empty series gives `[]`.
    /// - Complexity: O(n·L).
    static func autocorrelations(_ x: [Double], maxLag: Int) -> [Double] {
        guard !x.isEmpty else { return [] }
        return autocorrelations(x, lags: 0...max(0, min(maxLag, x.count - 1)))
    }

    /// The sample autocorrelations at the given lags (each in `0..<n`), as
    /// ``autocorrelations(_:maxLag:)``; a lag outside `0..<n` gives NaN.
    /// - Complexity: O(n) per lag.
    static func autocorrelations(_ x: [Double], lags: some Sequence<Int>) -> [Double] {
        let n = x.count
        guard n > 0 else { return lags.map { _ in .nan } }
        let mean = x.reduce(0, +) / Double(n)
        let y = x.map { $0 - mean }
        var c0 = 0.0
        for v in y { c0 += v * v }
        return lags.map { k in
            guard k >= 0, k < n else { return .nan }
            var c = 0.0
            for t in 0..<(n - k) { c += y[t] * y[t + k] }
            return c / c0
        }
    }
}
