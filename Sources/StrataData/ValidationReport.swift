/// What a reader found wrong, doubtful or noteworthy in a file.
///
/// Every cell or row the reader did not turn into a panel value is counted
/// here: rejected cells and rows are `error` entries with their location,
/// placeholders read as missing are counted by placeholder, skipped note and
/// blank rows are counted. Nothing is dropped silently.
///
/// To keep the report readable on a badly broken file (say, a million rows
/// read with the wrong delimiter), at most ``entryLimitPerKind`` entries are
/// kept per ``Kind``; the rest are counted in ``suppressed``.
public struct ValidationReport: Sendable, Codable, Equatable {
    /// How serious an entry is. Errors make `strata validate` exit with status 1.
    public enum Severity: String, Sendable, Codable, Comparable {
        case info, warning, error
        private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// The documented kinds of entry.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The file could not be opened or read.
        case unreadableFile
        /// The file has no bytes, or no non-blank line.
        case emptyFile
        /// The file has a header but no data rows.
        case headerOnly
        /// A UTF-8 byte-order mark was found and removed (info).
        case byteOrderMark
        /// The file is UTF-16; it was decoded (warning) or could not be (error).
        case encoding
        /// The delimiter detected from the header, when not a comma (info).
        case delimiter
        /// A required column (period, value) is absent or ambiguous.
        case missingColumn
        /// A column that is not used (ignored attribute, non-period column of a wide table).
        case ignoredColumn
        /// A row has fewer or more fields than the header.
        case fieldCount
        /// A quoted field is not closed before the end of the file.
        case unterminatedQuote
        /// A field is longer than the reader's limit.
        case fieldTooLong
        /// A period cell cannot be parsed.
        case unparseablePeriod
        /// A period has a frequency different from the file's.
        case mixedFrequency
        /// A value cell holds text that is neither a number nor a placeholder.
        case textInValue
        /// A value cell holds a missing-value placeholder (`..`, `:`, `n.a.`, `NA`, `-`, empty) (info, counted).
        case placeholder
        /// A count is negative.
        case negativeCount
        /// A count is not an integer.
        case nonIntegerCount
        /// A value is infinite or too large.
        case nonFiniteValue
        /// The same key and period twice with different values and no vintage to order them.
        case conflictingDuplicate
        /// The same key and period twice with the same value (counted once).
        case identicalDuplicate
        /// The same key and period in several vintages: kept as revisions, latest used (info).
        case revision
        /// Duplicate observations summed under ``DuplicatePolicy/sum`` (info).
        case summedDuplicate
        /// Periods absent between a series' first and last observation.
        case calendarGap
        /// Absent cells filled with 0 under the declared sparse-zero convention (info).
        case filledAbsent
        /// Totals: a dimension has a total code alongside its parts (info), or a total disagrees with the sum of its parts (warning).
        case totalMismatch
        /// A row skipped as a title, note or footnote row (info).
        case skippedRow
        /// Blank lines skipped (info).
        case blankLines
        /// A worksheet problem (missing sheet, malformed XML) in an `.xlsx` file.
        case worksheet
        /// The periods × series grid is larger than the reader builds (2^28 cells).
        case panelTooLarge
    }

    /// Where an entry applies. Lines are 1-based physical line numbers of the
    /// row's first line (xlsx: the sheet row number).
    public struct Location: Sendable, Codable, Equatable, CustomStringConvertible {
        /// The file path (or the name given to an in-memory read).
        public var file: String
        /// The worksheet of an `.xlsx` file.
        public var sheet: String?
        /// The 1-based line (CSV: first physical line of the row; xlsx: row number).
        public var line: Int?
        /// The column's header name.
        public var column: String?
        /// The offending cell text (shortened to 60 characters).
        public var field: String?

        /// A location; `field` is shortened to 60 characters.
        public init(file: String, sheet: String? = nil, line: Int? = nil, column: String? = nil, field: String? = nil) {
            self.file = file
            self.sheet = sheet
            self.line = line
            self.column = column
            self.field = field.map { $0.count > 60 ? String($0.prefix(57)) + "…" : $0 }
        }

