import Foundation
import Testing
@testable import StrataData
import StrataNumerics

/// CSV number formatting writes the shortest round-trip digits; the
/// reference is the standard library's `description` (Swift's shortest
/// round-trip printer, an independent implementation), and every text must
/// read back to the same bits.
@Suite struct NumberFormatTests {
    @Test func shortDecimalsMatchSwiftsShortestDescription() {
        let cases: [Double] = [0.5, -0.5, 0.001, 0.1, 0.2, 0.3, 1.25, 123.45, -123.45, 2.675, 999_999_999.5, 0.125, 1e-3 + 1e-9,
                               0.1 + 0.2, 1.0 / 3.0, 100.01, 4_503.599_627]
        for x in cases {
            #expect(CSVFormat.number(x) == x.description, "\(x)")
            #expect(Double(CSVFormat.number(x))?.bitPattern == x.bitPattern)
        }
    }

    @Test func seededSampleReadsBackAndMatchesDescription() {
        var rng = SplitMix64(seed: 99)
        var mismatches: [String] = []
        for i in 0..<100_000 {
            let x: Double
            switch i % 4 {
            case 0: x = Double(Int64(rng.next() % 100_000_000)) / [10.0, 100, 1000, 1e6][Int(rng.next() % 4)]
            case 1: x = (rng.nextUniform() - 0.5) * 2e4
            case 2: x = (rng.nextUniform() - 0.5) * 2e-2
            default: x = Double(bitPattern: rng.next())
            }
            guard x.isFinite, x != x.rounded(.towardZero) || abs(x) >= 1e15 else { continue }
            let text = CSVFormat.number(x)
            if text != x.description || Double(text)?.bitPattern != x.bitPattern { mismatches.append("\(x.description) → \(text)") }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.prefix(5))")
    }

    @Test func integersNaNAndInfinities() {
        // Hand-written expectations: integers without a point, NaN empty, infinities named.
        #expect(CSVFormat.number(42) == "42")
        #expect(CSVFormat.number(-7) == "-7")
        #expect(CSVFormat.number(0) == "0")
        #expect(CSVFormat.number(.nan) == "")
        #expect(CSVFormat.number(.infinity) == "inf")
        #expect(CSVFormat.number(-.infinity) == "-inf")
    }
}
