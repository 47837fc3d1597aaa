import StrataData

/// Future period labels after the last label of an input series, and the
/// seasonal period a label implies, for `forecast` and `backtest`.
///
/// A last label that StrataData's `Period` reads (`YYYY-MM`, `YYYY-Qn`,
/// `YYYY`, and also `2016-M03`, `Mar-2016`, `2016-S1`, `2016-03-15`, …) is
/// continued by period arithmetic and printed in the period's ISO-like form
/// (`2016-04`, `2016-Q2`, `2017`, `2016-S2`, `2016-03-16`). Any other label
/// (or none) continues as `+1`, `+2`, …, and ``inferredPeriod(_:)`` returns
/// 1 for it.
enum PeriodLabels {
    /// The seasonal period implied by a label: 12 for a monthly label, 4 for a quarterly one, otherwise 1.
    static func inferredPeriod(_ label: String?) -> Int {
        switch label.flatMap({ Period.parse($0) })?.frequency {
        case .monthly: return 12
        case .quarterly: return 4
        default: return 1
        }
    }

    /// The `count` labels following `last`.
    static func following(_ last: String?, count: Int) -> [String] {
        guard count > 0 else { return [] }
        guard let period = last.flatMap({ Period.parse($0) }) else { return (1...count).map { "+\($0)" } }
        return (1...count).map { (period + $0).description }
    }
}
