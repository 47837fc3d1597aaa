import Foundation

/// The scale of words used to state a probability in an assessment.
///
/// One scale per product (ICD 203 practice). Each judgement prints the term
/// followed by its numeric band in brackets, e.g. "likely (55–75 %)": Wintle
/// et al. (2019) found that the range in brackets doubles the readers'
/// agreement with the intended meaning.
public enum EstimativeScale: String, Sendable, Codable, CaseIterable {
    /// UK Professional Head of Intelligence Assessment probability yardstick
    /// (remote chance 0–5 %, highly unlikely 10–20 %, unlikely 25–35 %,
    /// realistic possibility 40–50 %, likely or probable 55–75 %, highly likely
    /// 80–90 %, almost certain 95–100 %). Its gaps are deliberate; see
    /// ``EstimativeLanguage/term(for:on:)`` for the rule used for a value in a gap.
    case phia
    /// US Intelligence Community Directive 203 (2015): almost no chance 1–5 %,
    /// very unlikely 5–20 %, unlikely 20–45 %, roughly even chance 45–55 %,
    /// likely 55–80 %, very likely 80–95 %, almost certain 95–99 %.
    case icd203
}

/// A probability expressed on an ``EstimativeScale``.
public struct EstimativeTerm: Sendable, Codable, Equatable, Hashable {
    /// The words, e.g. "highly likely".
    public var term: String
    /// Lower end of the term's band, as a probability in [0, 1].
    public var bandLower: Double
    /// Upper end of the term's band, as a probability in [0, 1].
    public var bandUpper: Double
    /// True when the probability lies in one of the yardstick's deliberate
    /// gaps and the term of the nearer band was used (see
    /// ``EstimativeLanguage/term(for:on:)``).
    public var inGap: Bool
    /// The scale the term comes from.
    public var scale: EstimativeScale

    public init(term: String, bandLower: Double, bandUpper: Double, inGap: Bool, scale: EstimativeScale) {
        self.term = term
        self.bandLower = bandLower
        self.bandUpper = bandUpper
        self.inGap = inGap
        self.scale = scale
    }

    /// "likely (55–75 %)".
    public var withBand: String {
        "\(term) (\(Self.percent(bandLower))–\(Self.percent(bandUpper)) %)"
    }

    /// A probability as a whole number of percent ("55").
    public static func percent(_ p: Double) -> String { String(Int((p * 100).rounded())) }
}

/// Maps model probabilities to estimative terms.
///
/// Reference: UK Defence Intelligence / PHIA, *Professional Development
/// Framework: probability yardstick* (2023 edition); US ODNI, *Intelligence
/// Community Directive 203: Analytic Standards* (2015), §D.6.e.
public enum EstimativeLanguage {
    /// One band of a scale.
    public struct Band: Sendable, Codable, Equatable {
        /// The words.
        public var term: String
        /// Lower end, probability.
        public var lower: Double
        /// Upper end, probability.
        public var upper: Double
    }

    /// The bands of `scale`, from the lowest probability to the highest.
    public static func bands(of scale: EstimativeScale) -> [Band] {
        switch scale {
        case .phia:
            return [
                Band(term: "remote chance", lower: 0, upper: 0.05),
                Band(term: "highly unlikely", lower: 0.10, upper: 0.20),
                Band(term: "unlikely", lower: 0.25, upper: 0.35),
                Band(term: "a realistic possibility", lower: 0.40, upper: 0.50),
                Band(term: "likely", lower: 0.55, upper: 0.75),
                Band(term: "highly likely", lower: 0.80, upper: 0.90),
                Band(term: "almost certain", lower: 0.95, upper: 1.0),
            ]
        case .icd203:
            return [
                Band(term: "almost no chance", lower: 0.01, upper: 0.05),
                Band(term: "very unlikely", lower: 0.05, upper: 0.20),
                Band(term: "unlikely", lower: 0.20, upper: 0.45),
                Band(term: "roughly even chance", lower: 0.45, upper: 0.55),
                Band(term: "likely", lower: 0.55, upper: 0.80),
                Band(term: "very likely", lower: 0.80, upper: 0.95),
                Band(term: "almost certain", lower: 0.95, upper: 0.99),
            ]
        }
    }

    /// The term for probability `p` on `scale`.
    ///
    /// Rules, applied to `p` clamped to [0, 1]:
    /// * **Within a band** (ends inclusive): that band. Where two ICD 203
    ///   bands share an end (5 %, 20 %, 45 %, 55 %, 80 %, 95 %) the value goes
    ///   to the band nearer 50 %, the more cautious word.
    /// * **In a PHIA gap** (5–10, 20–25, 35–40, 50–55, 75–80, 90–95 %): the
    ///   band whose nearer end is closer; at the exact midpoint of a gap, the
    ///   band nearer 50 % (the less confident term). The term is marked
    ///   ``EstimativeTerm/inGap`` and the report prints the model probability
    ///   beside it, so the value is never silently rounded into a band.
    /// * **Outside ICD 203's 1–99 %**: the end band ("almost no chance",
    ///   "almost certain"), marked ``EstimativeTerm/inGap``.
    ///
    /// - Parameters:
    ///   - p: a probability; NaN gives the middle band of the scale marked in a gap.
    ///   - scale: the scale.
    /// - Returns: the term and its band.
    /// - Complexity: O(1).
    public static func term(for p: Double, on scale: EstimativeScale) -> EstimativeTerm {
        let all = bands(of: scale)
        guard p.isFinite else {
            let mid = all[all.count / 2]
            return EstimativeTerm(term: mid.term, bandLower: mid.lower, bandUpper: mid.upper, inGap: true, scale: scale)
        }
        let x = min(max(p, 0), 1)
        let containing = all.filter { x >= $0.lower - 1e-12 && x <= $0.upper + 1e-12 }
        if let band = containing.min(by: { abs(($0.lower + $0.upper) / 2 - 0.5) < abs(($1.lower + $1.upper) / 2 - 0.5) }) {
            return EstimativeTerm(term: band.term, bandLower: band.lower, bandUpper: band.upper, inGap: false, scale: scale)
        }
        // In a gap (or outside the scale): nearest band end; ties to the band nearer 50 %.
        var best = all[0]
        var bestDistance = Double.infinity
        var bestCentreDistance = Double.infinity
        for band in all {
            let d = x < band.lower ? band.lower - x : x - band.upper
            let centre = abs((band.lower + band.upper) / 2 - 0.5)
            if d < bestDistance - 1e-12 || (abs(d - bestDistance) <= 1e-12 && centre < bestCentreDistance) {
                best = band
                bestDistance = d
                bestCentreDistance = centre
            }
        }
        return EstimativeTerm(term: best.term, bandLower: best.lower, bandUpper: best.upper, inGap: true, scale: scale)
    }
}

/// Analytical confidence in a judgement (low / moderate / high).
public enum ConfidenceLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case low, moderate, high

    private var rank: Int { self == .low ? 0 : self == .moderate ? 1 : 2 }
    public static func < (a: ConfidenceLevel, b: ConfidenceLevel) -> Bool { a.rank < b.rank }
}
