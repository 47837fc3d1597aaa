import CLapack

/// Linear least squares `min ‖A x − b‖₂` on LAPACK.
///
/// Two solvers:
/// * ``Method/qr`` — Householder QR (`dgeqrf`, or `dgels` for underdetermined
///   systems) followed by iterative refinement of the augmented system with
///   residuals in doubled precision (Björck 1967). Requires full column
///   rank. After the factorisation the 1-norm condition number of `R` is
///   estimated (`dtrcon`); if it exceeds the condition limit the solver
///   throws ``LinearAlgebraError/illConditioned(routine:conditionNumber:limit:)``
///   instead of returning digits it cannot vouch for.
/// * ``Method/svd(relativeTolerance:)`` — rank-revealing SVD (`dgelsd`).
///   Singular values below `relativeTolerance × σ_max` are treated as zero;
///   the result reports the numerical ``LeastSquaresSolution/rank`` and, when
///   it is below the number of columns, the minimum-norm solution (the
///   coefficients are then not unique: check ``LeastSquaresSolution/isFullRank``).
///
/// Both scale every column of `A` to unit Euclidean norm before factorising
/// and undo the scaling afterwards (column equilibration), which removes the
/// ill-conditioning caused only by units (e.g. a year column next to an
/// intercept) and is what lets QR reproduce the NIST StRD certified values.
/// The reported condition number is that of the scaled matrix.
///
/// ```swift
/// let fit = try LeastSquares.solve(design, y)           // QR
/// let safe = try LeastSquares.solve(design, y, method: .svd())
/// ```
///
/// Accuracy: on the NIST StRD linear-regression datasets (Longley,
/// Wampler1–5, Norris, Pontius, NoInt1–2) QR reproduces every certified
/// coefficient to at least 7 significant digits (log relative error ≥ 7; see
/// the tests); the SVD solver, which is not refined, does the same except on
/// Wampler5 (a large-residual problem) where it keeps about 5.5 digits. On
/// Filip (degree-10 polynomial) QR refuses with `illConditioned` and SVD
/// reports the rank it could resolve.
public enum LeastSquares {
    /// The solver to use.
    public enum Method: Sendable, Equatable, Hashable {
        /// Householder QR (`dgels`), with a condition-number check.
        case qr
        /// Divide-and-conquer SVD (`dgelsd`): singular values below
        /// `relativeTolerance × σ_max` count as zero. The default is
        /// `max(m, n) × ε` (as NumPy's `lstsq`).
        case svd(relativeTolerance: Double? = nil)
    }

    /// The default condition-number limit for QR: `1 / √ε ≈ 6.7 × 10⁷`.
    ///
    /// The forward error of a least-squares solution is of order `κ · ε`
    /// (consistent systems) up to `κ² · ε` (large residuals); beyond `1/√ε`
    /// the second term can exceed 1 and the coefficients carry no reliable
    /// digit, so QR refuses rather than returning them.
    public static let defaultConditionLimit: Double = 1 / Double.ulpOfOne.squareRoot()

    /// Solve `min ‖A x − b‖₂` for one right-hand side.
    ///
    /// - Parameters:
    ///   - a: the `m × n` design matrix (`m ≥ 1`, `n ≥ 1`), finite.
    ///   - b: the response, `m` finite values.
    ///   - method: ``Method/qr`` (default) or ``Method/svd(relativeTolerance:)``.
    ///   - conditionLimit: QR only: the largest acceptable condition number of
    ///     the column-scaled matrix (default ``defaultConditionLimit``).
    /// - Returns: the coefficients, rank, condition estimate and residual sum of squares.
    /// - Throws: ``LinearAlgebraError`` for empty, non-finite or mismatched
    ///   input; `.singular` when QR meets an exactly rank-deficient matrix;
    ///   `.illConditioned` when QR's condition estimate exceeds the limit;
    ///   `.noConvergence` if the SVD fails to converge.
    /// - Complexity: O(m·n²) flops; a few allocations of size m·n.
    public static func solve(
        _ a: Matrix, _ b: [Double], method: Method = .qr,
        conditionLimit: Double = LeastSquares.defaultConditionLimit
    ) throws -> LeastSquaresSolution {
        let rhs = try Matrix(rows: b.count, columns: 1, columnMajor: b)
        let all = try solve(a, rhs, method: method, conditionLimit: conditionLimit)
        return LeastSquaresSolution(
            coefficients: all.coefficients.column(0), rank: all.rank,
            conditionNumber: all.conditionNumber,
            residualSumOfSquares: all.residualSumOfSquares[0],
            singularValues: all.singularValues, columns: a.columns)
    }

