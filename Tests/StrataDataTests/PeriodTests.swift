import Testing
import StrataData

@Suite struct PeriodTests {
    /// Every accepted spelling, with the canonical label it must print as
    /// (the forms listed in issue 3 and DESIGN.md).
    @Test(arguments: [
        ("2016", "2016", Frequency.annual),
        ("2016-S1", "2016-S1", .semiannual), ("2016S2", "2016-S2", .semiannual), ("2016-H2", "2016-S2", .semiannual),
        ("2016-Q1", "2016-Q1", .quarterly), ("2016Q4", "2016-Q4", .quarterly), ("2016-q3", "2016-Q3", .quarterly),
        ("2016-03", "2016-03", .monthly), ("2016-M03", "2016-03", .monthly), ("2016M03", "2016-03", .monthly),
        ("2016-M3", "2016-03", .monthly), ("Mar-2016", "2016-03", .monthly), ("September 2016", "2016-09", .monthly),
        (" 2016-12 ", "2016-12", .monthly), ("2016-3", "2016-03", .monthly), ("2016-9", "2016-09", .monthly),
        ("2016-03-15", "2016-03-15", .daily), ("2024-02-29", "2024-02-29", .daily),
    ])
    func parsesAndPrints(text: String, label: String, frequency: Frequency) throws {
        let p = try Period(parsing: text)
        #expect(p.frequency == frequency)
        #expect(p.description == label)
        #expect(try Period(parsing: p.description) == p)
    }

    @Test(arguments: ["", "16", "2016-13", "2016-00", "2016-Q5", "2016-S3", "2016-02-30", "2025-02-29", "2024-04-31",
                      "201603", "2016/03", "2016-0", "2016-", "2016-3-1", "abc", "Foo-2016", "2016-03-15T00", "0000", "2016-M13", "1,022"])
    func rejectsInvalidLabels(text: String) {
        #expect(Period.parse(text) == nil)
        #expect(throws: PeriodError.self) { try Period(parsing: text) }
    }

    /// Day numbers checked with Python: `(date(2016,3,15) - date(1970,1,1)).days == 16875`,
    /// `(date(2024,2,29) - date(1970,1,1)).days == 19782`.
    @Test func dailyIndexIsDaysSince1970() throws {
        #expect(try Period(parsing: "2016-03-15").index == 16875)
        #expect(try Period(parsing: "2024-02-29").index == 19782)
        #expect(try Period(parsing: "1970-01-01").index == 0)
        #expect(Period(frequency: .daily, index: -25508).description == "1900-03-01")
    }

    /// Hand calculations: 2016-03 + 10 months = 2017-01; 2016-Q4 + 1 = 2017-Q1; 2016-12-31 + 1 day = 2017-01-01.
    @Test func arithmeticAndDistance() throws {
        let march = try Period(parsing: "2016-03")
        #expect((march + 10).description == "2017-01")
        #expect((march - 3).description == "2015-12")
        #expect((try Period(parsing: "2016-Q4") + 1).description == "2017-Q1")
        #expect((try Period(parsing: "2016-12-31") + 1).description == "2017-01-01")
        #expect(try Period(parsing: "2017-01").distance(from: march) == 10)
        #expect(try Period(parsing: "2017-Q1").distance(from: march) == nil)
        #expect(march.year == 2016 && march.subperiod == 3)
    }

    @Test func convertsToLowerFrequencies() throws {
        let may = try Period(parsing: "2016-05")
        #expect(try may.converted(to: .quarterly).description == "2016-Q2")
        #expect(try may.converted(to: .semiannual).description == "2016-S1")
        #expect(try may.converted(to: .annual).description == "2016")
        #expect(try Period(parsing: "2016-12-31").converted(to: .monthly).description == "2016-12")
        #expect(try Period(parsing: "2016-Q3").converted(to: .semiannual).description == "2016-S2")
        #expect(throws: PeriodError.cannotConvert(from: .annual, to: .monthly)) { try Period(parsing: "2016").converted(to: .monthly) }
    }

    /// 2016 has 12 months, 4 quarters and 366 days (leap year); 2016-Q1 has 31 + 29 + 31 = 91 days.
    @Test func subperiods() throws {
        #expect(try Period(parsing: "2016").subperiodIndices(in: .monthly).count == 12)
        #expect(try Period(parsing: "2016").subperiodIndices(in: .quarterly).count == 4)
        #expect(try Period(parsing: "2016").subperiodIndices(in: .daily).count == 366)
        #expect(try Period(parsing: "2016-Q1").subperiodIndices(in: .daily).count == 91)
        let q2 = try Period(parsing: "2016-Q2").subperiodIndices(in: .monthly)
        #expect(Period(frequency: .monthly, index: q2.lowerBound).description == "2016-04")
        #expect(throws: PeriodError.self) { try Period(parsing: "2016-03").subperiodIndices(in: .annual) }
    }

    @Test func ordersAndCodes() throws {
        let a = try Period(parsing: "2016-01"), b = try Period(parsing: "2016-02")
        #expect(a < b)
        #expect(Frequency.daily < Frequency.annual)
        let json = try JSONEncoder().encode([a])
        #expect(String(decoding: json, as: UTF8.self) == "[\"2016-01\"]")
        #expect(try JSONDecoder().decode([Period].self, from: json) == [a])
    }
}

import Foundation
