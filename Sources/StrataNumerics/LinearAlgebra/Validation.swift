import CLapack

/// Shared argument checks for the BLAS/LAPACK wrappers.
enum Check {
    static func int32(_ value: Int, _ operation: String) throws -> strata_lapack_int {
        guard value >= 0, value <= Int(Int32.max) else {
            throw LinearAlgebraError.tooLarge(operation: operation, dimension: value)
        }
        return strata_lapack_int(value)
    }

    static func finite(_ m: Matrix, _ operation: String, _ name: String) throws {
        guard m.isFinite else { throw LinearAlgebraError.nonFinite(operation: operation, argument: name) }
    }

    static func finite(_ v: [Double], _ operation: String, _ name: String) throws {
        guard v.allSatisfy(\.isFinite) else {
            throw LinearAlgebraError.nonFinite(operation: operation, argument: name)
        }
    }

    static func nonEmpty(_ m: Matrix, _ operation: String, _ name: String) throws {
        guard !m.isEmpty else { throw LinearAlgebraError.empty(operation: operation, argument: name) }
    }

    static func square(_ m: Matrix, _ operation: String, _ name: String) throws {
        guard m.rows == m.columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: operation, detail: "'\(name)' must be square, is \(m.rows)×\(m.columns)")
        }
    }

    /// Translate a negative `info` (illegal argument) into an error; callers
    /// handle positive codes, whose meaning depends on the routine.
    static func illegal(_ info: strata_lapack_int, _ routine: String) throws {
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: routine, position: Int(-info)) }
    }
}
