import Foundation
import Testing
@testable import StrataNumerics

@Suite struct DecompositionsTests {
    @Test func svdHandCalculation() throws {
        // A = [[3,0],[4,5]]: AᵀA = [[25,20],[20,25]] has eigenvalues 45 and 5,
        // so σ = (3√5, √5).
        let a = try Matrix(rowArrays: [[3, 0], [4, 5]])
        let svd = try SingularValueDecomposition(a)
        #expect(abs(svd.singularValues[0] - 3 * 5.0.squareRoot()) < 1e-13)
        #expect(abs(svd.singularValues[1] - 5.0.squareRoot()) < 1e-13)
        #expect(abs(svd.conditionNumber - 3) < 1e-13)
        // U Σ Vᵀ reproduces A.
        var us = svd.u
        for j in 0..<2 { for i in 0..<2 { us[i, j] *= svd.singularValues[j] } }
        let back = try us.multiplied(by: svd.vt)
        #expect((back.maxAbsoluteDifference(from: a) ?? 1) < 1e-13)
        let valuesOnly = try SingularValueDecomposition(a, vectors: false)
        #expect(valuesOnly.u.isEmpty && abs(valuesOnly.singularValues[0] - svd.singularValues[0]) < 1e-13)
    }

    @Test func svdRectangularAndRank() throws {
        // Rank-1 3×2 matrix: outer product (1,2,3)ᵀ(1,1): σ₁ = ‖(1,2,3)‖·‖(1,1)‖ = √14·√2.
        let a = try Matrix(rowArrays: [[1, 1], [2, 2], [3, 3]])
        let svd = try SingularValueDecomposition(a)
        #expect(svd.u.rows == 3 && svd.u.columns == 2 && svd.vt.rows == 2 && svd.vt.columns == 2)
        #expect(abs(svd.singularValues[0] - (28.0).squareRoot()) < 1e-13)
        #expect(svd.rank() == 1)
    }

    @Test func symmetricEigenHandCalculation() throws {
        // [[2,1],[1,2]]: eigenvalues 1 and 3 with eigenvectors (1,−1)/√2 and (1,1)/√2.
        let e = try SymmetricEigendecomposition(Matrix(rowArrays: [[2, 1], [1, 2]]))
        #expect(abs(e.eigenvalues[0] - 1) < 1e-14 && abs(e.eigenvalues[1] - 3) < 1e-14)
        let v = e.eigenvectors
        #expect(abs(abs(v[0, 0]) - 0.5.squareRoot()) < 1e-14)
        #expect(abs(v[0, 0] + v[1, 0]) < 1e-14)  // (1, −1) direction
        #expect(abs(v[0, 1] - v[1, 1]) < 1e-14)  // (1, 1) direction
    }

    @Test func symmetricEigenReconstructs() throws {
        var rng = SplitMix64(seed: 11)
        let b = Matrix(rows: 6, columns: 6, generator: &rng)
        let s = try BLAS.gemm(b, b, transposeA: true)  // symmetric PSD
        let e = try SymmetricEigendecomposition(s)
        var vl = e.eigenvectors
        for j in 0..<6 { for i in 0..<6 { vl[i, j] *= e.eigenvalues[j] } }
        let back = try BLAS.gemm(vl, e.eigenvectors, transposeB: true)
        #expect((back.maxAbsoluteDifference(from: s) ?? 1) < 1e-12)
        #expect(e.eigenvalues == e.eigenvalues.sorted())
    }

    @Test func choleskyHandCalculation() throws {
        // [[4,2],[2,3]] = L Lᵀ with L = [[2,0],[1,√2]]; [[4,2],[2,3]] x = (6,5) → x = (1,1).
        let c = try Cholesky(Matrix(rowArrays: [[4, 2], [2, 3]]))
        #expect(c.lower == (try Matrix(rowArrays: [[2, 0], [1, 2.0.squareRoot()]])))
        let x = try c.solve([6, 5])
        #expect(abs(x[0] - 1) < 1e-14 && abs(x[1] - 1) < 1e-14)
    }

    /// 1-D Poisson matrix tridiag(−1, 2, −1) of order 5: A·𝟙 = (1,0,0,0,1), so
    /// solving with b = (1,0,0,0,1) must give x = 𝟙 (hand calculation), through
    /// dgtsv, dpbsv and dgbsv alike.
    @Test func bandedSolversOnPoissonMatrix() throws {
        let n = 5
        let b = [1.0, 0, 0, 0, 1]
        let t = try Tridiagonal.solve(
            subdiagonal: Array(repeating: -1, count: n - 1), diagonal: Array(repeating: 2, count: n),
            superdiagonal: Array(repeating: -1, count: n - 1), b: b)
        #expect(t.allSatisfy { abs($0 - 1) < 1e-14 })
        let s = try SymmetricBandMatrix(diagonals: [Array(repeating: 2, count: n), Array(repeating: -1, count: n - 1)])
        #expect(s[0, 1] == -1 && s[1, 0] == -1 && s[0, 2] == 0)
        #expect(try s.solve(b).allSatisfy { abs($0 - 1) < 1e-14 })
        var g = try BandMatrix(order: n, lowerBandwidth: 1, upperBandwidth: 1)
        for i in 0..<n {
            try g.set(2, row: i, column: i)
            if i > 0 { try g.set(-1, row: i, column: i - 1) }
            if i < n - 1 { try g.set(-1, row: i, column: i + 1) }
        }
        #expect(try g.solve(b).allSatisfy { abs($0 - 1) < 1e-14 })
    }

