import Foundation
import StrataAnalysis
import StrataData

/// Renders a ``CountryAssessment`` as Markdown (CommonMark with GitHub
/// tables): the same sections, sentences and tables as the HTML report,
/// without the charts (their data are in the tables and in the JSON).
///
/// Text from the data is escaped with ``Markup/escapeHTML(_:)`` (CommonMark
/// decodes the character references) and `|`, `*`, `_`, `` ` ``, `[`, `]`
/// are backslash-escaped, so a label can neither inject HTML nor break a table.
public enum MarkdownReport {
    /// The Markdown document.
    /// - Complexity: O(size of the document).
    public static func render(_ doc: CountryAssessment) -> String {
        var o = ""
        let m = doc.metadata
        o += "# \(e(m.title))\n\n"
        o += "Period covered: \(m.periodFrom) to \(m.periodTo) (\(m.frequency.rawValue)); the last period is provisional. "
        o += "Estimative language: \(e(doc.methods.yardstickName)). strata \(e(m.strataVersion)); sources: "
        o += m.sources.map { "\(e($0.name)) (SHA-256 \($0.sha256))" }.joined(separator: ", ") + ".\n"
        if let g = m.generatedAt { o += "Generated: \(e(g)).\n" }

        o += "\n## 1. Key judgements\n\n"
        for j in doc.keyJudgements {
            o += "\(j.number). **\(e(j.statement))** \(e(j.confidenceStatement)) *What would change it:* \(e(j.whatWouldChange))\n"
            for b in j.basis { o += "    - \(e(b))\n" }
        }
        if doc.keyJudgements.isEmpty { o += "No judgement could be made: too little data for an outlook.\n" }

        o += "\n## 2. Situation overview\n\n"
        for s in doc.overview.summary { o += "- \(e(s))\n" }
        o += table(["indicator", "latest", "a year earlier", "last 12 periods", "12 before", "change"], doc.overview.indicators.map {
            [$0.indicator, ReportNumber.published($0.latest), ReportNumber.published($0.latestYearEarlier),
             ReportNumber.published($0.lastYear), ReportNumber.published($0.previousYear), ReportNumber.change($0.change)]
        })

        o += "\n## 3. Routes and border sections\n\n"
        let h = m.configuration.horizon
        o += table(["route", "last 12 periods", "share", "last \(h)", "same \(h) a year earlier", "change", "trend per year", "last change"],
                   doc.routes.routes.map { r in
            [r.route + (r.isMain ? " (main)" : ""), ReportNumber.published(r.lastYear), ReportNumber.percent(r.shareLastYear),
             ReportNumber.published(r.lastBlock), ReportNumber.published(r.lastBlockYearEarlier), ReportNumber.change(r.lastBlockChange),
             r.trendTest.map { ReportNumber.change($0.growthRatePerYear) } ?? "n/a",
             r.changePoints.last.map { "\($0.period) ×\(String(format: "%.2f", $0.ratio))" } ?? "none"]
        })
        o += "\n### Route shifts and displacement\n\n\(e(doc.routes.shifts.text))\n"
        if !doc.routes.shiftRows.isEmpty {
            o += "\n" + table(["first month", "likely range", "kind", "losing share", "gaining share"], doc.routes.shiftRows.map {
                [$0.period.description, "\($0.rangeFrom) to \($0.rangeTo)", $0.kind, $0.losing.joined(separator: "; "), $0.gaining.joined(separator: "; ")]
            })
        }

        o += "\n## 4. Profiles\n\n"
        if let dim = doc.profiles.dimension {
            o += table([dim, "last 12 periods", "12 before", "change", "share"], doc.profiles.rows.map {
                [$0.profile, ReportNumber.published($0.lastYear), ReportNumber.published($0.previousYear), ReportNumber.change($0.change), ReportNumber.percent($0.share)]
            })
        } else {
            o += "The data have no citizenship or nationality dimension.\n"
        }
        o += "\n### Emerging profiles\n\n\(e(doc.profiles.emerging.text))\n"
        if !doc.profiles.emergingRows.isEmpty {
            o += "\n" + table(["pair", "from", "mean share", "mean count a month"], doc.profiles.emergingRows.map {
                [$0.codes.joined(separator: " × "), $0.period.description, ReportNumber.percent($0.share), ReportNumber.published($0.count)]
            })
        }

        o += "\n## 5. Outlook\n\n"
        o += table(["route", "periods", "forecast total", "80 % interval", "same periods a year earlier", "P(above a year earlier)", "term", "last periods observed", "P(above last periods)", "confidence"],
                   doc.outlook.map { x in
            [x.route, "\(x.periods.first?.description ?? "") to \(x.periods.last?.description ?? "")", ReportNumber.estimate(x.totalMean),
             "\(ReportNumber.estimate(x.totalLower80)) to \(ReportNumber.estimate(x.totalUpper80))", ReportNumber.published(x.yearEarlierBlock),
             ReportNumber.percent(x.probabilityAboveYearEarlier), x.term.withBand, ReportNumber.published(x.lastBlock),
             ReportNumber.percent(x.probabilityAboveLastBlock), x.confidence.rawValue]
        })

        o += "\n## 6. Risk ranking\n\n\(e(doc.risk.note.text))\n"
        if !doc.risk.rows.isEmpty {
            o += "\n" + table(["rank", "route", "score", "5–95 % band", "main drivers"], doc.risk.rows.map { r in
                [r.rank.map(String.init) ?? "n/a", r.unit, String(format: "%.1f", r.score),
                 "\(String(format: "%.1f", r.scoreLower)) to \(String(format: "%.1f", r.scoreUpper))", r.drivers.joined(separator: "; ")]
            })
        }

        o += "\n## 7. Data quality and caveats\n\n"
        for c in doc.dataQuality.caveats { o += "- \(e(c))\n" }

        o += "\n## 8. Indicators and warnings\n\n"
        o += table(["route", "status", "last 3 periods", "a year earlier", "next 3: amber rise", "next 3: red rise", "false-alarm rate", "signals / periods"],
                   doc.warnings.map { w in
            [w.route, w.status.rawValue.uppercased() + (w.direction == "none" ? "" : " (\(w.direction))"), ReportNumber.published(w.current),
             ReportNumber.published(w.yearEarlier), ReportNumber.estimate(w.amberRiseThreshold), ReportNumber.estimate(w.redRiseThreshold),
             ReportNumber.percent(w.falseAlarmRate), "\(w.signals) / \(w.evaluatedPeriods)"]
        })

        o += "\n## 9. Track record\n\n"
        for s in doc.trackRecord.summary { o += "- \(e(s))\n" }

        o += "\n## 10. Methods annex\n\n"
        for d in doc.methods.definitions { o += "- \(e(d))\n" }
        o += "\n" + table(["term", "probability"], doc.methods.yardstick.map { [$0.term, "\(EstimativeTerm.percent($0.lower))–\(EstimativeTerm.percent($0.upper)) %"] })
        o += "\n\(e(doc.methods.gapRule))\n\n\(e(doc.methods.confidenceRule))\n\n"
        o += table(["method", "reference", "parameters"], doc.methods.methods.map { n in
            [n.name, n.reference, n.parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "; ")]
        })
        return o
    }

    static func e(_ s: String) -> String {
        var out = ""
        for ch in Markup.escapeHTML(s) {
            if "|*_`[]\\".contains(ch) { out.append("\\") }
            out.append(ch == "\n" || ch == "\r" ? " " : ch)
        }
        return out
    }

    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        var o = "| " + headers.map(e).joined(separator: " | ") + " |\n"
        o += "|" + headers.map { _ in " --- |" }.joined() + "\n"
        for r in rows { o += "| " + r.map(e).joined(separator: " | ") + " |\n" }
        return o
    }
}
