/// A dense matrix of `Double`, stored column-major.
///
/// Column-major storage is what BLAS and LAPACK expect, so every operation in
/// StrataNumerics passes the storage straight through without transposing or
/// copying. A batch of `k` series of length `n` is naturally an `n × k`
/// matrix whose columns are the series.
///
/// `Matrix` is a value type with copy-on-write storage (it wraps an `Array`).
///
/// ```swift
/// let a = try Matrix(rows: 2, columns: 2, columnMajor: [1, 3, 2, 4])  // [[1, 2], [3, 4]]
/// let b = try a.multiplied(by: a)
/// ```
public struct Matrix: Sendable, Equatable, Hashable, Codable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order: element `(i, j)` is at `i + j * rows`.
    public private(set) var elements: [Double]

    /// A matrix with every element equal to `value`.
    ///
    /// Negative sizes are treated as zero.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        let r = max(rows, 0)
        let c = max(columns, 0)
        self.rows = r
        self.columns = c
        self.elements = Array(repeating: value, count: r * c)
    }

    /// A matrix from column-major elements.
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` if
    ///   `elements.count != rows * columns`, or
    ///   ``LinearAlgebraError/invalidParameter(operation:name:detail:)`` for a negative size.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws {
        guard rows >= 0, columns >= 0 else {
            throw LinearAlgebraError.invalidParameter(
                operation: "Matrix", name: rows < 0 ? "rows" : "columns", detail: "must be non-negative")
        }
        guard elements.count == rows * columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "Matrix",
                detail: "\(elements.count) elements for a \(rows)×\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from an array of rows (the way matrices are written on paper).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` if
    ///   the rows have different lengths.
    public init(rowArrays: [[Double]]) throws {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        var storage = [Double](repeating: 0, count: r * c)
        for (i, row) in rowArrays.enumerated() {
            guard row.count == c else {
                throw LinearAlgebraError.dimensionMismatch(
                    operation: "Matrix", detail: "row \(i) has \(row.count) elements, row 0 has \(c)")
            }
            for j in 0..<c { storage[i + j * r] = row[j] }
        }
        self.rows = r
        self.columns = c
        self.elements = storage
    }

    /// A matrix whose columns are the given vectors (for example a batch of series).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` if
    ///   the columns have different lengths.
    public init(columnArrays: [[Double]]) throws {
        let c = columnArrays.count
        let r = columnArrays.first?.count ?? 0
        var storage = [Double]()
        storage.reserveCapacity(r * c)
        for (j, column) in columnArrays.enumerated() {
            guard column.count == r else {
                throw LinearAlgebraError.dimensionMismatch(
                    operation: "Matrix", detail: "column \(j) has \(column.count) elements, column 0 has \(r)")
            }
            storage.append(contentsOf: column)
        }
        self.rows = r
        self.columns = c
        self.elements = storage
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<m.rows { m.elements[i + i * m.rows] = 1 }
        return m
    }

    /// `true` when the matrix has no rows or no columns.
    public var isEmpty: Bool { rows == 0 || columns == 0 }

    /// `true` when no element is NaN or infinite.
    public var isFinite: Bool { elements.allSatisfy(\.isFinite) }

    /// Element `(row, column)`. Indices out of range trap, as for `Array`.
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row + column * rows] }
        set { elements[row + column * rows] = newValue }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(elements[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        (0..<columns).map { elements[i + $0 * rows] }
    }

    /// The transpose.
    ///
    /// - Complexity: O(rows × columns), one allocation.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { t.elements[j + i * columns] = elements[i + j * rows] }
        }
        return t
    }

    /// The rows as arrays (for printing and tests).
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The largest absolute difference from `other`, or `nil` when shapes differ.
    public func maxAbsoluteDifference(from other: Matrix) -> Double? {
        guard rows == other.rows, columns == other.columns else { return nil }
        var m = 0.0
        for k in elements.indices { m = max(m, abs(elements[k] - other.elements[k])) }
        return m
    }

    /// Mutable access to the storage (internal helper for the BLAS/LAPACK wrappers).
    mutating func withUnsafeMutableElements<R>(
        _ body: (UnsafeMutableBufferPointer<Double>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeMutableBufferPointer { try body($0) }
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        "Matrix(\(rows)×\(columns)) " + rowArrays.map { "\($0)" }.joined(separator: "\n")
    }
}
