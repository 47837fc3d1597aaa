import CLapack

/// A square band matrix with `lowerBandwidth` sub- and `upperBandwidth`
/// super-diagonals, in LAPACK band storage, solved by LU with partial
/// pivoting (`dgbsv`).
///
/// Banded systems appear in smoothing (Whittaker–Henderson, smoothing
/// splines) and in local regression; storing only the band makes a solve
/// O(n·kl·(kl + ku)) instead of O(n³).
///
/// ```swift
/// var a = try BandMatrix(order: 3, lowerBandwidth: 1, upperBandwidth: 1)
/// try a.set(2, row: 0, column: 0)  // …
/// let x = try a.solve([1, 2, 3])
/// ```
public struct BandMatrix: Sendable, Equatable, Codable {
    /// Number of rows and columns.
    public let order: Int
    /// Number of sub-diagonals (`kl`).
    public let lowerBandwidth: Int
    /// Number of super-diagonals (`ku`).
    public let upperBandwidth: Int
    /// Band storage with `kl` extra rows for the LU fill-in: element `(i, j)`
    /// is at row `kl + ku + i − j` of column `j` (leading dimension `2kl + ku + 1`).
    private var storage: [Double]

    private var leadingDimension: Int { 2 * lowerBandwidth + upperBandwidth + 1 }

    /// A zero band matrix.
    ///
    /// - Throws: ``LinearAlgebraError/invalidParameter(operation:name:detail:)``
    ///   for a negative order or bandwidth, or bandwidths ≥ order (when order > 0).
    public init(order: Int, lowerBandwidth: Int, upperBandwidth: Int) throws {
        for (name, v) in [("order", order), ("lowerBandwidth", lowerBandwidth), ("upperBandwidth", upperBandwidth)] where v < 0 {
            throw LinearAlgebraError.invalidParameter(operation: "BandMatrix", name: name, detail: "must be non-negative, is \(v)")
        }
        if order > 0, lowerBandwidth >= order || upperBandwidth >= order {
            throw LinearAlgebraError.invalidParameter(
                operation: "BandMatrix", name: lowerBandwidth >= order ? "lowerBandwidth" : "upperBandwidth",
                detail: "must be below the order \(order)")
        }
        self.order = order
        self.lowerBandwidth = lowerBandwidth
        self.upperBandwidth = upperBandwidth
        self.storage = [Double](repeating: 0, count: (2 * lowerBandwidth + upperBandwidth + 1) * order)
    }

    /// Whether `(row, column)` lies inside the matrix and its band.
    public func isInBand(row: Int, column: Int) -> Bool {
        row >= 0 && column >= 0 && row < order && column < order
            && row - column <= lowerBandwidth && column - row <= upperBandwidth
    }

    /// Element `(row, column)`; zero outside the band or the matrix.
    public subscript(row: Int, column: Int) -> Double {
        guard isInBand(row: row, column: column) else { return 0 }
        return storage[lowerBandwidth + upperBandwidth + row - column + column * leadingDimension]
    }

    /// Set element `(row, column)`.
    ///
    /// - Throws: ``LinearAlgebraError/invalidParameter(operation:name:detail:)``
    ///   when the position is outside the matrix or the band.
    public mutating func set(_ value: Double, row: Int, column: Int) throws {
        guard isInBand(row: row, column: column) else {
            throw LinearAlgebraError.invalidParameter(
                operation: "BandMatrix", name: "(row, column)",
                detail: "(\(row), \(column)) is outside the \(order)×\(order) band (kl \(lowerBandwidth), ku \(upperBandwidth))")
        }
        storage[lowerBandwidth + upperBandwidth + row - column + column * leadingDimension] = value
    }

    /// Solve `A X = B` by banded LU with partial pivoting (`dgbsv`).
    ///
    /// - Throws: ``LinearAlgebraError/singular(routine:pivot:)`` when `U` has an
    ///   exactly zero pivot; shape, emptiness and finiteness errors.
    /// - Complexity: O(n·kl·(kl + ku)) for the factorisation plus O(n·(2kl + ku)·k).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard order > 0 else { throw LinearAlgebraError.empty(operation: "dgbsv", argument: "A") }
        guard b.rows == order else {
            throw LinearAlgebraError.dimensionMismatch(operation: "dgbsv", detail: "A has order \(order) but B has \(b.rows) rows")
        }
        try Check.finite(storage, "dgbsv", "A")
        try Check.finite(b, "dgbsv", "B")
        if b.columns == 0 { return b }
        let N = try Check.int32(order, "dgbsv"), KL = try Check.int32(lowerBandwidth, "dgbsv")
        let KU = try Check.int32(upperBandwidth, "dgbsv"), K = try Check.int32(b.columns, "dgbsv")
        let LDAB = try Check.int32(leadingDimension, "dgbsv")
        var ab = storage
        var x = b
        var pivots = [strata_lapack_int](repeating: 0, count: order)
        let info: strata_lapack_int = ab.withUnsafeMutableBufferPointer { pa in
            pivots.withUnsafeMutableBufferPointer { pp in
                x.withUnsafeMutableElements { px in
                    LAPACKE_dgbsv(LAPACK_COL_MAJOR, N, KL, KU, K, pa.baseAddress, LDAB, pp.baseAddress, px.baseAddress, N)
                }
            }
        }
        try Check.illegal(info, "dgbsv")
        if info > 0 { throw LinearAlgebraError.singular(routine: "dgbsv", pivot: Int(info)) }
        return x
    }

    /// Solve `A x = b` for one right-hand side.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).column(0)
    }
}

