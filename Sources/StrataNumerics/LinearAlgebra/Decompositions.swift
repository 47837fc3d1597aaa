import CLapack

/// The singular value decomposition `A = U Σ Vᵀ` (LAPACK `dgesdd`,
/// divide and conquer).
///
/// The thin form is computed: for an `m × n` matrix with `p = min(m, n)`,
/// `U` is `m × p`, `Σ` has `p` values in descending order and `Vᵀ` is `p × n`.
///
/// ```swift
/// let svd = try SingularValueDecomposition(a)
/// let condition = svd.singularValues.first! / svd.singularValues.last!
/// ```
public struct SingularValueDecomposition: Sendable, Equatable, Codable {
    /// Left singular vectors, `m × min(m, n)` (empty when `vectors` was `false`).
    public var u: Matrix
    /// Singular values, descending, non-negative.
    public var singularValues: [Double]
    /// Right singular vectors transposed, `min(m, n) × n` (empty when `vectors` was `false`).
    public var vt: Matrix

    /// Decompose `a`.
    ///
    /// - Parameters:
    ///   - a: a finite, non-empty matrix.
    ///   - vectors: compute `U` and `Vᵀ` (default) or only the singular values.
    /// - Throws: ``LinearAlgebraError/empty(operation:argument:)``,
    ///   ``LinearAlgebraError/nonFinite(operation:argument:)``, or
    ///   ``LinearAlgebraError/noConvergence(routine:info:)``.
    /// - Complexity: O(m·n·min(m, n)) flops.
    public init(_ a: Matrix, vectors: Bool = true) throws {
        try Check.nonEmpty(a, "dgesdd", "A")
        try Check.finite(a, "dgesdd", "A")
        let m = a.rows, n = a.columns, p = min(m, n)
        let M = try Check.int32(m, "dgesdd"), N = try Check.int32(n, "dgesdd"), P = try Check.int32(p, "dgesdd")
        var work = a
        var s = [Double](repeating: 0, count: p)
        var u = vectors ? Matrix(rows: m, columns: p) : Matrix(rows: 0, columns: 0)
        var vt = vectors ? Matrix(rows: p, columns: n) : Matrix(rows: 0, columns: 0)
        let job = CChar(UInt8(ascii: vectors ? "S" : "N"))
        let info: strata_lapack_int = work.withUnsafeMutableElements { pa in
            s.withUnsafeMutableBufferPointer { ps in
                u.withUnsafeMutableElements { pu in
                    vt.withUnsafeMutableElements { pv in
                        LAPACKE_dgesdd(LAPACK_COL_MAJOR, job, M, N, pa.baseAddress, M, ps.baseAddress,
                                       pu.baseAddress, M, pv.baseAddress, vectors ? P : 1)
                    }
                }
            }
        }
        try Check.illegal(info, "dgesdd")
        if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dgesdd", info: Int(info)) }
        self.u = u
        self.singularValues = s
        self.vt = vt
    }

    /// The 2-norm condition number `σ_max / σ_min` (infinite when `σ_min = 0`).
    public var conditionNumber: Double {
        guard let first = singularValues.first, let last = singularValues.last else { return .nan }
        return last > 0 ? first / last : .infinity
    }

    /// The numerical rank: singular values above `relativeTolerance × σ_max`
    /// (default `max(m, n) × ε`).
    public func rank(relativeTolerance: Double? = nil) -> Int {
        guard let first = singularValues.first else { return 0 }
        let tol = (relativeTolerance ?? Double(max(u.rows, vt.columns)) * Double.ulpOfOne) * first
        return singularValues.filter { $0 > tol }.count
    }
}

/// Eigenvalues and eigenvectors of a real symmetric matrix (LAPACK `dsyevr`,
/// relatively robust representations).
///
/// Only the lower triangle is read; the matrix is first checked to be
/// symmetric to a relative tolerance so that a non-symmetric input is
/// reported instead of silently symmetrised.
public struct SymmetricEigendecomposition: Sendable, Equatable, Codable {
    /// Eigenvalues in ascending order.
    public var eigenvalues: [Double]
    /// Orthonormal eigenvectors, one column per eigenvalue (empty when not requested).
    public var eigenvectors: Matrix

