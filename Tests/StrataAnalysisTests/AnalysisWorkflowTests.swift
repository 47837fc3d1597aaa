import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics
import StrataTestSupport
import Testing

/// Each CLI command is a thin shell over one StrataAnalysis workflow: the
/// library call and the command give the same result on the same input
/// (decoded JSON compared value for value, or CSV cells compared exactly —
/// CSV numbers are written with the shortest digits that read back to the
/// same `Double`).
@Suite struct AnalysisWorkflowCLITests {
    /// Route totals of the bundled synthetic panel (five series, 2015-01…2024-12).
    static func routeTotals() throws -> String {
        let data = SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path
        let out = try CLIRunner.run(["aggregate", data, "--by", "route"])
        #expect(out.status == 0, "\(out.stderr)")
        return try CLIRunner.temporaryFile(out.stdout)
    }

    static func cells(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func decomposeLibraryEqualsCLI() throws {
        let path = try Self.routeTotals()
        let panel = try AnalysisInput.read(path: path).panel
        let library = try DecompositionWorkflow.decompose(panel, settings: .init(period: 12))
        let json = try CLIRunner.run(["decompose", path, "--period", "12", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let decoded = try JSONDecoder().decode(DecompositionWorkflow.Result.self, from: Data(json.stdout.utf8))
        #expect(decoded == library)
        let csv = try CLIRunner.run(["decompose", path, "--period", "12"])
        let rows = Self.cells(csv.stdout).dropFirst()
        let flat = library.series.flatMap { s in s.trend.indices.map { (s, $0) } }
        #expect(rows.count == flat.count)
        for (row, (s, i)) in zip(rows, flat) {
            #expect(row[0] == AnalysisInput.label(of: s.key) && row[1] == s.periods[i].description)
            #expect(Double(row[3]) == s.trend[i] && Double(row[4]) == s.seasonal[i] && Double(row[5]) == s.remainder[i])
        }
    }

    @Test func trendLibraryEqualsCLI() throws {
        let path = try Self.routeTotals()
        let panel = try AnalysisInput.read(path: path).panel
        let library = try TrendWorkflow.analyse(panel, settings: .init(period: 12))
        let out = try CLIRunner.run(["trend", path, "--period", "12"])
        #expect(out.status == 0, "\(out.stderr)")
        let decoded = try JSONDecoder().decode(TrendWorkflow.Result.self, from: Data(out.stdout.utf8))
        #expect(decoded == library)
        #expect(library.series.map(\.key) == panel.keys)
    }

    @Test(arguments: [["--deseasonalize", "12"], [], ["--method", "bocpd", "--cost", "normal-mean"], ["--method", "binseg"]])
    func changePointsLibraryEqualsCLI(_ options: [String]) throws {
        let path = try Self.routeTotals()
        let panel = try AnalysisInput.read(path: path).panel
        var settings = ChangePointWorkflow.Settings()
        if options.contains("--deseasonalize") { settings.deseasonalize = 12 }
        if options.contains("bocpd") { settings.method = .bocpd; settings.cost = .normalMean }
        if options.contains("binseg") { settings.method = .binseg }
        let library = try ChangePointWorkflow.detect(panel, settings: settings)
        let out = try CLIRunner.run(["changepoints", path, "--format", "json"] + options)
        #expect(out.status == 0, "\(out.stderr)")
        let decoded = try JSONDecoder().decode(ChangePointWorkflow.Result.self, from: Data(out.stdout.utf8))
        #expect(decoded == library)
    }

    @Test func forecastLibraryEqualsCLI() throws {
        let path = try Self.routeTotals()
        let panel = try AnalysisInput.read(path: path).panel
        let library = try ForecastWorkflow.forecast(panel, settings: .init(horizon: 6, method: .theta))
        let out = try CLIRunner.run(["forecast", path, "--horizon", "6", "--method", "theta", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let decoded = try JSONDecoder().decode(ForecastWorkflow.Result.self, from: Data(out.stdout.utf8))
        #expect(decoded == library)
        // Future periods continue the calendar: the panel ends 2024-12.
        #expect(library.forecasts.first?.periods.map(\.description) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"])
    }

    @Test func backtestLibraryEqualsCLI() throws {
        let path = try Self.routeTotals()
        let panel = try AnalysisInput.read(path: path).panel
        let library = try BacktestWorkflow.backtest(panel, settings: .init(horizon: 3, origins: 4, method: .naive))
        let out = try CLIRunner.run(["backtest", path, "--horizon", "3", "--origins", "4", "--method", "naive"])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = Array(Self.cells(out.stdout).dropFirst())
        #expect(rows.count == library.series.count)
        for (row, s) in zip(rows, library.series) {
            let b = s.backtest
            let expected = [b.meanSMAPE, b.meanMASE, b.meanCoverage[0], b.meanWinkler[0], b.meanMSIS[0],
                            b.meanCoverage[1], b.meanWinkler[1], b.meanMSIS[1]]
            #expect(row[0] == AnalysisInput.label(of: s.key) && row[1] == "naive" && row[2] == "4" && row[3] == "0")
            #expect(row[4...].map { Double($0) } == expected.map { Optional($0) })
        }
    }
}

/// The one input path: what the readers accept and how periods are placed.
@Suite struct AnalysisInputWorkflowTests {
    /// Rows in any order are placed by period; CRLF line endings, a BOM and
    /// quoted fields read the same; a quoted series id loses its quotes.
    @Test func rowOrderLineEndingsAndQuotingDoNotMatter() throws {
        let sorted = "series,period,value\nA,2020-01,1\nA,2020-02,2\nA,2020-03,3\n"
        let shuffled = "\u{FEFF}series,period,value\r\n\"A\",2020-03,3\r\nA,\"2020-01\",1\r\nA,2020-02,2\r\n"
        let a = try AnalysisInput.read(csvBytes: Array(sorted.utf8)).panel
        let b = try AnalysisInput.read(csvBytes: Array(shuffled.utf8)).panel
        #expect(a == b)
        let s = AnalysisInput.series(of: b)
        #expect(s.count == 1 && s[0].key == SeriesKey([("series", "A")]) && s[0].values == [1, 2, 3])
        #expect(s[0].start.description == "2020-01")
    }

    /// A period with no row is missing, never adjacent: 2020-03 is absent, so
    /// the change-point workflow refuses the series naming index 2 (2020-03).
    @Test func gapsAreMissingNotAdjacent() throws {
        let text = "period,value\n2020-01,1\n2020-02,2\n2020-04,4\n2020-05,5\n"
        let series = AnalysisInput.series(of: try AnalysisInput.read(csvBytes: Array(text.utf8)).panel)
        #expect(series[0].values.count == 5 && series[0].values[2].isNaN)
        #expect(throws: ChangePointWorkflow.Failure.self) {
            try ChangePointWorkflow.detect(series[0], settings: .init(cost: .l2))
        }
        do {
            _ = try ChangePointWorkflow.detect(series[0], settings: .init(cost: .l2))
        } catch {
            #expect("\(error)".contains("index 2 (period 2020-03)"))
        }
    }

    /// Conflicting duplicate periods, labels that are not periods and mixed
    /// frequencies are errors located at their line; negative and fractional
    /// values are accepted (analysis inputs need not be counts).
    @Test func badPeriodsAreLocatedErrorsAndValuesNeedNotBeCounts() throws {
        for (text, needle) in [
            ("period,value\n2020-01,1\n2020-01,2\n", ":3"),
            ("period,value\n2020-01,1\nweek 2,2\n", ":3 column 'period' field 'week 2'"),
            ("period,value\n2020-01,1\n2020-Q2,2\n", ":3 column 'period' field '2020-Q2'"),
        ] {
            #expect(throws: AnalysisInputError.self) { try AnalysisInput.read(csvBytes: Array(text.utf8), name: "f.csv") }
            do { _ = try AnalysisInput.read(csvBytes: Array(text.utf8), name: "f.csv") } catch {
                #expect("\(error)".contains("f.csv" + needle), "\(error)")
            }
        }
        let signed = try AnalysisInput.read(csvBytes: Array("period,value\n2020,-1.5\n2021,2.25\n".utf8)).panel
        #expect(signed.values == [-1.5, 2.25])
    }

    /// Several series: each is cut to its own span (hand-made ragged file).
    @Test func raggedSeriesKeepTheirOwnSpans() throws {
        let text = "series,period,value\nA,2020,1\nA,2021,2\nB,2021,5\nB,2022,6\nB,2023,7\n"
        let series = AnalysisInput.series(of: try AnalysisInput.read(csvBytes: Array(text.utf8)).panel)
        #expect(series.map { $0.start.description } == ["2020", "2021"])
        #expect(series.map(\.values) == [[1, 2], [5, 6, 7]])
    }

    @Test func directoriesAndDevicesAreRefused() throws {
        #expect(throws: AnalysisInputError.self) { try AnalysisInput.read(path: NSTemporaryDirectory()) }
        #expect(throws: AnalysisInputError.self) { try AnalysisInput.read(path: "/dev/zero") }
        #expect(throws: AnalysisInputError.self) { try AnalysisInput.read(path: "/nonexistent/x.csv") }
    }

    /// Settings bounds are checked before any arithmetic (issue 11): a
    /// minimum segment length of 2^62 would overflow `2 * m`.
    @Test func settingsOutOfBoundsThrowNamedErrors() throws {
        let s = TimeSeries(key: SeriesKey([]), start: try Period(parsing: "2020-01"), values: [1, 2, 3, 4])
        #expect(throws: SettingsError.self) {
            try ChangePointWorkflow.detect(s, settings: .init(minimumSegmentLength: 1 << 62))
        }
        #expect(throws: SettingsError.self) {
            try DecompositionWorkflow.decompose(s, settings: .init(period: 12, innerIterations: 100_000_000))
        }
        #expect(throws: SettingsError.self) { try ForecastWorkflow.forecast(s, settings: .init(horizon: 10_001)) }
        #expect(throws: SettingsError.self) { try TrendWorkflow.analyse(s, settings: .init(period: Int.max)) }
        #expect(throws: SettingsError.self) { try BacktestWorkflow.backtest(s, settings: .init(horizon: 1, origins: 100_001)) }
        do { _ = try ChangePointWorkflow.detect(s, settings: .init(minimumSegmentLength: 1 << 62)) } catch {
            #expect("\(error)" == "'minimumSegmentLength' must be between 1 and 1000000, got 4611686018427387904")
        }
    }

    /// Labels with a comma, quotes, CRLF and a comma followed by a combining
    /// mark survive the CLI's CSV output (quoted by bytes) and read back equal.
    @Test func awkwardLabelsRoundTripThroughTheCLI() throws {
        let labels = ["a,b", "say \"hi\"", "x\r\ny", ",\u{301}", "Ελλάδα"]
        var text = "series,period,value\n"
        for l in labels {
            for (i, v) in [3, 4, 5].enumerated() { text += "\(CSVFormat.field(l)),\(2000 + i),\(v)\n" }
        }
        let out = try CLIRunner.run(["forecast", "-", "--horizon", "1", "--method", "naive"], stdin: text)
        #expect(out.status == 0, "\(out.stderr)")
        let back = DataReader.read(csv: out.stdout, options: ReadOptions(columns: ColumnMapping(period: "period", values: ["mean"], dimensions: ["series"]), valuesAreCounts: false))
        #expect(!back.report.hasErrors, "\(back.report.text)")
        #expect(Set(back.panel.keys.compactMap { $0["series"] }) == Set(labels))
        #expect(back.panel.periods.map(\.description) == ["2003"])
    }
}

/// The code of the "Embedding strata" article, run on the bundled data so that
/// the article stays compilable and true.
@Suite struct EmbeddingArticleWorkflowTests {
    @Test func articleExampleRuns() throws {
        let path = try AnalysisWorkflowCLITests.routeTotals()
        let read = try AnalysisInput.read(path: path)
        let panel = read.panel
        let series = AnalysisInput.series(of: panel)
        #expect(series.count == 5)
        let stl = try DecompositionWorkflow.decompose(panel, settings: .init(period: 12))
        #expect(stl.series.allSatisfy { $0.method == "linearOperator" && $0.key["route"] != nil })
        let trends = try TrendWorkflow.analyse(panel, settings: .init(period: 12))
        #expect(trends.series.count == 5)
        var settings = ChangePointWorkflow.Settings()
        settings.deseasonalize = 12
        let changes = try ChangePointWorkflow.detect(panel, settings: settings)
        // datasets/synthetic_detections_monthly.md: Central Mediterranean falls from 2017-08.
        let central = changes.series.first { $0.key["route"] == "Central Mediterranean" }
        #expect(central?.outcome?.segments.map(\.startPeriod.description) == ["2015-01", "2017-08"])
        let outlook = try ForecastWorkflow.forecast(panel, settings: .init(horizon: 12))
        #expect(outlook.forecasts.count == 5 && outlook.failures.isEmpty)
        let accuracy = try BacktestWorkflow.backtest(panel, settings: .init(horizon: 6, origins: 3, method: .seasonalNaive))
        #expect(accuracy.series.count == 5 && accuracy.failures.isEmpty)
        let out = OutputSink.inMemory()
        try StrataJSON.write(changes, to: out)
        try out.close()
        let cli = try CLIRunner.run(["changepoints", path, "--deseasonalize", "12", "--format", "json"])
        #expect(cli.stdout == String(decoding: out.memory, as: UTF8.self))
    }
}

/// The switch for the change-point default: ``ChangePointWorkflow/Cost/recommended``
/// runs StrataNumerics' recommended configuration through the workflow.
@Suite struct RecommendedChangePointWorkflowTests {
    /// Known truth by construction: y = 0.5·t ± 1 (alternating), plus 15 from t = 35.
    /// One change at 35; the change-in-mean default (`auto`) cuts the trend into a staircase.
    @Test func recommendedCostFindsOneShiftOnATrend() throws {
        var values: [Double] = []
        for t in 0..<60 {
            let noise: Double = t % 2 == 0 ? 1 : -1
            let shift: Double = t >= 35 ? 15 : 0
            values.append(0.5 * Double(t) + noise + shift)
        }
        let series = TimeSeries(key: SeriesKey([]), start: try Period(parsing: "2000-01"), values: values)
        let recommended = try ChangePointWorkflow.detect(series, settings: .init(cost: .recommended))
        #expect(recommended.changepoints == [35])
        #expect(recommended.segments.map(\.startPeriod.description) == ["2000-01", "2002-12"])
        let staircase = try ChangePointWorkflow.detect(series, settings: .init(cost: .auto))
        #expect(staircase.changepoints.count > 1)
        var csv = "period,value\n"
        for (t, v) in values.enumerated() { csv += "\(series.start + t),\(v)\n" }
        let out = try CLIRunner.run(["changepoints", "-", "--cost", "recommended", "--format", "json"], stdin: csv)
        #expect(out.status == 0, "\(out.stderr)")
        let decoded = try JSONDecoder().decode(ChangePointWorkflow.SeriesResult.self, from: Data(out.stdout.utf8))
        #expect(decoded.outcome == recommended)
    }
}