    /// Solve `min ‖A X − B‖` for several right-hand sides at once (the columns
    /// of `B`) with one factorisation of `A` — e.g. the same trend regression
    /// for a whole batch of series sharing a calendar.
    ///
    /// - Parameters:
    ///   - a: the `m × n` design matrix, finite.
    ///   - b: `m × k` responses, finite.
    ///   - method: the solver.
    ///   - conditionLimit: QR only, as for a single right-hand side.
    /// - Returns: `n × k` coefficients and one residual sum of squares per column.
    /// - Throws: as the single right-hand-side version.
    /// - Complexity: O(m·n² + m·n·k) flops.
    public static func solve(
        _ a: Matrix, _ b: Matrix, method: Method = .qr,
        conditionLimit: Double = LeastSquares.defaultConditionLimit
    ) throws -> LeastSquaresSolutions {
        let op = method == .qr ? "dgels" : "dgelsd"
        try Check.nonEmpty(a, op, "A")
        guard b.rows == a.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: op, detail: "A has \(a.rows) rows but b has \(b.rows)")
        }
        guard b.columns >= 1 else { throw LinearAlgebraError.empty(operation: op, argument: "b") }
        try Check.finite(a, op, "A")
        try Check.finite(b, op, "b")
        guard conditionLimit > 0, !conditionLimit.isNaN else {
            throw LinearAlgebraError.invalidParameter(
                operation: op, name: "conditionLimit", detail: "must be positive, is \(conditionLimit)")
        }
        let m = a.rows, n = a.columns, k = b.columns
        let M = try Check.int32(m, op), N = try Check.int32(n, op), K = try Check.int32(k, op)
        let ldb = max(m, n)
        let LDB = try Check.int32(ldb, op)

        // Column equilibration.
        var scaled = a
        var scale = [Double](repeating: 1, count: n)
        for j in 0..<n {
            var s = 0.0
            for i in 0..<m { s += a[i, j] * a[i, j] }
            s = s.squareRoot()
            if s > 0 {
                scale[j] = s
                for i in 0..<m { scaled[i, j] = a[i, j] / s }
            }
        }
        // B padded to max(m, n) rows.
        var work = [Double](repeating: 0, count: ldb * k)
        for j in 0..<k { for i in 0..<m { work[i + j * ldb] = b[i, j] } }

        var rank = n
        var condition = Double.nan
        var singularValues: [Double]? = nil

        switch method {
        case .qr where m >= n:
            let qr = try RefinedQR(scaled)
            let rcond = try qr.reciprocalCondition()
            condition = rcond > 0 ? 1 / rcond : .infinity
            if !(condition <= conditionLimit) {
                throw LinearAlgebraError.illConditioned(routine: "dgels", conditionNumber: condition, limit: conditionLimit)
            }
            for j in 0..<k {
                let xj = try qr.solve(Array(work[(j * ldb)..<(j * ldb + m)]))
                for i in 0..<n { work[i + j * ldb] = xj[i] }
            }
        case .qr:
            // Underdetermined: minimum-norm solution through LQ (dgels).
            let info: strata_lapack_int = scaled.withUnsafeMutableElements { pa in
                work.withUnsafeMutableBufferPointer { pb in
                    LAPACKE_dgels(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), M, N, K, pa.baseAddress, M, pb.baseAddress, LDB)
                }
            }
            try Check.illegal(info, "dgels")
            if info > 0 {
                throw LinearAlgebraError.singular(routine: "dgels", pivot: Int(info))
            }
            let MINMN = try Check.int32(min(m, n), "dtrcon")
            var rcond = 0.0
            let tinfo: strata_lapack_int = scaled.withUnsafeMutableElements { pa in
                LAPACKE_dtrcon(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "1")), CChar(UInt8(ascii: "L")),
                               CChar(UInt8(ascii: "N")), MINMN, pa.baseAddress, M, &rcond)
            }
            try Check.illegal(tinfo, "dtrcon")
            condition = rcond > 0 ? 1 / rcond : .infinity
            if !(condition <= conditionLimit) {
                throw LinearAlgebraError.illConditioned(routine: "dgels", conditionNumber: condition, limit: conditionLimit)
            }
        case let .svd(tolerance):
            let rc = tolerance ?? Double(max(m, n)) * Double.ulpOfOne
            guard rc >= 0, rc.isFinite else {
                throw LinearAlgebraError.invalidParameter(
                    operation: op, name: "relativeTolerance", detail: "must be finite and non-negative, is \(rc)")
            }
            var s = [Double](repeating: 0, count: min(m, n))
            var r: strata_lapack_int = 0
            let info: strata_lapack_int = scaled.withUnsafeMutableElements { pa in
                work.withUnsafeMutableBufferPointer { pb in
                    s.withUnsafeMutableBufferPointer { ps in
                        LAPACKE_dgelsd(LAPACK_COL_MAJOR, M, N, K, pa.baseAddress, M, pb.baseAddress, LDB,
                                       ps.baseAddress, rc, &r)
                    }
                }
            }
            try Check.illegal(info, "dgelsd")
            if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dgelsd", info: Int(info)) }
            rank = Int(r)
            singularValues = s
            if let first = s.first, let last = s.last {
                condition = last > 0 ? first / last : .infinity
            }
        }

        var x = Matrix(rows: n, columns: k)
        for j in 0..<k { for i in 0..<n { x[i, j] = work[i + j * ldb] / scale[i] } }
        // Residual sums of squares computed directly (stable, and valid for
        // every method and shape): r = b − A x.
        let fitted = try BLAS.gemm(a, x)
        var rss = [Double](repeating: 0, count: k)
        for j in 0..<k {
            var acc = 0.0
            for i in 0..<m {
                let r = b[i, j] - fitted[i, j]
                acc += r * r
            }
            rss[j] = acc
        }
        return LeastSquaresSolutions(
            coefficients: x, rank: rank, conditionNumber: condition,
            residualSumOfSquares: rss, singularValues: singularValues)
    }
}

