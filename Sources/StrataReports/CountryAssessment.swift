import Crypto
import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics

/// A country situation assessment: key judgements in calibrated language,
/// the figures and charts behind them, the caveats of the data and a
/// methods annex.
///
/// The document arranges an ``StrataAnalysis/AssessmentAnalysis`` (which
/// computes every number and applies disclosure control) into ten sections
/// and writes the sentences of the key judgements from those numbers; it
/// computes nothing else. Render it with ``HTMLReport``, ``MarkdownReport``
/// or as JSON with ``json()`` (sorted keys, byte-identical for the same input
/// and configuration: no timestamp unless `generatedAt` is configured).
///
/// JSON shape: `Sources/StrataReports/Documentation.docc/Resources/country-assessment.schema.json`
/// (schema version ``currentSchemaVersion``).
///
/// ```swift
/// let read = DataReader.read(contentsOf: url, options: ReadOptions(fillAbsentWithZero: true))
/// let analysis = try AssessmentAnalysis.run(read.panel, report: read.report)
/// let doc = CountryAssessment(analysis: analysis, sources: [try DataSource(file: url)], strataVersion: "0.1.0")
/// try HTMLReport.render(doc).write(to: out, atomically: true, encoding: .utf8)
/// ```
public struct CountryAssessment: Sendable, Codable, Equatable {
    /// Version of the JSON shape; raised on any incompatible change.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// Title, reporter, period, sources with hashes, version, parameters.
    public var metadata: Metadata
    /// Section 1.
    public var keyJudgements: [KeyJudgement]
    /// Section 2: volumes by indicator and the total's trend.
    public var overview: Overview
    /// Section 3: routes, shares, shifts.
    public var routes: RoutesSection
    /// Section 4: profiles.
    public var profiles: ProfilesSection
    /// Section 5: outlook of the total and the main routes.
    public var outlook: [RouteOutlook]
    /// Section 6: risk ranking.
    public var risk: RiskSection
    /// Section 7: data quality and caveats.
    public var dataQuality: DataQualityFacts
    /// Section 8: warning indicators.
    public var warnings: [WarningIndicator]
    /// Section 9: track record.
    public var trackRecord: TrackRecordSection
    /// Section 10: methods annex.
    public var methods: MethodsSection

    /// Title, coverage and provenance.
    public struct Metadata: Sendable, Codable, Equatable {
        public var title: String
        public var reporter: String?
        public var periodFrom: Period
        public var periodTo: Period
        public var frequency: Frequency
        public var routeDimension: String
        public var profileDimension: String?
        public var indicator: String?
        public var sources: [DataSource]
        public var strataVersion: String
        /// Only when configured (`generatedAt`), so that output is reproducible.
        public var generatedAt: String?
        public var configuration: AssessmentConfiguration
    }

    /// Overview of volumes.
    public struct Overview: Sendable, Codable, Equatable {
        public var indicators: [IndicatorVolume]
        public var total: RouteAnalysis
        /// Plain-language summary sentences (built from the tables).
        public var summary: [String]
    }

    /// Routes and border sections.
    public struct RoutesSection: Sendable, Codable, Equatable {
        public var routes: [RouteAnalysis]
        /// Dated route shifts.
        public var shiftRows: [ShiftRow]
        /// Displacement around the configured events.
        public var displacements: [DisplacementRow]
        /// Whether the shift analysis ran, and what it says about itself.
        public var shifts: SectionNote
        public var shiftNotes: [String]
    }

    /// Profiles.
    public struct ProfilesSection: Sendable, Codable, Equatable {
        public var dimension: String?
        public var rows: [ProfileRow]
        /// Emerging route × profile pairs.
        public var emergingRows: [EmergingRow]
        public var emerging: SectionNote
    }

    /// Risk ranking.
    public struct RiskSection: Sendable, Codable, Equatable {
        public var rows: [RiskRow]
        public var note: SectionNote
        public var notes: [String]
    }

    /// A part whose analysis may be absent from a build or a dataset.
    public struct SectionNote: Sendable, Codable, Equatable {
        public var available: Bool
        public var text: String
        public init(available: Bool, text: String) {
            self.available = available
            self.text = text
        }
    }

