import Foundation
import Testing
import StrataTestSupport
@testable import StrataData

/// The real files in ../shared/data, read as they are, checked against the
/// figures the publishers quote (listed in ../shared/data/INVENTORY.md).
/// Each test skips with a visible notice when ../shared is absent.
@Suite struct RealDataTests {
    func annual(_ panel: Panel, by: [String], where filters: [String: Set<String>] = [:]) throws -> [String: Double] {
        let r = try Aggregation.sum(panel, by: by, where: filters, to: .annual)
        var out: [String: Double] = [:]
        for s in 0..<r.panel.seriesCount {
            let codes = try r.panel.key(ofSeries: s).components.map(\.code)
            for (t, p) in r.panel.periods.enumerated() {
                out[(codes + [p.description]).joined(separator: "|")] = r.panel.values[s * r.panel.periodCount + t]
            }
        }
        return out
    }

    /// Frontex FRAN monthly detections (zero cells omitted). Publisher figures quoted in INVENTORY.md:
    /// Central Mediterranean 2016 = 181,376; Eastern Mediterranean 2015 = 885,386; EU total 2015 = 1,822,102.
    @Test func frontexTotalsMatchPublishedFigures() throws {
        guard let url = SharedData.file("data/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv") else { return }
        let strict = DataReader.read(contentsOf: url)
        #expect(!strict.report.hasErrors)
        #expect(strict.report.counts.rows == 34_273)
        // Without the sparse-zero convention an absent cell is missing, so route-years are missing, not undercounted.
        let strictTotals = try annual(strict.panel, by: ["route"])
        #expect(strictTotals["Central Mediterranean Route|2016"]?.isNaN == true)
        // The publisher omits zero cells (INVENTORY.md): the reader recognises it and says so,
        // and the aggregation says how many totals are missing because rows are absent.
        #expect(strict.report.counts.likelyOmitsZeroCells)
        #expect(strict.report.entries(of: .calendarGap).first?.message.contains("--absent-is-zero") == true)
        let missing = try Aggregation.sum(strict.panel, by: ["route"], to: .annual)
        #expect(missing.missingBecauseAbsent > 0)
        // Every route-year that filling absent cells with zero recovers was counted as missing because of absent rows.
        #expect(missing.missingBecauseAbsent >= missing.panel.values.filter(\.isNaN).count
                - (try Aggregation.sum(DataReader.read(contentsOf: url, options: ReadOptions(fillAbsentWithZero: true)).panel,
                                       by: ["route"], to: .annual).panel.values.filter(\.isNaN).count))

