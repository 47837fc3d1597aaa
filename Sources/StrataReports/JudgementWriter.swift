import Foundation
import StrataAnalysis
import StrataData

/// Number formatting shared by every table and sentence, so that a figure in
/// the text is character for character the figure in its table.
public enum ReportNumber {
    /// An exact count, grouped: `12,345`.
    public static func count(_ x: Double) -> String { ChartGeometry.grouped(x) }

    /// A published count: the number, "n/a" when missing, "<5" when suppressed.
    public static func published(_ v: PublishedValue) -> String {
        switch v {
        case let .value(x): return count(x)
        case .missing: return "n/a"
        case let .suppressed(t): return "<\(t)"
        }
    }

    /// A model estimate rounded to 3 significant figures (no false precision): `12,300`.
    public static func estimate(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        guard abs(x) >= 1000 else { return count(x) }
        let e = floor(log10(abs(x))) - 2
        let unit = pow(10, e)
        return count((x / unit).rounded() * unit)
    }

    /// A probability as a whole percentage: `68 %`.
    public static func percent(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        let v = Int((p * 100).rounded())
        return v < 0 ? "−\(-v) %" : "\(v) %"
    }

    /// A relative change with its sign: `+23 %`, `−8 %`.
    public static func change(_ r: Double) -> String {
        guard r.isFinite else { return "n/a" }
        let v = Int((r * 100).rounded())
        return v > 0 ? "+\(v) %" : v < 0 ? "−\(-v) %" : "0 %"
    }
}

/// Writes the sentences of the assessment from the analysis' numbers.
enum JudgementWriter {
    static let outlookTable = "5. Outlook"

    static func judgements(_ a: AssessmentAnalysis) -> [KeyJudgement] {
        var out: [KeyJudgement] = []
        for o in a.outlooks.prefix(7) {
            out.append(judgement(o, number: out.count + 1, a: a))
        }
        return out
    }

    static func subjectPhrase(_ route: String) -> String {
        if route == "all routes" { return "detections across all routes" }
        return route.lowercased().contains("route") ? "detections on the \(route)" : "detections on the \(route) route"
    }

    /// "It is likely that …" for adjectives, "There is a remote chance that …" for noun phrases.
    static func opening(_ term: String) -> String {
        switch term {
        case "remote chance": return "There is a remote chance"
        case "a realistic possibility": return "There is a realistic possibility"
        case "almost no chance": return "There is almost no chance"
        case "roughly even chance": return "There is a roughly even chance"
        default: return "It is \(term)"
        }
    }

    static func judgement(_ o: RouteOutlook, number: Int, a: AssessmentAnalysis) -> KeyJudgement {
        let from = o.periods.first.map(\.description) ?? "", to = o.periods.last.map(\.description) ?? ""
        let baseline = ReportNumber.published(o.yearEarlierBlock)
        let baselineText = o.yearEarlierBlock.isSuppressed ? "fewer than \(a.configuration.disclosureThreshold)" : baseline
        let forecast = ReportNumber.estimate(o.totalMean)
        let lo = ReportNumber.estimate(o.totalLower80), hi = ReportNumber.estimate(o.totalUpper80)
        let prob = ReportNumber.percent(o.probabilityAboveYearEarlier)
        let gapNote = o.term.inGap ? "; the model probability lies in a gap of the scale" : ""
        let statement = "\(opening(o.term.term)) (\(EstimativeTerm.percent(o.term.bandLower))–\(EstimativeTerm.percent(o.term.bandUpper)) %; model probability \(prob)\(gapNote)) that \(subjectPhrase(o.route)) in \(from) to \(to) will exceed the \(baselineText) of the same months a year earlier. The central forecast is \(forecast) (80 % interval \(lo) to \(hi))."
        let confidenceStatement = "We have \(o.confidence.rawValue) confidence in this judgement."
        let cpLo = ReportNumber.estimate(o.checkpointLower80), cpHi = ReportNumber.estimate(o.checkpointUpper80)
        let cpFrom = o.checkpointFrom.description, cpTo = o.checkpointTo.description
        let bounds = o.checkpointLower80 > 0 ? "below \(cpLo) or above \(cpHi)" : "above \(cpHi)"
        let change = "Detections in \(cpFrom) to \(cpTo) \(bounds) (outside the outlook's 80 % interval for those periods) would change this judgement."
        var basis = o.confidenceReasons.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." }
        let lastBlock = ReportNumber.published(o.lastBlock)
        basis.insert("The last \(o.periods.count) periods totalled \(lastBlock); the probability that the next \(o.periods.count) exceed them is \(ReportNumber.percent(o.probabilityAboveLastBlock)) (\(o.termAboveLastBlock.term)), which mixes in the seasonal pattern.", at: 0)
        if let r = (o.route == "all routes" ? a.total : a.routes.first { $0.route == o.route }), let t = r.trendTest {
            basis.insert("Over \(t.from) to \(t.to) the trend was \(ReportNumber.change(t.growthRatePerYear)) a year (95 % interval \(ReportNumber.change(t.growthRateLower)) to \(ReportNumber.change(t.growthRateUpper))).", at: 1)
        }
        var figures = [
            JudgementFigure(label: "model probability", text: prob, table: outlookTable),
            JudgementFigure(label: "same months a year earlier", text: baseline, table: outlookTable),
            JudgementFigure(label: "central forecast", text: forecast, table: outlookTable),
            JudgementFigure(label: "80 % interval, lower", text: lo, table: outlookTable),
            JudgementFigure(label: "80 % interval, upper", text: hi, table: outlookTable),
            JudgementFigure(label: "checkpoint upper", text: cpHi, table: outlookTable),
        ]
        if o.checkpointLower80 > 0 { figures.append(JudgementFigure(label: "checkpoint lower", text: cpLo, table: outlookTable)) }
        return KeyJudgement(
            number: number, subject: o.route, statement: statement, probability: o.probabilityAboveYearEarlier,
            term: o.term, confidence: o.confidence, confidenceStatement: confidenceStatement, basis: basis,
            whatWouldChange: change, figures: figures)
    }

