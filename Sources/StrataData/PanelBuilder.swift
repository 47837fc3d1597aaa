/// Accumulates observations (key codes, period, value, flag, vintage, line)
/// and turns them into a ``Panel``, resolving duplicates, vintages, the
/// sparse-zero convention, gaps and totals into report entries.
struct PanelBuilder {
    struct Observation {
        var series: Int32
        var period: Int
        var value: Double
        var line: Int32
        var flag: Int32  // index into flagTexts, -1 = none
        var vintage: Int32  // index into vintageTexts, -1 = none
    }

    /// The largest dense panel built (2^28 cells, 2 GiB of values).
    static let maxCells = 1 << 28

    let dimensions: [String]
    let file: String
    let sheet: String?
    private var dictionaries: [[String: Int32]]
    private var codeLists: [[String]]
    private var seriesByCodes: [[Int32]: Int32] = [:]
    private var seriesCodes: [Int32] = []
    private var seriesCount = 0
    private var observations: [Observation] = []
    private var flagIndex: [String: Int32] = [:]
    private var flagTexts: [String] = []
    private var vintageIndex: [String: Int32] = [:]
    private var vintageTexts: [String] = []
    private(set) var frequency: Frequency?
    private var scratch: [Int32] = []

    init(dimensions: [String], file: String, sheet: String?) {
        self.dimensions = dimensions
        self.file = file
        self.sheet = sheet
        dictionaries = Array(repeating: [:], count: dimensions.count)
        codeLists = Array(repeating: [], count: dimensions.count)
    }

    /// Sets the calendar frequency from the first period; `false` when `period` has another one.
    mutating func accepts(_ period: Period) -> Bool {
        if let frequency { return frequency == period.frequency }
        frequency = period.frequency
        return true
    }

    /// The previous row's codes and series: files are usually grouped by series,
    /// so most rows skip the dictionary lookups.
    private var lastCodes: [String] = []
    private var lastSeries: Int32 = -1

    mutating func add(codes: [String], period: Period, value: Double, flag: String?, vintage: String?, line: Int) {
        let series: Int32
        if lastSeries >= 0, codes == lastCodes {
            series = lastSeries
        } else {
            series = lookUp(codes)
            lastCodes = codes
            lastSeries = series
        }
        append(series: series, period: period, value: value, flag: flag, vintage: vintage, line: line)
    }

    private mutating func lookUp(_ codes: [String]) -> Int32 {
        scratch.removeAll(keepingCapacity: true)
        for (d, code) in codes.enumerated() {
            if let i = dictionaries[d][code] {
                scratch.append(i)
            } else {
                let i = Int32(codeLists[d].count)
                dictionaries[d][code] = i
                codeLists[d].append(code)
                scratch.append(i)
            }
        }
        let series: Int32
        if let s = seriesByCodes[scratch] {
            series = s
        } else {
            series = Int32(seriesCount)
            seriesByCodes[scratch] = series
            seriesCodes.append(contentsOf: scratch)
            seriesCount += 1
        }
        return series
    }

    private mutating func append(series: Int32, period: Period, value: Double, flag: String?, vintage: String?, line: Int) {
        var f: Int32 = -1
        if let flag {
            if let i = flagIndex[flag] { f = i } else {
                f = Int32(flagTexts.count); flagIndex[flag] = f; flagTexts.append(flag)
            }
        }
        var v: Int32 = -1
        if let vintage {
            if let i = vintageIndex[vintage] { v = i } else {
                v = Int32(vintageTexts.count); vintageIndex[vintage] = v; vintageTexts.append(vintage)
            }
        }
        observations.append(Observation(series: series, period: period.index, value: value,
                                        line: Int32(clamping: line), flag: f, vintage: v))
    }

    private func keyDescription(_ s: Int) -> String {
        let n = dimensions.count
        if n == 0 { return "the series" }
        return (0..<n).map { "\(dimensions[$0])=\(codeLists[$0][Int(seriesCodes[s * n + $0])])" }.joined(separator: ", ")
    }

    private func loc(_ line: Int32? = nil, column: String? = nil, field: String? = nil) -> ValidationReport.Location {
        ValidationReport.Location(file: file, sheet: sheet, line: line.map(Int.init), column: column, field: field)
    }