/// A symmetric positive-definite band matrix with `bandwidth` sub-diagonals,
/// solved by banded Cholesky (`dpbsv`).
public struct SymmetricBandMatrix: Sendable, Equatable, Codable {
    /// Number of rows and columns.
    public let order: Int
    /// Number of sub-diagonals (`kd`); the super-diagonals mirror them.
    public let bandwidth: Int
    /// Lower band storage: element `(i, j)`, `j ≤ i ≤ j + kd`, at row `i − j` of column `j`.
    private var storage: [Double]

    /// A symmetric band matrix from its diagonals: `diagonals[0]` is the main
    /// diagonal (length `n`), `diagonals[k]` the `k`-th sub-diagonal (length `n − k`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when
    ///   a diagonal has the wrong length, ``LinearAlgebraError/empty(operation:argument:)``
    ///   when there is no main diagonal.
    public init(diagonals: [[Double]]) throws {
        guard let main = diagonals.first, !main.isEmpty else {
            throw LinearAlgebraError.empty(operation: "SymmetricBandMatrix", argument: "diagonals")
        }
        let n = main.count
        let kd = diagonals.count - 1
        guard kd < n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "SymmetricBandMatrix", detail: "\(kd) sub-diagonals for order \(n)")
        }
        var s = [Double](repeating: 0, count: (kd + 1) * n)
        for (k, d) in diagonals.enumerated() {
            guard d.count == n - k else {
                throw LinearAlgebraError.dimensionMismatch(
                    operation: "SymmetricBandMatrix", detail: "diagonal \(k) has \(d.count) elements, expected \(n - k)")
            }
            for j in 0..<(n - k) { s[k + j * (kd + 1)] = d[j] }
        }
        order = n
        bandwidth = kd
        storage = s
    }

    /// Element `(row, column)`; zero outside the band or the matrix.
    public subscript(row: Int, column: Int) -> Double {
        let i = max(row, column), j = min(row, column)
        guard j >= 0, i < order, i - j <= bandwidth else { return 0 }
        return storage[i - j + j * (bandwidth + 1)]
    }

    /// Solve `A X = B` by banded Cholesky (`dpbsv`).
    ///
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(routine:order:)`` when
    ///   the matrix is not positive definite; shape and finiteness errors.
    /// - Complexity: O(n·kd²) for the factorisation plus O(n·kd·k).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == order else {
            throw LinearAlgebraError.dimensionMismatch(operation: "dpbsv", detail: "A has order \(order) but B has \(b.rows) rows")
        }
        try Check.finite(storage, "dpbsv", "A")
        try Check.finite(b, "dpbsv", "B")
        if b.columns == 0 { return b }
        let N = try Check.int32(order, "dpbsv"), KD = try Check.int32(bandwidth, "dpbsv")
        let K = try Check.int32(b.columns, "dpbsv"), LDAB = try Check.int32(bandwidth + 1, "dpbsv")
        var ab = storage
        var x = b
        let info: strata_lapack_int = ab.withUnsafeMutableBufferPointer { pa in
            x.withUnsafeMutableElements { px in
                LAPACKE_dpbsv(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), N, KD, K, pa.baseAddress, LDAB, px.baseAddress, N)
            }
        }
        try Check.illegal(info, "dpbsv")
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(routine: "dpbsv", order: Int(info)) }
        return x
    }

    /// Solve `A x = b` for one right-hand side.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).column(0)
    }
}

/// Tridiagonal systems (`dgtsv`, Gaussian elimination with partial pivoting).
public enum Tridiagonal {
    /// Solve `A x = b` where `A` has the given sub-, main and super-diagonal.
    ///
    /// - Parameters:
    ///   - subdiagonal: `n − 1` values below the diagonal.
    ///   - diagonal: `n` values.
    ///   - superdiagonal: `n − 1` values above the diagonal.
    ///   - b: `n` right-hand-side values.
    /// - Throws: ``LinearAlgebraError/singular(routine:pivot:)`` for an exactly
    ///   singular system; shape, emptiness and finiteness errors.
    /// - Complexity: O(n).
    public static func solve(
        subdiagonal: [Double], diagonal: [Double], superdiagonal: [Double], b: [Double]
    ) throws -> [Double] {
        let n = diagonal.count
        guard n > 0 else { throw LinearAlgebraError.empty(operation: "dgtsv", argument: "diagonal") }
        guard subdiagonal.count == n - 1, superdiagonal.count == n - 1, b.count == n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dgtsv",
                detail: "diagonal has \(n) values, sub \(subdiagonal.count), super \(superdiagonal.count), b \(b.count); expected n−1, n−1, n")
        }
        try Check.finite(subdiagonal, "dgtsv", "subdiagonal")
        try Check.finite(diagonal, "dgtsv", "diagonal")
        try Check.finite(superdiagonal, "dgtsv", "superdiagonal")
        try Check.finite(b, "dgtsv", "b")
        let N = try Check.int32(n, "dgtsv")
        var dl = subdiagonal, d = diagonal, du = superdiagonal, x = b
        let info: strata_lapack_int = dl.withUnsafeMutableBufferPointer { pl in
            d.withUnsafeMutableBufferPointer { pd in
                du.withUnsafeMutableBufferPointer { pu in
                    x.withUnsafeMutableBufferPointer { px in
                        LAPACKE_dgtsv(LAPACK_COL_MAJOR, N, 1, pl.baseAddress, pd.baseAddress, pu.baseAddress, px.baseAddress, N)
                    }
                }
            }
        }
        try Check.illegal(info, "dgtsv")
        if info > 0 { throw LinearAlgebraError.singular(routine: "dgtsv", pivot: Int(info)) }
        return x
    }
}
