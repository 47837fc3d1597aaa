#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `close(2)`, callable from inside types that have a `close()` method.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }

/// `write(2)`, callable from inside types that have `write` methods.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

/// A failed write: disk full, a closed pipe, a file that could not be opened.
///
/// Every command that writes output ends with this error, a message and a
/// non-zero exit status instead of trapping or losing output silently.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the output was going (`<stdout>` or a path).
    public var destination: String
    /// The system's reason (`strerror(errno)`).
    public var reason: String

    public init(destination: String, reason: String) {
        self.destination = destination
        self.reason = reason
    }

    public var description: String { "cannot write to \(destination): \(reason)" }
}

/// A buffered byte writer over a file descriptor or an in-memory buffer.
///
/// Output is accumulated in a reusable byte buffer and handed to the
/// operating system with one `write(2)` per `capacity` bytes; every result is
/// checked, so a full disk or a closed pipe surfaces as an ``OutputError``
/// from the next ``write(_:)-5bb0j``, ``flush()`` or ``close()`` rather than a
/// crash or a silent loss. After the first error every further write throws
/// the same error.
///
/// Not thread-safe: one writer per thread. (It is a class so that a command
/// can pass it to helpers; it is not `Sendable`.)
///
/// ```swift
/// let out = OutputSink.standardOutput()
/// try out.write("period,value\n")
/// try out.writeCSVField("Central Mediterranean")
/// try out.write(",")
/// try out.writeNumber(4324)
/// try out.write("\n")
/// try out.close()
/// ```
public final class OutputSink {
    private enum Target {
        case descriptor(Int32, closeOnFinish: Bool)
        case memory
    }

    private var target: Target
    // Touched once per number or field, never re-entrantly: no dynamic exclusivity checks.
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    private let capacity: Int
    @exclusivity(unchecked) private var failure: OutputError?
    /// Where the output goes, as used in error messages.
    public let destination: String
    /// Bytes written to memory (for ``inMemory()`` sinks); empty otherwise.
    public private(set) var memory: [UInt8] = []

    private init(target: Target, destination: String, capacity: Int) {
        self.target = target
        self.destination = destination
        self.capacity = max(4096, capacity)
        buffer.reserveCapacity(self.capacity)
    }

    /// A sink writing to standard output (file descriptor 1).
    ///
    /// `SIGPIPE` should be ignored by the process (``OutputSink/ignoreBrokenPipeSignal()``)
    /// so that writing to a closed pipe reports `EPIPE` instead of killing the process silently.
    public static func standardOutput(capacity: Int = 1 << 16) -> OutputSink {
        OutputSink(target: .descriptor(1, closeOnFinish: false), destination: "<stdout>", capacity: capacity)
    }

    /// A sink collecting bytes in memory (read them from ``memory`` after ``flush()``).
    public static func inMemory() -> OutputSink {
        OutputSink(target: .memory, destination: "<memory>", capacity: 1 << 16)
    }

