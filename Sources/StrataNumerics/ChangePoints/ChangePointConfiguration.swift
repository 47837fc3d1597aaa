import Foundation

extension ChangePointSearch {
    /// A complete change-point search setting: method, cost, penalty, minimum
    /// segment length and (binary segmentation only) the most change points.
    ///
    /// ``automatic(for:offsets:)`` is the library's recommended default, the
    /// one the command line's defaults call:
    ///
    /// ```swift
    /// let config = ChangePointSearch.Configuration.automatic(for: y)
    /// let s = try config.segment(y)
    /// ```
    public struct Configuration: Sendable, Codable, Equatable, Hashable {
        /// The search algorithm.
        public enum Method: String, Sendable, Codable, Equatable, Hashable, CaseIterable {
            /// Exact penalised search (``ChangePointSearch/pelt(_:cost:penalty:minimumSegmentLength:offsets:)``).
            case pelt
            /// Greedy binary segmentation (``ChangePointSearch/binarySegmentation(_:cost:penalty:minimumSegmentLength:maximumChangepoints:offsets:)``).
            case binarySegmentation = "binseg"
        }

        /// The search algorithm.
        public var method: Method
        /// The segment model.
        public var cost: ChangePointCost
        /// The price of a change point.
        public var penalty: ChangePointPenalty
        /// Shortest segment allowed.
        public var minimumSegmentLength: Int
        /// Most change points (binary segmentation only; `nil`: no limit).
        public var maximumChangepoints: Int?

        /// Creates a configuration.
        public init(
            method: Method = .pelt, cost: ChangePointCost, penalty: ChangePointPenalty = .mbic,
            minimumSegmentLength: Int = 2, maximumChangepoints: Int? = nil
        ) {
            self.method = method
            self.cost = cost
            self.penalty = penalty
            self.minimumSegmentLength = minimumSegmentLength
            self.maximumChangepoints = maximumChangepoints
        }

        /// The recommended default for a series, fixed by principle before any
        /// benchmark was scored with it:
        ///
        /// * **Counts** (finite non-negative integers): PELT, ``ChangePointCost/automatic(for:offsets:)``
        ///   (Poisson, or negative binomial when overdispersed around the seasonal
        ///   `offsets` if given), R changepoint's default penalty MBIC, minimum segment 2.
        /// * **Anything else**: PELT with the ``ChangePointCost/linearTrend(variance:)``
        ///   cost (each segment its own level and slope, so a steady trend is one
        ///   segment rather than a staircase of level shifts), its variance the
        ///   robust *long-run* variance ``ChangePointCost/robustLongRunVariance(_:maximumAutocorrelation:)``
        ///   (AR(1)-corrected, Chakar et al. 2017: the MAD of differences alone is too
        ///   small under positive autocorrelation and over-segments) with `ρ̂` clamped at
        ///   ``automaticMaximumAutocorrelation`` (0.7: a smooth season or trend drives `ρ̂`
        ///   to its 0.95 clamp and the variance up 780-fold, hiding every change), MBIC
        ///   (`(2 + 2) log n` plus `log(length)` per segment), minimum segment 3 (a
        ///   line needs one residual degree of freedom; 2 for series of fewer than 6
        ///   values, so that short annual series can still be split once).
        ///
        /// How it was chosen: the count rule is the existing `--cost auto`; the
        /// non-count rule was written down from the two failure causes named in
        /// issue 10 (autocorrelation, trend) and R's default penalty; the `ρ̂` clamp
        /// (and PELT over binary segmentation with R's Q = 5) was then chosen on a
        /// seeded synthetic development set, and the result scored once on TCPD
        /// (Benchmarks/Evaluations/TCPD/README.md, configuration `default-automatic`);
        /// no constant in it was tuned on TCPD.
        ///
        /// - Parameters:
        ///   - series: the observations the search will see (the seasonally adjusted
        ///     series for Gaussian costs when deseasonalising).
        ///   - offsets: seasonal expected-count factors for count data, if any.
        /// - Returns: the configuration, with the variance resolved for non-count data.
        /// - Complexity: O(n log n) (medians).
        public static func automatic(for series: [Double], offsets: [Double]? = nil) -> Configuration {
            if ChangePointCost.isCountSeries(series) {
                return Configuration(
                    method: .pelt, cost: .automatic(for: series, offsets: offsets), penalty: .mbic,
                    minimumSegmentLength: 2)
            }
            let v = ChangePointCost.robustLongRunVariance(
                series, maximumAutocorrelation: automaticMaximumAutocorrelation)
            return Configuration(
                method: .pelt, cost: .linearTrend(variance: v > 0 && v.isFinite ? v : nil), penalty: .mbic,
                minimumSegmentLength: series.count >= 6 ? 3 : 2)
        }

        /// The clamp on the AR(1) coefficient of the long-run variance in
        /// ``automatic(for:offsets:)``: 0.7, chosen among {0.5, 0.7, 0.8, 0.9, 0.95} on a seeded
        /// synthetic development set (Benchmarks/Evaluations/TCPD, `--development`: 400 series
        /// with AR(1) noise φ ∈ {0, 0.3, 0.6, 0.9}, t(3) tails, trends, period-12 seasonality and
        /// known level and slope changes), not on TCPD. Mean of cover and F1 there: 0.735 at
        /// 0.95 (the clamp before), 0.743 at 0.9, 0.760 at 0.8, 0.772 at 0.7, 0.754 at 0.5.
        public static let automaticMaximumAutocorrelation = 0.7

        /// The configuration of `changepoints --cost auto` before this default:
        /// PELT, ``ChangePointCost/automatic(for:offsets:)`` (normal mean with the MAD-of-differences
        /// variance for non-count data), MBIC, minimum segment 2. Kept for comparison.
        public static func changeInMean(for series: [Double], offsets: [Double]? = nil) -> Configuration {
            Configuration(method: .pelt, cost: .automatic(for: series, offsets: offsets), penalty: .mbic, minimumSegmentLength: 2)
        }

        /// Run the search.
        ///
        /// - Parameters:
        ///   - series: the observations, no NaN.
        ///   - offsets: expected-count factors (count costs only).
        /// - Returns: the segmentation.
        /// - Throws: ``ChangePointError`` as the search does.
        /// - Complexity: that of the method.
        public func segment(_ series: [Double], offsets: [Double]? = nil) throws -> Segmentation {
            switch method {
            case .pelt:
                return try ChangePointSearch.pelt(
                    series, cost: cost, penalty: penalty, minimumSegmentLength: minimumSegmentLength, offsets: offsets)
            case .binarySegmentation:
                return try ChangePointSearch.binarySegmentation(
                    series, cost: cost, penalty: penalty, minimumSegmentLength: minimumSegmentLength,
                    maximumChangepoints: maximumChangepoints, offsets: offsets)
            }
        }
    }
}
