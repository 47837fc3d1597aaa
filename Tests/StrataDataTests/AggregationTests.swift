import Foundation
import Testing
@testable import StrataData

@Suite struct AggregationTests {
    /// Two routes × two nationalities, Jan–Jun 2016; one cell missing (B/AFG 2016-05).
    let text = """
        route,nat,period,value
        A,SYR,2016-01,1
        A,SYR,2016-02,2
        A,SYR,2016-03,3
        A,SYR,2016-04,4
        A,SYR,2016-05,5
        A,SYR,2016-06,6
        A,AFG,2016-01,10
        A,AFG,2016-02,10
        A,AFG,2016-03,10
        A,AFG,2016-04,10
        A,AFG,2016-05,10
        A,AFG,2016-06,10
        B,AFG,2016-01,100
        B,AFG,2016-02,100
        B,AFG,2016-03,100
        B,AFG,2016-04,100
        B,AFG,2016-05,..
        B,AFG,2016-06,100

        """

    func panel() -> Panel { DataReader.read(csv: text).panel }

    /// By route, quarterly. Hand sums: A Q1 = (1+2+3) + 30 = 36, A Q2 = (4+5+6) + 30 = 45;
    /// B Q1 = 300, B Q2 missing (May missing).
    @Test func sumsOverDimensionsAndToQuarters() throws {
        let r = try Aggregation.sum(panel(), by: ["route"], to: .quarterly)
        #expect(r.panel.dimensions == ["route"])
        #expect(r.panel.periods.map(\.description) == ["2016-Q1", "2016-Q2"])
        let a = try r.panel.series(at: 0), b = try r.panel.series(at: 1)
        #expect(a.key["route"] == "A" && a.values == [36, 45])
        #expect(b.values.first == 300 && b.values.last?.isNaN == true)
        #expect(r.incompleteCells == 1)
    }

    /// With --allow-incomplete, B Q2 = 100 + 100 = 200 (April and June).
    @Test func allowIncompleteSumsWhatIsPresent() throws {
        let r = try Aggregation.sum(panel(), by: ["route"], to: .quarterly, completeness: .allowIncomplete)
        #expect(try r.panel.series(at: 1).values == [300, 200])
    }

    /// A year with missing months is missing: the calendar only covers Jan–Jun 2016.
    @Test func partialYearIsMissing() throws {
        let r = try Aggregation.sum(panel(), by: ["route"], to: .annual)
        #expect(try r.panel.series(at: 0).values.first?.isNaN == true)
        let relaxed = try Aggregation.sum(panel(), by: ["route"], to: .annual, completeness: .allowIncomplete)
        #expect(try relaxed.panel.series(at: 0).values == [81])  // 21 + 60
    }

    /// Filter nat=AFG, grand total by month: Jan = 10 + 100 = 110; May missing.
    @Test func filtersAndGrandTotal() throws {
        let r = try Aggregation.sum(panel(), by: [], where: ["nat": ["AFG"]])
        #expect(r.panel.seriesCount == 1)
        let v = try r.panel.series(at: 0).values
        #expect(v.first == 110)
        #expect(v.count == 6 && v[4].isNaN)
    }

    /// A Total row is used instead of its parts, never added to them:
    /// DE: parts 3 + 4, published total 8 → 8 (not 15). FR has no total → 1 + 2 = 3.
    @Test func totalsAreNeverSummedWithParts() throws {
        let p = DataReader.read(csv: """
            geo,citizen,period,value
            DE,SY,2015,3
            DE,AF,2015,4
            DE,Total,2015,8
            FR,SY,2015,1
            FR,AF,2015,2

            """).panel
        let byGeo = try Aggregation.sum(p, by: ["geo"])
        #expect(try byGeo.panel.series(at: 0).values == [8])
        #expect(try byGeo.panel.series(at: 1).values == [3])
        #expect(byGeo.partsReplacedByTotals == 2)
        let all = try Aggregation.sum(p, by: [])
        #expect(try all.panel.series(at: 0).values == [11])
        // Grouping by citizen keeps Total as its own group.
        let byCitizen = try Aggregation.sum(p, by: ["citizen"])
        #expect(byCitizen.panel.keys.map { $0["citizen"] } == ["SY", "AF", "Total"])
        #expect(try byCitizen.panel.series(at: 2).values == [8])
    }

    @Test func errors() {
        #expect(throws: AggregationError.self) { try Aggregation.sum(panel(), by: ["sex"]) }
        #expect(throws: AggregationError.cannotConvert(from: .monthly, to: .daily)) {
            try Aggregation.sum(panel(), by: ["route"], to: .daily)
        }
    }

    /// Shares of January: 1, 10, 100 of 111.
    @Test func shares() throws {
        let s = Aggregation.shares(panel())
        #expect(abs((s.values.first ?? 0) - 1.0 / 111) < 1e-15)
        #expect(abs(s.values[12] - 100.0 / 111) < 1e-15)
    }
}

/// An output missing because a part has no row is counted as incomplete and
/// as missing because of an absent row, at the source and at a lower
/// frequency (hand count: route A has two citizenships; X has no row in
/// 2020-02, so A's 2020-02 sum and A's 2020-Q1 total are missing, one each;
/// filled with zeros, Q1 = 5 + 0 + 4 + 1 + 2 + 3 = 15).
@Suite struct AggregationAbsentRowsTests {
    static let csv = """
        route,nat,period,value
        A,X,2020-01,5
        A,X,2020-03,4
        A,Y,2020-01,1
        A,Y,2020-02,2
        A,Y,2020-03,3
        """

    @Test func monthlyAndAnnualCountsOfAbsentRows() throws {
        let read = DataReader.read(csv: Self.csv)
        let monthly = try Aggregation.sum(read.panel, by: ["route"])
        #expect(monthly.incompleteCells == 1)
        #expect(monthly.missingBecauseAbsent == 1)
        #expect(try monthly.panel.series(at: 0).values.map { $0.isNaN ? -1 : $0 } == [6, -1, 7])
        let quarterly = try Aggregation.sum(read.panel, by: ["route"], to: .quarterly)
        #expect(quarterly.incompleteCells == 1)
        #expect(quarterly.missingBecauseAbsent == 1)
        let filled = DataReader.read(csv: Self.csv, options: ReadOptions(fillAbsentWithZero: true))
        let total = try Aggregation.sum(filled.panel, by: ["route"], to: .quarterly)
        #expect(total.incompleteCells == 0)
        #expect(try total.panel.series(at: 0).values == [15])
    }
}

/// Issue 11: 1e308 + 1e308 is not printed as `inf`; the overflow is an error naming the group and period.
@Suite struct AggregationOverflowTests {
    @Test func sumBeyondTheLargestDoubleIsAnError() throws {
        let read = DataReader.read(csv: "route,period,value\nA,2020-01,1e308\nB,2020-01,1e308\n",
                                   options: ReadOptions(valuesAreCounts: false))
        #expect(throws: AggregationError.overflow(group: "", period: try Period.month(1, of: 2020))) {
            try Aggregation.sum(read.panel, by: [])
        }
    }
}
