import Foundation
import Testing
import StrataNumerics
import StrataTestSupport

@Suite struct LeastSquaresTests {
    static let accurateSets = ["Norris", "Pontius", "NoInt1", "NoInt2", "Longley",
                               "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]

    /// NIST StRD certified coefficients (original files in ../shared/data/nist_strd)
    /// to at least 7 significant digits (LRE ≥ 7), with both solvers — except
    /// the unrefined SVD solver on Wampler5, the large-residual case where the
    /// κ²ε term costs digits: there it reaches LRE 5.5 (measured 5.57 on B1),
    /// which the documentation states, and QR with refinement is the
    /// certified-grade path.
    @Test(arguments: accurateSets, [LeastSquares.Method.qr, .svd()])
    func nistCertifiedCoefficients(name: String, method: LeastSquares.Method) throws {
        let required = (name == "Wampler5" && method != .qr) ? 5.5 : 7
        guard let data = try NISTDataset.load(name) else { return }
        let a = data.design
        #expect(a.columns == data.certified.count)
        let fit = try LeastSquares.solve(a, data.y, method: method)
        #expect(fit.isFullRank)
        for (k, cert) in data.certified.enumerated() {
            let lre = logRelativeError(fit.coefficients[k], cert)
            #expect(lre >= required, "\(name) B\(k): estimate \(fit.coefficients[k]) vs certified \(cert), LRE \(lre)")
        }
        // Residual standard deviation sqrt(RSS / (n - p)); Wampler1 and NoInt-free exact fits have 0.
        let dof = Double(data.y.count - data.certified.count)
        let sd = (fit.residualSumOfSquares / dof).squareRoot()
        if data.certifiedResidualSD > 0 {
            #expect(logRelativeError(sd, data.certifiedResidualSD) >= 6, "\(name) residual SD \(sd) vs \(data.certifiedResidualSD)")
        } else {
            #expect(sd < 1e-6)
        }
    }

    /// Filip (degree-10 polynomial, κ of the scaled design ≈ 1e15 or more):
    /// QR must refuse with a clear `illConditioned` error rather than return garbage.
    @Test func filipQRRefuses() throws {
        guard let data = try NISTDataset.load("Filip") else { return }
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(data.design, data.y, method: .qr) }
        do {
            _ = try LeastSquares.solve(data.design, data.y, method: .qr)
        } catch let LinearAlgebraError.illConditioned(routine, condition, limit) {
            #expect(routine == "dgels")
            #expect(condition > limit)
        }
    }

    /// Filip through the rank-revealing solver: either the certified values to
    /// 7 digits, or a reported rank below 11 (so the caller knows the
    /// coefficients are not unique). Never silent garbage.
    @Test func filipSVDIsHonest() throws {
        guard let data = try NISTDataset.load("Filip") else { return }
        let fit = try LeastSquares.solve(data.design, data.y, method: .svd())
        if fit.isFullRank {
            for (k, cert) in data.certified.enumerated() {
                #expect(logRelativeError(fit.coefficients[k], cert) >= 7)
            }
        } else {
            #expect(fit.rank < 11)
        }
    }

    /// Hand calculation: y = 1 + 2 t on t = 0,1,2,3 exactly; plus a noisy
    /// point check: fit of (0,1),(1,3),(2,2): slope 0.5, intercept 1.5.
    @Test(arguments: [LeastSquares.Method.qr, .svd()])
    func handCalculations(method: LeastSquares.Method) throws {
        let a = try Matrix(rowArrays: [[1, 0], [1, 1], [1, 2], [1, 3]])
        let fit = try LeastSquares.solve(a, [1, 3, 5, 7], method: method)
        #expect(abs(fit.coefficients[0] - 1) < 1e-12 && abs(fit.coefficients[1] - 2) < 1e-12)
        #expect(fit.residualSumOfSquares < 1e-20)
        // x̄ = 1, ȳ = 2, Sxy = (−1)(−1) + 0 + (1)(0) = 1, Sxx = 2 → slope 0.5, intercept 1.5.
        // Residuals: 1 − 1.5 = −0.5, 3 − 2 = 1, 2 − 2.5 = −0.5 → RSS 1.5.
        let b = try Matrix(rowArrays: [[1, 0], [1, 1], [1, 2]])
        let f2 = try LeastSquares.solve(b, [1, 3, 2], method: method)
        #expect(abs(f2.coefficients[0] - 1.5) < 1e-12 && abs(f2.coefficients[1] - 0.5) < 1e-12)
        #expect(abs(f2.residualSumOfSquares - 1.5) < 1e-12)
    }

