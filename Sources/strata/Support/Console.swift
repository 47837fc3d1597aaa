import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrataAnalysis
import Synchronization

/// How a command reports progress and notes on standard error.
enum ProgressMode: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// A bar when standard error is a terminal, nothing otherwise.
    case auto
    /// Plain periodic lines (`progress: 120/500 series, about 12 s left`), for logs.
    case plain
    /// No progress output.
    case none
}

/// `--progress`, `--verbose` and `--quiet`, shared by every command that
/// works on more than one series.
struct ConsoleOptions: ParsableArguments {
    @Option(help: "Progress on standard error: auto (a bar on a terminal, nothing otherwise), plain (periodic lines) or none. Default: auto.")
    var progress: ProgressMode = .auto

    @Flag(help: "Print every note per series. Default: off (routine notes summarised once per run).")
    var verbose = false

    @Flag(help: "Print errors only. Default: off.")
    var quiet = false

    func validate() throws {
        if verbose && quiet { throw ValidationError("--verbose and --quiet cannot be used together") }
    }

    /// A progress reporter for `total` units of work (none when quiet).
    func reporter(total: Int, unit: String) -> ProgressReporter {
        ProgressReporter(total: total, unit: unit, mode: quiet ? .none : progress)
    }
}

/// Writes text to standard error with `write(2)`, ignoring its own failure
/// (there is nowhere left to report it), never trapping.
enum StandardErrorStream {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        writeRaw(bytes)
    }

    static func writeRaw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(2, base + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// `true` when standard error is a terminal.
    static var isTerminal: Bool { isatty(2) == 1 }
}

/// Progress of a command on standard error, safe to advance from many threads.
///
/// On a terminal (`--progress auto`) it draws one line that it rewrites in
/// place — `[#########...........]  120/500 series  about 12 s left` — at most
/// ten times a second, and erases it when done, so standard output (a file
/// or a pipe) is never interleaved with it. With `--progress plain` it writes
/// a plain line at most every two seconds; otherwise nothing.
final class ProgressReporter: Sendable {
    private struct State {
        var done = 0
        var lastDraw = 0.0
        var drewSomething = false
    }

    let total: Int
    let unit: String
    private let style: Style
    private let start: Double
    private let state = Mutex(State())

    private enum Style { case bar, plain, silent }

    init(total: Int, unit: String, mode: ProgressMode) {
        self.total = max(0, total)
        self.unit = unit
        switch mode {
        case .auto: style = StandardErrorStream.isTerminal ? .bar : .silent
        case .plain: style = .plain
        case .none: style = .silent
        }
        start = Self.now()
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Records `count` more units done. With `item` (e.g. the file just
    /// written), plain mode prints one `[done/total] item` line per call
    /// instead of periodic counts, and the bar shows the item after the count.
    func advance(by count: Int = 1, item: String? = nil) {
        guard style != .silent else { return }
        let line: String? = state.withLock { s in
            s.done = min(total, s.done + count)
            let t = Self.now()
            if style == .plain, let item { return "[\(s.done)/\(total)] \(item)\n" }
            let interval = style == .bar ? 0.1 : 2.0
            guard t - s.lastDraw >= interval || s.done == total else { return nil }
            s.lastDraw = t
            s.drewSomething = true
            var text = render(done: s.done, elapsed: t - start)
            if style == .bar, let item { text += "  " + String(item.prefix(50)) }
            return text
        }
        if let line { StandardErrorStream.writeRaw(Array(line.utf8)) }
    }

    /// Ends the progress display: erases the bar on a terminal.
    func finish() {
        guard style == .bar else { return }
        let drew = state.withLock { $0.drewSomething }
        if drew { StandardErrorStream.writeRaw(Array("\r\u{1B}[2K".utf8)) }
    }

    private func render(done: Int, elapsed: Double) -> String {
        let remaining: String
        if done > 0, done < total {
            let seconds = elapsed / Double(done) * Double(total - done)
            remaining = "  about \(Self.duration(seconds)) left"
        } else {
            remaining = ""
        }
        switch style {
        case .bar:
            let width = 24
            let filled = total > 0 ? done * width / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            return "\r\u{1B}[2K[\(bar)] \(done)/\(total) \(unit)\(remaining)"
        case .plain:
            return "progress: \(done)/\(total) \(unit)\(remaining)\n"
        case .silent:
            return ""
        }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }
}

/// Notes from a run: routine model-selection events are summarised once per
/// kind ("ETS(M,A,A) not admissible for 18 of 20 series"), per-series detail
/// only with `--verbose`; notes that change the result the user asked for
/// (a fallback, dropped values, a skipped series) are always printed per
/// series; `--quiet` prints none.
struct NoteReport {
    /// A note about one series.
    struct Note: Sendable {
        /// The series the note is about (its label as printed in the output).
        var series: String
        /// The kind of routine event, used to summarise (e.g. "ETS(M,A,A) not admissible"),
        /// or `nil` for a note that changes the result and is always printed.
        var routineKind: String?
        /// The full text.
        var text: String
    }

    var notes: [Note] = []
    /// How many series the run covered (for "18 of 20 series").
    var seriesCount: Int

    init(seriesCount: Int) { self.seriesCount = seriesCount }

    mutating func routine(_ kind: String, series: String, _ text: String) {
        notes.append(Note(series: series, routineKind: kind, text: text))
    }

    mutating func material(series: String, _ text: String) {
        notes.append(Note(series: series, routineKind: nil, text: text))
    }

    /// Adds a forecasting note, routine or not as ``StrataAnalysis/AnalysisNotes`` classifies it.
    mutating func add(forecastNote text: String, series: String) {
        notes.append(Note(series: series, routineKind: AnalysisNotes.routineKind(ofForecastNote: text), text: text))
    }

    /// The lines to print on standard error for these options.
    func lines(verbose: Bool, quiet: Bool) -> [String] {
        guard !quiet else { return [] }
        var out: [String] = []
        var kinds: [String] = []
        var seriesByKind: [String: Set<String>] = [:]
        for note in notes {
            guard let kind = note.routineKind else {
                out.append("note: \(note.series): \(note.text)")
                continue
            }
            if verbose { out.append("note: \(note.series): \(note.text)") }
            if seriesByKind[kind] == nil { kinds.append(kind) }
            seriesByKind[kind, default: []].insert(note.series)
        }
        for (i, kind) in kinds.enumerated() {
            let hint = !verbose && i == kinds.count - 1 ? " (--verbose for each series)" : ""
            out.append("note: \(kind) for \(seriesByKind[kind]?.count ?? 0) of \(seriesCount) series\(hint)")
        }
        return out
    }

    func print(verbose: Bool, quiet: Bool) {
        for line in lines(verbose: verbose, quiet: quiet) { StandardErrorStream.write(line) }
    }
}
