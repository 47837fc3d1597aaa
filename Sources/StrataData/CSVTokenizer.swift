import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
///
/// Two ways to read: ``nextRow()`` gives the cells as `String`s (headers,
/// wide tables); ``nextRecord()`` moves to the next row and leaves its cells
/// readable as bytes through ``withRecordField(_:_:)`` (the long-table hot
/// loop, which never builds a `String` per cell). The two must not be mixed
/// within one row.
protocol TableSource {
    /// The next row, `nil` at the end.
    mutating func nextRow() throws(TableSourceError) -> TableRow?
    /// Moves to the next row for byte access; `false` at the end.
    mutating func nextRecord() throws(TableSourceError) -> Bool
    /// The current record's 1-based line.
    var recordLine: Int { get }
    /// The current record's number of fields.
    var recordFieldCount: Int { get }
    /// Calls `body` with the bytes (UTF-8) of field `i` of the current record.
    func withRecordField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R
    /// Field `i` of the current record as text.
    func recordString(_ i: Int) -> String
}

/// A row held as `String`s, read by field as bytes (xlsx rows, replayed rows).
struct StringRecord {
    var row = TableRow(cells: [], line: 0)

    func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var s = row.cells[i]
        return s.withUTF8(body)
    }
}

/// The bytes of a whole input, in one buffer (read from a file descriptor or copied from memory).
///
/// The reader scans this buffer in place: fields are byte ranges into it,
/// so a cell costs no allocation.
final class ByteBuffer {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int
    /// The length of the mapping when the bytes are a mapped file (unmapped on release), else 0.
    private let mappedLength: Int

    private init(base: UnsafeMutablePointer<UInt8>, count: Int, mappedLength: Int = 0) {
        self.base = base
        self.count = count
        self.mappedLength = mappedLength
    }

    deinit {
        if mappedLength > 0 { munmap(base, mappedLength) } else { base.deallocate() }
    }

    /// A copy of `bytes`.
    convenience init(bytes: some Collection<UInt8>) {
        let n = bytes.count
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
        _ = UnsafeMutableBufferPointer(start: p, count: n).initialize(from: bytes)
        self.init(base: p, count: n)
    }

    /// Everything readable from the file at `path` (regular file, pipe or device), or `nil` when it cannot be opened or read.
    ///
    /// A regular file is mapped into memory (read-only, private, pages
    /// populated ahead): no copy, and the pages are the page cache's. Other
    /// files (pipes, devices) are read until their end.
    static func read(path: String) -> ByteBuffer? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        var capacity = 1 << 16
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { return nil }
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 {
            let size = Int(st.st_size)
            #if canImport(Glibc)
            let flags = MAP_PRIVATE | MAP_POPULATE
            #else
            let flags = MAP_PRIVATE
            #endif
            if let m = mmap(nil, size, PROT_READ, flags, fd, 0), m != MAP_FAILED {
                return ByteBuffer(base: m.assumingMemoryBound(to: UInt8.self), count: size, mappedLength: size)
            }
            capacity = size + 1
        }
        var p = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        var n = 0
        while true {
            if n == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: p, count: n)
                p.deallocate()
                p = bigger
                capacity *= 2
            }
            let got = Glibc_read(fd, p + n, capacity - n)
            if got < 0 {
                if errno == EINTR { continue }
                p.deallocate()
                return nil
            }
            if got == 0 { break }
            n += got
        }
        return ByteBuffer(base: p, count: n)
    }

    /// `true` when the bytes are valid UTF-8 (ASCII checked eight bytes at a time).
    func isValidUTF8() -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < count, base[i] < 0x80 { i += 1 }
        if i == count { return true }
        return StrataData.isValidUTF8(UnsafeBufferPointer(start: base + i, count: count - i))
    }
}

@inline(__always)
private func Glibc_read(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, p, n)
    #else
    return Darwin.read(fd, p, n)
    #endif
}

/// `true` when `bytes` are valid UTF-8 (an all-ASCII run is checked without decoding).
func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var ascii = true
    for b in bytes where b >= 0x80 { ascii = false; break }
    if ascii { return true }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
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
func detectEncoding(_ head: some Collection<UInt8>) -> DetectedEncoding {
    let head = Array(head.prefix(4))
    if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { return .utf8WithBOM }
    if head.count >= 2, head[0] == 0xFF, head[1] == 0xFE { return .utf16LE(bom: true) }
    if head.count >= 2, head[0] == 0xFE, head[1] == 0xFF { return .utf16BE(bom: true) }
    if head.count >= 4 {
        if head[0] != 0, head[1] == 0, head[2] != 0, head[3] == 0 { return .utf16LE(bom: false) }
        if head[0] == 0, head[1] != 0, head[2] == 0, head[3] != 0 { return .utf16BE(bom: false) }
    }
    return .utf8
}

