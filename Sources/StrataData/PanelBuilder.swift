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

    /// The default largest dense panel built (``ReadOptions/maxPanelCells``).
    static let maxCells = ReadOptions.defaultMaxPanelCells

    let dimensions: [String]
    let file: String
    let sheet: String?
    private var interners: [ByteInterner]
    private var codeLists: [[String]]
    private var seriesByCodes: [[Int32]: Int32] = [:]
    private var seriesCodes: [Int32] = []
    private var seriesCount = 0
    private var observations: [Observation] = []
    private var flagInterner = ByteInterner()
    private var flagTexts: [String] = []
    private var vintageInterner = ByteInterner()
    private var vintageTexts: [String] = []
    private(set) var frequency: Frequency?
    private var scratch: [Int32] = []

    init(dimensions: [String], file: String, sheet: String?) {
        self.dimensions = dimensions
        self.file = file
        self.sheet = sheet
        interners = Array(repeating: ByteInterner(), count: dimensions.count)
        codeLists = Array(repeating: [], count: dimensions.count)
        observations.reserveCapacity(1024)
    }

    /// Reserves room for about `n` more observations.
    mutating func reserve(_ n: Int) {
        observations.reserveCapacity(observations.count + min(max(n, 0), 1 << 26))
    }

    /// Sets the calendar frequency from the first period; `false` when `period` has another one.
    mutating func accepts(_ period: Period) -> Bool {
        if let frequency { return frequency == period.frequency }
        frequency = period.frequency
        return true
    }

    /// The index of code `bytes` in dimension `d`, adding it when new (the only place a code becomes a `String`).
    @inline(__always)
    mutating func code(_ d: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (i, isNew) = interners[d].intern(bytes)
        if isNew { codeLists[d].append(String(decoding: bytes, as: UTF8.self)) }
        return i
    }

    /// The index of a flag text (`-1` for an empty one).
    mutating func flag(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard !bytes.isEmpty else { return -1 }
        let (i, isNew) = flagInterner.intern(bytes)
        if isNew { flagTexts.append(String(decoding: bytes, as: UTF8.self)) }
        return i
    }

    /// The index of a vintage text (`-1` for an empty one).
    mutating func vintage(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard !bytes.isEmpty else { return -1 }
        let (i, isNew) = vintageInterner.intern(bytes)
        if isNew { vintageTexts.append(String(decoding: bytes, as: UTF8.self)) }
        return i
    }

    /// The series with these code indices (one per dimension), adding it when new.
    mutating func series(codeIndices: [Int32]) -> Int32 {
        if let s = seriesByCodes[codeIndices] { return s }
        let series = Int32(seriesCount)
        seriesByCodes[codeIndices] = series
        seriesCodes.append(contentsOf: codeIndices)
        seriesCount += 1
        return series
    }

    /// The previous row's codes and series: files are usually grouped by series,
    /// so most rows skip the dictionary lookups.
    private var lastCodes: [String] = []
    private var lastSeries: Int32 = -1

    /// Adds an observation given as texts (wide tables, xlsx).
    mutating func add(codes: [String], period: Period, value: Double, flag: String?, vintage: String?, line: Int) {
        let series: Int32
        if lastSeries >= 0, codes == lastCodes {
            series = lastSeries
        } else {
            scratch.removeAll(keepingCapacity: true)
            for (d, c) in codes.enumerated() {
                var c = c
                let i = c.withUTF8 { code(d, $0) }
                scratch.append(i)
            }
            series = self.series(codeIndices: scratch)
            lastCodes = codes
            lastSeries = series
        }
        var f: Int32 = -1
        if var flag { f = flag.withUTF8 { self.flag($0) } }
        var v: Int32 = -1
        if var vintage { v = vintage.withUTF8 { self.vintage($0) } }
        add(series: series, period: period, value: value, flag: f, vintage: v, line: line)
    }

    /// Adds an observation of a known series (flag and vintage as indices, `-1` = none).
    @inline(__always)
    mutating func add(series: Int32, period: Period, value: Double, flag: Int32, vintage: Int32, line: Int) {
        observations.append(Observation(series: series, period: period.index, value: value,
                                        line: Int32(clamping: line), flag: flag, vintage: vintage))
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
        let limit = max(0, options.maxPanelCells)
        guard !overflow, cellCount <= limit else {
            let end = Period(frequency: frequency, index: hi)
            report.add(.error, .panelTooLarge, at: loc(),
                       "the panel would span \(periodCount) \(frequency.rawValue) periods (\(start) to \(end)) × \(seriesCount) series = \(overflow ? "more than Int.max" : String(cellCount)) cells, more than the limit of \(limit) cells (ReadOptions.maxPanelCells); \(observations.count) observation(s) were read. Check the period column for stray dates (such as 0001-01 or 9999-12), read a subset (fewer series or a shorter span), or raise ReadOptions.maxPanelCells")
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
            var interiorAbsent = 0
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
                interiorAbsent += absent
            }
            report.counts.absentInside = interiorAbsent
            if !gaps.isEmpty {
                // A file that omits zero cells: several series have rows absent inside their
                // span, and no value present is zero (a publisher that writes zeros would have
                // written them there).
                var zeros = 0, positive = 0
                for v in values where !v.isNaN { if v == 0 { zeros += 1 } else if v > 0 { positive += 1 } }
                let looksSparse = zeros == 0 && positive > 0 && gaps.count >= 2
                    && (gaps.count * 10 >= seriesCount || interiorAbsent >= 100)
                if looksSparse {
                    report.counts.likelyOmitsZeroCells = true
                    report.add(.warning, .calendarGap, at: loc(),
                               "the file looks like it omits zero cells: \(gaps.count) of \(seriesCount) series have \(interiorAbsent) period(s) absent inside their span and no value present is 0; if the publisher omits zero cells (as Frontex's detections do), read with fillAbsentWithZero (CLI: --absent-is-zero), otherwise these cells stay missing")
                } else {
                    // The hint first, so it is never cut off by the per-kind entry limit.
                    report.add(.info, .calendarGap, at: loc(),
                               "\(gaps.count) of \(seriesCount) series have absent periods; if the publisher omits zero cells (a sparse-zero file such as Frontex's), read with fillAbsentWithZero (CLI: --absent-is-zero)")
                }
            }
            for g in gaps {
                report.add(.warning, .calendarGap, at: loc(),
                           "\(keyDescription(g.series)): \(g.absent) period(s) absent between \(start + g.first) and \(start + g.last) (first: \(start + g.firstAbsent)); they are missing, not zero")
            }
        }
        var absentMask: [UInt64] = []
        if !options.fillAbsentWithZero, cellObs.contains(where: { $0 < 0 }) {
            absentMask = [UInt64](repeating: 0, count: (cellCount + 63) / 64)
            for (cell, obs) in cellObs.enumerated() where obs < 0 { absentMask[cell / 64] |= 1 << UInt64(cell % 64) }
        }
        var panel = Panel(dimensions: dimensions, codes: codeLists, seriesCodes: seriesCodes, seriesCount: seriesCount,
                          start: start, periodCount: periodCount, values: values,
                          flags: flags, vintages: vintages, revisions: revisions)
        panel.absentMask = absentMask
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