    /// Decompose the symmetric matrix `a`.
    ///
    /// - Parameters:
    ///   - a: a finite, square, non-empty symmetric matrix.
    ///   - vectors: also compute the eigenvectors (default `true`).
    ///   - symmetryTolerance: largest accepted `|aᵢⱼ − aⱼᵢ| / max|a|` (default `1e-10`).
    /// - Throws: ``LinearAlgebraError`` for empty, non-square, non-finite or
    ///   non-symmetric input, or when `dsyevr` fails to converge.
    /// - Complexity: O(n³) flops.
    public init(_ a: Matrix, vectors: Bool = true, symmetryTolerance: Double = 1e-10) throws {
        try Check.nonEmpty(a, "dsyevr", "A")
        try Check.square(a, "dsyevr", "A")
        try Check.finite(a, "dsyevr", "A")
        let n = a.rows
        let scale = a.elements.reduce(0) { max($0, abs($1)) }
        for j in 0..<n {
            for i in (j + 1)..<max(n, j + 1) where abs(a[i, j] - a[j, i]) > symmetryTolerance * scale {
                throw LinearAlgebraError.invalidParameter(
                    operation: "dsyevr", name: "A",
                    detail: "is not symmetric: A[\(i),\(j)] = \(a[i, j]) but A[\(j),\(i)] = \(a[j, i])")
            }
        }
        let N = try Check.int32(n, "dsyevr")
        var work = a
        var w = [Double](repeating: 0, count: n)
        var z = vectors ? Matrix(rows: n, columns: n) : Matrix(rows: 1, columns: 1)
        var isuppz = [strata_lapack_int](repeating: 0, count: 2 * n)
        var found: strata_lapack_int = 0
        let info: strata_lapack_int = work.withUnsafeMutableElements { pa in
            w.withUnsafeMutableBufferPointer { pw in
                z.withUnsafeMutableElements { pz in
                    isuppz.withUnsafeMutableBufferPointer { pi in
                        LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: vectors ? "V" : "N")),
                                       CChar(UInt8(ascii: "A")), CChar(UInt8(ascii: "L")), N,
                                       pa.baseAddress, N, 0, 0, 0, 0, 0, &found, pw.baseAddress,
                                       pz.baseAddress, vectors ? N : 1, pi.baseAddress)
                    }
                }
            }
        }
        try Check.illegal(info, "dsyevr")
        if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dsyevr", info: Int(info)) }
        eigenvalues = w
        eigenvectors = vectors ? z : Matrix(rows: 0, columns: 0)
    }
}

/// The Cholesky factorisation `A = L Lᵀ` of a symmetric positive-definite
/// matrix (LAPACK `dpotrf`), and solves with it (`dpotrs`).
public struct Cholesky: Sendable, Equatable, Codable {
    /// The factor as left by `dpotrf` with `uplo = 'L'`: `L` in the lower
    /// triangle (the strict upper triangle holds the input's values).
    public private(set) var factor: Matrix

    /// Factorise the symmetric positive-definite matrix `a` (lower triangle read).
    ///
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(routine:order:)`` when
    ///   a leading minor is not positive definite, and the usual shape and
    ///   finiteness errors.
    /// - Complexity: O(n³/3) flops.
    public init(_ a: Matrix) throws {
        try Check.nonEmpty(a, "dpotrf", "A")
        try Check.square(a, "dpotrf", "A")
        try Check.finite(a, "dpotrf", "A")
        let N = try Check.int32(a.rows, "dpotrf")
        var f = a
        let info: strata_lapack_int = f.withUnsafeMutableElements { pa in
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), N, pa.baseAddress, N)
        }
        try Check.illegal(info, "dpotrf")
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", order: Int(info)) }
        factor = f
    }

    /// The lower-triangular factor `L` with zeros above the diagonal.
    public var lower: Matrix {
        var l = factor
        for j in 0..<l.columns { for i in 0..<j { l[i, j] = 0 } }
        return l
    }

    /// Solve `A X = B` (`dpotrs`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when
    ///   `b.rows` differs from the order of `A`; ``LinearAlgebraError/nonFinite(operation:argument:)``.
    /// - Complexity: O(n²·k) flops.
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == factor.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dpotrs", detail: "A is \(factor.rows)×\(factor.rows) but B has \(b.rows) rows")
        }
        try Check.finite(b, "dpotrs", "B")
        if b.columns == 0 { return b }
        let N = try Check.int32(factor.rows, "dpotrs"), K = try Check.int32(b.columns, "dpotrs")
        var x = b
        // The factor is read only (LAPACKE takes `const double *`): no copy.
        let info: strata_lapack_int = factor.elements.withUnsafeBufferPointer { pa in
            x.withUnsafeMutableElements { px in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), N, K, pa.baseAddress, N, px.baseAddress, N)
            }
        }
        try Check.illegal(info, "dpotrs")
        return x
    }

    /// Solve `A x = b` for one right-hand side.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).column(0)
    }
}
