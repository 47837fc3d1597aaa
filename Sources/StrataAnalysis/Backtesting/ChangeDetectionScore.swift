import Foundation

/// How well an online change detector flagged known changes: detection delays
/// and false alarms.
public struct ChangeDetectionScore: Sendable, Codable, Equatable {
    /// For each known change (in the order given), the delay in steps from the
    /// change to the first alarm that detected it, or `nil` when it was missed.
    public var delays: [Int?]
    /// Alarms that detected no change.
    public var falseAlarms: [Int]
    /// Number of known changes detected.
    public var detected: Int { delays.compactMap { $0 }.count }
    /// Number of known changes missed.
    public var missed: Int { delays.count - detected }
    /// Mean delay over detected changes (NaN when none was detected).
    public var meanDelay: Double {
        let d = delays.compactMap { $0 }
        return d.isEmpty ? .nan : Double(d.reduce(0, +)) / Double(d.count)
    }

    /// Score alarms against known change indices.
    ///
    /// A change at index `c` is detected by the first alarm `a` with
    /// `c ≤ a ≤ c + maxDelay` that falls before the next known change; its
    /// delay is `a − c`. Every other alarm — before the first change, after
    /// the window, or a repeat alarm for an already detected change — is a
    /// false alarm (an online detector should raise one alarm per change; the
    /// rule follows the usual "first alarm after the change" convention of
    /// the sequential-detection literature, e.g. Basseville & Nikiforov 1993).
    ///
    /// - Parameters:
    ///   - alarms: indices at which the detector raised an alarm (any order; duplicates count once).
    ///   - changes: indices of the known changes (the first index of the new regime).
    ///   - maxDelay: the longest delay still counted as a detection, ≥ 0.
    /// - Returns: the score.
    /// - Throws: ``BacktestError/invalidParameter(name:detail:)`` for a negative `maxDelay` or negative indices.
    /// - Complexity: O((a + c) log(a + c)).
    public static func evaluate(alarms: [Int], changes: [Int], maxDelay: Int) throws -> ChangeDetectionScore {
        guard maxDelay >= 0 else { throw BacktestError.invalidParameter(name: "maxDelay", detail: "must be ≥ 0, is \(maxDelay)") }
        if let bad = alarms.first(where: { $0 < 0 }) { throw BacktestError.invalidParameter(name: "alarms", detail: "holds a negative index \(bad)") }
        if let bad = changes.first(where: { $0 < 0 }) { throw BacktestError.invalidParameter(name: "changes", detail: "holds a negative index \(bad)") }
        let sortedAlarms = Array(Set(alarms)).sorted()
        let order = changes.indices.sorted { changes[$0] < changes[$1] }
        var delays = [Int?](repeating: nil, count: changes.count)
        var used = Set<Int>()
        for (rank, i) in order.enumerated() {
            let c = changes[i]
            let next = rank + 1 < order.count ? changes[order[rank + 1]] : Int.max
            let end = min(c + maxDelay, next - 1)
            if let a = sortedAlarms.first(where: { $0 >= c && $0 <= end && !used.contains($0) }) {
                delays[i] = a - c
                used.insert(a)
            }
        }
        return ChangeDetectionScore(delays: delays, falseAlarms: sortedAlarms.filter { !used.contains($0) })
    }

    /// Run an online detector on a series and score its alarms.
    ///
    /// - Parameters:
    ///   - series: the data passed to the detector.
    ///   - changes: known change indices.
    ///   - maxDelay: the longest delay counted as a detection.
    ///   - detector: returns the alarm indices for a series (e.g. BOCPD run online).
    /// - Returns: the score.
    /// - Throws: the detector's error, or ``BacktestError`` for bad arguments or alarms outside the series.
    public static func evaluate(
        series: [Double], changes: [Int], maxDelay: Int, detector: ([Double]) throws -> [Int]
    ) throws -> ChangeDetectionScore {
        let alarms = try detector(series)
        if let bad = alarms.first(where: { $0 >= series.count }) {
            throw BacktestError.invalidParameter(name: "alarms", detail: "index \(bad) is beyond the series (\(series.count) values)")
        }
        return try evaluate(alarms: alarms, changes: changes, maxDelay: maxDelay)
    }

    /// Alarm indices from an online change probability (e.g. BOCPD's
    /// ``StrataNumerics/OnlineChangePointResult/changeProbability``): an alarm is
    /// raised at the first index where the probability reaches `threshold`, and
    /// the detector re-arms once it falls back below `threshold`. NaN never alarms.
    ///
    /// - Parameters:
    ///   - probabilities: the probability after each observation.
    ///   - threshold: the alarm level, in (0, 1].
    /// - Returns: the alarm indices, ascending.
    /// - Throws: ``BacktestError/invalidParameter(name:detail:)`` for a threshold outside (0, 1].
    /// - Complexity: O(n).
    public static func alarms(fromChangeProbability probabilities: [Double], threshold: Double) throws -> [Int] {
        guard threshold > 0, threshold <= 1 else {
            throw BacktestError.invalidParameter(name: "threshold", detail: "must be in (0, 1], is \(threshold)")
        }
        var out: [Int] = []
        var armed = true
        for (t, p) in probabilities.enumerated() {
            if p >= threshold {
                if armed { out.append(t); armed = false }
            } else {
                armed = true
            }
        }
        return out
    }
}
