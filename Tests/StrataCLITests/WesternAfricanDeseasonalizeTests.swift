import Foundation
import Testing
import StrataTestSupport

/// `strata changepoints --deseasonalize 12` on the Frontex Western African route
/// (issue 10, item 8), with the seasonal pattern, count model and breaks estimated
/// jointly (`ChangePointSeasonality.jointCountFit`).
///
/// Independent evidence, the route's monthly totals (Frontex IBC, absent cells as 0):
/// 2019 Jan–Nov 2,007 in 11 months (mean 182); 2020 Jan–Aug 4,990 in 8 months (mean 624);
/// the 2020 Canary Islands surge Sep 2,148, Oct 5,342, Nov 8,175, Dec 3,432; 2021 22,351
/// in 12 months (mean 1,863; Sep–Dec 3,833, 3,635, 3,129, 2,392); 2018-06..2019-11 3,209
/// in 18 months (mean 178).
///
/// Before the joint fit the route had one segment from 2019-12 to 2023-05 around the
/// surge. What the data support, and what is asserted: the route's reactivation at the turn
/// of 2019/2020 (monthly means 178 in 2018-06..2019-11, 622 in 2019-11..2020-08) and the
/// surge from September 2020 (2020-09..2022-02: mean 2,608, four times the months before).
/// A return in 2020-12..2021-02 is not asserted: October is the route's peak month in most
/// years since 2009, 2021's autumn (3,833, 3,635, 3,129, 2,392) is as high as 2020's apart
/// from November, and under the fitted model a change at 2021-01 gains about 1 against
/// MBIC's 15.8 (see `ChangePointSeasonality.automaticSearch`).
@Suite struct WesternAfricanDeseasonalizeTests {
    func westernAfrican() throws -> [String: Any]? {
        guard let url = SharedData.file("data/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv")
        else { return nil }
        let agg = try CLIRunner.run(["aggregate", url.path, "--by", "route", "--absent-is-zero"])
        #expect(agg.status == 0, "\(agg.stderr)")
        let out = try CLIRunner.run(["changepoints", "-", "--deseasonalize", "12", "--format", "json"], stdin: agg.stdout)
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        let series = json?["series"] as? [[String: Any]] ?? []
        return series.first { ($0["series"] as? String) == "Western African Route" }
    }

    @Test func reactivationAndSurgeAreDated() throws {
        guard let route = try westernAfrican() else { return }
        let segments = route["segments"] as? [[String: Any]] ?? []
        let starts = segments.compactMap { $0["startPeriod"] as? String }
        // The reactivation: a segment starts within 2019-10..2020-01.
        #expect(starts.contains { $0 >= "2019-10" && $0 <= "2020-01" }, "segment starts \(starts)")
        // The surge: a segment starts within 2020-08..2020-10, and its level is at least twice
        // the level before it (hand: monthly means 622 before, 2,608 from 2020-09 to 2022-02,
        // 4,774 for 2020-09..2020-12 alone).
        let index = segments.firstIndex { (($0["startPeriod"] as? String) ?? "") >= "2020-08"
            && (($0["startPeriod"] as? String) ?? "") <= "2020-10" }
        #expect(index != nil, "segment starts \(starts)")
        if let i = index, i > 0 {
            let level = segments[i]["level"] as? Double ?? 0
            let before = segments[i - 1]["level"] as? Double ?? .infinity
            #expect(level >= 2 * before, "levels \(before) → \(level)")
            // The change points in the JSON are the segment starts (indices on 2009-01 = 0).
            let changepoints = route["changepoints"] as? [Int] ?? []
            let start = segments[i]["start"] as? Int ?? -1
            #expect(changepoints.contains(start))
        }
        #expect((route["cost"] as? String) == "negbin")
    }
}