    static func overviewSummary(_ a: AssessmentAnalysis) -> [String] {
        var out: [String] = []
        let t = a.total
        let last = a.periods.last?.description ?? ""
        out.append("In the last \(min(a.seasonalPeriod, a.periods.count)) periods to \(last) there were \(ReportNumber.published(t.lastYear)) detections, against \(ReportNumber.published(t.previousYear)) in the year before.")
        if t.lastBlockChange.isFinite {
            out.append("The last \(a.configuration.horizon) periods (\(ReportNumber.published(t.lastBlock))) were \(ReportNumber.change(t.lastBlockChange)) on the same periods a year earlier (\(ReportNumber.published(t.lastBlockYearEarlier))).")
        }
        if let tt = t.trendTest {
            let dir = tt.direction == .noTrend ? "no significant monotone trend" : "a significant \(tt.direction == .increasing ? "rise" : "fall")"
            out.append("Seasonally adjusted, the series shows \(dir) over \(tt.from) to \(tt.to) (seasonal Kendall p = \(String(format: "%.3f", tt.pValue))).")
        }
        if let cp = t.changePoints.last {
            out.append("The last change of level was in \(cp.period): the seasonally adjusted level moved from \(ReportNumber.estimate(cp.levelBefore)) to \(ReportNumber.estimate(cp.levelAfter)) a period (×\(String(format: "%.2f", cp.ratio))).")
        }
        if let top = a.routes.first, top.shareLastYear.isFinite {
            out.append("\(top.route) carried the largest share of the last year's detections (\(ReportNumber.percent(top.shareLastYear))).")
        }
        return out
    }

    static func shiftSummary(_ a: AssessmentAnalysis) -> String {
        var parts: [String] = []
        if a.shifts.isEmpty {
            parts.append("No material change of the route composition or of the total was found.")
        } else {
            parts.append("\(a.shifts.count) material change(s) of the route composition or of the total were found; the latest in \(a.shifts.last.map(\.period.description) ?? "").")
        }
        for d in a.displacements where d.displacementRatio.isFinite {
            parts.append("After \(d.label) (\(d.period)), \(ReportNumber.percent(d.displacementRatio)) of the shortfall on the losing routes reappeared on the others (95 % interval \(ReportNumber.percent(d.ratioLower)) to \(ReportNumber.percent(d.ratioUpper))).")
        }
        parts.append("Detections also move with enforcement effort, so a fall on one route is not by itself a fall in crossings.")
        return parts.joined(separator: " ")
    }

    static func trackRecordSummary(_ a: AssessmentAnalysis) -> [String] {
        var out: [String] = []
        for s in a.trackRecordSummaries {
            out.append("\(s.route): over \(s.origins) past outlooks the 80 % interval held the outcome \(ReportNumber.percent(s.coverage80)) of the time (nominal 80 %); Brier score \(String(format: "%.2f", s.brierScore)) (0.25 is a constant 50 % guess); mean absolute error \(ReportNumber.percent(s.meanAbsolutePercentageError)).")
        }
        if out.isEmpty { out.append("Too little history to score past outlooks.") }
        return out
    }
}