    /// Track record.
    public struct TrackRecordSection: Sendable, Codable, Equatable {
        public var entries: [TrackRecordEntry]
        public var summaries: [TrackRecordSummary]
        public var summary: [String]
    }

    /// Methods annex.
    public struct MethodsSection: Sendable, Codable, Equatable {
        public var methods: [MethodNote]
        public var yardstick: [EstimativeLanguage.Band]
        public var yardstickName: String
        public var gapRule: String
        public var confidenceRule: String
        public var assumptions: [String]
        public var definitions: [String]
    }

    /// Builds the document.
    /// - Parameters:
    ///   - analysis: the computed assessment.
    ///   - sources: the data files read, with hashes.
    ///   - strataVersion: the tool's version.
    /// - Complexity: O(size of the analysis).
    public init(analysis a: AssessmentAnalysis, sources: [DataSource], strataVersion: String) {
        let c = a.configuration
        let first = a.periods.first ?? Period(frequency: .monthly, index: 0)
        let last = a.periods.last ?? first
        let title = c.title ?? "Situation assessment" + (a.reporter.map { ": \($0)" } ?? ": all reported detections")
        schemaVersion = Self.currentSchemaVersion
        metadata = Metadata(
            title: title, reporter: a.reporter, periodFrom: first, periodTo: last, frequency: first.frequency,
            routeDimension: a.routeDimension, profileDimension: a.profileDimension, indicator: a.indicator,
            sources: sources, strataVersion: strataVersion, generatedAt: c.generatedAt, configuration: c)
        keyJudgements = JudgementWriter.judgements(a)
        overview = Overview(indicators: a.indicators, total: a.total, summary: JudgementWriter.overviewSummary(a))
        routes = RoutesSection(
            routes: a.routes, shiftRows: a.shifts, displacements: a.displacements,
            shifts: a.shiftsAvailable
                ? SectionNote(available: true, text: JudgementWriter.shiftSummary(a))
                : SectionNote(available: false, text: "Route shifts could not be estimated for these data (see the notes)."),
            shiftNotes: a.shiftNotes)
        profiles = ProfilesSection(
            dimension: a.profileDimension, rows: a.profiles, emergingRows: a.emerging,
            emerging: a.profileDimension == nil
                ? SectionNote(available: false, text: "The data have no citizenship or nationality dimension, so no profile can emerge.")
                : SectionNote(available: a.shiftsAvailable, text: a.emerging.isEmpty
                    ? "No route × \(a.profileDimension ?? "profile") pair emerged: none rose from near zero to a persistent share of all detections."
                    : "\(a.emerging.count) route × \(a.profileDimension ?? "profile") pair(s) rose from near zero to a persistent share of all detections."))
        outlook = a.outlooks
        risk = RiskSection(
            rows: a.risk,
            note: a.riskAvailable
                ? SectionNote(available: true, text: "Routes ranked by the default risk model: threat signals (recent volume, growth, acceleration, volatility, time since the last change, change size, share gained, outlook growth) scored 0–10, with the 5–95 % band over the model's uncertain choices (weights, normalisation). Vulnerability and impact need the analyst's own indicators; without them the score is the threat score alone.")
                : SectionNote(available: false, text: "Risk scoring could not run on these data (see the notes)."),
            notes: a.riskNotes)
        dataQuality = a.dataQuality
        warnings = a.warnings
        trackRecord = TrackRecordSection(
            entries: a.trackRecord, summaries: a.trackRecordSummaries, summary: JudgementWriter.trackRecordSummary(a))
        let yardstickName = c.language == .phia ? "UK PHIA probability yardstick" : "US ICD 203 estimative language"
        methods = MethodsSection(
            methods: a.methods, yardstick: EstimativeLanguage.bands(of: c.language), yardstickName: yardstickName,
            gapRule: c.language == .phia
                ? "A probability in one of the yardstick's deliberate gaps (5–10, 20–25, 35–40, 50–55, 75–80, 90–95 %) takes the term of the band whose end is nearer; at the exact middle of a gap, the band nearer 50 %. The model probability is printed beside the term, so nothing is silently rounded."
                : "A probability on a shared band end (5, 20, 45, 55, 80, 95 %) takes the band nearer 50 %; below 1 % or above 99 % the end band is used and marked.",
            confidenceRule: AssessmentAnalysis.confidenceRule,
            assumptions: [
                "The recent seasonal pattern and level persist over the outlook horizon; the forecast does not know of policy changes or events after the last period. The outlook models are fitted on the last \(c.outlookWindowYears > 0 ? "\(c.outlookWindowYears) years" : "whole history"), so an older crisis does not set today's uncertainty.",
                "Forecast errors are treated as perfectly correlated across the horizon when periods are added up (comonotone sum), which gives wide, cautious intervals for totals.",
                "Reporting practice is constant over the period covered, unless the data-quality section says otherwise.",
            ],
            definitions: [
                "Detection: an event of a person being detected crossing or attempting to cross the border irregularly. Detections are events, not persons.",
                "Route: the values of the '\(a.routeDimension)' dimension of the data.",
                "Main route: one of the \(c.mainRoutes) routes with most detections in the last year, if it carries at least \(Int((c.mainRouteMinimumShare * 100).rounded())) % of them.",
                "Seasonally adjusted: with the typical pattern of the months removed (STL).",
                "Year-on-year: against the same periods one year earlier.",
            ])
    }