    @Test func multipleRightHandSides() throws {
        let a = try Matrix(rowArrays: [[1, 0], [1, 1], [1, 2]])
        let b = try Matrix(columnArrays: [[1, 3, 2], [2, 4, 6]])
        let fit = try LeastSquares.solve(a, b)
        // Column 2: y = 2 + 2t exactly.
        #expect(abs(fit.coefficients[0, 0] - 1.5) < 1e-12 && abs(fit.coefficients[1, 0] - 0.5) < 1e-12)
        #expect(abs(fit.coefficients[0, 1] - 2) < 1e-12 && abs(fit.coefficients[1, 1] - 2) < 1e-12)
        #expect(abs(fit.residualSumOfSquares[0] - 1.5) < 1e-12 && fit.residualSumOfSquares[1] < 1e-20)
    }

    // MARK: Bad input

    @Test func rankDeficient() throws {
        // Second column = 2 × first: QR refuses (exactly singular or ill-conditioned),
        // SVD reports rank 1 and the minimum-norm solution.
        let a = try Matrix(rowArrays: [[1, 2], [2, 4], [3, 6]])
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(a, [1, 2, 3]) }
        let fit = try LeastSquares.solve(a, [1, 2, 3], method: .svd())
        #expect(fit.rank == 1)
        #expect(!fit.isFullRank)
        // Min-norm solution of x1 + 2 x2 = 1 (in scaled space, equal weights) reproduces b exactly.
        #expect(fit.residualSumOfSquares < 1e-20)
    }

    @Test func zeroColumnIsRankDeficient() throws {
        let a = try Matrix(rowArrays: [[1, 0], [1, 0], [1, 0]])
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(a, [1, 2, 3]) }
        let fit = try LeastSquares.solve(a, [1, 2, 3], method: .svd())
        #expect(fit.rank == 1)
        #expect(abs(fit.coefficients[0] - 2) < 1e-12 && fit.coefficients[1] == 0)
    }

    @Test func emptyNonFiniteAndMismatch() throws {
        let empty = Matrix(rows: 0, columns: 0)
        #expect(throws: LinearAlgebraError.empty(operation: "dgels", argument: "A")) {
            try LeastSquares.solve(empty, [])
        }
        let a = try Matrix(rowArrays: [[1, 0], [1, 1], [1, 2]])
        #expect(throws: LinearAlgebraError.nonFinite(operation: "dgels", argument: "b")) {
            try LeastSquares.solve(a, [1, .nan, 2])
        }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "dgelsd", argument: "b")) {
            try LeastSquares.solve(a, [1, .infinity, 2], method: .svd())
        }
        var bad = a
        bad[1, 1] = .nan
        #expect(throws: LinearAlgebraError.nonFinite(operation: "dgels", argument: "A")) {
            try LeastSquares.solve(bad, [1, 2, 3])
        }
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(a, [1, 2]) }
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(a, [1, 2, 3], method: .svd(relativeTolerance: -1)) }
        #expect(throws: LinearAlgebraError.self) { try LeastSquares.solve(a, [1, 2, 3], conditionLimit: 0) }
    }

    @Test func underdeterminedMinimumNorm() throws {
        // x1 + x2 = 2: minimum-norm solution (1, 1) (hand calculation).
        let a = try Matrix(rowArrays: [[1, 1]])
        for method in [LeastSquares.Method.qr, .svd()] {
            let fit = try LeastSquares.solve(a, [2], method: method)
            #expect(abs(fit.coefficients[0] - 1) < 1e-12 && abs(fit.coefficients[1] - 1) < 1e-12)
        }
    }
}
