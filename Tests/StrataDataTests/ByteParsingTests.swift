import Foundation
import Testing
@testable import StrataData
import StrataNumerics

/// The byte-level number parser must give exactly what `Double(String)` gives
/// (the reference: the standard library's strtod-based parser) on every
/// input its grammar accepts, and must decline everything else.
@Suite struct DecimalParserTests {
    func parse(_ s: String) -> Double? {
        var s = s
        return s.withUTF8 { DecimalParser.parse($0) }
    }

    func sameBits(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return x.bitPattern == y.bitPattern
        default: return false
        }
    }

    @Test func edgeCasesMatchDoubleFromString() {
        let cases = ["0", "-0", "0.0", "-0.0", "00012", "5.", ".5", "-.5", "-5.", "1e5", "1E+05", "1e-5", "1.e3",
                     "123456789012345", "1234567890123456", "12345678901234567890", "9007199254740993",
                     "0.1", "0.2", "0.3", "2.675", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308",
                     "1e22", "1e23", "1e-22", "1e-23", "123456789012345e7", "123456789012345e8", "0.000000000000000000001",
                     "3.14159265358979323846", "1e308", "1e-400", "9999999999999999", "0.1e1", "100e-2", "7e-10"]
        for c in cases {
            #expect(sameBits(parse(c), Double(c)), "\(c)")
        }
    }

    @Test func declinesWhatIsNotAPlainDecimal() {
        // Each of these is either not a number or needs the general rules (sign, hex, words, separators).
        for c in ["", "-", ".", ".e3", "1e", "1e+", "+5", "0x10", "inf", "nan", "1_000", " 5", "5 ", "1,5", "5\u{0} 7", "..", "5p", "--5", "1e5.5"] {
            #expect(parse(c) == nil, "\(c.debugDescription)")
        }
    }

    /// Seeded random decimals of every shape the fast path and the fallback see.
    @Test func seededRandomSampleIsBitIdentical() {
        var rng = SplitMix64(seed: 20261129)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let r = rng.next()
            let intDigits = Int(r % 12)
            let fracDigits = Int((r >> 8) % 20)
            var s = (r >> 16) & 1 == 1 ? "-" : ""
            for _ in 0..<max(intDigits, fracDigits == 0 ? 1 : 0) { s += String(rng.next() % 10) }
            if fracDigits > 0 {
                s += "."
                for _ in 0..<fracDigits { s += String(rng.next() % 10) }
            }
            if (r >> 20) % 4 == 0 { s += "e\(Int((r >> 24) % 61) - 30)" }
            if !sameBits(parse(s), Double(s)) { mismatches.append(s) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    @Test func internerGivesDenseFirstSeenIndices() {
        var interner = ByteInterner(capacity: 2)
        var indices: [Int32] = []
        let words = (0..<1000).map { "code-\($0 % 300)-\(String(repeating: "x", count: $0 % 17))" }
        for w in words {
            var w = w
            indices.append(w.withUTF8 { interner.intern($0).index })
        }
        // Expected by hand: the first occurrence of each distinct word gets the next index.
        var seen: [String: Int32] = [:]
        let expected = words.map { w -> Int32 in
            if let i = seen[w] { return i }
            let i = Int32(seen.count)
            seen[w] = i
            return i
        }
        #expect(indices == expected)
        #expect(interner.count == seen.count)
    }
}
