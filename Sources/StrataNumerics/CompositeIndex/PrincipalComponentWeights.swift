import Foundation

/// Weights from principal components (OECD/JRC handbook, 2008, §1.7.1 and
/// §6.1.1), through LAPACK.
///
/// The handbook weights each indicator by its squared loading on the retained
/// factors. strata retains the first principal component of the correlation
/// matrix: with `v` its unit-length eigenvector (`dsyevr`), the weight of
/// indicator `i` is `vᵢ²`, so the weights are non-negative and sum to one.
/// The same vector is the first right singular vector of the standardised
/// data (`dgesdd`), which ``firstComponentWeightsBySVD(_:)`` computes as a
/// cross-check.
public enum PrincipalComponentWeights {
    /// Weights `vᵢ²` from the first eigenvector of the correlation matrix.
    ///
    /// - Parameter columns: one array per indicator, all the same length (the
    ///   units with every indicator present), no NaN.
    /// - Returns: one weight per column, summing to one.
    /// - Throws: ``CompositeIndexError/pcaWeights(node:detail:)`` for fewer than
    ///   two columns, fewer units than columns + 1, a constant column;
    ///   ``LinearAlgebraError`` if `dsyevr` fails.
    /// - Complexity: O(n·k² + k³) for `n` units and `k` indicators.
    public static func firstComponentWeights(_ columns: [[Double]]) throws -> [Double] {
        let z = try standardised(columns)
        let n = z.rows, k = z.columns
        // Correlation matrix R = Zᵀ Z / (n − 1).
        let r = try BLAS.gemm(z, z, transposeA: true, alpha: 1 / Double(n - 1))
        var sym = r
        for j in 0..<k { for i in (j + 1)..<max(k, j + 1) { sym[i, j] = r[j, i] } }
        let eig = try SymmetricEigendecomposition(sym)
        return (0..<k).map { eig.eigenvectors[$0, k - 1] * eig.eigenvectors[$0, k - 1] }
    }

    /// The same weights from the SVD of the standardised data (`dgesdd`).
    /// - Complexity: O(n·k²).
    public static func firstComponentWeightsBySVD(_ columns: [[Double]]) throws -> [Double] {
        let z = try standardised(columns)
        let svd = try SingularValueDecomposition(z)
        return (0..<z.columns).map { svd.vt[0, $0] * svd.vt[0, $0] }
    }

    static func standardised(_ columns: [[Double]]) throws -> Matrix {
        let k = columns.count
        guard k >= 2 else { throw CompositeIndexError.pcaWeights(node: "", detail: "needs at least two indicators, got \(k)") }
        let n = columns[0].count
        guard columns.allSatisfy({ $0.count == n }) else {
            throw CompositeIndexError.pcaWeights(node: "", detail: "columns have different lengths")
        }
        guard n >= k + 1 else {
            throw CompositeIndexError.pcaWeights(
                node: "", detail: "needs at least \(k + 1) units with every child present, got \(n)")
        }
        var z = Matrix(rows: n, columns: k)
        for (j, col) in columns.enumerated() {
            guard col.allSatisfy(\.isFinite) else { throw CompositeIndexError.pcaWeights(node: "", detail: "column \(j + 1) has missing values") }
            let mean = col.reduce(0, +) / Double(n)
            let ss = col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            guard ss > 0 else { throw CompositeIndexError.pcaWeights(node: "", detail: "child \(j + 1) is constant over the units") }
            let sd = (ss / Double(n - 1)).squareRoot()
            for i in 0..<n { z[i, j] = (col[i] - mean) / sd }
        }
        return z
    }
}
