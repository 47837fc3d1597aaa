import Foundation

/// Why a compositional operation was refused.
public enum CompositionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer than two parts: there is no ratio to take.
    case tooFewParts(count: Int)
    /// A part is negative, NaN or infinite (index of the part).
    case invalidPart(index: Int, value: Double)
    /// Every part is zero: the composition is undefined.
    case allZero
    /// A parameter is outside its domain.
    case invalidParameter(name: String, detail: String)
    /// The zero replacement would leave no mass for the non-zero parts
    /// (the replaced zeros add up to the whole).
    case replacementTooLarge(total: Double)

    public var description: String {
        switch self {
        case .tooFewParts(let n): return "a composition needs at least 2 parts, got \(n)"
        case let .invalidPart(i, v): return "part \(i) is \(v); parts must be finite and non-negative"
        case .allZero: return "every part is zero; the composition is undefined"
        case let .invalidParameter(name, detail): return "parameter '\(name)' \(detail)"
        case .replacementTooLarge(let t):
            return "the replaced zeros add up to \(t) of a whole of 1; use a smaller replacement value"
        }
    }
}

/// Log-ratio analysis of compositions (Aitchison 1986): closure, zero
/// replacement, centred and isometric log-ratio coordinates.
///
/// A composition is a vector of `D ≥ 2` non-negative parts of which only the
/// ratios carry information (route shares of all detections). Log-ratios
/// need strictly positive parts, so zeros are first replaced by
/// ``multiplicativeReplacement(_:delta:)`` (Martín-Fernández, Barceló-Vidal &
/// Pawlowsky-Glahn 2003), which, unlike additive replacement, keeps the
/// ratios between the non-zero parts unchanged.
///
/// Isometric coordinates use the **pivot** (Hron, Filzmoser & Thompson 2012)
/// orthonormal basis of Egozcue et al. (2003):
///
/// `z_i = √((D − i) / (D − i + 1)) · log( x_i / g(x_{i+1}, …, x_D) )`, `i = 1 … D − 1`,
///
/// where `g` is the geometric mean; `z_1` is the log-ratio of the first part
/// to the geometric mean of the others, so putting a part first makes its
/// coordinate directly interpretable. The map is an isometry:
/// `‖ilr(x)‖ = ‖clr(x)‖` (Aitchison norm). R's `robCompositions::pivotCoord`
/// uses the same basis.
///
/// - Complexity: every operation is O(D) time and memory.
public enum LogRatio {
    /// The composition scaled to sum to 1.
    ///
    /// - Parameter parts: `D ≥ 2` finite non-negative parts, not all zero.
    /// - Returns: `parts / Σ parts`.
    /// - Throws: ``CompositionError``.
    public static func closure(_ parts: [Double]) throws -> [Double] {
        let total = try checkedTotal(parts)
        return parts.map { $0 / total }
    }

    /// Multiplicative zero replacement (Martín-Fernández et al. 2003, eq. 8),
    /// on the closed composition: each zero part becomes `delta`, each
    /// non-zero part `x_j` becomes `x_j (1 − Σ_{zeros} delta)`, so the result
    /// still sums to 1 and the ratios of non-zero parts are unchanged.
    ///
    /// - Parameters:
    ///   - parts: `D ≥ 2` finite non-negative parts, not all zero (closed
    ///     first if they do not sum to 1).
    ///   - delta: the value given to a zero part on the closed scale,
    ///     `0 < delta`, with `delta × (number of zeros) < 1`. A common choice
    ///     for counts is half a count over the total (`0.5 / Σ counts`).
    /// - Returns: a closed composition without zeros.
    /// - Throws: ``CompositionError``.
    public static func multiplicativeReplacement(_ parts: [Double], delta: Double) throws -> [Double] {
        guard delta.isFinite, delta > 0 else {
            throw CompositionError.invalidParameter(name: "delta", detail: "must be finite and positive, is \(delta)")
        }
        let closed = try closure(parts)
        let zeros = closed.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        let removed = Double(zeros) * delta
        guard removed < 1 else { throw CompositionError.replacementTooLarge(total: removed) }
        return closed.map { $0 == 0 ? delta : $0 * (1 - removed) }
    }

