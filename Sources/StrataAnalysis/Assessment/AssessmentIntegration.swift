import Foundation
import StrataData
import StrataNumerics

/// A dated change of the route composition or of the total (from ``RouteShiftAnalysis``).
public struct ShiftRow: Sendable, Codable, Equatable {
    /// First month of the new regime.
    public var period: Period
    /// Likelihood-ratio range of that date.
    public var rangeFrom: Period
    public var rangeTo: Period
    /// `displacement`, `volume` or `both`.
    public var kind: String
    /// Routes that lost share: code, share before → after.
    public var losing: [String]
    /// Routes that gained share.
    public var gaining: [String]
    /// Mean seasonally adjusted monthly total before and after.
    public var totalBefore: Double
    public var totalAfter: Double
}

/// Displacement estimated around one event (counterfactual by simulation, from ``RouteShiftAnalysis``).
public struct DisplacementRow: Sendable, Codable, Equatable {
    public var period: Period
    public var label: String
    /// Post-event window.
    public var windowFrom: Period?
    public var windowTo: Period?
    public var losing: [String]
    public var gaining: [String]
    /// Share of the losing routes' shortfall that reappeared on the gaining routes, with its interval.
    public var displacementRatio: Double
    public var ratioLower: Double
    public var ratioUpper: Double
    /// Per route: observed, counterfactual and its interval over the window.
    public var routes: [DisplacementRoute]
    public var notes: [String]
}

/// One route's observed total against its counterfactual after an event.
public struct DisplacementRoute: Sendable, Codable, Equatable {
    public var route: String
    public var role: String
    public var observed: PublishedValue
    public var counterfactual: Double
    public var lower: Double
    public var upper: Double
}

/// A route × profile pair that emerged (from ``RouteShiftAnalysis/emergingProfiles(_:options:)``).
public struct EmergingRow: Sendable, Codable, Equatable {
    /// The codes, e.g. `["Central Mediterranean", "BGD"]`.
    public var codes: [String]
    /// First month of the run.
    public var period: Period
    /// Mean share of all detections over the run.
    public var share: Double
    /// Mean monthly count over the run.
    public var count: PublishedValue
}

/// One unit of the risk ranking (from ``RiskScoring`` on ``ThreatSignals`` with the default risk model).
public struct RiskRow: Sendable, Codable, Equatable {
    public var unit: String
    /// Point score 0–10.
    public var score: Double
    /// 5–95 % Monte Carlo band of the score over the model's uncertain choices.
    public var scoreLower: Double
    public var scoreUpper: Double
    public var rank: Int?
    public var rankLower: Double
    public var rankUpper: Double
    /// Node scores (threat, vulnerability, impact) present.
    public var components: [String: Double]
    /// The largest contributions, largest first ("growth 1.9").
    public var drivers: [String]
}

extension AssessmentAnalysis {
    /// Route shifts, displacement around the configured events and emerging profiles, on the
    /// reporter's (and indicator's) data summed to route × profile. Each part that cannot be
    /// computed leaves a note instead of numbers.
    static func shiftFacts(
        _ filtered: Panel, routeDimension: String, profileDimension: String?, config: AssessmentConfiguration
    ) -> (shifts: [ShiftRow], displacements: [DisplacementRow], emerging: [EmergingRow], notes: [String], available: Bool) {
        var options = ShiftOptions()
        options.by = routeDimension
        options.reporter = nil
        options.seed = config.seed
        if let profileDimension { options.emergingDimensions = [routeDimension, profileDimension] }
        var notes: [String] = []
        let composition: RouteComposition
        do {
            composition = try RouteShiftAnalysis.composition(filtered, options: options)
        } catch {
            return ([], [], [], ["route shifts not available for these data: \(error)"], false)
        }
        var shifts: [ShiftRow] = []
        do {
            shifts = try RouteShiftAnalysis.detectShifts(in: composition, options: options).map { s in
                ShiftRow(
                    period: s.period, rangeFrom: s.periodRange.first ?? s.period, rangeTo: s.periodRange.last ?? s.period,
                    kind: s.kind.rawValue,
                    losing: s.losing.map { "\($0.code) \(Int(($0.shareBefore * 100).rounded())) % → \(Int(($0.shareAfter * 100).rounded())) %" },
                    gaining: s.gaining.map { "\($0.code) \(Int(($0.shareBefore * 100).rounded())) % → \(Int(($0.shareAfter * 100).rounded())) %" },
                    totalBefore: s.totalBefore, totalAfter: s.totalAfter)
            }
        } catch {
            notes.append("shift detection failed: \(error)")
        }
        var displacements: [DisplacementRow] = []
        for e in config.events {
            do {
                let d = try RouteShiftAnalysis.displacement(around: ShiftEvent(period: e.period, label: e.label), in: composition, options: options)
                displacements.append(DisplacementRow(
                    period: d.period, label: d.label, windowFrom: d.window.first, windowTo: d.window.last, losing: d.losing,
                    gaining: d.gaining, displacementRatio: d.displacementRatio, ratioLower: d.ratioLower, ratioUpper: d.ratioUpper,
                    routes: d.routes.map {
                        DisplacementRoute(route: $0.code, role: $0.role, observed: PublishedValue($0.observed, threshold: config.disclosureThreshold),
                                          counterfactual: $0.counterfactual, lower: $0.lower, upper: $0.upper)
                    },
                    notes: d.notes))
            } catch {
                notes.append("displacement around '\(e.label)' (\(e.period)) not available: \(error)")
            }
        }
        var emerging: [EmergingRow] = []
        if profileDimension != nil {
            do {
                emerging = try RouteShiftAnalysis.emergingProfiles(filtered, options: options).map {
                    EmergingRow(codes: $0.codes, period: $0.period, share: $0.share,
                                count: PublishedValue($0.count, threshold: config.disclosureThreshold))
                }
            } catch {
                notes.append("emerging profiles not available: \(error)")
            }
        }
        return (shifts, displacements, emerging, notes + composition.notes, true)
    }

    /// Threat signals per route and the default risk model's score with its bands.
    static func riskFacts(
        _ filtered: Panel, routeDimension: String, config: AssessmentConfiguration
    ) -> (rows: [RiskRow], notes: [String], available: Bool) {
        do {
            let signals = try ThreatSignals.compute(
                filtered, options: ThreatSignalOptions(by: [routeDimension], forecastMethod: config.forecastMethod, seed: config.seed))
            let report = try RiskScoring.score(
                signals.table, model: try RiskModel.defaultRisk, options: RiskScoringOptions(seed: config.seed, sobol: false))
            let rows = report.units.map { u in
                RiskRow(
                    unit: u.unit, score: u.score, scoreLower: u.scoreLo, scoreUpper: u.scoreHi, rank: u.rank,
                    rankLower: u.rankLo, rankUpper: u.rankHi, components: u.components,
                    drivers: u.topDrivers.map { "\($0.name.replacingOccurrences(of: "_", with: " ")) \(String(format: "%.1f", $0.contribution))" })
            }
            return (rows, report.notes + signals.notes, true)
        } catch {
            return ([], ["risk scoring not available for these data: \(error)"], false)
        }
    }
}
