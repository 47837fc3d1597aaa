/// Monthly period labels for test inputs: `month(0)` is `2000-01`, `month(12)` is `2001-01`.
///
/// The analysis commands read through StrataData, which parses period labels,
/// so test files use real periods rather than observation numbers.
func month(_ index: Int) -> String {
    let m = index % 12 + 1
    return "\(2000 + index / 12)-\(m < 10 ? "0" : "")\(m)"
}
