import Foundation
import Testing
import StrataAnalysis
import StrataNumerics
import StrataTestSupport

/// The risk model file (RiskModel.swift), the INDICATORS reader
/// (IndicatorsCSV.swift) and RiskScoring.
@Suite struct ScoringModelTests {
    /// The shape the issue requires, written by hand.
    static let issueExample = """
        {"version":1, "indicators":[{"name":"detections","direction":"higher-is-worse","transform":"log1p",
          "normalisation":{"method":"minmax","min":0,"max":100000}},
          {"name":"facilitators","direction":"higher-is-worse","normalisation":"rank"},
          {"name":"vulnerability","normalisation":"none"}, {"name":"impact","normalisation":"none"}],
         "tree":{"name":"risk","aggregation":"geometric","children":[
           {"name":"threat","aggregation":"arithmetic","children":["detections","facilitators"],"weights":[0.7,0.3]},
           "vulnerability","impact"]}}
        """

    /// The same model in YAML.
    static let issueExampleYAML = """
        version: 1
        indicators:
          - name: detections
            direction: higher-is-worse
            transform: log1p
            normalisation: {method: minmax, min: 0, max: 100000}
          - name: facilitators
            direction: higher-is-worse
            normalisation: rank
          - {name: vulnerability, normalisation: none}
          - {name: impact, normalisation: none}
        tree:
          name: risk
          aggregation: geometric
          children:
            - name: threat
              aggregation: arithmetic
              children: [detections, facilitators]
              weights: {detections: 0.7, facilitators: 0.3}
            - vulnerability
            - impact
        """

    @Test func jsonAndYAMLGiveTheSameModel() throws {
        let json = try RiskModel.decode(Data(Self.issueExample.utf8), format: .json, source: "m.json")
        let yaml = try RiskModel.decode(Data(Self.issueExampleYAML.utf8), format: .yaml, source: "m.yaml")
        #expect(json == yaml)
        #expect(json.version == 1 && json.indicators.count == 4)
        #expect(json.indicators[0].transform == .log1p && json.indicators[0].normalisation == .minMax(min: 0, max: 100000))
        #expect(json.tree.aggregation == .geometric && json.tree.children.map(\.name) == ["threat", "vulnerability", "impact"])
        // Round trip through both encodings.
        #expect(try RiskModel.decode(json.encoded(as: .json), format: .json) == json)
        #expect(try RiskModel.decode(json.encoded(as: .yaml), format: .yaml) == json)
    }

    @Test func shippedDefaultModelIsTheBuiltInOne() throws {
        let url = SharedData.repositoryRoot.appendingPathComponent("datasets/models/default-risk-model.json")
        let file = try RiskModel.load(path: url.path)
        #expect(file == (try RiskModel.defaultRisk))
        #expect(file.tree.aggregation == .geometric)
        #expect(file.tree.children.map(\.name) == ["threat", "vulnerability", "impact"])
        #expect(Set(file.indicators.map(\.name)).isSuperset(of: ThreatSignals.columns))
    }

    /// Clear errors with the file and the key path.
    @Test func invalidModelsAreReportedWithTheirPath() throws {
        func error(_ text: String, _ format: RiskModel.Format = .json) -> RiskModelError? {
            do {
                _ = try RiskModel.decode(Data(text.utf8), format: format, source: "m")
                return nil
            } catch let e as RiskModelError {
                return e
            } catch {
                return RiskModelError(source: "?", path: "?", message: "unexpected \(error)")
            }
        }
        let base = Self.issueExample
        let unknownKey = base.replacingOccurrences(of: "\"weights\":[0.7,0.3]", with: "\"weights\":[0.7,0.3],\"wieght\":1")
        #expect(error(unknownKey)?.path == "tree.children[0].wieght")
        #expect(error(base.replacingOccurrences(of: "\"version\":1", with: "\"version\":2"))?.message.contains("version 1") == true)
        #expect(error(base.replacingOccurrences(of: "\"version\":1,", with: ""))?.path == "version")
        #expect(error(base.replacingOccurrences(of: "\"geometric\"", with: "\"geometrik\""))?.message.contains("unknown aggregation 'geometrik'") == true)
        #expect(error(base.replacingOccurrences(of: "[0.7,0.3]", with: "[0.7,0.4]"))?.message.contains("sum to 1.1") == true)
        #expect(error(base.replacingOccurrences(of: "\"impact\"]}}", with: "\"impakt\"]}}"))?.message.contains("'impakt'") == true)
        let cycle = base.replacingOccurrences(of: "[\"detections\",\"facilitators\"]", with: "[\"detections\",\"facilitators\",\"risk\"]")
            .replacingOccurrences(of: "[0.7,0.3]", with: "[0.5,0.3,0.2]")
        #expect(error(cycle)?.message.contains("cycle") == true)
        #expect(error("{\"version\":1,")?.message.contains("not valid JSON") == true)
        #expect(error("version: 1\nindicators: [\n", .yaml)?.message.contains("not valid YAML") == true)
        #expect(error(base.replacingOccurrences(of: "\"max\":100000", with: "\"max\":\"lots\""))?.path == "indicators[0].normalisation.max")
        #expect(error("[1,2]")?.message.contains("must be an object") == true)
    }

