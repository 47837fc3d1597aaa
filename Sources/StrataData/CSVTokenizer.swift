import Foundation

/// A row of cells from a table (CSV line or worksheet row) with its location.
struct TableRow {
    /// The cells, as text.
    var cells: [String]
    /// 1-based physical line (CSV: the row's first line; xlsx: the row number).
    var line: Int
}

/// Why a table source stopped.
struct TableSourceError: Error {
    var kind: ValidationReport.Kind
    var line: Int
    var message: String
}

/// Anything that yields table rows one at a time.
protocol TableSource {
    /// The next row, `nil` at the end.
    mutating func nextRow() throws(TableSourceError) -> TableRow?
}

/// Bytes read from a file in chunks (or from memory), never the whole file at once.
final class ByteSource {
    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var position = 0
    private(set) var atEnd = false
    private let chunkSize: Int

    init(handle: FileHandle, chunkSize: Int = 1 << 20) {
        self.handle = handle
        self.buffer = []
        self.chunkSize = chunkSize
    }

    init(bytes: [UInt8]) {
        self.handle = nil
        self.buffer = bytes
        self.chunkSize = 0
        self.atEnd = true
    }

    deinit { try? handle?.close() }

    /// Makes at least `count` bytes available if the source has them; returns the number available.
    func ensure(_ count: Int) -> Int {
        while buffer.count - position < count, !atEnd { refill() }
        return buffer.count - position
    }

    private func refill() {
        guard let handle else { atEnd = true; return }
        let data = (try? handle.read(upToCount: chunkSize)) ?? nil
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        if let data, !data.isEmpty {
            buffer.append(contentsOf: data)
        } else {
            atEnd = true
        }
    }

    /// The byte at `offset` from the current position (call ``ensure(_:)`` first).
    @inline(__always) func peek(_ offset: Int = 0) -> UInt8 { buffer[position + offset] }

    /// The next byte, or `nil` at the end.
    @inline(__always) func next() -> UInt8? {
        if position >= buffer.count {
            if atEnd { return nil }
            refill()
            if position >= buffer.count { return nil }
        }
        let b = buffer[position]
        position += 1
        return b
    }

    /// Skips `count` bytes.
    func skip(_ count: Int) { position = min(buffer.count, position + count) }

    /// Up to `count` bytes from the current position without consuming them.
    func prefix(_ count: Int) -> [UInt8] {
        let n = min(ensure(count), count)
        return Array(buffer[position..<(position + n)])
    }
}

/// The text encoding found at the start of a file.
enum DetectedEncoding: Equatable {
    case utf8
    case utf8WithBOM
    case utf16LE(bom: Bool)
    case utf16BE(bom: Bool)
}

/// Looks at the first bytes: UTF-8 BOM, UTF-16 BOM, or UTF-16 without BOM
/// (ASCII text with every other byte zero).
func detectEncoding(_ head: [UInt8]) -> DetectedEncoding {
    if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { return .utf8WithBOM }
    if head.count >= 2, head[0] == 0xFF, head[1] == 0xFE { return .utf16LE(bom: true) }
    if head.count >= 2, head[0] == 0xFE, head[1] == 0xFF { return .utf16BE(bom: true) }
    if head.count >= 4 {
        if head[0] != 0, head[1] == 0, head[2] != 0, head[3] == 0 { return .utf16LE(bom: false) }
        if head[0] == 0, head[1] != 0, head[2] == 0, head[3] != 0 { return .utf16BE(bom: false) }
    }
    return .utf8
}

/// An RFC 4180 CSV tokenizer over a ``ByteSource``.
///
/// Fields may be quoted with `"`; a quoted field may contain the delimiter,
/// line breaks and doubled quotes (`""` → `"`). Lines end with LF or CRLF
/// (a lone CR too). Lenient where RFC 4180 is strict: a quote inside an
/// unquoted field, or text after a closing quote, is kept literally.
/// Blank lines are skipped and counted. Memory: one row at a time plus the
/// source's 1 MiB chunk.
final class CSVTokenizer: TableSource {
    let source: ByteSource
    let delimiter: UInt8
    /// Fields longer than this (in bytes) stop the reader with ``ValidationReport/Kind/fieldTooLong``.
    let maxFieldBytes: Int
    private(set) var line = 1
    private(set) var blankLines = 0
    private var field: [UInt8] = []

