/// The two scores of the TCPD benchmark (van den Burg & Williams 2020,
/// "An Evaluation of Change Point Detection Algorithms", §4): F1 with a
/// margin and segmentation covering, against several annotators.
///
/// Conventions follow the benchmark: indices are 0-based, a change point `c`
/// starts a new segment at observation `c`, and index 0 is added to every
/// annotation and to the prediction for F1. Matches the independent Python
/// implementation `reference_metrics.py` of the shared TCPD folder to 1e-12.
public enum ChangePointMetrics {
    /// Predictions cleaned as the benchmark does: duplicates removed, only
    /// `1 ≤ c ≤ n − 2` kept, ascending.
    ///
    /// - Complexity: O(k log k).
    public static func cleaned(_ predictions: [Int], length n: Int) -> [Int] {
        Array(Set(predictions.filter { $0 >= 1 && $0 <= n - 2 })).sorted()
    }

    /// Number of true points matched one-to-one by predictions within ±`margin`.
    ///
    /// True points are taken in ascending order; each takes the closest
    /// still-unused prediction within the margin (ties: the smaller index).
    ///
    /// - Complexity: O(|truth| · |predictions|).
    public static func matchCount(truth: Set<Int>, predictions: Set<Int>, margin: Int) -> Int {
        var available = predictions.sorted()
        var hits = 0
        for t in truth.sorted() {
            var best: (distance: Int, index: Int)? = nil
            for (i, x) in available.enumerated() {
                let d = abs(t - x)
                if d <= margin, best.map({ d < $0.distance }) ?? true { best = (d, i) }
            }
            if let best {
                hits += 1
                available.remove(at: best.index)
            }
        }
        return hits
    }

    /// F1, precision and recall with a margin.
    ///
    /// `P = Match(∪T_k, X)/|X|`, `R = mean_k Match(T_k, X)/|T_k|`,
    /// `F1 = 2PR/(P + R)`, with 0 added to every set.
    ///
    /// - Parameters:
    ///   - annotations: one list of change points per annotator (at least one).
    ///   - predictions: the predicted change points (not cleaned here; see ``score(annotations:predictions:length:margin:)``).
    ///   - margin: the tolerance `M` (TCPD uses 5).
    /// - Returns: `(f1, precision, recall)`; all 0 when there are no annotators.
    /// - Complexity: O(K · |T| · |X|).
    public static func f1(
        annotations: [[Int]], predictions: [Int], margin: Int = 5
    ) -> (f1: Double, precision: Double, recall: Double) {
        guard !annotations.isEmpty else { return (0, 0, 0) }
        let sets = annotations.map { Set($0).union([0]) }
        let x = Set(predictions).union([0])
        let all = sets.reduce(into: Set<Int>()) { $0.formUnion($1) }
        let precision = Double(matchCount(truth: all, predictions: x, margin: margin)) / Double(x.count)
        var recall = 0.0
        for t in sets { recall += Double(matchCount(truth: t, predictions: x, margin: margin)) / Double(t.count) }
        recall /= Double(sets.count)
        let f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        return (f, precision, recall)
    }

    /// Segmentation covering of the annotators' partitions by the predicted one.
    ///
    /// `C_k = (1/n) Σ_{A ∈ G_k} |A| max_{B ∈ S} |A∩B|/|A∪B|`, averaged over annotators.
    ///
    /// - Parameters:
    ///   - annotations: one list of change points per annotator.
    ///   - predictions: predicted change points (those outside `1..<n` ignored).
    ///   - length: the series length `n` ≥ 1.
    /// - Returns: the covering in [0, 1]; 0 with no annotators or `n < 1`.
    /// - Complexity: O(K · |T| · |X|).
    public static func covering(annotations: [[Int]], predictions: [Int], length n: Int) -> Double {
        guard !annotations.isEmpty, n >= 1 else { return 0 }
        let predicted = segments(predictions, n)
        var total = 0.0
        for a in annotations {
            var c = 0.0
            for s in segments(a, n) {
                var best = 0.0
                for p in predicted {
                    let inter = max(0, min(s.upperBound, p.upperBound) - max(s.lowerBound, p.lowerBound))
                    let union = s.count + p.count - inter
                    best = max(best, Double(inter) / Double(union))
                }
                c += Double(s.count) * best
            }
            total += c / Double(n)
        }
        return total / Double(annotations.count)
    }

    /// The benchmark's scoring of one prediction: clean, then F1 and covering.
    ///
    /// - Returns: `(f1, cover)`.
    /// - Complexity: as ``f1(annotations:predictions:margin:)`` plus ``covering(annotations:predictions:length:)``.
    public static func score(
        annotations: [[Int]], predictions: [Int], length n: Int, margin: Int = 5
    ) -> (f1: Double, cover: Double) {
        let p = cleaned(predictions, length: n)
        return (f1(annotations: annotations, predictions: p, margin: margin).f1,
                covering(annotations: annotations, predictions: p, length: n))
    }

    static func segments(_ cps: [Int], _ n: Int) -> [Range<Int>] {
        let cuts = [0] + Array(Set(cps.filter { $0 > 0 && $0 < n })).sorted() + [n]
        return (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
    }
}