        /// `file [sheet 'S']:line column 'C' field 'F'`.
        public var description: String {
            var s = file
            if let sheet { s += " [sheet '\(sheet)']" }
            if let line { s += ":\(line)" }
            if let column { s += " column '\(column)'" }
            if let field { s += " field '\(field)'" }
            return s
        }
    }

    /// One finding.
    public struct Entry: Sendable, Codable, Equatable, CustomStringConvertible {
        /// How serious.
        public var severity: Severity
        /// The documented kind.
        public var kind: Kind
        /// Where.
        public var location: Location
        /// What, and what the reader did about it.
        public var message: String

        /// An entry.
        public init(severity: Severity, kind: Kind, location: Location, message: String) {
            self.severity = severity
            self.kind = kind
            self.location = location
            self.message = message
        }

        /// `severity: location: message [kind]`.
        public var description: String { "\(severity.rawValue): \(location): \(message) [\(kind.rawValue)]" }
    }

    /// Tallies of what the reader did with the file's rows and cells.
    public struct Counts: Sendable, Codable, Equatable {
        /// Data rows read (after the header), including rejected ones.
        public var rows = 0
        /// Observations stored in the panel (value cells accepted, including placeholders read as missing).
        public var observations = 0
        /// Value cells rejected (text, non-finite) or rows rejected (field count, bad period).
        public var rejected = 0
        /// Placeholder text → number of cells read as missing.
        public var placeholders: [String: Int] = [:]
        /// Duplicate observations with equal values counted once.
        public var identicalDuplicates = 0
        /// Duplicate observations with conflicting values (cell set missing).
        public var conflictingDuplicates = 0
        /// Earlier vintages kept as revisions.
        public var revisions = 0
        /// Duplicate observations summed (``DuplicatePolicy/sum``).
        public var summedDuplicates = 0
        /// Absent cells filled with zero (``ReadOptions/fillAbsentWithZero``).
        public var filledAbsent = 0
        /// Title, note and footnote rows skipped.
        public var skippedRows = 0
        /// Blank lines skipped.
        public var blankLines = 0
        /// Cells with no row in the file inside a series' span (between its
        /// first and last observation), left missing (not counted when
        /// ``ReadOptions/fillAbsentWithZero`` fills them).
        public var absentInside = 0
        /// The file looks like it omits zero cells: several series have rows
        /// absent inside their span and no value present is zero. The report
        /// then suggests ``ReadOptions/fillAbsentWithZero`` (CLI: `--absent-is-zero`).
        public var likelyOmitsZeroCells = false

        /// All zero.
        public init() {}

        private enum CodingKeys: String, CodingKey {
            case rows, observations, rejected, placeholders, identicalDuplicates, conflictingDuplicates, revisions,
                 summedDuplicates, filledAbsent, skippedRows, blankLines, absentInside, likelyOmitsZeroCells
        }

