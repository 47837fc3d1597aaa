import Foundation
import Testing
import StrataTestSupport

/// `strata decompose` end to end, against ../shared/reference/stl (R 4.2.2
/// `stl(x, s.window = 7 | "periodic", robust = FALSE | TRUE)`, and for robust
/// fits statsmodels 0.15.0 `STL` with R's resolved parameters; see that README).
@Suite struct DecomposeCommandTests {
    typealias Case = STLReferenceCase

    static let cases = STLReferenceCase.all

    static func columns(_ text: String) -> [String: [String]] { ReferenceCSV.columns(text) }

    static func numbers(_ cells: [String]?) -> [Double] { (cells ?? []).map { Double($0) ?? .nan } }

    static func maxDiff(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        return zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
    }

    @Test(arguments: cases)
    func matchesReference(_ c: Case) throws {
        guard let url = SharedData.file(c.referencePath) else { return }
        let ref = Self.columns(try String(contentsOf: url, encoding: .utf8))
        let x = Self.numbers(ref["x"])
        let input = "period,value\n" + x.enumerated().map { "\(month($0.offset)),\($0.element)" }.joined(separator: "\n")
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
        for id in ["b", "a"] { for (i, v) in x.enumerated() { rows.append("\(id),\(month(i)),\(v)") } }
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
        let values = (0..<36).map { "\(month($0)),\(Double($0 % 12) + Double($0) * 0.1)" }
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
        var values = (0..<36).map { "\(month($0)),\(Double($0 % 12) + Double($0) * 0.1)" }
        values[5] = "\(month(5)),"
        let out = try CLIRunner.run(["decompose", try CLIRunner.temporaryFile("period,value\n" + values.joined(separator: "\n")), "--period", "12"])
        #expect(out.status == 0)
        let got = Self.columns(out.stdout)
        #expect(got["remainder"]?[5] == "" && got["observed"]?[5] == "")
        #expect(Double(got["trend"]?[5] ?? "") != nil)
    }

    /// Robust fit of an all-zero series: MAD = 0, weights set to 1, warning on stderr.
    @Test func zeroMADWarnsOnStderr() throws {
        let values = (0..<36).map { "\(month($0)),0" }
        let out = try CLIRunner.run(["decompose", try CLIRunner.temporaryFile("period,value\n" + values.joined(separator: "\n")), "--period", "12", "--robust"])
        #expect(out.status == 0)
        #expect(out.stderr.contains("warning:") && out.stderr.contains("median absolute deviation was 0"))
        #expect(Self.numbers(Self.columns(out.stdout)["trend"]).allSatisfy { $0 == 0 })
    }