/// The solution of one least-squares problem.
public struct LeastSquaresSolution: Sendable, Equatable, Codable {
    /// The coefficients `x` (one per column of `A`).
    public var coefficients: [Double]
    /// The numerical rank of `A` (always the number of columns for QR, which
    /// refuses rank-deficient problems).
    public var rank: Int
    /// Condition number estimate of the column-scaled `A`: the 1-norm estimate
    /// of `R` for QR, `σ_max / σ_min` for SVD.
    public var conditionNumber: Double
    /// `‖b − A x‖²`, computed from the returned coefficients.
    public var residualSumOfSquares: Double
    /// The singular values of the column-scaled `A` (SVD only), descending.
    public var singularValues: [Double]?
    /// Number of columns of `A`.
    public var columns: Int

    /// `true` when the numerical rank equals the number of columns, so the
    /// coefficients are unique.
    public var isFullRank: Bool { rank == columns }
}

/// The solution of a least-squares problem with several right-hand sides.
public struct LeastSquaresSolutions: Sendable, Equatable, Codable {
    /// `n × k` coefficients, one column per right-hand side.
    public var coefficients: Matrix
    /// The numerical rank of `A`.
    public var rank: Int
    /// Condition number estimate of the column-scaled `A` (see ``LeastSquaresSolution/conditionNumber``).
    public var conditionNumber: Double
    /// Residual sum of squares per right-hand side.
    public var residualSumOfSquares: [Double]
    /// Singular values of the column-scaled `A` (SVD only), descending.
    public var singularValues: [Double]?
}