    /// Centred log-ratio coordinates `clr(x)_j = log x_j − mean_k log x_k`
    /// (Aitchison 1986); they sum to 0.
    ///
    /// - Parameter parts: `D ≥ 2` finite strictly positive parts.
    /// - Returns: `D` coordinates.
    /// - Throws: ``CompositionError/invalidPart(index:value:)`` for a zero,
    ///   negative or non-finite part.
    public static func clr(_ parts: [Double]) throws -> [Double] {
        let logs = try positiveLogs(parts)
        let mean = logs.reduce(0, +) / Double(logs.count)
        return logs.map { $0 - mean }
    }

    /// The composition (closed) whose centred log-ratio coordinates are `coordinates`.
    ///
    /// - Parameter coordinates: `D ≥ 2` finite numbers (their mean is removed first).
    /// - Returns: the closed composition `exp(c) / Σ exp(c)`.
    /// - Throws: ``CompositionError``.
    public static func clrInverse(_ coordinates: [Double]) throws -> [Double] {
        guard coordinates.count >= 2 else { throw CompositionError.tooFewParts(count: coordinates.count) }
        for (i, c) in coordinates.enumerated() where !c.isFinite {
            throw CompositionError.invalidPart(index: i, value: c)
        }
        let m = coordinates.max() ?? 0
        let e = coordinates.map { Foundation.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// Isometric log-ratio coordinates in the pivot basis (see the type's discussion).
    ///
    /// - Parameter parts: `D ≥ 2` finite strictly positive parts.
    /// - Returns: `D − 1` coordinates.
    /// - Throws: ``CompositionError/invalidPart(index:value:)`` for a zero,
    ///   negative or non-finite part.
    public static func ilr(_ parts: [Double]) throws -> [Double] {
        let logs = try positiveLogs(parts)
        let D = logs.count
        var z = [Double](repeating: 0, count: D - 1)
        // suffix sums of logs for the geometric means of the remaining parts
        var suffix = 0.0
        var suffixSums = [Double](repeating: 0, count: D + 1)
        for j in stride(from: D - 1, through: 0, by: -1) {
            suffix += logs[j]
            suffixSums[j] = suffix
        }
        for i in 0..<(D - 1) {
            let rest = Double(D - i - 1)
            let gmeanLog = suffixSums[i + 1] / rest
            z[i] = (rest / (rest + 1)).squareRoot() * (logs[i] - gmeanLog)
        }
        return z
    }

    /// The closed composition whose pivot coordinates are `coordinates`.
    ///
    /// - Parameter coordinates: `D − 1 ≥ 1` finite numbers.
    /// - Returns: `D` closed parts.
    /// - Throws: ``CompositionError``.
    public static func ilrInverse(_ coordinates: [Double]) throws -> [Double] {
        guard !coordinates.isEmpty else { throw CompositionError.tooFewParts(count: 1) }
        for (i, c) in coordinates.enumerated() where !c.isFinite {
            throw CompositionError.invalidPart(index: i, value: c)
        }
        let D = coordinates.count + 1
        // clr_j = Σ_i z_i V[j][i] with V the pivot basis (columns orthonormal):
        // V[i][i] = √((D−i−1)/(D−i)), V[j][i] = −1/√((D−i)(D−i−1)) for j > i, 0 for j < i (0-based).
        var clr = [Double](repeating: 0, count: D)
        for i in 0..<(D - 1) {
            let k = Double(D - i)   // parts from i on
            let diag = ((k - 1) / k).squareRoot()
            let off = -1 / (k * (k - 1)).squareRoot()
            clr[i] += coordinates[i] * diag
            for j in (i + 1)..<D { clr[j] += coordinates[i] * off }
        }
        return try clrInverse(clr)
    }

    // MARK: - helpers

    static func checkedTotal(_ parts: [Double]) throws -> Double {
        guard parts.count >= 2 else { throw CompositionError.tooFewParts(count: parts.count) }
        var total = 0.0
        for (i, p) in parts.enumerated() {
            guard p.isFinite, p >= 0 else { throw CompositionError.invalidPart(index: i, value: p) }
            total += p
        }
        guard total > 0 else { throw CompositionError.allZero }
        return total
    }

    static func positiveLogs(_ parts: [Double]) throws -> [Double] {
        guard parts.count >= 2 else { throw CompositionError.tooFewParts(count: parts.count) }
        var logs = [Double](repeating: 0, count: parts.count)
        for (i, p) in parts.enumerated() {
            guard p.isFinite, p > 0 else { throw CompositionError.invalidPart(index: i, value: p) }
            logs[i] = Foundation.log(p)
        }
        return logs
    }
}
