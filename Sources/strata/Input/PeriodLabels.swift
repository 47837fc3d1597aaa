/// Future period labels after the last label of an input series, for the
/// forms `YYYY-MM`, `YYYY-Qn` and `YYYY` (a stand-in until the data layer's
/// `Period` type replaces it).
///
/// Labels in any other form continue as `+1`, `+2`, …, and
/// ``inferredPeriod(_:)`` returns 1 for them.
import Foundation

enum PeriodLabels {
    enum Form: Equatable {
        case monthly(year: Int, month: Int)
        case quarterly(year: Int, quarter: Int)
        case annual(year: Int)
    }

    static func parse(_ label: String) -> Form? {
        let s = label.trimmingCharacters(in: .whitespaces)
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText) else { return nil }
        if parts.count == 1 { return .annual(year: year) }
        guard parts.count == 2 else { return nil }
        let rest = parts[1]
        if rest.count == 2, let month = Int(rest), (1...12).contains(month) { return .monthly(year: year, month: month) }
        if rest.count == 2, rest.first == "Q" || rest.first == "q", let q = Int(rest.dropFirst()), (1...4).contains(q) {
            return .quarterly(year: year, quarter: q)
        }
        return nil
    }

    /// The seasonal period implied by a label: 12 for `YYYY-MM`, 4 for `YYYY-Qn`, otherwise 1.
    static func inferredPeriod(_ label: String?) -> Int {
        switch label.flatMap(parse) {
        case .monthly: return 12
        case .quarterly: return 4
        default: return 1
        }
    }

    /// The `count` labels following `last`.
    static func following(_ last: String?, count: Int) -> [String] {
        guard let form = last.flatMap(parse) else { return (1...max(1, count)).prefix(count).map { "+\($0)" } }
        return (1...max(1, count)).prefix(count).map { k in
            switch form {
            case let .monthly(year, month):
                let index = year * 12 + (month - 1) + k
                return "\(index / 12)-" + pad(index % 12 + 1)
            case let .quarterly(year, quarter):
                let index = year * 4 + (quarter - 1) + k
                return "\(index / 4)-Q\(index % 4 + 1)"
            case let .annual(year):
                return "\(year + k)"
            }
        }
    }

    private static func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