/// An RFC 4180 CSV tokenizer over a ``ByteBuffer``.
///
/// Fields may be quoted with `"`; a quoted field may contain the delimiter,
/// line breaks and doubled quotes (`""` → `"`). Lines end with LF or CRLF
/// (a lone CR too). Lenient where RFC 4180 is strict: a quote inside an
/// unquoted field, or text after a closing quote, is kept literally.
/// Blank lines are skipped and counted.
///
/// Fields are byte ranges into the buffer; only a quoted field with doubled
/// quotes or text after its closing quote is copied (unescaped) into a
/// per-row scratch buffer. A row with more than `maxFields` fields, or a
/// field longer than `maxFieldBytes`, stops the reader with a located error.
final class CSVTokenizer: TableSource {
    let buffer: ByteBuffer
    private let p: UnsafePointer<UInt8>
    private let end: Int
    @exclusivity(unchecked) private var pos: Int
    let delimiter: UInt8
    /// Fields longer than this (in bytes) stop the reader with ``ValidationReport/Kind/fieldTooLong``.
    let maxFieldBytes: Int
    /// Rows with more fields than this stop the reader with ``ValidationReport/Kind/fieldCount``.
    let maxFields: Int
    /// Count fields that are not valid UTF-8 (only needed when the buffer is not valid UTF-8).
    let checkUTF8: Bool
    @exclusivity(unchecked) private(set) var line = 1
    @exclusivity(unchecked) private(set) var blankLines = 0
    /// Fields that were not valid UTF-8 (their bad bytes become U+FFFD), and the first line with one.
    private(set) var invalidUTF8Fields = 0
    private(set) var firstInvalidUTF8Line = 0

    @exclusivity(unchecked) private(set) var recordLine = 1
    @exclusivity(unchecked) private(set) var recordFieldCount = 0
    /// Two entries per field: start and end offsets; a negative start `~s` is an offset into `scratch`.
    // Hot state: accessed once per field, never re-entrantly, so without dynamic exclusivity checks.
    @exclusivity(unchecked) private var spans: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var spanCapacity: Int
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    @exclusivity(unchecked) private var recordHadQuotes = false

    init(buffer: ByteBuffer, start: Int = 0, delimiter: UInt8, maxFieldBytes: Int = 16 << 20, maxFields: Int = 1 << 17,
         checkUTF8: Bool = false) {
        self.buffer = buffer
        self.p = UnsafePointer(buffer.base)
        self.end = buffer.count
        self.pos = min(start, buffer.count)
        self.delimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
        self.maxFields = max(1, maxFields)
        self.checkUTF8 = checkUTF8
        spanCapacity = 64
        spans = UnsafeMutablePointer<Int>.allocate(capacity: 2 * spanCapacity)
    }

    deinit { spans.deallocate() }

    func nextRecord() throws(TableSourceError) -> Bool {
        while true {
            guard try readRecord() else { return false }
            if recordFieldCount == 1, !recordHadQuotes, spans[0] == spans[1] {  // one empty unquoted field
                blankLines += 1
                continue
            }
            if checkUTF8 {
                for i in 0..<recordFieldCount where !withRecordField(i, isValidUTF8) {
                    invalidUTF8Fields += 1
                    if firstInvalidUTF8Line == 0 { firstInvalidUTF8Line = recordLine }
                }
            }
            return true
        }
    }

    func nextRow() throws(TableSourceError) -> TableRow? {
        guard try nextRecord() else { return nil }
        return TableRow(cells: (0..<recordFieldCount).map(recordString), line: recordLine)
    }