    /// The JSON encoding: sorted keys, non-finite numbers as `null`, compact, ending in a newline.
    /// - Throws: `EncodingError`.
    public func json() throws -> Data { try StrataJSON.encode(self).data + Data([0x0A]) }

    /// Reads a document written by ``json()``: every `null` number is read back as NaN
    /// (and a `null` count as ``StrataAnalysis/PublishedValue/missing``).
    /// - Throws: `DecodingError` when the JSON does not have the documented shape.
    /// - Complexity: O(bytes).
    public static func decode(json data: Data) throws -> CountryAssessment {
        // Outside strings, the token null becomes "NaN", read back by the non-conforming-float strategy.
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        let bytes = [UInt8](data)
        var inString = false, escaped = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "n"), i + 4 <= bytes.count, Array(bytes[i..<(i + 4)]) == Array("null".utf8) {
                out.append(contentsOf: Array("\"NaN\"".utf8))
                i += 4
                continue
            }
            out.append(b)
            i += 1
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(CountryAssessment.self, from: Data(out))
    }
}

/// A data file read for the assessment, identified by its SHA-256.
public struct DataSource: Sendable, Codable, Equatable {
    /// The file name (no directory, so the report does not leak paths).
    public var name: String
    /// Hex SHA-256 of the file's bytes.
    public var sha256: String
    /// Size in bytes.
    public var bytes: Int
    /// Reader options that change the meaning of the data (e.g. absent cells read as zero).
    public var readOptions: [String]

    public init(name: String, sha256: String, bytes: Int, readOptions: [String] = []) {
        self.name = name
        self.sha256 = sha256
        self.bytes = bytes
        self.readOptions = readOptions
    }

    /// Hashes a file (swift-crypto SHA-256).
    /// - Throws: the file-reading error.
    /// - Complexity: O(file size).
    public init(file url: URL, readOptions: [String] = []) throws {
        let data = try Data(contentsOf: url)
        self.init(name: url.lastPathComponent, sha256: Self.sha256(data), bytes: data.count, readOptions: readOptions)
    }

    /// Hex SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// One key judgement (section 1).
public struct KeyJudgement: Sendable, Codable, Equatable {
    /// 1-based number.
    public var number: Int
    /// What it is about (a route or "all routes").
    public var subject: String
    /// The judgement: term, band and the figures it rests on (no confidence here).
    public var statement: String
    /// The model probability behind the term.
    public var probability: Double
    public var term: EstimativeTerm
    public var confidence: ConfidenceLevel
    /// The confidence, in its own sentence.
    public var confidenceStatement: String
    /// The evidence, one sentence each.
    public var basis: [String]
    /// The indicator and threshold that would change the judgement.
    public var whatWouldChange: String
    /// Every number in the statement and its table.
    public var figures: [JudgementFigure]
}

/// A number cited by a key judgement, and the table where it appears.
public struct JudgementFigure: Sendable, Codable, Equatable {
    public var label: String
    /// As printed (same formatting as the table).
    public var text: String
    /// The table (section) holding it.
    public var table: String
}
