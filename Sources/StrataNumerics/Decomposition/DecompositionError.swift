/// Why a decomposition, smoother or transform could not run on its input.
///
/// Every case names the parameter (or the input) at fault so the message can
/// be shown to an analyst as it is.
public enum DecompositionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is outside its domain (even window, period < 2, …).
    case invalidParameter(name: String, detail: String)
    /// The series is shorter than the method needs (STL: two full periods).
    case seriesTooShort(length: Int, minimum: Int, parameter: String)
    /// The series holds `+∞` or `−∞` at `index` (0-based); NaN is missing, infinity is an error.
    case nonFiniteValue(index: Int)
    /// Every value is missing.
    case allMissing
    /// So many values are missing that a component cannot be estimated.
    case tooManyMissing(detail: String)
    /// A value is outside the domain of the transform (log of a non-positive number, …).
    case transformDomain(transform: String, index: Int, value: Double)
    /// Column `column` (0-based) of a batch failed with `error`.
    indirect case inColumn(Int, DecompositionError)

    public var description: String {
        switch self {
        case let .invalidParameter(name, detail):
            return "parameter '\(name)' \(detail)"
        case let .seriesTooShort(length, minimum, parameter):
            return "series has \(length) observations but at least \(minimum) are needed "
                + "(two full periods; check parameter '\(parameter)')"
        case let .nonFiniteValue(index):
            return "value at position \(index + 1) is infinite; only finite values or missing (NaN) are allowed"
        case .allMissing:
            return "every value of the series is missing"
        case let .tooManyMissing(detail):
            return "too many missing values: \(detail)"
        case let .transformDomain(transform, index, value):
            let need = transform == "log1p" ? "values greater than -1" : "positive values"
            return "parameter 'transform' = \(transform) needs \(need); "
                + "value at position \(index + 1) is \(value)"
        case let .inColumn(column, error):
            return "series \(column + 1) of the batch: \(error)"
        }
    }
}
