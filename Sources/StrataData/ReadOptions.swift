/// The layouts the readers understand.
public enum DataFormat: String, Sendable, Codable, CaseIterable {
    /// Tidy long CSV: one row per observation, dimension columns, a period and a value column.
    case long
    /// SDMX-CSV, version 1 (`DATAFLOW` first) or 2 (`STRUCTURE`, `STRUCTURE_ID`, `ACTION`):
    /// dimension columns, `TIME_PERIOD`, `OBS_VALUE`, optional `OBS_STATUS`/`OBS_FLAG`.
    case sdmx
    /// Wide table: one row per series, dimension columns first, one column per period.
    case wide
    /// An Excel `.xlsx` workbook; the sheet is read as a wide or a long table (detected).
    case xlsx
}

/// What to do with several rows for the same key and period when the file has no vintage column.
public enum DuplicatePolicy: String, Sendable, Codable, CaseIterable {
    /// Identical duplicates are counted once (warning); conflicting ones are
    /// errors and the cell is set missing.
    case reject
    /// Duplicates are summed (incident-level files, where each row is one
    /// event); counted in the report as info.
    case sum
}

/// Which columns of a long table play which role.
///
/// Every field left `nil`/empty is detected from the header
/// (case-insensitive, surrounding spaces ignored):
/// - period: `period`, `time_period`, `month`, `date`, `time`, `year`,
///   `quarter`, `week`, `day`, `data`, `periodo`, `mese`, `anno`;
/// - value: `value`, `obs_value`, `count`, `n`, `values`, `number`,
///   `total`, `valore`, `amount`;
/// - flag: `obs_status`, `obs_flag`, `flag`, `flags`, `status`;
/// - vintage: `vintage`, `report_date`, `data_report`, `release`, `release_date`, `as_of`.
///
/// Every other column is a dimension, unless ``dimensions`` lists the
/// dimensions explicitly (the other columns are then ignored and reported)
/// or a column is in ``ignored``.
public struct ColumnMapping: Sendable, Equatable {
    /// The period column, or two columns `YEAR+SUBPERIOD` (e.g.
    /// `Arrival Year+Arrival Month`) whose cells are combined: the year with a
    /// month (`1`, `01`, `Jan`, `January`, `M01`), quarter (`Q1`) or half (`S1`).
    public var period: String?
    /// The value column(s). With several (a table with one column per
    /// series, like `month,italy_all,greece_all`), each becomes a series whose
    /// ``ReadOptions/seriesDimension`` code is the column name, and the other
    /// columns are dimensions only when listed in ``dimensions``.
    public var values: [String]
    /// The observation-flag column.
    public var flag: String?
    /// The vintage (report date, release) column; duplicates then are revisions.
    /// Vintages are compared as text, so write them as ISO dates (`2024-05-31`)
    /// or zero-padded release numbers; the latest vintage that has a value is used.
    public var vintage: String?
    /// The dimension columns, in key order; `nil` = all remaining columns.
    public var dimensions: [String]?
    /// Columns to ignore.
    public var ignored: [String]

    /// A mapping; every argument defaults to detection.
    public init(period: String? = nil, values: [String] = [], flag: String? = nil, vintage: String? = nil,
                dimensions: [String]? = nil, ignored: [String] = []) {
        self.period = period
        self.values = values
        self.flag = flag
        self.vintage = vintage
        self.dimensions = dimensions
        self.ignored = ignored
    }

    static let periodNames = ["period", "time_period", "month", "date", "time", "year", "quarter", "week", "day",
                              "data", "periodo", "mese", "anno"]
    static let valueNames = ["value", "obs_value", "count", "n", "values", "number", "total", "valore", "amount"]
    static let flagNames = ["obs_status", "obs_flag", "flag", "flags", "status"]
    static let vintageNames = ["vintage", "report_date", "data_report", "release", "release_date", "as_of"]
    /// SDMX-CSV structural columns, never dimensions.
    static let sdmxStructural = ["dataflow", "structure", "structure_id", "structure_name", "action"]
    /// SDMX observation attributes that are not dimensions (the first of
    /// `OBS_STATUS`/`OBS_FLAG` is the flag; the others are ignored).
    static let sdmxAttributes = ["obs_status", "obs_flag", "conf_status", "obs_conf", "obs_comment", "comment_obs",
                                 "unit_mult", "decimals", "obs_pre_break", "time_format"]
}

