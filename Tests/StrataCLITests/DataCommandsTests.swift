import Foundation
import Testing
import StrataTestSupport

@Suite struct DataCommandsTests {
    let sample = """
        route,nat,period,value
        A,SYR,2016-01,1
        A,SYR,2016-02,2
        A,SYR,2016-03,3
        A,AFG,2016-01,10
        A,AFG,2016-02,10
        A,AFG,2016-03,10
        B,AFG,2016-01,100
        B,AFG,2016-03,100

        """

    @Test func validateCleanFileExitsZero() throws {
        let path = try CLIRunner.temporaryFile("period,value\n2016-01,1\n2016-02,2\n")
        let out = try CLIRunner.run(["validate", path])
        #expect(out.status == 0)
        #expect(out.stdout.contains("0 error(s), 0 warning(s)"))
        #expect(out.stdout.contains("series: 1; periods: 2 (monthly, 2016-01 to 2016-02)"))
    }

    @Test func validateReportsLocatedErrorsAndExitsOne() throws {
        let path = try CLIRunner.temporaryFile("route,period,value\nA,2016-01,abc\nA,2016-02\nA,2016-03,..\n")
        let out = try CLIRunner.run(["validate", path])
        #expect(out.status == 1)
        #expect(out.stdout.contains("\(path):2 column 'value' field 'abc': not a number; cell rejected [textInValue]"))
        #expect(out.stdout.contains("\(path):3 field '2016-02': row has 2 field(s), the header has 3: truncated row rejected [fieldCount]"))
        #expect(out.stdout.contains("placeholders read as missing: '..' × 1"))
        let json = try CLIRunner.run(["validate", path, "--report-format", "json"])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["errorCount"] as? Int == 2)
    }

    @Test func validateWithExplicitFormatAndColumns() throws {
        let path = try CLIRunner.temporaryFile("when;how many\n2016;5\n")
        let out = try CLIRunner.run(["validate", path, "--format", "long", "--column", "period=when", "--column", "value=how many"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("delimiter detected: ';'"))
        let bad = try CLIRunner.run(["validate", path, "--column", "colour=when"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("is not one of period, value"))
    }

    @Test func validateMissingFileFailsCleanly() throws {
        let out = try CLIRunner.run(["validate", "/nonexistent/strata.csv"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("cannot read"))
    }

    /// Contract: header `DIM…,period,value`. Hand sums for Q1 2016: A = 6 + 30 = 36;
    /// B is missing (2016-02 absent) unless --allow-incomplete (200) or --absent-is-zero (200).
    @Test func aggregateByRouteQuarterly() throws {
        let path = try CLIRunner.temporaryFile(sample)
        let out = try CLIRunner.run(["aggregate", path, "--by", "route", "--frequency", "quarterly"])
        #expect(out.status == 0)
        #expect(out.stdout == "route,period,value\nA,2016-Q1,36\nB,2016-Q1,\n")
        let relaxed = try CLIRunner.run(["aggregate", path, "--by", "route", "--frequency", "quarterly", "--allow-incomplete"])
        #expect(relaxed.stdout == "route,period,value\nA,2016-Q1,36\nB,2016-Q1,200\n")
        let zero = try CLIRunner.run(["aggregate", path, "--by", "route", "--frequency", "quarterly", "--absent-is-zero"])
        #expect(zero.stdout == "route,period,value\nA,2016-Q1,36\nB,2016-Q1,200\n")
        #expect(zero.stderr.contains("absent cell(s) filled with 0"))
    }

    @Test func aggregateWhereSeveralDimensionsAndJSON() throws {
        let path = try CLIRunner.temporaryFile(sample)
        let out = try CLIRunner.run(["aggregate", path, "--by", "route,nat", "--where", "nat=AFG", "--where", "route=A"])
        #expect(out.stdout == "route,nat,period,value\nA,AFG,2016-01,10\nA,AFG,2016-02,10\nA,AFG,2016-03,10\n")
        let json = try CLIRunner.run(["aggregate", path, "--by", "nat", "--where", "route=B", "--format", "json"])
        #expect(json.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 3)
        #expect(rows?.first?["nat"] as? String == "AFG")
        #expect(rows?.first?["period"] as? String == "2016-01")
        #expect(rows?.first?["value"] as? Double == 100)
        #expect(rows?.dropFirst().first?["value"] is NSNull)
    }

    /// Shares of Q1 2016 by route with --allow-incomplete: A = 36, B = 200, so 36/236 and 200/236.
    @Test func aggregateShares() throws {
        let path = try CLIRunner.temporaryFile(sample)
        let out = try CLIRunner.run(["aggregate", path, "--by", "route", "--frequency", "quarterly", "--allow-incomplete", "--share"])
        #expect(out.status == 0)
        let values = out.stdout.split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: ",").last ?? "") }
        #expect(values.count == 2)
        #expect(abs((values.first ?? 0) - 36.0 / 236) < 1e-15)
        #expect(abs((values.last ?? 0) - 200.0 / 236) < 1e-15)
    }

    @Test func aggregateRejectsUnknownDimensionAndHigherFrequency() throws {
        let path = try CLIRunner.temporaryFile(sample)
        let unknown = try CLIRunner.run(["aggregate", path, "--by", "sex"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no dimension 'sex'"))
        let annual = try CLIRunner.temporaryFile("period,value\n2016,5\n")
        let higher = try CLIRunner.run(["aggregate", annual, "--by", "", "--frequency", "monthly"])
        #expect(higher.status != 0)
        #expect(higher.stderr.contains("cannot aggregate annual data to the higher frequency monthly"))
    }

    /// The README's first command, on the bundled data (no ../shared needed). The grand
    /// total is checked against a plain sum of the file's value column done here.
    @Test func aggregateBundledDataset() throws {
        let path = SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var fileTotal = 0.0
        for line in text.split(separator: "\n").dropFirst() {
            fileTotal += Double(line.split(separator: ",").last ?? "") ?? .nan
        }
        let out = try CLIRunner.run(["aggregate", path, "--by", "route", "--frequency", "annual"])
        #expect(out.status == 0)
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.first == "route,period,value")
        #expect(lines.count == 1 + 5 * 10)  // 5 routes × 2015…2024
        let sum = lines.dropFirst().reduce(0.0) { $0 + (Double($1.split(separator: ",").last ?? "") ?? .nan) }
        #expect(sum == fileTotal)
    }

    /// The bundled dataset is exactly what the seeded generator writes.
    @Test func syntheticDatasetIsReproducible() throws {
        guard let strata = CLIRunner.executable else { Issue.record("strata executable not found"); return }
        let synth = strata.deletingLastPathComponent().appendingPathComponent("strata-synth")
        guard FileManager.default.isExecutableFile(atPath: synth.path) else {
            Issue.record("strata-synth not built next to strata")
            return
        }
        let process = Process()
        process.executableURL = synth
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let committed = try Data(contentsOf: SharedData.repositoryRoot.appendingPathComponent("datasets/synthetic_detections_monthly.csv"))
        #expect(process.terminationStatus == 0)
        #expect(data == committed)
    }
}

