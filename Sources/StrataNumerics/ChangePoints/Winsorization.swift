import Foundation

extension ChangePointSearch {
    /// The series with isolated outliers pulled back toward their neighbours, for a
    /// Gaussian cost that would otherwise spend change points on single spikes.
    ///
    /// Each value is compared with the running median of the five values centred on it
    /// (Tukey's running median; the window is cut at the ends, and the median of an even
    /// number of values is the mean of the middle two); the residuals' scale is
    /// `s = 1.4826 · median |y_t − m_t|` (the MAD about zero: the residuals from a running
    /// median are centred by construction). Values further than `threshold · s` from their
    /// running median are moved to that bound; the others are returned unchanged.
    ///
    /// Why: the L2 (Gaussian) loss gives a single spike of `k` SDs a pull of `k²`, enough to
    /// buy itself a segment, while people and the noise model see an outlier. Capping each
    /// point's loss is the remedy of Fearnhead & Rigaill (2019, "Changepoint detection in the
    /// presence of outliers", JASA 114, biweight loss); winsorising against a robust local fit
    /// (Davies, Fried & Gather 2004, "Robust signal extraction for on-line monitoring data",
    /// J. Stat. Plan. Inference 122) does the same before any cost is computed, so every
    /// cost and search (exact PELT included) keeps its properties. A level shift survives it:
    /// the window's median follows a step after three values, so the values at the step stay
    /// near their running median. A burst of one or two values does not.
    ///
    /// - Parameters:
    ///   - y: the series; NaN values stay NaN and are left out of the medians.
    ///   - threshold: the bound in robust SDs (``Configuration/automaticWinsorizingThreshold``
    ///     is 3); a non-finite or non-positive threshold returns `y` unchanged.
    /// - Returns: the winsorised series, same length; `y` itself when it has fewer than 5
    ///   values or the residual scale is 0 (more than half the values equal their running
    ///   median, as in a series that mostly stays put).
    /// - Complexity: O(n log n) (the scale's median); the running medians are O(n).
    public static func winsorized(_ y: [Double], threshold: Double) -> [Double] {
        let n = y.count
        guard n >= 5, threshold.isFinite, threshold > 0 else { return y }
        var runningMedian = [Double](repeating: .nan, count: n)
        var window: [Double] = []
        window.reserveCapacity(5)
        for t in 0..<n {
            window.removeAll(keepingCapacity: true)
            for i in max(0, t - 2)...min(n - 1, t + 2) where y[i].isFinite { window.append(y[i]) }
            guard !window.isEmpty else { continue }
            window.sort()
            let m = window.count / 2
            runningMedian[t] = window.count % 2 == 1 ? window[m] : (window[m - 1] + window[m]) / 2
        }
        var absolute: [Double] = []
        absolute.reserveCapacity(n)
        for t in 0..<n where y[t].isFinite && runningMedian[t].isFinite {
            absolute.append(abs(y[t] - runningMedian[t]))
        }
        guard !absolute.isEmpty else { return y }
        let scale = 1.4826 * SampleStatistics.median(absolute)
        let bound = threshold * scale
        guard bound > 0, bound.isFinite else { return y }
        var out = y
        for t in 0..<n where y[t].isFinite && runningMedian[t].isFinite {
            out[t] = min(max(y[t], runningMedian[t] - bound), runningMedian[t] + bound)
        }
        return out
    }
}
