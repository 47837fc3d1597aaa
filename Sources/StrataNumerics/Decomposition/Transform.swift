import Foundation

/// A variance-stabilising transform applied before a decomposition, for
/// multiplicative seasonality (the seasonal swing grows with the level).
///
/// The decomposition is computed on the transformed scale; the seasonally
/// adjusted series is back-transformed to the original scale
/// (`inverse(transformed − seasonal)`), as in Hyndman & Athanasopoulos,
/// *Forecasting: Principles and Practice* (3rd ed.), §3.1 and §3.6.
public enum Transform: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// No transform.
    case none
    /// Natural logarithm; needs strictly positive values.
    case log
    /// `log(1 + x)`; needs values greater than −1 (suits counts with zeros).
    case log1p
    /// Box & Cox (1964): `(x^λ − 1) / λ`, or `log x` when `λ = 0`; needs positive values.
    case boxCox(lambda: Double)

    public var description: String {
        switch self {
        case .none: return "none"
        case .log: return "log"
        case .log1p: return "log1p"
        case let .boxCox(lambda): return "boxcox(\(lambda))"
        }
    }

    /// Transform every value; NaN (missing) stays NaN.
    ///
    /// - Parameter values: the series on the original scale.
    /// - Returns: the transformed values.
    /// - Throws: ``DecompositionError/transformDomain(transform:index:value:)``
    ///   for the first value outside the domain (the message names the
    ///   `transform` parameter), ``DecompositionError/invalidParameter(name:detail:)``
    ///   for a non-finite `λ`.
    /// - Complexity: O(n).
    public func apply(_ values: [Double]) throws -> [Double] {
        if case let .boxCox(lambda) = self, !lambda.isFinite {
            throw DecompositionError.invalidParameter(name: "lambda", detail: "must be finite, got \(lambda)")
        }
        var out = [Double](repeating: .nan, count: values.count)
        for (i, x) in values.enumerated() where !x.isNaN {
            switch self {
            case .none:
                out[i] = x
            case .log:
                guard x > 0 else { throw DecompositionError.transformDomain(transform: description, index: i, value: x) }
                out[i] = Foundation.log(x)
            case .log1p:
                guard x > -1 else { throw DecompositionError.transformDomain(transform: description, index: i, value: x) }
                out[i] = Foundation.log1p(x)
            case let .boxCox(lambda):
                guard x > 0 else { throw DecompositionError.transformDomain(transform: "boxcox", index: i, value: x) }
                out[i] = lambda == 0 ? Foundation.log(x) : (Foundation.pow(x, lambda) - 1) / lambda
            }
        }
        return out
    }

    /// Map values back to the original scale. Values with no preimage
    /// (for Box-Cox, `λy + 1 ≤ 0`) become NaN.
    ///
    /// - Parameter values: values on the transformed scale.
    /// - Returns: the values on the original scale.
    /// - Complexity: O(n).
    public func invert(_ values: [Double]) -> [Double] {
        values.map { y in
            switch self {
            case .none: return y
            case .log: return Foundation.exp(y)
            case .log1p: return Foundation.expm1(y)
            case let .boxCox(lambda):
                if lambda == 0 { return Foundation.exp(y) }
                let base = lambda * y + 1
                return base > 0 ? Foundation.pow(base, 1 / lambda) : .nan
            }
        }
    }
}
