import Testing
@testable import StrataAnalysis

/// Estimative language: bands as published (PHIA yardstick 2023; ICD 203 §D.6.e) and the gap rule.
@Suite struct AssessmentLanguageTests {
    @Test(arguments: [
        // (p, term, inGap) — hand-checked against the published bands.
        (0.03, "remote chance", false),
        (0.07, "remote chance", true),          // gap 5–10: 2 points from 5 %, 3 from 10 %
        (0.075, "highly unlikely", true),       // midpoint of the gap: band nearer 50 %
        (0.15, "highly unlikely", false),
        (0.22, "highly unlikely", true),        // gap 20–25: nearer 20 %
        (0.30, "unlikely", false),
        (0.52, "a realistic possibility", true), // gap 50–55: nearer 50 %
        (0.525, "a realistic possibility", true), // midpoint: nearer 50 % is 40–50 (centre 45 vs 65)
        (0.60, "likely", false),
        (0.78, "highly likely", true),          // gap 75–80: nearer 80 %
        (0.92, "highly likely", true),          // gap 90–95: nearer 90 %
        (0.99, "almost certain", false),
    ])
    func phia(_ p: Double, _ term: String, _ inGap: Bool) {
        let t = EstimativeLanguage.term(for: p, on: .phia)
        #expect(t.term == term)
        #expect(t.inGap == inGap)
    }

    @Test(arguments: [
        (0.005, "almost no chance", true),      // below the scale's 1 %
        (0.05, "very unlikely", false),         // shared end 5 %: band nearer 50 %
        (0.20, "unlikely", false),              // shared end 20 %
        (0.45, "roughly even chance", false),
        (0.50, "roughly even chance", false),
        (0.55, "roughly even chance", false),   // shared end 55 %: 45–55 is nearer 50 %
        (0.70, "likely", false),
        (0.80, "likely", false),                // shared end 80 %: 55–80 (centre 67.5) nearer 50 % than 80–95
        (0.995, "almost certain", true),
    ])
    func icd203(_ p: Double, _ term: String, _ inGap: Bool) {
        let t = EstimativeLanguage.term(for: p, on: .icd203)
        #expect(t.term == term)
        #expect(t.inGap == inGap)
    }

    @Test func bandIsPrintedWithTheTerm() {
        #expect(EstimativeLanguage.term(for: 0.6, on: .phia).withBand == "likely (55–75 %)")
        #expect(EstimativeLanguage.term(for: 0.9, on: .icd203).withBand == "very likely (80–95 %)")
    }

    @Test func nanIsNeverAConfidentTerm() {
        let t = EstimativeLanguage.term(for: .nan, on: .phia)
        #expect(t.inGap)
        #expect(t.term == "unlikely" || t.term == "a realistic possibility")
    }
}