    // MARK: - INDICATORS CSV

    @Test func readsQuotedFieldsAndMissingCells() throws {
        let text = "\u{FEFF}unit,detections,\"vulner\"\"ability\"\r\n\"Route, east\",120,5\r\n\"Line\nbreak\",,7.5\r\n\r\nplain,3e2,\r\n"
        let t = try IndicatorsCSV.read(Data(text.utf8), source: "i.csv")
        #expect(t.units == ["Route, east", "Line\nbreak", "plain"])
        #expect(t.indicators == ["detections", "vulner\"ability"])
        #expect(t.values[0, 0] == 120 && t.values[1, 0].isNaN && t.values[1, 1] == 7.5 && t.values[2, 0] == 300 && t.values[2, 1].isNaN)
        // Semicolon-delimited exports.
        let semi = try IndicatorsCSV.read(Data("unit;x\na;1\n".utf8), source: "s.csv")
        #expect(semi.values[0, 0] == 1)
    }

    @Test func badIndicatorFilesAreLocated() {
        func message(_ text: String) -> String {
            do {
                _ = try IndicatorsCSV.read(Data(text.utf8), source: "i.csv")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("unit,x\na,1\nb,abc\n") == "i.csv:3:2 (column 'x'): 'abc' is not a finite number (leave the cell empty for a missing value)")
        #expect(message("unit,x\na,1\na,2\n").hasPrefix("i.csv:3:1 (column 'unit'): unit 'a' appears again (first on line 2)"))
        #expect(message("unit,x\na,1,2\n") == "i.csv:2: has 3 fields, the header has 2")
        #expect(message("unit,x\n\"a,1\n") == "i.csv:2:1: a quoted field is not closed")
        #expect(message("name,x\na,1\n").hasPrefix("i.csv:1:1"))
        #expect(message("unit,x,x\na,1,2\n").contains("duplicate column name"))
        #expect(message("unit,x\na,inf\n").contains("not a finite number"))
        #expect(message("").contains("empty"))
        #expect(message("unit,x\n").contains("no unit rows"))
    }

    // MARK: - Scoring

    /// INFORM-style: threat 6, vulnerability 5, impact 4 on 0–10 (normalisation
    /// none) → risk = ∛120 = 4.932424; a second unit (2, 5, 4) → ∛40 = 3.419952.
    @Test func riskIsTheGeometricMeanOfThreatVulnerabilityAndImpact() throws {
        let model = try RiskModel.decode(Data("""
            {"version":1,"indicators":[{"name":"t","normalisation":"none"},{"name":"v","normalisation":"none"},
             {"name":"i","normalisation":"none"}],
             "tree":{"name":"risk","aggregation":"geometric","children":[
               {"name":"threat","children":["t"]},"v","i"]}}
            """.utf8), format: .json)
        let table = try IndicatorTable(units: ["low", "high"], indicators: ["t", "v", "i"], rows: [[2, 5, 4], [6, 5, 4]])
        let r = try RiskScoring.score(table, model: model)
        #expect(r.units.map(\.unit) == ["high", "low"])
        #expect(abs(r.units[0].score - 4.932424) < 1e-6 && abs(r.units[1].score - 3.419952) < 1e-6)
        #expect(r.units[0].rank == 1 && r.units[0].scoreLo == r.units[0].score && r.units[0].rankHi == 1)
        #expect(r.uncertainty == nil)
    }

    /// The default model without vulnerability and impact columns scores
    /// threat only and says so; with them, risk = ∛(threat·v·i).
    @Test func defaultModelWithAndWithoutAnalystColumns() throws {
        let model = try RiskModel.defaultRisk
        let signals: [[Double]] = [
            [12000, 0.2, 0.1, 0.3, 1, 0.5, 0.05, 0.1], [3000, -0.1, -0.2, 0.2, 4, -0.3, -0.05, -0.2], [500, 0, 0, 0.1, 10, 0, 0, 0],
        ]
        let units = ["A", "B", "C"]
        let bare = try IndicatorTable(units: units, indicators: ThreatSignals.columns, rows: signals)
        let r = try RiskScoring.score(bare, model: model, options: .init(draws: 200, seed: 2))
        for u in r.units { #expect(u.score == u.components["threat"]) }
        #expect(r.notes.contains { $0.contains("combines only threat") })
        #expect(r.uncertainty?.draws == 200 && r.uncertainty?.sobol.count == 3)
        let full = try IndicatorTable(
            units: units, indicators: ThreatSignals.columns + ["vulnerability", "impact"],
            rows: signals.enumerated().map { $0.element + [[8, 3, 5][$0.offset], [6, 6, 2][$0.offset]] })
        let f = try RiskScoring.score(full, model: model, options: .init(draws: 0))
        let given: [String: (Double, Double)] = ["A": (8, 6), "B": (3, 6), "C": (5, 2)]
        for u in f.units {
            let t = u.components["threat"] ?? .nan
            let (v, i) = given[u.unit] ?? (.nan, .nan)
            #expect(abs(u.score - Foundation.pow(t * v * i, 1.0 / 3)) < 1e-12)
        }
        #expect(!f.notes.contains { $0.contains("combines only") })
    }
}