/// Options for ``DataReader``.
public struct ReadOptions: Sendable {
    /// The layout; `nil` detects it (`.xlsx` by name or ZIP signature, SDMX by
    /// its `DATAFLOW`/`STRUCTURE` or `TIME_PERIOD`+`OBS_VALUE` columns, wide
    /// when the header has period labels, long otherwise).
    public var format: DataFormat?
    /// Column roles of a long or SDMX table.
    public var columns: ColumnMapping
    /// The CSV delimiter; `nil` detects `,` `;` or tab from the header line.
    public var delimiter: Character?
    /// The worksheet of an `.xlsx` file; `nil` = the first sheet.
    public var sheet: String?
    /// Fill cells with no row in the file with 0, over the full calendar ×
    /// series grid — the declared convention of files that omit zero cells
    /// (e.g. Frontex monthly detections). Off by default: an absent row is
    /// missing, not zero. The report counts the cells filled. Cells present
    /// with a placeholder (`..`, `:`) stay missing.
    public var fillAbsentWithZero: Bool
    /// Values are counts: negative or non-integer values are rejected as errors.
    public var valuesAreCounts: Bool
    /// What to do with duplicate observations when there is no vintage column.
    public var duplicates: DuplicatePolicy
    /// The dimension that names the value column when a long table has several value columns.
    public var seriesDimension: String
    /// Check totals (`Total`, `_T`) against the sum of their parts.
    public var checkTotals: Bool
    /// The largest panel built, in cells (periods of the calendar × series):
    /// the panel is dense, so a file whose periods span 0001-01 to 9999-12
    /// would need 120,000 cells per series however few rows it has. A file
    /// over the limit gives an empty panel and a
    /// ``ValidationReport/Kind/panelTooLarge`` error naming the span and this
    /// option. Default ``defaultMaxPanelCells`` (2^25 = 33,554,432 cells,
    /// 256 MiB of values).
    public var maxPanelCells: Int
    /// Limits on `.xlsx` workbooks (decompressed size, compression ratio,
    /// padding of far-apart cells), ``XLSXLimits/default`` unless raised for
    /// a trusted file.
    public var xlsxLimits: XLSXLimits = .default
    /// The most fields a CSV row may have (default 131,072); a longer row
    /// (e.g. a line of delimiters) stops reading with a located
    /// ``ValidationReport/Kind/fieldCount`` error.
    public var maxFieldsPerRow: Int
    /// What to do with rows whose period is earlier than the row before in
    /// the same series. `nil` (the default) accepts them silently: rows are
    /// placed by their period, whatever their order. ``OrderCheck/report``
    /// adds one info entry counting them (for `period,value` files, where an
    /// unsorted file is often a sign of a mistake).
    public var unsortedRows: OrderCheck?

    /// The default of ``maxPanelCells``: 2^25 cells.
    public static let defaultMaxPanelCells = 1 << 25
    /// The default of ``maxFieldsPerRow``: 2^17 fields.
    public static let defaultMaxFieldsPerRow = 1 << 17

    /// Options; every argument defaults to detection or the strict behaviour.
    public init(format: DataFormat? = nil, columns: ColumnMapping = ColumnMapping(), delimiter: Character? = nil,
                sheet: String? = nil, fillAbsentWithZero: Bool = false, valuesAreCounts: Bool = true,
                duplicates: DuplicatePolicy = .reject, seriesDimension: String = "series", checkTotals: Bool = true,
                maxPanelCells: Int = ReadOptions.defaultMaxPanelCells, maxFieldsPerRow: Int = ReadOptions.defaultMaxFieldsPerRow,
                unsortedRows: OrderCheck? = nil) {
        self.format = format
        self.columns = columns
        self.delimiter = delimiter
        self.sheet = sheet
        self.fillAbsentWithZero = fillAbsentWithZero
        self.valuesAreCounts = valuesAreCounts
        self.duplicates = duplicates
        self.seriesDimension = seriesDimension
        self.checkTotals = checkTotals
        self.maxPanelCells = maxPanelCells
        self.maxFieldsPerRow = maxFieldsPerRow
        self.unsortedRows = unsortedRows
    }

    /// Options for a series file as the analysis commands read it:
    /// `period,value` (one series, no dimensions) or `series,period,value`
    /// (one dimension named `series`), values not required to be counts,
    /// no totals check, rows placed by their period (unsorted rows counted
    /// in an info entry), duplicate periods reported as errors, absent
    /// periods missing, a second frequency rejected row by row. Columns are
    /// found by name as for any long table (`period`/`date`/`month`…,
    /// `value`/`count`…); every other column is a dimension.
    public static func seriesFile(valuesAreCounts: Bool = false) -> ReadOptions {
        ReadOptions(format: .long, valuesAreCounts: valuesAreCounts, duplicates: .reject, checkTotals: false,
                    unsortedRows: .report)
    }
}

/// Whether to report rows that come earlier in time than the row before in their series.
public enum OrderCheck: String, Sendable, Codable, CaseIterable {
    /// Count them and add one info entry (the first such line is named).
    case report
}
