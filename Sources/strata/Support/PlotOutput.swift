import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrataData
import StrataReports

/// `--plot FILE.svg|FILE.html`, shared by the analysis commands.
struct PlotOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Also draw the result to FILE.svg (the charts stacked in one SVG) or FILE.html (a self-contained page, one chart per series). Default: no plot.",
        valueName: "FILE"))
    var plot: String?

    func validate() throws {
        if let plot, AnalysisPlots.Format(path: plot) == nil {
            throw ValidationError("--plot must name a .svg or .html file, got '\(plot)'")
        }
    }

    /// Writes `figures` to the `--plot` file, if one was given: at most
    /// ``StrataReports/AnalysisPlots/maximumFigures`` figures (a note says how
    /// many were left out), written to a temporary file in the same folder
    /// and renamed, so a failed write never leaves a half-written plot.
    /// - Throws: ``CommandFailure`` naming the file when it cannot be written.
    func write(_ figures: @autoclosure () throws -> [AnalysisFigure], title: String) throws {
        guard let plot, let format = AnalysisPlots.Format(path: plot) else { return }
        var all = try figures()
        if all.count > AnalysisPlots.maximumFigures {
            StandardErrorStream.write("note: --plot draws the first \(AnalysisPlots.maximumFigures) of \(all.count) series")
            all = Array(all.prefix(AnalysisPlots.maximumFigures))
        }
        let text = AnalysisPlots.document(all, title: title, format: format)
        try AtomicFile.write(text, to: plot)
    }
}

/// Writing a file so that it is never seen half-written: a temporary file in
/// the same directory, written through a checked ``StrataData/OutputSink``,
/// then `rename(2)`; on any failure the temporary file is removed.
enum AtomicFile {
    /// Fails early, before any work, when `directory` does not exist or is not writable.
    static func checkWritable(directory: String) throws {
        let dir = directory.isEmpty ? "." : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure(message: "cannot write to directory '\(dir)': it does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: dir) else {
            throw CommandFailure(message: "cannot write to directory '\(dir)': it is not writable")
        }
    }

    static func write(_ text: String, to path: String) throws {
        try write(bytes: Array(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        try write(bytes: [UInt8](data), to: path)
    }

    static func write(bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).strata-\(getpid()).tmp").path
        do {
            let sink = try OutputSink.file(atPath: temporary)
            try sink.write(bytes: bytes)
            try sink.close()
        } catch let error as OutputError {
            unlink(temporary)
            throw CommandFailure(message: "cannot write '\(path)': \(error.reason)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CommandFailure(message: "cannot write '\(path)': \(reason)")
        }
    }

    /// A file-name-safe form of a code (ASCII letters, digits, `-`, `_`, `.`; others become `_`).
    static func safeName(_ code: String) -> String {
        let mapped = code.unicodeScalars.map { s -> Character in
            (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "." ? Character(s) : "_"
        }
        let name = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return name.isEmpty ? "reporter" : name
    }
}
