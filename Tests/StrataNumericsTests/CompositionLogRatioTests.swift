import Foundation
import StrataNumerics
import Testing

/// Log-ratio transforms: expected values are hand calculations written out
/// in each test (Aitchison 1986; pivot basis of Hron, Filzmoser & Thompson
/// 2012; multiplicative replacement, Martín-Fernández et al. 2003, eq. 8).
@Suite("Compositions: closure, zero replacement, clr, ilr")
struct CompositionLogRatioTests {
    static func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-14) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol }
    }

    @Test("closure: (1, 2, 3, 4) / 10")
    func closure() throws {
        #expect(Self.close(try LogRatio.closure([1, 2, 3, 4]), [0.1, 0.2, 0.3, 0.4]))
    }

    @Test("multiplicative replacement: zeros become δ, the others shrink by 1 − Σδ")
    func replacement() throws {
        // closed (0, 0.2, 0.3, 0.5), δ = 0.01, one zero: (0.01, 0.2·0.99, 0.3·0.99, 0.5·0.99)
        let r = try LogRatio.multiplicativeReplacement([0, 2, 3, 5], delta: 0.01)
        #expect(Self.close(r, [0.01, 0.198, 0.297, 0.495]))
        #expect(abs(r.reduce(0, +) - 1) < 1e-15)
        // ratios of non-zero parts are unchanged: 0.297 / 0.198 = 3 / 2
        #expect(abs(r[2] / r[1] - 1.5) < 1e-14)
        // two zeros, δ = 0.05: non-zero parts times 0.9
        #expect(Self.close(try LogRatio.multiplicativeReplacement([0, 0, 1, 3], delta: 0.05), [0.05, 0.05, 0.225, 0.675]))
    }

    @Test("clr(1, 2, 4) = (−log 2, 0, log 2)")
    func clr() throws {
        let l2 = Foundation.log(2.0)
        #expect(Self.close(try LogRatio.clr([1, 2, 4]), [-l2, 0, l2]))
        #expect(Self.close(try LogRatio.clrInverse([-l2, 0, l2]), [1.0 / 7, 2.0 / 7, 4.0 / 7]))
    }

    @Test("pivot ilr(1, 2, 4): z1 = √(2/3) log(1/√8), z2 = √(1/2) log(2/4)")
    func ilr() throws {
        let l2 = Foundation.log(2.0)
        let expected = [(2.0 / 3).squareRoot() * (-1.5 * l2), (0.5).squareRoot() * (-l2)]
        let z = try LogRatio.ilr([1, 2, 4])
        #expect(Self.close(z, expected))
        #expect(Self.close(try LogRatio.ilrInverse(z), [1.0 / 7, 2.0 / 7, 4.0 / 7]))
    }

    @Test("ilr is an isometry and inverts exactly (D = 2…9)")
    func isometry() throws {
        var rng = SplitMix64(seed: 12)
        for D in 2...9 {
            for _ in 0..<20 {
                let x = (0..<D).map { _ in 0.01 + rng.nextUniform() * 100 }
                let z = try LogRatio.ilr(x), c = try LogRatio.clr(x)
                let nz = z.reduce(0) { $0 + $1 * $1 }, nc = c.reduce(0) { $0 + $1 * $1 }
                #expect(abs(nz - nc) <= 1e-12 * max(1, nc))
                #expect(Self.close(try LogRatio.ilrInverse(z), try LogRatio.closure(x), 1e-12))
                #expect(abs(c.reduce(0, +)) < 1e-12)
            }
        }
    }

    @Test("bad input is refused with the part or parameter named")
    func badInput() {
        #expect(throws: CompositionError.tooFewParts(count: 1)) { try LogRatio.closure([1]) }
        #expect(throws: CompositionError.allZero) { try LogRatio.closure([0, 0, 0]) }
        #expect(throws: CompositionError.invalidPart(index: 1, value: -1)) { try LogRatio.closure([1, -1]) }
        #expect(throws: CompositionError.self) { try LogRatio.clr([1, .nan]) }
        #expect(throws: CompositionError.invalidPart(index: 0, value: 0)) { try LogRatio.ilr([0, 1, 2]) }
        #expect(throws: CompositionError.replacementTooLarge(total: 1.5)) {
            try LogRatio.multiplicativeReplacement([0, 0, 0, 1], delta: 0.5)
        }
        #expect(throws: CompositionError.self) { try LogRatio.multiplicativeReplacement([0, 1], delta: 0) }
        #expect(throws: CompositionError.self) { try LogRatio.ilrInverse([]) }
        #expect(throws: CompositionError.self) { try LogRatio.clrInverse([1, .infinity]) }
    }
}
