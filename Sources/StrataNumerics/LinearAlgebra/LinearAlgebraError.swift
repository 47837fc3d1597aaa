/// A failure of a linear-algebra operation: bad input detected before the
/// call, or a non-zero LAPACK `info` translated into what it means.
///
/// Every wrapper in StrataNumerics validates shapes and finiteness before it
/// calls BLAS or LAPACK, so a mismatch is reported here instead of trapping
/// or corrupting memory.
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operands' shapes do not fit the operation.
    case dimensionMismatch(operation: String, detail: String)
    /// An operand with no rows or no columns was given where data is needed.
    case empty(operation: String, argument: String)
    /// An operand holds NaN or ±infinity.
    case nonFinite(operation: String, argument: String)
    /// A parameter is outside its domain (negative bandwidth, rcond < 0, …).
    case invalidParameter(operation: String, name: String, detail: String)
    /// LAPACK rejected argument number `position` (its `info = -position`).
    /// This indicates a bug in strata, not in the caller's data.
    case illegalArgument(routine: String, position: Int)
    /// The matrix is exactly singular: the pivot `U(i,i)` (1-based) is zero.
    case singular(routine: String, pivot: Int)
    /// The leading minor of order `order` is not positive definite.
    case notPositiveDefinite(routine: String, order: Int)
    /// An iterative LAPACK routine (SVD, eigensolver) did not converge.
    case noConvergence(routine: String, info: Int)
    /// The problem is too ill-conditioned for the chosen solver to return a
    /// trustworthy answer: the estimated condition number exceeds the limit.
    case illConditioned(routine: String, conditionNumber: Double, limit: Double)
    /// A dimension exceeds what LAPACK's 32-bit integers can address.
    case tooLarge(operation: String, dimension: Int)

    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, detail):
            return "\(operation): dimension mismatch: \(detail)"
        case let .empty(operation, argument):
            return "\(operation): argument '\(argument)' is empty"
        case let .nonFinite(operation, argument):
            return "\(operation): argument '\(argument)' contains NaN or infinity"
        case let .invalidParameter(operation, name, detail):
            return "\(operation): parameter '\(name)' \(detail)"
        case let .illegalArgument(routine, position):
            return "\(routine): LAPACK rejected argument \(position) (internal error)"
        case let .singular(routine, pivot):
            return "\(routine): matrix is singular (zero pivot at position \(pivot))"
        case let .notPositiveDefinite(routine, order):
            return "\(routine): matrix is not positive definite (leading minor of order \(order))"
        case let .noConvergence(routine, info):
            return "\(routine): algorithm did not converge (info = \(info))"
        case let .illConditioned(routine, condition, limit):
            return "\(routine): problem is too ill-conditioned for this solver "
                + "(estimated condition number \(condition) exceeds \(limit)); "
                + "rescale the inputs or use a rank-revealing solver"
        case let .tooLarge(operation, dimension):
            return "\(operation): dimension \(dimension) exceeds LAPACK's 32-bit index range"
        }
    }
}