        /// Decodes the tallies; a tally absent from the JSON (written by an older version) is zero.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func int(_ k: CodingKeys) throws -> Int { try c.decodeIfPresent(Int.self, forKey: k) ?? 0 }
            rows = try int(.rows)
            observations = try int(.observations)
            rejected = try int(.rejected)
            placeholders = try c.decodeIfPresent([String: Int].self, forKey: .placeholders) ?? [:]
            identicalDuplicates = try int(.identicalDuplicates)
            conflictingDuplicates = try int(.conflictingDuplicates)
            revisions = try int(.revisions)
            summedDuplicates = try int(.summedDuplicates)
            filledAbsent = try int(.filledAbsent)
            skippedRows = try int(.skippedRows)
            blankLines = try int(.blankLines)
            absentInside = try int(.absentInside)
            likelyOmitsZeroCells = try c.decodeIfPresent(Bool.self, forKey: .likelyOmitsZeroCells) ?? false
        }
    }

    /// At most this many entries are kept per kind.
    public static let entryLimitPerKind = 200

    /// The findings, in the order found.
    public private(set) var entries: [Entry] = []
    /// Entries not kept because their kind reached ``entryLimitPerKind``, by kind.
    public private(set) var suppressed: [String: Int] = [:]
    /// Tallies.
    public var counts = Counts()

    /// An empty report.
    public init() {}

    /// Adds an entry (or counts it in ``suppressed`` past the limit).
    public mutating func add(_ severity: Severity, _ kind: Kind, at location: Location, _ message: String) {
        if entryCount[kind, default: 0] >= Self.entryLimitPerKind {
            suppressed[kind.rawValue, default: 0] += 1
        } else {
            entries.append(Entry(severity: severity, kind: kind, location: location, message: message))
        }
        entryCount[kind, default: 0] += 1
        switch severity {
        case .error: errorTotal += 1
        case .warning: warningTotal += 1
        case .info: break
        }
    }

    private var entryCount: [Kind: Int] = [:]
    private var errorTotal = 0
    private var warningTotal = 0

    /// Number of error findings, including suppressed ones.
    public var errorCount: Int { errorTotal }
    /// Number of warning findings, including suppressed ones.
    public var warningCount: Int { warningTotal }
    /// `true` when there is at least one error.
    public var hasErrors: Bool { errorTotal > 0 }

    /// Entries of one kind (kept ones only).
    public func entries(of kind: Kind) -> [Entry] { entries.filter { $0.kind == kind } }

    /// Number of findings of one kind, including suppressed ones.
    public func count(of kind: Kind) -> Int { entryCount[kind, default: 0] }

    private enum CodingKeys: String, CodingKey { case entries, suppressed, counts, errorCount, warningCount }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        entries = try c.decode([Entry].self, forKey: .entries)
        suppressed = try c.decode([String: Int].self, forKey: .suppressed)
        counts = try c.decode(Counts.self, forKey: .counts)
        errorTotal = try c.decode(Int.self, forKey: .errorCount)
        warningTotal = try c.decode(Int.self, forKey: .warningCount)
        for e in entries { entryCount[e.kind, default: 0] += 1 }
        for (k, n) in suppressed { if let kind = Kind(rawValue: k) { entryCount[kind, default: 0] += n } }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entries, forKey: .entries)
        try c.encode(suppressed, forKey: .suppressed)
        try c.encode(counts, forKey: .counts)
        try c.encode(errorTotal, forKey: .errorCount)
        try c.encode(warningTotal, forKey: .warningCount)
    }

    /// A plain-text rendering: a summary, the tallies, then one line per entry.
    public var text: String {
        var lines: [String] = []
        lines.append("\(errorTotal) error(s), \(warningTotal) warning(s)")
        let c = counts
        lines.append("rows read: \(c.rows); observations: \(c.observations); rejected: \(c.rejected)")
        if !c.placeholders.isEmpty {
            let list = c.placeholders.keys.sorted().map { "'\($0)' × \(c.placeholders[$0] ?? 0)" }.joined(separator: ", ")
            lines.append("placeholders read as missing: \(list)")
        }
        let extra: [(String, Int)] = [
            ("identical duplicates counted once", c.identicalDuplicates),
            ("conflicting duplicates (set missing)", c.conflictingDuplicates),
            ("revisions kept (earlier vintages)", c.revisions),
            ("duplicates summed", c.summedDuplicates),
            ("absent cells filled with 0", c.filledAbsent),
            ("rows skipped (title/note/footnote)", c.skippedRows),
            ("blank lines skipped", c.blankLines),
            ("absent cells inside series spans (missing, not zero)", c.absentInside),
        ]
        for (label, n) in extra where n > 0 { lines.append("\(label): \(n)") }
        for e in entries { lines.append(e.description) }
        for k in suppressed.keys.sorted() { lines.append("… \(suppressed[k] ?? 0) more '\(k)' entries not listed") }
        return lines.joined(separator: "\n")
    }
}
