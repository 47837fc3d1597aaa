import Foundation
import StrataData

/// Why the input of an analysis could not be used.
///
/// Every message is located where the reader located the problem (file,
/// line, column, field), because every analysis reads through
/// ``StrataData/DataReader``.
public struct AnalysisInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `<stdin>`) the problem is in.
    public var file: String
    /// What is wrong, with the located reader entries when there are any.
    public var message: String

    /// An error about `file`.
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// The one input path of every analysis: files are read by StrataData's
/// ``StrataData/DataReader`` (the same byte-level tokenizer, BOM, line-ending,
/// quoting and delimiter handling as `strata validate`), checked, and turned
/// into ``StrataData/TimeSeries`` values keyed by their ``StrataData/SeriesKey``.
///
/// A `period,value` file is a long CSV with no dimensions (one series); a
/// `series,period,value` file is a long CSV with the dimension `series`; any
/// other layout the reader knows (dimension columns, SDMX-CSV, a wide table,
/// `.xlsx`) works the same way, one series per combination of codes.
///
/// Policies (documented here once, the same for the CLI and the library):
/// - **Periods** are parsed by ``StrataData/Period``; a label that is not a
///   period (`2016-03`, `2016-M03`, `Mar-2016`, `2016-Q1`, `2016-S1`, `2016`,
///   `2016-03-15`) is an error naming its line. Rows may come in any order:
///   each value is placed at its period. A period with no row inside a
///   series is missing (NaN), never read as adjacent to its neighbours.
/// - **Duplicates**: two rows for the same series and period are the
///   reader's ``StrataData/DuplicatePolicy/reject`` policy: identical values
///   are counted once (warning), conflicting ones are an error.
/// - **Mixed frequencies** in one file are an error (the reader rejects rows
///   whose frequency differs from the first row's).
/// - **Values** need not be counts (``ReadOptions/analysis`` sets
///   `valuesAreCounts` to `false`): negative and fractional values are read,
///   and each analysis decides for itself whether the data are counts (the
///   change-point `auto` cost, the count trend models, forecast clipping).
/// - **Series spans**: in a file with several series the panel's calendar
///   runs from the earliest to the latest period of any series; each series
///   is analysed from its own first to its own last value (the NaN padding
///   outside that span is not part of the series). A file with one series is
///   used as read, so a missing value in its first or last row stays missing.
/// - Any error in the reader's report makes the input unusable: the error
///   lists the first five located entries (run `strata validate` for all).
public enum AnalysisInput {
    /// At most this many reader errors are quoted in an ``AnalysisInputError``.
    public static let quotedErrorLimit = 5

    /// Reads the file at `path` (`-` is standard input) into a checked panel.
    ///
    /// - Parameters:
    ///   - path: a file path, or `-` for standard input.
    ///   - options: reader options; ``StrataData/ReadOptions/analysis`` by default.
    /// - Returns: the panel (one series per key) and the reader's report.
    /// - Throws: ``AnalysisInputError`` when the path is a directory or a
    ///   device, cannot be read, or the reader reported errors.
    /// - Complexity: that of ``StrataData/DataReader`` (linear in the file).
    public static func read(path: String, options: ReadOptions = .analysis) throws -> ReadResult {
        let result: ReadResult
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            result = DataReader.read(csvBytes: [UInt8](data), name: "<stdin>", options: options)
        } else {
            try checkReadable(path)
            result = DataReader.read(contentsOf: URL(fileURLWithPath: path), options: options)
        }
        try check(result, file: path == "-" ? "<stdin>" : path)
        return result
    }

    /// Reads CSV bytes held in memory (any layout and encoding the reader accepts).
    /// - Throws: ``AnalysisInputError`` when the reader reported errors.
    public static func read(csvBytes: [UInt8], name: String = "<bytes>", options: ReadOptions = .analysis) throws -> ReadResult {
        let result = DataReader.read(csvBytes: csvBytes, name: name, options: options)
        try check(result, file: name)
        return result
    }

    /// Refuses a path that is missing, a directory, or a character or block
    /// device (reading `/dev/zero` would never end). Regular files, pipes
    /// and FIFOs (`<(command)`) are accepted.
    /// - Throws: ``AnalysisInputError`` naming the path and the reason.
    public static func checkReadable(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw AnalysisInputError(file: path, message: "cannot read file (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw AnalysisInputError(file: path, message: "is a directory, not a data file")
        case S_IFCHR, S_IFBLK:
            throw AnalysisInputError(file: path, message: "is a device, not a data file")
        default:
            guard access(path, R_OK) == 0 else {
                throw AnalysisInputError(file: path, message: "cannot read file (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Throws when the reader's report has errors or the panel holds no observation.
    static func check(_ result: ReadResult, file: String) throws {
        let report = result.report
        if report.hasErrors {
            let shown = report.entries.filter { $0.severity == .error }.prefix(quotedErrorLimit).map(\.description)
            throw AnalysisInputError(
                file: file,
                message: "the file has \(report.errorCount) error(s); run 'strata validate' for the full report:\n  "
                    + shown.joined(separator: "\n  "))
        }
        guard result.panel.seriesCount > 0, result.panel.periodCount > 0 else {
            throw AnalysisInputError(file: file, message: "the file holds no observations")
        }
    }

    /// The series of `panel` as analyses see them, in column order.
    ///
    /// With one series the whole calendar is kept; with several, each series
    /// is cut to the span from its first to its last value (see the policy
    /// above); a series with no value keeps the whole calendar (and the
    /// analysis reports that every value is missing).
    /// - Complexity: O(periods × series).
    public static func series(of panel: Panel) -> [TimeSeries] {
        guard let start = panel.start else { return [] }
        let n = panel.periodCount
        let keys = panel.keys
        return (0..<panel.seriesCount).map { j in
            let column = panel.values[(j * n)..<((j + 1) * n)]
            var lo = 0, hi = n
            if panel.seriesCount > 1,
                let first = column.firstIndex(where: { !$0.isNaN }),
                let last = column.lastIndex(where: { !$0.isNaN })
            {
                lo = first - j * n
                hi = last - j * n + 1
            }
            return TimeSeries(key: keys[j], start: start + lo, values: Array(column[(j * n + lo)..<(j * n + hi)]))
        }
    }

    /// The label of a series in messages and in the `series` output column:
    /// `nil` for a key with no dimensions, the code for one dimension, the
    /// codes joined with `|` for several.
    public static func label(of key: SeriesKey) -> String? {
        key.components.isEmpty ? nil : key.components.map(\.code).joined(separator: "|")
    }
}

extension ReadOptions {
    /// The read options of the analyses: detection of layout and columns,
    /// values that need not be counts, duplicates rejected, no zero filling.
    public static var analysis: ReadOptions { ReadOptions(valuesAreCounts: false) }
}

/// `"series 'X': "` for a labelled key, `""` otherwise (message prefixes).
func seriesPrefix(_ key: SeriesKey) -> String {
    AnalysisInput.label(of: key).map { "series '\($0)': " } ?? ""
}

/// Encodes a key's label as `series` (null without dimensions) and the key itself as `key`.
enum SeriesIdentity {
    static func encode<K: CodingKey>(_ key: SeriesKey, into c: inout KeyedEncodingContainer<K>, series: K, keyField: K) throws {
        try c.encode(AnalysisInput.label(of: key), forKey: series)
        try c.encode(key, forKey: keyField)
    }
}