    /// A sink writing to a new file at `path` (created or truncated, mode 0644).
    /// - Throws: ``OutputError`` when the file cannot be opened.
    public static func file(atPath path: String, capacity: Int = 1 << 16) throws -> OutputSink {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(destination: path, reason: String(cString: strerror(errno))) }
        return OutputSink(target: .descriptor(fd, closeOnFinish: true), destination: path, capacity: capacity)
    }

    /// Makes writes to a closed pipe fail with `EPIPE` (reported) instead of
    /// terminating the process with `SIGPIPE`. Call once at process start.
    public static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }

    deinit {
        if case .descriptor(let fd, true) = target { _ = systemClose(fd) }
    }

    /// Appends raw bytes.
    /// - Throws: ``OutputError`` when an earlier or this flush failed.
    @inlinable
    public func write<C: Collection>(bytes: C) throws where C.Element == UInt8 {
        try appendBytes(bytes)
    }

    @usableFromInline
    func appendBytes<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        if let failure { throw failure }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flushBuffer() }
    }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try appendBytes($0) }
    }

    /// Appends one byte.
    public func write(byte: UInt8) throws {
        if let failure { throw failure }
        buffer.append(byte)
        if buffer.count >= capacity { try flushBuffer() }
    }

    /// Appends `value` formatted as by ``CSVFormat/number(_:)`` (shortest
    /// round-trip digits, integers without a decimal point, NaN as nothing).
    public func writeNumber(_ value: Double) throws {
        if let failure { throw failure }
        CSVFormat.appendNumber(value, to: &buffer)
        if buffer.count >= capacity { try flushBuffer() }
    }

    /// Appends `field` as one CSV field, quoted per RFC 4180 when its bytes
    /// contain a comma, a double quote, CR or LF (decided on bytes, so a
    /// combining mark after a comma or quote cannot hide it).
    public func writeCSVField(_ field: String) throws {
        if let failure { throw failure }
        CSVFormat.appendField(field, to: &buffer)
        if buffer.count >= capacity { try flushBuffer() }
    }

    /// Writes one CSV row of text fields and a terminating LF.
    public func writeCSVRow(_ fields: [String]) throws {
        for (i, f) in fields.enumerated() {
            if i > 0 { try write(byte: UInt8(ascii: ",")) }
            try writeCSVField(f)
        }
        try write(byte: UInt8(ascii: "\n"))
    }

    /// Hands buffered bytes to the operating system.
    /// - Throws: ``OutputError`` on a failed write.
    public func flush() throws {
        if let failure { throw failure }
        try flushBuffer()
    }

    /// Flushes and closes the destination (a file sink closes its descriptor).
    /// - Throws: ``OutputError`` on a failed write or close.
    public func close() throws {
        try flush()
        if case .descriptor(let fd, let closeOnFinish) = target {
            if closeOnFinish {
                target = .descriptor(-1, closeOnFinish: false)
                if systemClose(fd) != 0 {
                    let error = OutputError(destination: destination, reason: String(cString: strerror(errno)))
                    failure = error
                    throw error
                }
            } else if fd >= 0 {
                // fsync is not required for stdout; a pipe or terminal reports errors on write.
            }
        }
    }

    private func flushBuffer() throws {
        guard !buffer.isEmpty else { return }
        switch target {
        case .memory:
            memory.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        case .descriptor(let fd, _):
            guard fd >= 0 else {
                let error = OutputError(destination: destination, reason: "already closed")
                failure = error
                throw error
            }
            var offset = 0
            let count = buffer.count
            let result: OutputError? = buffer.withUnsafeBytes { raw -> OutputError? in
                guard let base = raw.baseAddress else { return nil }
                while offset < count {
                    let n = systemWrite(fd, base + offset, count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return OutputError(destination: destination, reason: String(cString: strerror(errno)))
                    }
                    if n == 0 {
                        return OutputError(destination: destination, reason: "write returned 0 bytes")
                    }
                    offset += n
                }
                return nil
            }
            buffer.removeAll(keepingCapacity: true)
            if let result {
                failure = result
                throw result
            }
        }
    }
}

