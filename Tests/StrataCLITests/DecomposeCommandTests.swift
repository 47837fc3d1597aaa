import Foundation
import Testing
import StrataTestSupport

/// `strata decompose` end to end, against ../shared/reference/stl (R 4.2.2
/// `stl(x, s.window = 7 | "periodic", robust = FALSE | TRUE)`, and for robust
/// fits statsmodels 0.15.0 `STL` with R's resolved parameters; see that README).
@Suite struct DecomposeCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var dataset: String
        var periodic: Bool
        var robust: Bool
        var stem: String { "\(dataset)_s\(periodic ? "periodic" : "7")_\(robust ? "robust" : "nonrobust")" }
        var reference: String {
            robust ? "reference/stl/statsmodels/\(stem)_matched.csv" : "reference/stl/r/\(stem).csv"
        }
        var testDescription: String { stem }
    }

    static let cases: [Case] = ["co2", "nottem", "logAirPassengers"].flatMap { d in
        [false, true].flatMap { p in [false, true].map { r in Case(dataset: d, periodic: p, robust: r) } }
    }

    static func columns(_ text: String) -> [String: [String]] {
        let lines = text.split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [:] }
        var columns = [String: [String]]()
        for line in lines.dropFirst() {
            for (name, field) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
                columns[name, default: []].append(String(field))
            }
        }
        return columns
    }

    static func numbers(_ cells: [String]?) -> [Double] { (cells ?? []).map { Double($0) ?? .nan } }

    static func maxDiff(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        return zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    }

    @Test(arguments: cases)
    func matchesReference(_ c: Case) throws {
        guard let url = SharedData.file(c.reference) else { return }
        let ref = Self.columns(try String(contentsOf: url, encoding: .utf8))
        let x = Self.numbers(ref["x"])
        let input = "period,value\n" + x.enumerated().map { "\($0.offset + 1),\($0.element)" }.joined(separator: "\n")
        let path = try CLIRunner.temporaryFile(input)
        var args = ["decompose", path, "--period", "12", "--seasonal-window", c.periodic ? "periodic" : "7"]
        if c.robust { args.append("--robust") }
        let out = try CLIRunner.run(args)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("period,observed,trend,seasonal,remainder\n"))
        let got = Self.columns(out.stdout)
        let tolerance = 1e-9 * ((x.max() ?? 0) - (x.min() ?? 0))
        for name in ["trend", "seasonal", "remainder"] {
            #expect(Self.maxDiff(Self.numbers(got[name]), Self.numbers(ref[name])) <= tolerance, "\(name)")
        }
        #expect(Self.numbers(got["observed"]) == x)
    }

    /// Panel input: the output gains a leading `series` column, rows stay in
    /// input order, and each series matches its single-series reference.
    @Test func panelInputUsesSeriesColumn() throws {
        guard let url = SharedData.file("reference/stl/r/nottem_s7_nonrobust.csv") else { return }
        let ref = Self.columns(try String(contentsOf: url, encoding: .utf8))
        let x = Self.numbers(ref["x"])
        var rows = ["series,period,value"]
        for id in ["b", "a"] { for (i, v) in x.enumerated() { rows.append("\(id),\(i + 1),\(v)") } }
        let out = try CLIRunner.run(["decompose", try CLIRunner.temporaryFile(rows.joined(separator: "\n")), "--period", "12"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("series,period,observed,trend,seasonal,remainder\n"))
        let got = Self.columns(out.stdout)
        #expect(got["series"]?.first == "b" && got["series"]?.last == "a")
        let trend = Self.numbers(got["trend"])
        let tolerance = 1e-9 * ((x.max() ?? 0) - (x.min() ?? 0))
        #expect(Self.maxDiff(Array(trend.prefix(240)), Self.numbers(ref["trend"])) <= tolerance)
        #expect(Self.maxDiff(Array(trend.suffix(240)), Self.numbers(ref["trend"])) <= tolerance)
    }

    @Test func jsonHasStableKeys() throws {
        let values = (0..<36).map { "\($0),\(Double($0 % 12) + Double($0) * 0.1)" }
        let path = try CLIRunner.temporaryFile("period,value\n" + values.joined(separator: "\n"))
        let out = try CLIRunner.run(["decompose", path, "--period", "12", "--format", "json"])
        #expect(out.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let first = (object?["series"] as? [[String: Any]])?.first
        for key in ["series", "parameters", "period", "observed", "trend", "seasonal", "remainder",
                    "seasonallyAdjusted", "weights", "trendStrength", "seasonalStrength", "method", "warnings"] {
            #expect(first?[key] != nil, "missing key \(key)")
        }
        #expect(first?["method"] as? String == "linearOperator")
    }

    @Test func missingValueGivesEmptyRemainder() throws {
        var values = (0..<36).map { "\($0),\(Double($0 % 12) + Double($0) * 0.1)" }
        values[5] = "5,"
        let out = try CLIRunner.run(["decompose", try CLIRunner.temporaryFile("period,value\n" + values.joined(separator: "\n")), "--period", "12"])
        #expect(out.status == 0)
        let got = Self.columns(out.stdout)
        #expect(got["remainder"]?[5] == "" && got["observed"]?[5] == "")
        #expect(Double(got["trend"]?[5] ?? "") != nil)
    }

    /// Robust fit of an all-zero series: MAD = 0, weights set to 1, warning on stderr.
    @Test func zeroMADWarnsOnStderr() throws {
        let values = (0..<36).map { "\($0),0" }
        let out = try CLIRunner.run(["decompose", try CLIRunner.temporaryFile("period,value\n" + values.joined(separator: "\n")), "--period", "12", "--robust"])
        #expect(out.status == 0)
        #expect(out.stderr.contains("warning:") && out.stderr.contains("median absolute deviation was 0"))
        #expect(Self.numbers(Self.columns(out.stdout)["trend"]).allSatisfy { $0 == 0 })
    }

    @Test(arguments: [
        (["--period", "12"], (0..<20).map { "\($0),\($0)" }, "'--period'"),  // shorter than two periods
        (["--period", "1"], (0..<20).map { "\($0),\($0)" }, "'--period'"),
        (["--period", "12"], (0..<30).map { "\($0)," }, "missing"),
        (["--period", "12", "--seasonal-window", "6"], (0..<30).map { "\($0),\($0)" }, "'--seasonal-window'"),
        (["--period", "12", "--trend-window", "10"], (0..<30).map { "\($0),\($0)" }, "'--trend-window'"),
        (["--period", "12", "--low-pass-window", "12"], (0..<30).map { "\($0),\($0)" }, "'--low-pass-window'"),
        (["--period", "12", "--transform", "log"], (0..<30).map { "\($0),\($0)" }, "'--transform'"),
        (["--period", "12"], (0..<30).map { "\($0),\($0 == 4 ? "inf" : "1")" }, "infinite"),
    ])
    func badInputFailsWithNamedParameter(_ options: [String], _ rows: [String], _ expected: String) throws {
        let path = try CLIRunner.temporaryFile("period,value\n" + rows.joined(separator: "\n"))
        let out = try CLIRunner.run(["decompose", path] + options)
        #expect(out.status != 0)
        #expect(out.stderr.contains(expected), "\(out.stderr)")
        #expect(!out.stderr.contains("Fatal error"))
    }

    /// Constant series (documented result): trend is the constant, seasonal 0.
    @Test func constantSeriesIsDecomposed() throws {
        let values = (0..<36).map { "\($0),7" }
        let out = try CLIRunner.run(["decompose", try CLIRunner.temporaryFile("period,value\n" + values.joined(separator: "\n")), "--period", "12"])
        #expect(out.status == 0)
        let got = Self.columns(out.stdout)
        #expect(Self.numbers(got["trend"]).allSatisfy { abs($0 - 7) < 1e-12 })
        #expect(Self.numbers(got["seasonal"]).allSatisfy { abs($0) < 1e-12 })
    }
}