    @inline(__always)
    func withRecordField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let s = spans[2 * i], e = spans[2 * i + 1]
        if s >= 0 { return body(UnsafeBufferPointer(start: p + s, count: e - s)) }
        return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(~s)..<e])) }
    }

    /// An estimate of the rows left, from the line breaks in the next 64 KiB (for reserving memory).
    var estimatedRemainingRows: Int {
        let remaining = end - pos
        let sample = min(remaining, 1 << 16)
        guard sample > 0 else { return 0 }
        var breaks = 0
        for i in pos..<(pos + sample) where p[i] == 0x0A { breaks += 1 }
        return Int(Double(remaining) * Double(breaks + 1) / Double(sample) * 1.05) + 16
    }

    func recordString(_ i: Int) -> String { withRecordField(i) { String(decoding: $0, as: UTF8.self) } }

    private func tooManyFields() -> TableSourceError {
        TableSourceError(kind: .fieldCount, line: recordLine,
                         message: "the row starting on line \(recordLine) has more than \(maxFields) fields; reading stopped (a line of delimiters? raise ReadOptions.maxFieldsPerRow if the table really is this wide)")
    }

    private func tooLong() -> TableSourceError {
        TableSourceError(kind: .fieldTooLong, line: recordLine,
                         message: "a field starting on line \(recordLine) is longer than \(maxFieldBytes) bytes; reading stopped")
    }

    /// Reads one record into `spans` (locals in the loop, written back at the end:
    /// class properties would cost an exclusivity check per access).
    private func readRecord() throws(TableSourceError) -> Bool {
        var pos = self.pos
        let end = self.end, p = self.p, d = delimiter, maxFieldBytes = self.maxFieldBytes
        guard pos < end else { return false }
        var line = self.line
        recordLine = line
        var hadQuotes = false
        var n = 0
        var sp = spans
        var capacity = spanCapacity
        scratch.removeAll(keepingCapacity: true)
        defer {
            self.pos = pos
            self.line = line
            recordFieldCount = n
            recordHadQuotes = hadQuotes
        }
        @inline(__always) func add(_ s: Int, _ e: Int) throws(TableSourceError) {
            if n == capacity {
                guard capacity < maxFields else { throw tooManyFields() }
                let bigger = min(capacity * 2, maxFields)
                let q = UnsafeMutablePointer<Int>.allocate(capacity: 2 * bigger)
                q.update(from: sp, count: 2 * n)
                sp.deallocate()
                sp = q
                spans = q
                capacity = bigger
                spanCapacity = bigger
            }
            sp[2 * n] = s
            sp[2 * n + 1] = e
            n += 1
            if (s >= 0 ? e - s : e - ~s) > maxFieldBytes { throw tooLong() }
        }
        while true {
            if pos < end, p[pos] == 0x22 {
                hadQuotes = true
                var i = pos + 1
                var simple = true
                while true {
                    guard i < end else {
                        throw TableSourceError(kind: .unterminatedQuote, line: recordLine,
                                               message: "a quoted field opened on line \(recordLine) is not closed before the end of the file")
                    }
                    let b = p[i]
                    if b == 0x22 {
                        if i + 1 < end, p[i + 1] == 0x22 { simple = false; i += 2; continue }
                        break
                    }
                    if b == 0x0A { line += 1 }
                    i += 1
                }
                let contentStart = pos + 1, contentEnd = i
                i += 1
                var j = i
                while j < end {
                    let b = p[j]
                    if b == d || b == 0x0A || b == 0x0D { break }
                    j += 1
                }
                if simple, j == i {
                    try add(contentStart, contentEnd)
                } else {
                    let s = scratch.count
                    var k = contentStart
                    while k < contentEnd {
                        scratch.append(p[k])
                        k += p[k] == 0x22 ? 2 : 1
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(start: p + i, count: j - i))
                    try add(~s, scratch.count)
                }
                pos = j
            } else {
                let s = pos
                var i = pos
                while i < end {
                    let b = p[i]
                    if b == d || b == 0x0A || b == 0x0D { break }
                    i += 1
                }
                try add(s, i)
                pos = i
            }
            guard pos < end else { return true }
            let b = p[pos]
            pos += 1
            if b == d {
                if pos == end { try add(pos, pos); return true }
                continue
            }
            if b == 0x0D, pos < end, p[pos] == 0x0A { pos += 1 }
            line += 1
            return true
        }
    }
}

/// Picks the delimiter of a CSV from its first line: the most frequent of
/// `,` `;` and tab outside quotes (comma when none or on a tie).
func detectDelimiter(_ head: some Sequence<UInt8>) -> UInt8 {
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

/// The bytes without leading and trailing spaces and tabs, or `nil` when the
/// first or last remaining byte is not ASCII (the caller then trims the text
/// with ``Swift/String/trimmedSpaces()``, which also removes Unicode spaces).
@inline(__always)
func trimmedASCII(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
    var s = 0, e = b.count
    while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
    while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
    if s < e, b[s] >= 0x80 || b[e - 1] >= 0x80 { return nil }
    return UnsafeBufferPointer(rebasing: b[s..<e])
}
