import Foundation
import Testing
import StrataTestSupport
@testable import StrataNumerics

/// A reference case in ../shared/reference/stl (see its README): R 4.2.2
/// `stl(x, s.window = 7 | "periodic", robust = FALSE | TRUE)` with every
/// other argument at its default, and statsmodels 0.15.0 `STL` run with R's
/// resolved parameters (`*_matched.csv`).
struct STLReferenceCase: Sendable, CustomTestStringConvertible {
    var dataset: String
    var periodic: Bool
    var robust: Bool

    var stem: String { "\(dataset)_s\(periodic ? "periodic" : "7")_\(robust ? "robust" : "nonrobust")" }
    /// Non-robust fits are compared with R; robust fits with statsmodels
    /// (R's Fortran median is wrong for some even-length series, README).
    var referencePath: String {
        robust ? "reference/stl/statsmodels/\(stem)_matched.csv" : "reference/stl/r/\(stem).csv"
    }
    var parameters: STL.Parameters {
        STL.Parameters(period: 12, seasonalWindow: periodic ? .periodic : .span(7), robust: robust)
    }
    var testDescription: String { stem }

    static let all: [STLReferenceCase] = ["co2", "nottem", "logAirPassengers"].flatMap { d in
        [false, true].flatMap { p in [false, true].map { r in STLReferenceCase(dataset: d, periodic: p, robust: r) } }
    }
}

/// Columns of a reference CSV by header name.
enum ReferenceCSV {
    static func read(_ url: URL) throws -> [String: [Double]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [:] }
        var columns = [String: [Double]]()
        for line in lines.dropFirst() {
            for (name, field) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
                columns[name, default: []].append(Double(field) ?? .nan)
            }
        }
        return columns
    }
}

func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

@Suite struct STLTests {
    @Test(arguments: STLReferenceCase.all)
    func matchesReference(_ c: STLReferenceCase) throws {
        guard let url = SharedData.file(c.referencePath) else { return }
        let ref = try ReferenceCSV.read(url)
        let x = try #require(ref["x"])
        let tolerance = 1e-9 * ((x.max() ?? 0) - (x.min() ?? 0))
        let d = try STL.decompose(x, parameters: c.parameters)
        #expect(maxAbsDifference(d.trend, try #require(ref["trend"])) <= tolerance)
        #expect(maxAbsDifference(d.seasonal, try #require(ref["seasonal"])) <= tolerance)
        #expect(maxAbsDifference(d.remainder, try #require(ref["remainder"])) <= tolerance)
        #expect(maxAbsDifference(d.weights, try #require(ref["weights"])) <= 1e-9)
    }

    /// The resolved parameters equal those R reported (reference/stl/r/PARAMS.csv).
    @Test func resolvesRDefaults() throws {
        let p7 = try STL.Parameters(period: 12, seasonalWindow: .span(7)).resolved(length: 468)
        #expect([p7.seasonalWindow, p7.trendWindow, p7.lowPassWindow] as [Int] == [7, 23, 13])
        #expect([p7.seasonalJump, p7.trendJump, p7.lowPassJump] as [Int] == [1, 3, 2])
        #expect([p7.seasonalDegree, p7.trendDegree, p7.lowPassDegree] as [Int] == [0, 1, 1])
        #expect([p7.innerIterations, p7.outerIterations] as [Int] == [2, 0])
        let pp = try STL.Parameters(period: 12, seasonalWindow: .periodic, robust: true).resolved(length: 240)
        #expect([pp.seasonalWindow, pp.trendWindow, pp.lowPassWindow] as [Int] == [2401, 19, 13])
        #expect([pp.seasonalJump, pp.trendJump, pp.lowPassJump] as [Int] == [241, 2, 2])
        #expect([pp.innerIterations, pp.outerIterations] as [Int] == [1, 15])
        #expect(pp.periodic)
    }

    @Test func constantSeriesHasNoSeasonAndFlatTrend() throws {
        let x = [Double](repeating: 5, count: 48)
        let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .span(7)))
        #expect(d.trend.allSatisfy { abs($0 - 5) < 1e-12 })
        #expect(d.seasonal.allSatisfy { abs($0) < 1e-12 })
        #expect(d.trendStrength.isNaN || d.trendStrength >= 0)
    }

    /// All-zero robust fit: MAD = 0 at every robustness pass, weights stay 1
    /// (statsmodels' rule) and a warning says so.
    @Test func zeroMADWarns() throws {
        let x = [Double](repeating: 0, count: 36)
        let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .span(7), robust: true))
        #expect(d.weights.allSatisfy { $0 == 1 })
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.contains("median absolute deviation was 0 in 15 of 15") == true)
    }

    @Test func badInputIsNamed() {
        let monthly = (0..<48).map { Double($0 % 12) + Double($0) / 10 }
        let p = STL.Parameters(period: 12, seasonalWindow: .span(7))
        #expect(throws: DecompositionError.seriesTooShort(length: 23, minimum: 24, parameter: "period")) {
            try STL.decompose(Array(monthly.prefix(23)), parameters: p)
        }
        #expect(throws: DecompositionError.seriesTooShort(length: 48, minimum: 50, parameter: "period")) {
            try STL.decompose(monthly, parameters: STL.Parameters(period: 25, seasonalWindow: .span(7)))
        }
        #expect(throws: DecompositionError.invalidParameter(name: "period", detail: "must be at least 2, got 1")) {
            try STL.decompose(monthly, parameters: STL.Parameters(period: 1, seasonalWindow: .span(7)))
        }
        #expect(throws: DecompositionError.allMissing) {
            try STL.decompose([Double](repeating: .nan, count: 48), parameters: p)
        }
        var withInf = monthly
        withInf[5] = .infinity
        #expect(throws: DecompositionError.nonFiniteValue(index: 5)) { try STL.decompose(withInf, parameters: p) }
        for (params, name) in [
            (STL.Parameters(period: 12, seasonalWindow: .span(8)), "seasonalWindow"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), trendWindow: 22), "trendWindow"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), lowPassWindow: 1), "lowPassWindow"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), seasonalDegree: 2), "seasonalDegree"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), innerIterations: 0), "inner"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), trendJump: 0), "trendJump"),
        ] {
            #expect {
                try STL.decompose(monthly, parameters: params)
            } throws: { error in
                guard case let .invalidParameter(n, _)? = error as? DecompositionError else { return false }
                return n == name
            }
        }
    }

    /// Missing values (stlplus-style): a gap is skipped in every fit, the
    /// components are still estimated there, and the remainder is NaN.
    /// Check against a hand-checkable property: a series that is exactly
    /// `level + seasonal pattern` (zero-sum pattern, constant level) with a
    /// few values deleted is still decomposed exactly, since every local fit
    /// of a constant (or of a pure periodic pattern within a cycle-subseries)
    /// returns that constant whatever points are skipped.
    @Test func missingValuesAreSkippedNotRejected() throws {
        let pattern: [Double] = [3, 1, -2, -4, 0, 2, 5, 1, -1, -3, -2, 0]
        var x = (0..<72).map { 100 + pattern[$0 % 12] }
        for i in [3, 17, 40, 41, 70] { x[i] = .nan }
        let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .span(7)))
        for i in 0..<72 {
            #expect(abs(d.trend[i] - 100) < 1e-9)
            #expect(abs(d.seasonal[i] - pattern[i % 12]) < 1e-9)
        }
        #expect(d.remainder[3].isNaN && d.remainder[40].isNaN && !d.remainder[4].isNaN)
        #expect(d.weights[17] == 0)
    }
}
