/// Which notes of an analysis are routine and which change the result.
///
/// A forecast or backtest run over many series produces notes. Some are
/// routine model-selection events that an analyst needs to know happened but
/// not once per series: a candidate ETS model that could not be fitted, the
/// exclusion of multiplicative models for data with zeros, count forecasts
/// clipped at 0. Those are summarised once per run by kind. Everything else —
/// a fallback to another method, a member left out of the combination,
/// missing values dropped, a seasonal series left unadjusted — changes the
/// result the user asked for and is reported per series.
///
/// The notes stay plain text in the results (`notes` in JSON); this
/// classification is how the CLI (and any embedding tool) groups them.
public enum AnalysisNotes {
    /// The summary kind of a routine forecasting note, or `nil` when the
    /// note changes the result and must be shown per series.
    ///
    /// Routine kinds: `"ETS(…) not admissible"` (one per model),
    /// `"some candidate ETS models could not be fitted"`,
    /// `"multiplicative ETS models excluded (data not all positive)"`,
    /// `"seasonal ETS models excluded (fewer than two seasons)"`,
    /// `"forecasts clipped at 0 (count data)"`.
    /// - Complexity: O(length of the note).
    public static func routineKind(ofForecastNote note: String) -> String? {
        if note.hasPrefix("member ") || note.contains("fell back") { return nil }
        if note.hasPrefix("skipped ETS("), let close = note.firstIndex(of: ")") {
            let model = note[note.index(note.startIndex, offsetBy: "skipped ".count)...close]
            return "\(model) not admissible"
        }
        if note.hasSuffix("(too few observations or inadmissible)") {
            return "some candidate ETS models could not be fitted"
        }
        if note.hasPrefix("multiplicative ETS models excluded") {
            return "multiplicative ETS models excluded (data not all positive)"
        }
        if note.hasPrefix("seasonal ETS models excluded") {
            return "seasonal ETS models excluded (fewer than two seasons)"
        }
        if note.hasPrefix("count data: forecasts and interval bounds clipped at 0") {
            return "forecasts clipped at 0 (count data)"
        }
        return nil
    }
}