/// The CLI on the real files in ../shared (skips visibly when absent).
@Suite struct DataCommandsRealDataTests {
    /// Frontex figures quoted in ../shared/data/INVENTORY.md: Central Mediterranean 2016 = 181,376,
    /// Eastern Mediterranean 2015 = 885,386.
    @Test func aggregateFrontexByRouteAnnual() throws {
        guard let url = SharedData.file("data/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv") else { return }
        let out = try CLIRunner.run(["aggregate", url.path, "--by", "route", "--frequency", "annual", "--absent-is-zero"])
        #expect(out.status == 0)
        let lines = Set(out.stdout.split(separator: "\n").map(String.init))
        #expect(lines.contains("route,period,value"))
        #expect(lines.contains("Central Mediterranean Route,2016,181376"))
        #expect(lines.contains("Eastern Mediterranean Route,2015,885386"))
        #expect(lines.contains("Central Mediterranean Route,2025,"))  // Jan–Apr only: incomplete year is missing
        // Without --absent-is-zero the omitted zero cells are missing, so the route-year is missing, not undercounted.
        let strict = try CLIRunner.run(["aggregate", url.path, "--by", "route", "--frequency", "annual",
                                        "--where", "route=Central Mediterranean Route"])
        #expect(strict.stdout.contains("Central Mediterranean Route,2016,\n"))
    }

    /// UNHCR workbook, figures quoted in INVENTORY.md: Greece 2015 = 856,723, Italy 2016 = 181,436.
    @Test func validateAndAggregateTheUNHCRWorkbook() throws {
        guard let url = SharedData.file("data/unhcr_med_arrivals/unhcr_med_data_2019-12-31.xlsx") else { return }
        let columns = ["--sheet", "COMBINED", "--column", "period=month-year", "--column", "value=greece_all", "--column", "value=italy_all"]
        let validate = try CLIRunner.run(["validate", url.path, "--format", "xlsx"] + columns)
        #expect(validate.status == 0)
        let out = try CLIRunner.run(["aggregate", url.path, "--by", "series", "--frequency", "annual"] + columns)
        #expect(out.stdout.contains("greece_all,2015,856723\n"))
        #expect(out.stdout.contains("italy_all,2016,181436\n"))
    }

    @Test func validateItalianVintagesExitsOneWithLocatedErrors() throws {
        guard let url = SharedData.file("data/italy_sea_arrivals/sbarchi-per-giorno.csv") else { return }
        let out = try CLIRunner.run(["validate", url.path, "--column", "dimension=Fonte"])
        #expect(out.status == 1)
        #expect(out.stdout.contains(":3372 column 'Valore' field '0[VALORE]0': not a number; cell rejected [textInValue]"))
        #expect(out.stdout.contains("revisions kept (earlier vintages):"))
    }
}