        let result = DataReader.read(contentsOf: url, options: ReadOptions(fillAbsentWithZero: true))
        #expect(result.report.counts.filledAbsent > 0)
        let byRoute = try annual(result.panel, by: ["route"])
        #expect(byRoute["Central Mediterranean Route|2016"] == 181_376)
        #expect(byRoute["Eastern Mediterranean Route|2015"] == 885_386)
        let all = try annual(result.panel, by: [])
        #expect(all["2015"] == 1_822_102)
        #expect(all["2025"]?.isNaN == true)  // only Jan–Apr 2025 in the file: incomplete year
    }

    /// UNHCR workbook read directly from the .xlsx (sheet COMBINED). UNHCR official figures
    /// quoted in INVENTORY.md: Greece 2015 = 856,723; Italy 2016 = 181,436.
    @Test func unhcrWorkbookReadDirectly() throws {
        guard let url = SharedData.file("data/unhcr_med_arrivals/unhcr_med_data_2019-12-31.xlsx") else { return }
        let workbook = try XLSXWorkbook(url: url)
        #expect(workbook.sheetNames.first == "COMBINED")
        #expect(workbook.sheetNames.contains("Arrivals - Italy"))
        let options = ReadOptions(columns: ColumnMapping(period: "month-year", values: ["greece_all", "italy_all", "spain_land"]),
                                  sheet: "COMBINED")
        let r = DataReader.read(contentsOf: url, options: options)
        #expect(!r.report.hasErrors)
        #expect(r.report.counts.placeholders["NA", default: 0] > 0)  // Spain's land arrivals are 'NA' in 2014
        let totals = try annual(r.panel, by: ["series"])
        #expect(totals["greece_all|2015"] == 856_723)
        #expect(totals["italy_all|2016"] == 181_436)
        // Date-formatted cells become ISO dates (first row of the Greek daily sheet: 2015-08-26, 12,500 — seen in Excel/openpyxl).
        let daily = DataReader.read(contentsOf: url, options: ReadOptions(
            columns: ColumnMapping(period: "Arrival Date", values: ["Daily arrived"]), sheet: "Daily Arrivals to Greece"))
        #expect(daily.panel.start?.description == "2015-08-26")
        #expect(daily.panel.values.first == 12_500)
        // A sheet with the period split over two columns. Reference: the inventory's openpyxl conversion of the same
        // sheet, summed with Python: sum(value for rows of
        // unhcr_med_arrivals_monthly_by_destination_nationality_tidy.csv with destination Italy, period 2016-*) = 172,196.
        let italy = DataReader.read(contentsOf: url, options: ReadOptions(
            columns: ColumnMapping(period: "Arrival Year+Arrival Month", values: ["Number of individuals arrived"],
                                   dimensions: ["Country of Origin ISO Code"]),
            sheet: "Arrivals - Italy"))
        let italyTotals = try annual(italy.panel, by: [])
        #expect(italyTotals["2016"] == 172_196)
        let missing = DataReader.read(contentsOf: url, options: ReadOptions(sheet: "No such sheet"))
        #expect(missing.report.entries(of: .worksheet).count == 1)
    }

    /// Italian Interior Ministry daily arrivals in 143 report vintages (`Data_Report`).
    /// Independent figures (Python csv module over the raw file, recorded 2026-11-29):
    /// 912 days have different values in different reports; the latest-vintage sum for 2023
    /// is 155,515 (also quoted in INVENTORY.md); the garbled value `0[VALORE]0` is on line 3372.
    /// The reader also finds seven impossible dates (2024-04-31, 2024-09-31, 2025-02-29, -30, -31, 2025-04-31,
    /// 2025-06-31), the lines listed by Python's `datetime.date.fromisoformat` over the same csv reader.
    @Test func italianDailyArrivalsKeepRevisions() throws {
        guard let url = SharedData.file("data/italy_sea_arrivals/sbarchi-per-giorno.csv") else { return }
        let r = DataReader.read(contentsOf: url, options: ReadOptions(columns: ColumnMapping(dimensions: [])))
        #expect(r.panel.frequency == .daily)
        #expect(r.panel.seriesCount == 1)
        let garbled = r.report.entries(of: .textInValue)
        #expect(garbled.count == 1)
        #expect(garbled.first?.location.line == 3372)
        #expect(garbled.first?.location.field == "0[VALORE]0")
        #expect(r.report.entries(of: .unparseablePeriod).map(\.location.line) == [3315, 3620, 3923, 3924, 3925, 4046, 4169])
        #expect(r.report.entries(of: .conflictingDuplicate).isEmpty)
        // Days whose values differ across vintages.
        var valuesByCell: [Period: Set<Double>] = [:]
        for rev in r.panel.revisions where !rev.value.isNaN { valuesByCell[rev.period, default: []].insert(rev.value) }
        var revisedDays = 0
        for (period, earlier) in valuesByCell {
            if let current = r.panel.value(series: 0, period: period), !earlier.subtracting([current]).isEmpty { revisedDays += 1 }
        }
        #expect(revisedDays == 912)
        let y2023 = try Period(parsing: "2023")
        let days = try y2023.subperiodIndices(in: .daily)
        var sum = 0.0
        for d in days { if let v = r.panel.value(series: 0, period: Period(frequency: .daily, index: d)), !v.isNaN { sum += v } }
        #expect(sum == 155_515)
    }

    /// IOM Missing Migrants raw export: incident rows (summed per region and year), text in a numeric column.
    /// The quoted "1,022" in `Total Dead and Missing` on line 5734 was found with Python's csv module.
    @Test func iomRawFileReportsTextInNumbers() throws {
        guard let url = SharedData.file("data/iom_mmp/MissingMigrants-Global-2019-11-04_raw.csv") else { return }
        let options = ReadOptions(columns: ColumnMapping(period: "Reported Year", values: ["Total Dead and Missing"],
                                                         dimensions: ["Region of Incident"]),
                                  duplicates: .sum)
        let r = DataReader.read(contentsOf: url, options: options)
        #expect(r.report.entries(of: .byteOrderMark).count == 1)
        let text = r.report.entries(of: .textInValue)
        #expect(text.count == 1)
        #expect(text.first?.location.line == 5734)
        #expect(text.first?.location.field == "1,022")
        #expect(text.first?.message.contains("thousands separator") == true)
        #expect(r.report.counts.rows == 6090)
        #expect(r.panel.frequency == .annual)
    }

    /// Eurostat "found illegally present" with a citizen=Total row. The file's own EU28 2015 Total row is
    /// 2,154,675 (grep '^2015,European Union (28 countries),Total'); its 2015 Syria row 859,035 is the figure
    /// INVENTORY.md quotes. Summing over citizens must give the Total, not Total + parts.
    @Test func eurostatTotalRowNotDoubleCounted() throws {
        guard let url = SharedData.file("data/eurostat_enforcement/migr_eipre_tidy.csv") else { return }
        let r = DataReader.read(contentsOf: url)
        #expect(!r.report.hasErrors)
        let eu28: Set<String> = ["European Union (28 countries)"]
        let byGeo = try annual(r.panel, by: ["geo"], where: ["geo": eu28])
        #expect(byGeo["European Union (28 countries)|2015"] == 2_154_675)
        let syria = try annual(r.panel, by: ["geo", "citizen"], where: ["geo": eu28, "citizen": ["Syria"]])
        #expect(syria["European Union (28 countries)|Syria|2015"] == 859_035)
    }
}
