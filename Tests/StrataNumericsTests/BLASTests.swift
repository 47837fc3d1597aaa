import Testing
@testable import StrataNumerics

@Suite struct BLASTests {
    @Test func gemmSmall() throws {
        // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]] (hand calculation)
        let a = try Matrix(rowArrays: [[1, 2], [3, 4]])
        let b = try Matrix(rowArrays: [[5, 6], [7, 8]])
        #expect(try a.multiplied(by: b) == Matrix(rowArrays: [[19, 22], [43, 50]]))
    }

    @Test func gemmTransposesAlphaBeta() throws {
        let a = try Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]])  // 2×3
        // Aᵀ A = [[17,22,27],[22,29,36],[27,36,45]]
        #expect(try BLAS.gemm(a, a, transposeA: true) == Matrix(rowArrays: [[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
        // A Aᵀ = [[14,32],[32,77]]; 2·A Aᵀ + 3·I = [[31,64],[64,157]]
        let c = Matrix.identity(2)
        #expect(try BLAS.gemm(a, a, transposeB: true, alpha: 2, beta: 3, adding: c)
                == Matrix(rowArrays: [[31, 64], [64, 157]]))
    }

    @Test func gemvBothWays() throws {
        let a = try Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]])
        #expect(try a.multiplied(by: [1, 1, 1]) == [6, 15])
        #expect(try BLAS.gemv(a, [1, 1], transpose: true) == [5, 7, 9])
        #expect(try BLAS.gemv(a, [1, 0, 0], alpha: 2, beta: -1, adding: [1, 1]) == [1, 7])
    }

    @Test func shapesMismatchThrow() throws {
        let a = try Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]])
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: a) }
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: [1, 2]) }
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemm(a, a, transposeB: true, adding: Matrix(rows: 3, columns: 3)) }
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemv(a, [1, 2, 3], adding: [1]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rowArrays: [[1, 2], [3]]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: -1, columns: 2, columnMajor: []) }
    }

    @Test func emptyOperandsGiveDocumentedResults() throws {
        // (2×0)·(0×3) is the 2×3 zero matrix; (0×2)·(2×3) is 0×3.
        let p = try BLAS.gemm(Matrix(rows: 2, columns: 0), Matrix(rows: 0, columns: 3))
        #expect(p == Matrix(rows: 2, columns: 3))
        #expect(try BLAS.gemm(Matrix(rows: 0, columns: 2), Matrix(rows: 2, columns: 3)).rows == 0)
        #expect(try BLAS.gemv(Matrix(rows: 2, columns: 0), []) == [0, 0])
    }

    @Test func nanPropagates() throws {
        // Documented: products do not check finiteness; IEEE propagation.
        let a = try Matrix(rowArrays: [[1, .nan], [0, 1]])
        let p = try a.multiplied(by: [1, 1])
        #expect(p[0].isNaN && p[1] == 1)
    }

    @Test func largerProductMatchesNaiveLoop() throws {
        // 37×53 · 53×29 against a straightforward triple loop.
        var rng = SplitMix64(seed: 7)
        let a = Matrix(rows: 37, columns: 53, generator: &rng)
        let b = Matrix(rows: 53, columns: 29, generator: &rng)
        let p = try a.multiplied(by: b)
        var worst = 0.0
        for i in 0..<37 {
            for j in 0..<29 {
                var s = 0.0
                for k in 0..<53 { s += a[i, k] * b[k, j] }
                worst = max(worst, abs(s - p[i, j]))
            }
        }
        #expect(worst < 1e-12)
    }
}

extension Matrix {
    init(rows: Int, columns: Int, generator: inout SplitMix64) {
        self.init(rows: rows, columns: columns)
        for j in 0..<columns { for i in 0..<rows { self[i, j] = Double.random(in: -1...1, using: &generator) } }
    }
}
