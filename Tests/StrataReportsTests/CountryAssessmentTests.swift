import Foundation
import Testing
import StrataAnalysis
import StrataData
import StrataTestSupport
@testable import StrataReports

/// Data for the report tests.
enum ReportFixtures {
    static var repositoryRoot: URL { SharedData.repositoryRoot }

    /// The synthetic panel shipped in `datasets/`.
    static var synthetic: URL { repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv") }

    /// The bundled Frontex extract, or the same rows derived from `../shared` (month ≥ 2015-01); nil when neither exists.
    static func frontex() throws -> URL? {
        let bundled = repositoryRoot.appendingPathComponent("datasets/frontex_ibc_monthly_2015-01_2025-04.csv")
        if FileManager.default.fileExists(atPath: bundled.path) { return bundled }
        guard let shared = SharedData.file("data/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv") else { return nil }
        let text = try String(contentsOf: shared, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst()
        let kept = lines.filter { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count >= 5 && fields[fields.count - 2] >= "2015-01"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-frontex-2015-\(ProcessInfo.processInfo.processIdentifier).csv")
        try ([String(header)] + kept.map(String.init)).joined(separator: "\n").appending("\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func document(csv: String, configuration: AssessmentConfiguration = .init()) throws -> CountryAssessment {
        let read = DataReader.read(csv: csv)
        let analysis = try AssessmentAnalysis.run(read.panel, report: read.report, configuration: configuration)
        return CountryAssessment(analysis: analysis, sources: [DataSource(name: "test.csv", sha256: DataSource.sha256(Data(csv.utf8)), bytes: csv.utf8.count)],
                                 strataVersion: "test")
    }

    static func document(file: URL, absentIsZero: Bool, configuration: AssessmentConfiguration = .init()) throws -> CountryAssessment {
        let read = DataReader.read(contentsOf: file, options: ReadOptions(fillAbsentWithZero: absentIsZero))
        let analysis = try AssessmentAnalysis.run(read.panel, report: read.report, configuration: configuration)
        return CountryAssessment(analysis: analysis, sources: [try DataSource(file: file)], strataVersion: "test")
    }

    /// Two routes over 2018-01…2022-12 with a seasonal pattern and noise-free levels.
    static func seasonalCSV(label: String = "B", doubleLastSixOfB: Bool = false) -> String {
        var rows = ["route,citizenship,period,value"]
        for t in 0..<60 {
            let period = String(format: "%04d-%02d", 2018 + t / 12, t % 12 + 1)
            let season = [0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.4, 1.4, 1.2, 1.0, 0.8, 0.7][t % 12]
            let wobble = Double((t * 7919) % 13) - 6
            let a = (200 * season + wobble).rounded()
            var b = (120 * season + wobble).rounded()
            if doubleLastSixOfB && t >= 54 { b *= 2 }
            rows.append("A,SYR,\(period),\(Int(a))")
            rows.append("\(label.contains(",") || label.contains("\"") ? "\"" + label.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : label),AFG,\(period),\(Int(b))")
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

@Suite struct CountryAssessmentTests {
    @Test func jsonIsByteIdenticalAndValidatesAgainstTheSchema() throws {
        let csv = ReportFixtures.seasonalCSV()
        let one = try ReportFixtures.document(csv: csv).json()
        let two = try ReportFixtures.document(csv: csv).json()
        #expect(one == two)
        let schemaURL = ReportFixtures.repositoryRoot
            .appendingPathComponent("Sources/StrataReports/Documentation.docc/Resources/country-assessment.schema.json")
        let validator = try JSONSchemaValidator(schema: try Data(contentsOf: schemaURL))
        let errors = try validator.validate(one)
        #expect(errors.isEmpty, "\(errors.prefix(10))")
        // The validator is not vacuous: a document missing a section, or with a wrong type, fails.
        guard case var .object(object) = try JSONValue.parse(one) else { Issue.record("not an object"); return }
        object.removeValue(forKey: "warnings")
        object["schemaVersion"] = .string("1")
        let broken = validator.validate(.object(object))
        #expect(broken.contains("$: missing required key 'warnings'"))
        #expect(broken.contains { $0.hasPrefix("$.schemaVersion") })
        // Round trip.
        let decoded = try CountryAssessment.decode(json: one)
        #expect(decoded.schemaVersion == CountryAssessment.currentSchemaVersion)
        #expect(try decoded.json() == one)
    }

    @Test func keyJudgementsHaveTermBandConfidenceAndTrigger() throws {
        let doc = try ReportFixtures.document(csv: ReportFixtures.seasonalCSV())
        #expect((1...7).contains(doc.keyJudgements.count))
        let html = HTMLReport.render(doc)
        for j in doc.keyJudgements {
            #expect(j.statement.contains(j.term.term))
            #expect(j.statement.contains("\(EstimativeTerm.percent(j.term.bandLower))–\(EstimativeTerm.percent(j.term.bandUpper)) %"))
            // Confidence is in its own sentence, not in the likelihood statement.
            #expect(!j.statement.contains("confidence"))
            #expect(j.confidenceStatement.hasSuffix("confidence in this judgement."))
            #expect(j.whatWouldChange.contains("would change this judgement"))
            // Every number of the judgement appears in a table cell of the report.
            for f in j.figures {
                #expect(j.statement.contains(f.text) || j.whatWouldChange.contains(f.text), "figure \(f.label) not in the text")
                #expect(html.contains("<td class=\"num\">\(Markup.escapeHTML(f.text))</td>") || html.contains(">\(Markup.escapeHTML(f.text)) to ")
                            || html.contains(" to \(Markup.escapeHTML(f.text))</td>"), "figure \(f.label) = \(f.text) not in a table")
            }
        }
    }

    @Test func doublingTheLastSixMonthsOfOneRouteChangesItsJudgement() throws {
        let before = try ReportFixtures.document(csv: ReportFixtures.seasonalCSV())
        let after = try ReportFixtures.document(csv: ReportFixtures.seasonalCSV(doubleLastSixOfB: true))
        let jb = try #require(before.keyJudgements.first { $0.subject == "B" })
        let ja = try #require(after.keyJudgements.first { $0.subject == "B" })
        // A level doubled over the last six months carries into the next six: the probability
        // that they exceed the same months a year earlier rises, and the term moves up the scale.
        #expect(ja.probability > jb.probability + 0.2)
        #expect(ja.term.term != jb.term.term)
        let bands = EstimativeLanguage.bands(of: .phia).map(\.term)
        #expect((bands.firstIndex(of: ja.term.term) ?? -1) > (bands.firstIndex(of: jb.term.term) ?? 99))
        #expect(ja.statement != jb.statement)
        // Route A is untouched.
        let aBefore = try #require(before.keyJudgements.first { $0.subject == "A" })
        let aAfter = try #require(after.keyJudgements.first { $0.subject == "A" })
        #expect(aBefore.statement == aAfter.statement)
    }

    @Test func hostileLabelCannotInjectMarkup() throws {
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        var config = AssessmentConfiguration()
        config.events = [AssessmentEvent(period: try Period(parsing: "2020-03"), label: "</svg><script>alert(3)</script>")]
        config.title = "<b>title</b>"
        let doc = try ReportFixtures.document(csv: ReportFixtures.seasonalCSV(label: evil), configuration: config)
        let html = HTMLReport.render(doc)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>title"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let md = MarkdownReport.render(doc)
        #expect(!md.contains("<script"))
        #expect(!md.contains("<img"))
        // JSON carries the label verbatim (it is data, not markup).
        let json = String(decoding: try doc.json(), as: UTF8.self)
        #expect(json.contains("onerror=alert(2)"))
    }

    @Test func disclosureControlReachesTheRenderedReport() throws {
        // Route C has 3 detections in each of the last 12 months: 36 in the year (published), 3 a month (suppressed).
        var csv = ReportFixtures.seasonalCSV()
        for t in 0..<60 { csv += "C,IRQ,\(String(format: "%04d-%02d", 2018 + t / 12, t % 12 + 1)),3\n" }
        let doc = try ReportFixtures.document(csv: csv)
        let c = try #require(doc.routes.routes.first { $0.route == "C" })
        #expect(c.latest == .suppressed(below: 5))
        #expect(c.lastYear == .value(36))
        #expect(doc.dataQuality.suppressedCells == 60)
        let html = HTMLReport.render(doc)
        #expect(html.contains("&lt;5"))
        #expect(html.contains("Counts from 1 to 4 are suppressed"))
    }

    @Test func icd203ScaleIsUsedThroughout() throws {
        var config = AssessmentConfiguration()
        config.language = .icd203
        let doc = try ReportFixtures.document(csv: ReportFixtures.seasonalCSV(), configuration: config)
        let icd = Set(EstimativeLanguage.bands(of: .icd203).map(\.term))
        for j in doc.keyJudgements { #expect(icd.contains(j.term.term)) }
        #expect(doc.methods.yardstickName.contains("ICD 203"))
    }

    @Test func frontexVolumesMatchAnIndependentCount() throws {
        guard let url = try ReportFixtures.frontex() else {
            SharedData.skipNotice("Frontex detections (../shared/data/frontex_ibc) absent: volume check skipped")
            return
        }
        var config = AssessmentConfiguration()
        config.trackRecordOrigins = 0
        let doc = try ReportFixtures.document(file: url, absentIsZero: true, configuration: config)
        // pandas 2.3.3 on the same rows (month ≥ 2015-01):
        //   d = pd.read_csv(f); d[d.month >= '2024-05'].value.sum() → 226347;
        //   d[(d.month >= '2023-05') & (d.month < '2024-05')].value.sum() → 362701;
        //   d[d.month >= '2024-05'].groupby('route').value.sum() → Central Mediterranean Route 66470, Eastern Mediterranean Route 64769,
        //   Western African Route 41414, Black Sea Route 2; d[d.month >= '2024-11'].groupby('route').value.sum() → Central Mediterranean 27107.
        #expect(doc.overview.total.lastYear == .value(226_347))
        #expect(doc.overview.total.previousYear == .value(362_701))
        #expect(doc.routes.routes.prefix(3).map(\.route) == ["Central Mediterranean Route", "Eastern Mediterranean Route", "Western African Route"])
        #expect(doc.routes.routes.first?.lastYear == .value(66_470))
        #expect(doc.routes.routes.first?.lastBlock == .value(27_107))
        #expect(doc.routes.routes.first { $0.route == "Black Sea Route" }?.lastYear == .suppressed(below: 5))
        #expect(doc.metadata.periodFrom.description == "2015-01")
        #expect(doc.metadata.periodTo.description == "2025-04")
    }
}