/// CSV text conventions shared by every writer: numbers and quoting.
public enum CSVFormat {
    /// The shortest text that reads back to the same `Double`; integers
    /// (|x| < 10¹⁵) without a decimal point; NaN as an empty string;
    /// infinities as `inf` / `-inf`.
    public static func number(_ x: Double) -> String {
        var bytes: [UInt8] = []
        appendNumber(x, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `true` when `field` must be quoted: it contains a comma, a double
    /// quote, CR or LF byte. Decided on UTF-8 bytes, not `Character`s.
    public static func needsQuoting(_ field: String) -> Bool {
        field.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }

    /// `field` as one RFC 4180 CSV field (quoted and with doubled quotes when needed).
    public static func field(_ field: String) -> String {
        var bytes: [UInt8] = []
        appendField(field, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `field` as an RFC 4180 field to `bytes`.
    public static func appendField(_ field: String, to bytes: inout [UInt8]) {
        let utf8 = field.utf8
        if !needsQuoting(field) {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(0x22)
        for b in utf8 {
            bytes.append(b)
            if b == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
    }

    /// Appends the text of ``number(_:)`` to `bytes`.
    public static func appendNumber(_ x: Double, to bytes: inout [UInt8]) {
        if x.isNaN { return }
        if x == x.rounded(.towardZero), abs(x) < 1e15 {
            appendInteger(Int64(x), to: &bytes)
            return
        }
        if x.isInfinite {
            bytes.append(contentsOf: (x < 0 ? "-inf" : "inf").utf8)
            return
        }
        if appendShortDecimal(x, to: &bytes) { return }
        // Swift's shortest round-trip printer (the text of `description`), handed
        // to the stream as ASCII bytes from its stack buffer: no `String` is made.
        var stream = ByteStream(bytes: [])
        swap(&stream.bytes, &bytes)
        x.write(to: &stream)
        swap(&stream.bytes, &bytes)
    }

    /// A text stream appending to a byte array; receives a number's digits as raw ASCII.
    struct ByteStream: TextOutputStream {
        var bytes: [UInt8]
        mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
    }

    /// Writes `x` (not an integer, 0.001 ≤ |x| < 10^9) as `digits.digits`
    /// when it has at most 6 decimals, without building a `String`.
    ///
    /// `m = round(|x| · 10^6)` is tried once: when `m / 10^6 == |x|` (both
    /// exact doubles, so one correctly rounded division — the parse a reader
    /// does) the six-decimal text reads back exactly. Because |x| · 10^6 <
    /// 2^52, no other six-decimal text reads back, and any shorter text that
    /// reads back is this one without trailing zeros; dropping them gives the
    /// fewest digits: the same text as Swift's shortest round-trip
    /// `description`. `false` (nothing written) for any other value.
    @inline(__always)
    static func appendShortDecimal(_ x: Double, to bytes: inout [UInt8]) -> Bool {
        let a = abs(x)
        guard a >= 0.001, a < 1e9 else { return false }
        let scaled = (a * 1e6).rounded()
        guard scaled / 1e6 == a else { return false }
        var m = Int64(scaled)
        var decimals = 6
        while decimals > 1, m % 10 == 0 {
            m /= 10
            decimals -= 1
        }
        var divisor: Int64 = 10
        for _ in 1..<decimals { divisor *= 10 }
        if x < 0 { bytes.append(0x2D) }
        appendInteger(m / divisor, to: &bytes)
        bytes.append(0x2E)
        var fraction = m % divisor
        var d = divisor / 10
        while d > 0 {
            bytes.append(UInt8(truncatingIfNeeded: fraction / d) + 0x30)
            fraction %= d
            d /= 10
        }
        return true
    }

    @inline(__always)
    static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        if value == 0 {
            bytes.append(0x30)
            return
        }
        var v = value.magnitude
        if value < 0 { bytes.append(0x2D) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[n] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                v /= 10
                n += 1
            }
            var i = n - 1
            while i >= 0 {
                bytes.append(d[i])
                i -= 1
            }
        }
    }
}

/// The one JSON configuration every command and library result uses:
/// sorted keys (byte-stable output), camelCase keys as declared, and
/// non-finite numbers written as `null`.
///
/// `JSONEncoder` refuses NaN and infinities; strata encodes them through a
/// sentinel string and replaces each quoted sentinel with `null`, counting
/// the replacements so that the caller can say so in a note.
public enum StrataJSON {
    private static let sentinel = "\u{1}strata-nonfinite\u{1}"

    /// The result of ``encode(_:pretty:)``.
    public struct Encoded: Sendable {
        /// The JSON bytes (UTF-8).
        public var data: Data
        /// How many NaN or infinite numbers were written as `null`.
        public var nonFiniteCount: Int
    }

    /// Encodes `value` with sorted keys, writing non-finite numbers as `null`.
    /// - Parameters:
    ///   - value: any `Encodable` result.
    ///   - pretty: indent the output (for people); compact by default.
    /// - Throws: `EncodingError` for values JSON cannot represent otherwise.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Encoded {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: sentinel, negativeInfinity: sentinel, nan: sentinel)
        let raw = try encoder.encode(value)
        // The sentinel as JSONEncoder writes it: "\u0001strata-nonfinite\u0001" in quotes.
        // (encoded compactly: a string value is written the same way in either layout)
        let compact = JSONEncoder()
        compact.outputFormatting = [.withoutEscapingSlashes]
        let quoted = Array(try compact.encode([sentinel]).dropFirst().dropLast())
        var bytes = [UInt8](raw)
        var count = 0
        if let first = quoted.first, bytes.count >= quoted.count {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == first, i + quoted.count <= bytes.count,
                   bytes[i..<(i + quoted.count)].elementsEqual(quoted)
                {
                    out.append(contentsOf: Array("null".utf8))
                    i += quoted.count
                    count += 1
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            bytes = out
        }
        return Encoded(data: Data(bytes), nonFiniteCount: count)
    }

    /// Writes `value` as JSON followed by a newline to `sink`.
    /// - Returns: how many non-finite numbers were written as `null`.
    @discardableResult
    public static func write<T: Encodable>(_ value: T, to sink: OutputSink, pretty: Bool = false) throws -> Int {
        let encoded = try encode(value, pretty: pretty)
        try sink.write(bytes: encoded.data)
        try sink.write(byte: 0x0A)
        return encoded.nonFiniteCount
    }
}