    /// Builds the panel and completes the report.
    func build(options: ReadOptions, report: inout ValidationReport) -> Panel {
        guard let frequency, !observations.isEmpty else {
            return Panel(dimensions: dimensions, codes: codeLists, seriesCodes: [], seriesCount: 0,
                         start: nil, periodCount: 0, values: [])
        }
        var lo = Int.max, hi = Int.min
        for o in observations {
            lo = min(lo, o.period)
            hi = max(hi, o.period)
        }
        let periodCount = hi - lo + 1
        let start = Period(frequency: frequency, index: lo)
        let (cellCount, overflow) = periodCount.multipliedReportingOverflow(by: seriesCount)
        guard !overflow, cellCount <= PanelBuilder.maxCells else {
            report.add(.error, .panelTooLarge, at: loc(),
                       "the panel would have \(periodCount) periods × \(seriesCount) series, more than \(PanelBuilder.maxCells) cells; read a subset (fewer series or a shorter span)")
            return Panel(dimensions: dimensions, codes: codeLists, seriesCodes: [], seriesCount: 0,
                         start: nil, periodCount: 0, values: [])
        }
        var values = [Double](repeating: .nan, count: cellCount)
        var cellObs = [Int32](repeating: -1, count: cellCount)  // current observation of the cell
        var conflicted = Set<Int>()
        var flags: [Int: String] = [:]
        var vintages: [Int: String] = [:]
        var revisions: [Revision] = []
        let hasVintages = !vintageTexts.isEmpty

        for (i, o) in observations.enumerated() {
            let cell = Int(o.series) * periodCount + (o.period - lo)
            let previous = cellObs[cell]
            if previous < 0 {
                cellObs[cell] = Int32(i)
                values[cell] = o.value
                continue
            }
            let p = observations[Int(previous)]
            let period = start + (o.period - lo)
            let same = p.value == o.value || (p.value.isNaN && o.value.isNaN)
            if hasVintages, o.vintage != p.vintage {
                // Revisions: the latest vintage that has a value is current.
                // A row without a vintage counts as the oldest.
                let newer: Bool
                if o.vintage < 0 {
                    newer = false
                } else if p.vintage < 0 {
                    newer = true
                } else {
                    newer = vintageTexts[Int(o.vintage)] > vintageTexts[Int(p.vintage)]
                }
                let takeNew = (newer && !o.value.isNaN) || p.value.isNaN && !o.value.isNaN
                let old = takeNew ? p : o
                if takeNew {
                    cellObs[cell] = Int32(i)
                    values[cell] = o.value
                }
                revisions.append(Revision(series: Int(o.series), period: period,
                                          vintage: old.vintage >= 0 ? vintageTexts[Int(old.vintage)] : "",
                                          value: old.value))
                report.counts.revisions += 1
                continue
            }
            switch options.duplicates {
            case .sum:
                if values[cell].isNaN { values[cell] = o.value } else if !o.value.isNaN { values[cell] += o.value }
                report.counts.summedDuplicates += 1
            case .reject:
                if same, !conflicted.contains(cell) {
                    report.counts.identicalDuplicates += 1
                    report.add(.warning, .identicalDuplicate, at: loc(o.line),
                               "\(keyDescription(Int(o.series))) at \(period) repeats line \(p.line) with the same value; counted once")
                } else {
                    report.counts.conflictingDuplicates += 1
                    conflicted.insert(cell)
                    values[cell] = .nan
                    report.add(.error, .conflictingDuplicate, at: loc(o.line),
                               "\(keyDescription(Int(o.series))) at \(period): value \(fmt(o.value)) conflicts with \(fmt(p.value)) on line \(p.line); the cell is set missing (add a vintage column if these are revisions)")
                }
            }
        }
        for (cell, obs) in cellObs.enumerated() where obs >= 0 {
            let o = observations[Int(obs)]
            if o.flag >= 0 { flags[cell] = flagTexts[Int(o.flag)] }
            if o.vintage >= 0 { vintages[cell] = vintageTexts[Int(o.vintage)] }
        }
        if report.counts.revisions > 0 {
            report.add(.info, .revision, at: loc(),
                       "\(report.counts.revisions) earlier vintage(s) kept as revisions; the latest vintage with a value is used")
        }
        if report.counts.summedDuplicates > 0 {
            report.add(.info, .summedDuplicate, at: loc(), "\(report.counts.summedDuplicates) duplicate observation(s) summed into their cell")
        }

        // Absent cells: filled with zero under the declared convention, else gaps are reported.
        if options.fillAbsentWithZero {
            var filled = 0
            for cell in 0..<cellCount where cellObs[cell] < 0 {
                values[cell] = 0
                filled += 1
            }
            report.counts.filledAbsent = filled
            if filled > 0 {
                report.add(.info, .filledAbsent, at: loc(),
                           "\(filled) absent cell(s) filled with 0 (sparse-zero convention requested); cells present with a placeholder stay missing")
            }
        } else {
            var gaps: [(series: Int, absent: Int, first: Int, last: Int, firstAbsent: Int)] = []
            for s in 0..<seriesCount {
                let base = s * periodCount
                var first = -1, last = -1, absent = 0, firstAbsent = -1
                for t in 0..<periodCount where cellObs[base + t] >= 0 {
                    if first < 0 { first = t }
                    last = t
                }
                guard first >= 0 else { continue }
                for t in first...last where cellObs[base + t] < 0 {
                    absent += 1
                    if firstAbsent < 0 { firstAbsent = t }
                }
                if absent > 0 { gaps.append((s, absent, first, last, firstAbsent)) }
            }
            if !gaps.isEmpty {
                // The hint first, so it is never cut off by the per-kind entry limit.
                report.add(.info, .calendarGap, at: loc(),
                           "\(gaps.count) of \(seriesCount) series have absent periods; if the publisher omits zero cells (a sparse-zero file such as Frontex's), read with fillAbsentWithZero (CLI: --absent-is-zero)")
            }
            for g in gaps {
                report.add(.warning, .calendarGap, at: loc(),
                           "\(keyDescription(g.series)): \(g.absent) period(s) absent between \(start + g.first) and \(start + g.last) (first: \(start + g.firstAbsent)); they are missing, not zero")
            }
        }
        var panel = Panel(dimensions: dimensions, codes: codeLists, seriesCodes: seriesCodes, seriesCount: seriesCount,
                          start: start, periodCount: periodCount, values: values,
                          flags: flags, vintages: vintages, revisions: revisions)
        if options.checkTotals { checkTotals(&panel, report: &report) }
        return panel
    }