    @Test(arguments: [
        (["--period", "12"], (0..<20).map { "\(month($0)),\($0)" }, "'--period'"),  // shorter than two periods
        (["--period", "1"], (0..<20).map { "\(month($0)),\($0)" }, "'--period'"),
        (["--period", "12"], (0..<30).map { "\(month($0))," }, "missing"),
        (["--period", "12", "--seasonal-window", "6"], (0..<30).map { "\(month($0)),\($0)" }, "'--seasonal-window'"),
        (["--period", "12", "--trend-window", "10"], (0..<30).map { "\(month($0)),\($0)" }, "'--trend-window'"),
        (["--period", "12", "--low-pass-window", "12"], (0..<30).map { "\(month($0)),\($0)" }, "'--low-pass-window'"),
        (["--period", "12", "--transform", "log"], (0..<30).map { "\(month($0)),\($0)" }, "'--transform'"),
        (["--period", "12"], (0..<30).map { "\(month($0)),\($0 == 4 ? "inf" : "1")" }, "infinite"),
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
        let values = (0..<36).map { "\(month($0)),7" }
        let out = try CLIRunner.run(["decompose", try CLIRunner.temporaryFile("period,value\n" + values.joined(separator: "\n")), "--period", "12"])
        #expect(out.status == 0)
        let got = Self.columns(out.stdout)
        #expect(Self.numbers(got["trend"]).allSatisfy { abs($0 - 7) < 1e-12 })
        #expect(Self.numbers(got["seasonal"]).allSatisfy { abs($0) < 1e-12 })
    }

    /// Non-default options against R 4.2.2 on an odd-length quarterly series with two outliers:
    /// `t <- 0:40; y <- round(50 + 0.8 * t + 6 * sin(2 * pi * t / 4) + 3 * cos(1.3 * t), 3);
    /// y[c(8, 23)] <- y[c(8, 23)] + c(40, -35);
    /// stl(ts(y, frequency = 4), s.window = 5, s.degree = 1, t.window = 9, robust = TRUE)`.
    @Test func nonDefaultOptionsMatchR() throws {
        let y: [Double] = [53.000, 57.602, 49.029, 44.222, 54.606, 62.930, 54.962, 86.757, 54.717, 65.143, 60.722, 52.314, 56.617, 65.291, 63.589, 58.387, 61.688, 66.618, 63.916, 61.923, 67.941, 71.115, 29.758, 62.565, 72.130, 77.403, 68.620, 63.031, 73.205, 82.200, 74.800, 66.228, 73.424, 83.808, 80.129, 72.159, 75.956, 83.919, 82.345, 77.921, 81.511]
        let trend: [Double] = [46.967492419994613, 48.292485754292613, 49.611713604619567, 50.92192038690775, 52.257557786152361, 53.42223183139231, 54.345873389758637, 55.321147484605355, 56.26178931755463, 57.156401459620433, 57.988972205016879, 58.76413759715593, 59.58274634685926, 60.400617253927592, 61.208361971609079, 62.008068431473092, 62.803207174072206, 63.610485318618842, 64.448750591561051, 65.358214554169166, 66.251906535011116, 67.103768105327873, 67.92249036505072, 68.691968430469359, 69.513996013497319, 70.190451981255265, 70.871641390387737, 71.646056524494838, 72.420477709652801, 73.167603068566166, 73.934106071672318, 74.755478534038417, 75.615769040780563, 76.462637521288642, 77.287393243345136, 78.030906624411841, 78.676310343326364, 79.673603742089341, 80.743501784470396, 81.857282315106417, 83.031201918757546]
        let seasonal: [Double] = [5.761920527904616, 9.7264597581876977, -0.64148308106016083, -12.17049717524773, 2.3875687267308319, 8.7342262341828185, 0.77417094603939873, -9.2767448797621519, -0.84615263482075109, 7.5013662050743113, 1.9689736666806144, -6.4706350459059054, -1.9852729214006382, 5.2423682845448214, 1.642521230372646, -4.3594428821575582, -0.76044302557924925, 3.9938241437824527, -0.41328324491950752, -4.1909592017796919, 1.2138494526246939, 4.7069200981073829, -1.3149363438113086, -5.9856099175326936, 1.9331027501240008, 7.021868456449643, -2.0046784077426336, -7.6252590431369223, 0.6168643472514268, 8.0736404493231024, 0.63394644021598201, -7.6554181981213336, -1.3197615652911108, 6.722889033645715, 1.6521186745579266, -5.8947784307625373, -1.8867895650449464, 4.869314563027447, 2.3185762297942523, -4.0834994149698751, -2.2379498379879852]
        let input = "period,value\n" + y.enumerated().map { "\(month($0.offset)),\($0.element)" }.joined(separator: "\n")
        let out = try CLIRunner.run([
            "decompose", try CLIRunner.temporaryFile(input), "--period", "4", "--seasonal-window", "5",
            "--seasonal-degree", "1", "--trend-window", "9", "--robust",
        ])
        #expect(out.status == 0, "\(out.stderr)")
        let got = Self.columns(out.stdout)
        let tolerance = 1e-9 * ((y.max() ?? 0) - (y.min() ?? 0))
        #expect(Self.maxDiff(Self.numbers(got["trend"]), trend) <= tolerance)
        #expect(Self.maxDiff(Self.numbers(got["seasonal"]), seasonal) <= tolerance)
        // The same fit spelled with explicit iteration counts (robust = inner 1, outer 15).
        let explicit = try CLIRunner.run([
            "decompose", try CLIRunner.temporaryFile(input), "--period", "4", "--seasonal-window", "5",
            "--seasonal-degree", "1", "--trend-window", "9", "--inner", "1", "--outer", "15",
        ])
        #expect(explicit.stdout == out.stdout)
    }
}
