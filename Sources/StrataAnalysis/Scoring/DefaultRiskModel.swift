import Foundation

extension RiskModel {
    /// The default risk model, identical to `datasets/models/default-risk-model.json`.
    ///
    /// Risk is the geometric mean of threat, vulnerability and impact, each on
    /// 0–10 (the common integrated risk analysis model's reading of risk as a
    /// function of threat, vulnerability and impact; INFORM's construction).
    ///
    /// * **threat** — weighted arithmetic mean of the eight columns of
    ///   ``ThreatSignals`` (weights: recent volume 0.30, growth 0.15,
    ///   acceleration 0.10, volatility 0.05, years since change 0.05, change
    ///   size 0.10, share gained 0.10, outlook growth 0.15), each min–max
    ///   normalised to 0–10 between fixed bounds in raw units (so scores are
    ///   comparable between runs; values beyond the bounds are clamped).
    /// * **vulnerability**, **impact** — analyst-supplied columns already on
    ///   0–10 (`normalisation: none`), *optional*: when the INDICATORS table
    ///   has no such column the dimension is left out with a note and the
    ///   geometric mean runs over the dimensions present. With neither column,
    ///   risk is the threat score alone. No value is invented.
    /// * **uncertainty** — weights ±25 %, min–max or rank normalisation, and
    ///   leaving out acceleration, volatility or outlook growth.
    ///
    /// - Throws: ``RiskModelError`` only if the embedded text were invalid (a test checks it is not).
    public static var defaultRisk: RiskModel {
        get throws { try RiskModel.decode(Data(defaultRiskJSON.utf8), format: .json, source: "default-risk-model.json") }
    }

    /// The text of the default model file.
    public static let defaultRiskJSON = """
    {
      "version": 1,
      "name": "strata default risk model",
      "description": "Risk = geometric mean of threat, vulnerability and impact, each 0-10 (common integrated risk analysis model; INFORM-style construction). Threat comes from the columns of `strata signals`; vulnerability and impact are optional analyst-supplied 0-10 columns: when a table has neither, they are left out with a note and the score is the threat score alone. Fixed min-max bounds (raw units) keep scores comparable between runs; values beyond them are clamped to 0 or 10.",
      "indicators": [
        {"name": "recent_volume", "direction": "higher-is-worse", "transform": "log1p",
         "normalisation": {"method": "minmax", "min": 0, "max": 1000000},
         "description": "detections in the last 12 months (log scale, 0 to 1,000,000)"},
        {"name": "growth", "direction": "higher-is-worse",
         "normalisation": {"method": "minmax", "min": -0.5, "max": 1},
         "description": "seasonally adjusted growth per year (-50 % to +100 %)"},
        {"name": "acceleration", "direction": "higher-is-worse",
         "normalisation": {"method": "minmax", "min": -1, "max": 1},
         "description": "change of the year-on-year log growth"},
        {"name": "volatility", "direction": "higher-is-worse",
         "normalisation": {"method": "minmax", "min": 0, "max": 1},
         "description": "standard deviation of seasonal log changes"},
        {"name": "years_since_change", "direction": "higher-is-better",
         "normalisation": {"method": "minmax", "min": 0, "max": 5},
         "description": "years since the last change point (recent change = higher threat)"},
        {"name": "change_size", "direction": "higher-is-worse",
         "normalisation": {"method": "minmax", "min": -1, "max": 1},
         "description": "log ratio of the level after the last change to the level before"},
        {"name": "share_gained", "direction": "higher-is-worse",
         "normalisation": {"method": "minmax", "min": -0.2, "max": 0.2},
         "description": "share of the units' total gained in the last year (fraction)"},
        {"name": "outlook_growth", "direction": "higher-is-worse",
         "normalisation": {"method": "minmax", "min": -1, "max": 1},
         "description": "log ratio of the next 12 months' forecast to the last 12 months"},
        {"name": "vulnerability", "direction": "higher-is-worse", "normalisation": "none", "optional": true,
         "description": "analyst-supplied vulnerability, 0-10"},
        {"name": "impact", "direction": "higher-is-worse", "normalisation": "none", "optional": true,
         "description": "analyst-supplied impact, 0-10"}
      ],
      "tree": {
        "name": "risk", "aggregation": "geometric",
        "children": [
          {"name": "threat", "aggregation": "arithmetic",
           "children": ["recent_volume", "growth", "acceleration", "volatility", "years_since_change", "change_size", "share_gained", "outlook_growth"],
           "weights": [0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.1, 0.15]},
          "vulnerability",
          "impact"
        ]
      },
      "uncertainty": {
        "weightRange": 0.25,
        "normalisations": ["minmax", "rank"],
        "exclude": ["acceleration", "volatility", "outlook_growth"]
      }
    }
    """
}