    /// A general pentadiagonal non-symmetric system against the dense QR
    /// solution of the same matrix (an independent LAPACK path).
    @Test func generalBandMatchesDense() throws {
        let n = 12
        var rng = SplitMix64(seed: 3)
        var band = try BandMatrix(order: n, lowerBandwidth: 2, upperBandwidth: 1)
        var dense = Matrix(rows: n, columns: n)
        for j in 0..<n {
            for i in max(0, j - 1)...min(n - 1, j + 2) {
                let v = Double.random(in: -1...1, using: &rng) + (i == j ? 4 : 0)
                try band.set(v, row: i, column: j)
                dense[i, j] = v
            }
        }
        let b = (0..<n).map { Double($0) - 3 }
        let x = try band.solve(b)
        let reference = try LeastSquares.solve(dense, b).coefficients
        for i in 0..<n { #expect(abs(x[i] - reference[i]) < 1e-12) }
    }

    // MARK: Bad input

    @Test func badInputsThrow() throws {
        #expect(throws: LinearAlgebraError.self) { try SingularValueDecomposition(Matrix(rows: 0, columns: 3)) }
        #expect(throws: LinearAlgebraError.self) { try SingularValueDecomposition(Matrix(rowArrays: [[1, .nan]])) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigendecomposition(Matrix(rowArrays: [[1, 2], [3, 4]])) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigendecomposition(Matrix(rowArrays: [[1, 2, 3]])) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigendecomposition(Matrix(rowArrays: [[.infinity]])) }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", order: 2)) {
            try Cholesky(Matrix(rowArrays: [[1, 2], [2, 1]]))
        }
        let c = try Cholesky(Matrix(rowArrays: [[4, 2], [2, 3]]))
        #expect(throws: LinearAlgebraError.self) { try c.solve([1, 2, 3]) }
        #expect(throws: LinearAlgebraError.self) { try c.solve([1, .nan]) }
        // Singular tridiagonal: first row zero.
        #expect(throws: LinearAlgebraError.singular(routine: "dgtsv", pivot: 1)) {
            try Tridiagonal.solve(subdiagonal: [0], diagonal: [0, 1], superdiagonal: [0], b: [1, 1])
        }
        #expect(throws: LinearAlgebraError.self) { try Tridiagonal.solve(subdiagonal: [], diagonal: [], superdiagonal: [], b: []) }
        #expect(throws: LinearAlgebraError.self) { try Tridiagonal.solve(subdiagonal: [1, 1], diagonal: [1, 1], superdiagonal: [1], b: [1, 1]) }
        // Indefinite symmetric band matrix.
        let indefinite = try SymmetricBandMatrix(diagonals: [[1, 1], [2]])
        #expect(throws: LinearAlgebraError.notPositiveDefinite(routine: "dpbsv", order: 2)) { try indefinite.solve([1, 1]) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricBandMatrix(diagonals: [[1, 1], [2, 3]]) }
        #expect(throws: LinearAlgebraError.self) { try SymmetricBandMatrix(diagonals: []) }
        // Band matrix: singular, out of band, bad bandwidths.
        var g = try BandMatrix(order: 2, lowerBandwidth: 1, upperBandwidth: 0)
        #expect(throws: LinearAlgebraError.self) { try g.set(1, row: 0, column: 1) }
        try g.set(1, row: 1, column: 1)
        #expect(throws: LinearAlgebraError.singular(routine: "dgbsv", pivot: 1)) { try g.solve([1, 1]) }
        #expect(throws: LinearAlgebraError.self) { try BandMatrix(order: 2, lowerBandwidth: 2, upperBandwidth: 0) }
        #expect(throws: LinearAlgebraError.self) { try BandMatrix(order: -1, lowerBandwidth: 0, upperBandwidth: 0) }
        #expect(throws: LinearAlgebraError.self) { try BandMatrix(order: 0, lowerBandwidth: 0, upperBandwidth: 0).solve([]) }
    }

    @Test func errorsDescribeThemselves() {
        let e = LinearAlgebraError.notPositiveDefinite(routine: "dpotrf", order: 3)
        #expect(e.description.contains("dpotrf") && e.description.contains("not positive definite"))
        let f = LinearAlgebraError.illConditioned(routine: "dgels", conditionNumber: 1e16, limit: 1e8)
        #expect(f.description.contains("ill-conditioned"))
    }
}
