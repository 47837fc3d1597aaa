import ArgumentParser
import Foundation
import StrataAnalysis
import StrataData
import StrataReports

/// `strata shifts DATA [--reporter CODE] [--by DIM] [--event PERIOD:LABEL]… [--control CODE] [--replay] [--format json|csv]`.
struct Shifts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shifts",
        abstract: "Date route shifts, say who moved where, and measure displacement around events.",
        discussion: """
            Example (bundled data, from the repository root):
              strata shifts datasets/frontex_ibc_monthly_2015-01_2025-04.csv \\
                --absent-is-zero --event 2016-03:EU-Turkey

            DATA is any file the readers take (long CSV, SDMX-CSV, wide, .xlsx; '-' is standard \
            input) with monthly counts and a dimension --by (default route). Files that omit zero \
            rows need --absent-is-zero.

            Shifts: seasonality is removed by STL (period 12, s.window 13) from the centred \
            log-ratio coordinates of the route shares (zeros replaced multiplicatively, \
            Martín-Fernández et al. 2003) and from log1p of the total; exact PELT finds changes \
            in the composition and in the total. A composition change with a total change \
            within 3 months is 'both', alone 'displacement'; a total change alone is 'volume'. \
            periodRange is a likelihood-ratio range for the date.

            Events (--event 2016-03:EU-Turkey, repeatable): the event month belongs to neither \
            side; each route's counterfactual over the --post-window months after it (default 9) \
            comes from its last 48 months before it (log1p, periodic seasonal, 12-month level, \
            rolling-origin level error); 95% intervals from 2000 seeded draws. Losing routes: \
            those below their interval (or --losing); gaining: all others but the control (or \
            --gaining). displacementRatio = excess on gaining / deficit on losing. wdq is the \
            Weighted Displacement Quotient (Bowers & Johnson 2003) against the same months a \
            year earlier, with --control as control (null without it).

            Emerging profiles: route × citizenship pairs whose share is ≥ 2% with ≥ 100 \
            detections a month for 3 consecutive months after a year below 0.5%.

            --replay runs the detector as at the end of each past month (from month 36) and \
            prints, per event and per shift, when it was first flagged and the months it took; \
            false flags go to standard error (and into JSON).

            JSON: {"shifts":[{"period","periodRange","kind","losing":[{"code","shareBefore",\
            "shareAfter","volumeBefore","volumeAfter"}],"gaining":[…],"totalBefore","totalAfter"}],\
            "events":[{"period","label","window","routes":[{"code","role","observed",\
            "counterfactual","lower","upper","excess","excessLower","excessUpper"}],"losing",\
            "gaining","displacementRatio","ratioLower","ratioUpper","wdq","control","notes"}],\
            "emerging":[{"code","codes","period","share","count"}],"replay","routes","span","notes"}. \
            CSV: one row per shift route, event route and emerging profile, columns \
            section,period,period_from,period_to,kind,label,code,role,share_before,share_after,\
            observed,counterfactual,lower,upper,ratio,ratio_lower,ratio_upper,wdq,control (an emerging \
            row carries its share in share_after and its mean monthly count in observed); with \
            --replay the replay table period,label,flagged_at,months_to_flag,flagged_period (the date the detector gave the flagged shift).
            """)

    @Argument(help: "The data file ('-' for standard input).")
    var data: String

    @Option(help: "The reporter to analyse (needed when the file holds several). Default: the only reporter, or the whole file when there is no reporter dimension.")
    var reporter: String?

    @Option(name: .customLong("reporter-dimension"), help: "The reporter dimension's name.")
    var reporterDimension: String = "reporter"

    @Option(help: "The dimension whose parts form the composition.")
    var by: String = "route"

    @Option(name: .customLong("event"), parsing: .singleValue,
            help: ArgumentHelp("An event PERIOD:LABEL (repeatable), e.g. 2016-03:EU-Turkey. Default: none (detected shifts only).", valueName: "PERIOD:LABEL"))
    var events: [String] = []

    @Option(help: "The control route of the WDQ. Default: none (no WDQ).")
    var control: String?

    @Option(name: .customLong("losing"), parsing: .singleValue, help: "A losing route for every event (repeatable; default: routes below their counterfactual interval).")
    var losing: [String] = []

    @Option(name: .customLong("gaining"), parsing: .singleValue, help: "A candidate gaining route for every event (repeatable; default: every other route but the control).")
    var gaining: [String] = []

    @Option(name: .customLong("post-window"), help: "Months after the event month in the post-event window.")
    var postWindow: Int = 9

    @Option(help: "Seed of the simulated intervals.")
    var seed: UInt64 = ShiftOptions().seed

    @Flag(help: "Replay the detector month by month and print when each event was flagged. Default: off.")
    var replay = false

    @Option(help: "Output format: csv or json (default: csv).")
    var format: OutputFormat = .csv

    @OptionGroup var input: DataInputOptions

    @OptionGroup var plot: PlotOptions

    func run() throws {
        var options = ShiftOptions()
        options.by = by
        options.reporter = reporter
        options.reporterDimension = reporterDimension
        options.control = control
        options.postWindow = postWindow
        options.seed = seed
        options.replay = replay
        do {
            options.events = try events.map { spec in
                var e = try ShiftEvent(parsing: spec)
                if !losing.isEmpty { e.losing = losing }
                if !gaining.isEmpty { e.gaining = gaining }
                return e
            }
        } catch let e as ShiftError {
            throw ValidationError(e.description)
        }
        try CommandOutput.run { sink in
            let result = try input.load(data)
            input.noteReadProblems(result, file: data)
            let analysis = try RouteShiftAnalysis.analyze(result.panel, options: options)
            try plot.write([AnalysisPlots.shares(try RouteShiftAnalysis.composition(result.panel, options: options),
                                                 shifts: analysis.shifts, title: "Share of each \(options.by) in the total")],
                           title: "Route shifts")
            switch format {
            case .json:
                try CommandOutput.writeJSON(analysis, to: sink)
            case .csv:
                if replay, let r = analysis.replay {
                    try writeReplay(r, to: sink)
                } else {
                    try writeCSV(analysis, to: sink)
                }
            }
            if let r = analysis.replay {
                StandardErrorStream.write("replay: \(r.replayedMonths) months, \(r.flags) flag(s), \(r.falseFlags) false (\(CSVFormat.number(r.falseFlagsPerRouteYear)) per route-year)")
            }
        }
    }

    private func writeReplay(_ r: ShiftReplay, to sink: OutputSink) throws {
        try sink.writeCSVRow(["period", "label", "flagged_at", "months_to_flag", "flagged_period"])
        for e in r.events {
            try sink.writeCSVRow([e.period.description, e.label, e.flaggedAt?.description ?? "", e.monthsToFlag.map(String.init) ?? "",
                                  e.flaggedPeriod?.description ?? ""])
        }
    }

    private func writeCSV(_ a: ShiftReport, to sink: OutputSink) throws {
        try sink.writeCSVRow(["section", "period", "period_from", "period_to", "kind", "label", "code", "role", "share_before",
                              "share_after", "observed", "counterfactual", "lower", "upper", "ratio", "ratio_lower",
                              "ratio_upper", "wdq", "control"])
        func row(_ text: [String], _ numbers: [Double], _ tail: [String] = []) throws {
            for (i, f) in text.enumerated() {
                if i > 0 { try sink.write(byte: UInt8(ascii: ",")) }
                try sink.writeCSVField(f)
            }
            for x in numbers {
                try sink.write(byte: UInt8(ascii: ","))
                try sink.writeNumber(x)
            }
            for f in tail {
                try sink.write(byte: UInt8(ascii: ","))
                try sink.writeCSVField(f)
            }
            try sink.write(byte: UInt8(ascii: "\n"))
        }
        let nan = Double.nan
        for s in a.shifts {
            let head = ["shift", s.period.description, s.periodRange.first?.description ?? "", s.periodRange.last?.description ?? "",
                        s.kind.rawValue, ""]
            let routes = s.losing.map { ($0, "losing") } + s.gaining.map { ($0, "gaining") }
            if routes.isEmpty { try row(head + ["", ""], [nan, nan, nan, nan, nan, nan, nan, nan, nan, nan], [""]) }
            for (c, role) in routes {
                try row(head + [c.code, role], [c.shareBefore, c.shareAfter, nan, nan, nan, nan, nan, nan, nan, nan], [""])
            }
        }
        for e in a.events {
            for r in e.routes {
                try row(["event", e.period.description, e.window.first?.description ?? "", e.window.last?.description ?? "", "",
                         e.label, r.code, r.role],
                        [nan, nan, r.observed, r.counterfactual, r.lower, r.upper, e.displacementRatio, e.ratioLower,
                         e.ratioUpper, e.wdq], [e.control ?? ""])
            }
        }
        for p in a.emerging {
            try row(["emerging", p.period.description, "", "", "", "", p.code, ""],
                    [nan, p.share, p.count, nan, nan, nan, nan, nan, nan, nan], [""])
        }
    }
}