    init(source: ByteSource, delimiter: UInt8, maxFieldBytes: Int = 16 << 20) {
        self.source = source
        self.delimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
        field.reserveCapacity(256)
    }

    func nextRow() throws(TableSourceError) -> TableRow? {
        while true {
            guard let row = try readRecord() else { return nil }
            if row.cells.count == 1, row.cells[0].isEmpty, !lastRecordHadQuotes {
                blankLines += 1
                continue
            }
            return row
        }
    }

    private var lastRecordHadQuotes = false

    /// Fields that were not valid UTF-8 (their bad bytes became U+FFFD), and the first line with one.
    private(set) var invalidUTF8Fields = 0
    private(set) var firstInvalidUTF8Line = 0
    private var recordLine = 1

    private func finishField(into cells: inout [String]) {
        let text = String(decoding: field, as: UTF8.self)
        // Decoding replaces each invalid byte with U+FFFD (3 bytes), so the byte count changes.
        if text.utf8.count != field.count {
            invalidUTF8Fields += 1
            if firstInvalidUTF8Line == 0 { firstInvalidUTF8Line = recordLine }
        }
        cells.append(text)
        field.removeAll(keepingCapacity: true)
    }

    private func readRecord() throws(TableSourceError) -> TableRow? {
        let startLine = line
        recordLine = line
        var cells: [String] = []
        var inQuotes = false
        var fieldWasQuoted = false
        var sawAnything = false
        lastRecordHadQuotes = false
        field.removeAll(keepingCapacity: true)
        while true {
            guard let b = source.next() else {
                if inQuotes {
                    throw TableSourceError(kind: .unterminatedQuote, line: startLine,
                                           message: "a quoted field opened on line \(startLine) is not closed before the end of the file")
                }
                if !sawAnything { return nil }
                finishField(into: &cells)
                return TableRow(cells: cells, line: startLine)
            }
            sawAnything = true
            if inQuotes {
                if b == 0x22 {
                    if source.ensure(1) >= 1, source.peek() == 0x22 {
                        source.skip(1)
                        field.append(0x22)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
            } else if b == delimiter {
                finishField(into: &cells)
                fieldWasQuoted = false
            } else if b == 0x0A || b == 0x0D {
                if b == 0x0D, source.ensure(1) >= 1, source.peek() == 0x0A { source.skip(1) }
                line += 1
                finishField(into: &cells)
                return TableRow(cells: cells, line: startLine)
            } else if b == 0x22, field.isEmpty, !fieldWasQuoted {
                inQuotes = true
                fieldWasQuoted = true
                lastRecordHadQuotes = true
            } else {
                field.append(b)
            }
            if field.count > maxFieldBytes {
                throw TableSourceError(kind: .fieldTooLong, line: startLine,
                                       message: "a field starting on line \(startLine) is longer than \(maxFieldBytes) bytes; reading stopped")
            }
        }
    }
}

/// Picks the delimiter of a CSV from its first line: the most frequent of
/// `,` `;` and tab outside quotes (comma when none or on a tie).
func detectDelimiter(_ head: [UInt8]) -> UInt8 {
    var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
    var inQuotes = false
    for b in head {
        if b == 0x22 { inQuotes.toggle(); continue }
        if inQuotes { continue }
        if b == 0x0A || b == 0x0D { break }
        if counts[b] != nil { counts[b, default: 0] += 1 }
    }
    var best: UInt8 = 0x2C
    for d: UInt8 in [0x3B, 0x09] where counts[d, default: 0] > counts[best, default: 0] { best = d }
    return best
}

extension String {
    /// The string without leading and trailing spaces and tabs (and other
    /// Unicode spaces, via Foundation, when the text starts or ends with a
    /// non-ASCII character); returns `self`
    /// unchanged (no copy) in the common case where there are none.
    /// (Foundation's `trimmingCharacters(in:)` bridges through UTF-16 on Linux
    /// and was the reader's main cost.)
    @inline(__always)
    func trimmedSpaces() -> String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        if first >= 0x80 || last >= 0x80 { return trimmingCharacters(in: .whitespaces) }  // e.g. a no-break space
        if !isSpace(first) && !isSpace(last) { return self }
        var start = u.startIndex, end = u.endIndex
        while start < end, isSpace(u[start]) { start = u.index(after: start) }
        while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        return String(self[start..<end])
    }
}
