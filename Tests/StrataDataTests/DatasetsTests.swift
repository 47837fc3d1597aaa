import Foundation
import Testing
import StrataTestSupport
@testable import StrataData

/// The bundled datasets: the synthetic panel shows the truth its README states,
/// and the typed-in published figures agree with the publishers' own files.
@Suite struct DatasetsTests {
    func bundled(_ name: String) -> URL { SharedData.repositoryRoot.appendingPathComponent("datasets/\(name)") }

    func annualMean(_ panel: Panel, route: String, years: ClosedRange<Int>) throws -> Double {
        let r = try Aggregation.sum(panel, by: ["route"], where: ["route": [route]], to: .annual)
        let s = try r.panel.series(at: 0)
        let values = years.compactMap { y in s[Period(frequency: .annual, index: y)] }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Ratios implied by the generator's documented parameters (hand calculation):
    /// Eastern Med after/before the 2020-03 shift = 0.3; Western Balkans = (1150 + 0.7 × 3590) / 1150 = 3.185;
    /// Central Med after/before the 2017-08 level change = 0.4; August/February seasonal factor = 1.6 / 0.4 = 4.
    /// Tolerances cover the negative-binomial noise (size 8) of 4-year means (about 3 standard deviations).
    @Test func syntheticPanelShowsItsDocumentedTruth() throws {
        let r = DataReader.read(contentsOf: bundled("synthetic_detections_monthly.csv"))
        #expect(!r.report.hasErrors && r.report.warningCount == 0)
        #expect(r.panel.dimensions == ["reporter", "route", "citizenship", "indicator"])
        #expect(r.panel.seriesCount == 20 && r.panel.periodCount == 120)
        let p = r.panel
        let east = try annualMean(p, route: "Eastern Mediterranean", years: 2021...2024) / annualMean(p, route: "Eastern Mediterranean", years: 2016...2019)
        #expect(abs(east - 0.3) < 0.06)
        let balkans = try annualMean(p, route: "Western Balkans", years: 2021...2024) / annualMean(p, route: "Western Balkans", years: 2016...2019)
        #expect(abs(balkans - 3.185) < 0.4)
        let central = try annualMean(p, route: "Central Mediterranean", years: 2019...2024) / annualMean(p, route: "Central Mediterranean", years: 2015...2016)
        #expect(abs(central - 0.4) < 0.06)
        let stable = try annualMean(p, route: "Western Mediterranean", years: 2021...2024) / annualMean(p, route: "Western Mediterranean", years: 2016...2019)
        #expect(abs(stable - 1) < 0.15)
        let total = try Aggregation.sum(p, by: [])
        let monthly = try total.panel.series(at: 0)
        var august = 0.0, february = 0.0
        for (t, v) in monthly.values.enumerated() {
            let month = (monthly.start + t).subperiod
            if month == 8 { august += v }
            if month == 2 { february += v }
        }
        #expect(august / february > 3 && august / february < 5)
    }

    /// Each typed-in figure recomputed from the publisher's own file in ../shared.
    @Test func publishedFiguresMatchThePublishersFiles() throws {
        let published = DataReader.read(contentsOf: bundled("published_annual_figures.csv"))
        #expect(!published.report.hasErrors)
        #expect(published.panel.dimensions == ["publisher", "indicator", "area"])
        guard let frontexURL = SharedData.file("data/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv"),
            let unhcrURL = SharedData.file("data/unhcr_med_arrivals/unhcr_med_data_2019-12-31.xlsx")
        else { return }
        let frontex = DataReader.read(contentsOf: frontexURL, options: ReadOptions(fillAbsentWithZero: true)).panel
        let byRoute = try Aggregation.sum(frontex, by: ["route"], to: .annual).panel
        let unhcr = DataReader.read(contentsOf: unhcrURL, options: ReadOptions(
            columns: ColumnMapping(period: "month-year", values: ["greece_all", "italy_all"]), sheet: "COMBINED")).panel
        let byCountry = try Aggregation.sum(unhcr, by: ["series"], to: .annual).panel
        var checked = 0
        for s in 0..<published.panel.seriesCount {
            let key = try published.panel.key(ofSeries: s)
            let series = try published.panel.series(at: s)
            for (t, value) in series.values.enumerated() where !value.isNaN {
                let year = series.start + t
                let recomputed: Double?
                switch (key["publisher"], key["area"]) {
                case ("Frontex", let route?):
                    recomputed = byRoute.seriesIndex(of: SeriesKey([("route", route)])).flatMap { byRoute.value(series: $0, period: year) }
                case ("UNHCR", "Greece"):
                    recomputed = byCountry.seriesIndex(of: SeriesKey([("series", "greece_all")])).flatMap { byCountry.value(series: $0, period: year) }
                case ("UNHCR", "Italy"):
                    recomputed = byCountry.seriesIndex(of: SeriesKey([("series", "italy_all")])).flatMap { byCountry.value(series: $0, period: year) }
                default:
                    recomputed = nil
                }
                #expect(recomputed == value, "\(key) \(year)")
                checked += 1
            }
        }
        #expect(checked == 4)
    }
}
