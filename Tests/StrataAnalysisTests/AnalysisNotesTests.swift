import Testing
import StrataAnalysis

@Suite struct AnalysisNotesTests {
    /// The note texts below are the ones StrataNumerics' forecasters write
    /// (ExponentialSmoothing, Forecaster, BenchmarkMethods), typed in here.
    @Test func routineNotesHaveAKind() {
        #expect(AnalysisNotes.routineKind(ofForecastNote:
            "skipped ETS(M,Ad,A): ETS(M,Ad,A) cannot be fitted: no admissible parameters found") == "ETS(M,Ad,A) not admissible")
        #expect(AnalysisNotes.routineKind(ofForecastNote: "count data: forecasts and interval bounds clipped at 0")
            == "forecasts clipped at 0 (count data)")
        #expect(AnalysisNotes.routineKind(ofForecastNote: "multiplicative ETS models excluded: the data are not all positive")
            == "multiplicative ETS models excluded (data not all positive)")
        #expect(AnalysisNotes.routineKind(ofForecastNote:
            "7 candidate models could not be fitted (too few observations or inadmissible)") == "some candidate ETS models could not be fitted")
    }

    @Test func notesThatChangeTheResultAreNotRoutine() {
        #expect(AnalysisNotes.routineKind(ofForecastNote: "no ETS model could be fitted (x); fell back to the naive method") == nil)
        #expect(AnalysisNotes.routineKind(ofForecastNote: "member theta left out: series too short") == nil)
        #expect(AnalysisNotes.routineKind(ofForecastNote:
            "missing value at index 4: fitted on the last 20 contiguous observations only") == nil)
        #expect(AnalysisNotes.routineKind(ofForecastNote:
            "seasonal by the ACF test but not adjusted: a seasonal index is below 1e-4 (as R thetaf)") == nil)
    }
}