    private func fmt(_ x: Double) -> String {
        x.isNaN ? "missing" : (x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)")
    }

    /// For each dimension with a total code, compares each total with the sum
    /// of its parts (the series with the same codes in every other dimension)
    /// at every period where the total and all parts have values.
    private func checkTotals(_ panel: inout Panel, report: inout ValidationReport) {
        let n = dimensions.count
        let T = panel.periodCount
        for d in 0..<n {
            let isTotal = codeLists[d].map(TotalCode.isTotal)
            guard isTotal.contains(true), isTotal.contains(false) else { continue }
            let totalCodes = zip(codeLists[d], isTotal).filter(\.1).map { "'\($0.0)'" }.joined(separator: ", ")
            report.add(.info, .totalMismatch, at: loc(column: dimensions[d]),
                       "dimension has total code(s) \(totalCodes) alongside its parts: totals are checked against their parts, and sums over this dimension use the total, never total + parts")
            var groups: [[Int32]: (totals: [Int], parts: [Int])] = [:]
            for s in 0..<seriesCount {
                var k = Array(seriesCodes[(s * n)..<((s + 1) * n)])
                let own = Int(k[d])
                k[d] = -1
                if isTotal[own] { groups[k, default: ([], [])].totals.append(s) } else { groups[k, default: ([], [])].parts.append(s) }
            }
            for (_, g) in groups where !g.totals.isEmpty && !g.parts.isEmpty {
                for total in g.totals {
                    var mismatches = 0
                    var example = ""
                    for t in 0..<T {
                        let tv = panel.values[total * T + t]
                        guard !tv.isNaN else { continue }
                        var sum = 0.0
                        var complete = true
                        for p in g.parts {
                            let v = panel.values[p * T + t]
                            if v.isNaN { complete = false; break }
                            sum += v
                        }
                        guard complete else { continue }
                        if abs(sum - tv) > 0.5 + 1e-9 * abs(tv) {
                            mismatches += 1
                            if example.isEmpty, let s = panel.start {
                                example = "\(s + t): total \(fmt(tv)), parts sum to \(fmt(sum))"
                            }
                        }
                    }
                    if mismatches > 0 {
                        report.add(.warning, .totalMismatch, at: loc(column: dimensions[d]),
                                   "\(keyDescription(total)) differs from the sum of its \(g.parts.count) part(s) in \(mismatches) period(s), e.g. \(example); aggregation uses the total, never total + parts")
                    }
                }
            }
        }
    }
}
