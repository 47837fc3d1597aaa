import Foundation
import Testing
import ZIPFoundation
import StrataNumerics
import StrataTestSupport
@testable import StrataData

/// A seeded mutation fuzzer for ``DataReader``: real files (the repository's
/// `datasets/` and, when present, CSV and `.xlsx` files from `../shared/data`)
/// are mutated byte-wise (bit flips; inserted quotes, commas, newlines, CR,
/// NUL; deleted ranges; truncation; duplicated and swapped lines; a BOM;
/// re-encoding as UTF-16 with or without a BOM, sometimes with an odd byte
/// count; extreme numbers) and read. Workbooks are mutated inside: the sheet
/// XML is mutated and the workbook re-zipped (and, separately, the raw ZIP
/// bytes are mutated).
///
/// Each read must return (no crash, no hang) and every error it reports must
/// be located: it names the input file, and row-level errors carry a line.
///
/// The test runs a bounded number of iterations (about 10 s in a debug
/// build). For a long run set `STRATA_FUZZ_ITERATIONS` (and optionally
/// `STRATA_FUZZ_SEED`), or use `scripts/fuzz-readers.sh`. The input being read
/// is written to `$TMPDIR/strata-fuzz-current.{csv,xlsx}` first, so after a
/// crash that file reproduces it.
@Suite struct ReaderFuzzTests {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["STRATA_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 160
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["STRATA_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_129
    }

    /// Seed CSV files: up to 24 KB from the start of each (cut at a newline).
    static func csvSeeds() -> [(String, [UInt8])] {
        var urls: [URL] = []
        let datasets = SharedData.repositoryRoot.appendingPathComponent("datasets")
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: datasets.path)) ?? [] where name.hasSuffix(".csv") {
            urls.append(datasets.appendingPathComponent(name))
        }
        if let shared = SharedData.directory?.appendingPathComponent("data") {
            for dir in ["uk_small_boats", "unhcr_med_arrivals", "italy_sea_arrivals", "australia_boats", "textbook_ts", "frontex_ibc", "eurostat_enforcement"] {
                let d = shared.appendingPathComponent(dir)
                for name in ((try? fm.contentsOfDirectory(atPath: d.path)) ?? []).sorted() where name.hasSuffix(".csv") {
                    urls.append(d.appendingPathComponent(name))
                }
            }
        } else {
            SharedData.skipNotice("../shared is absent; the reader fuzzer uses only datasets/")
        }
        return urls.sorted { $0.path < $1.path }.compactMap { url in
            guard let data = try? Data(contentsOf: url) else { return nil }
            var bytes = Array(data.prefix(24_000))
            if bytes.count < data.count, let nl = bytes.lastIndex(of: 0x0A) { bytes = Array(bytes[...nl]) }
            return (url.lastPathComponent, bytes)
        }
    }

    /// One random mutation of `b`.
    static func mutate(_ b: inout [UInt8], _ rng: inout SplitMix64) {
        func pick(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
        let inserts: [[UInt8]] = [[0x22], [0x2C], [0x0A], [0x0D], [0x0D, 0x0A], [0x00], [0x3B], [0x09],
                                  Array("1e308".utf8), Array("-1".utf8), Array("NaN".utf8), Array("99999999999999999999".utf8),
                                  Array("\"\"".utf8), [0xC3], [0xFF, 0xFE], Array("2016-13".utf8), Array("<".utf8), Array("&amp;".utf8)]
        switch pick(12) {
        case 0, 1:  // bit flip
            if !b.isEmpty { b[pick(b.count)] ^= UInt8(1 << pick(8)) }
        case 2, 3, 4:  // insert a special token
            b.insert(contentsOf: inserts[pick(inserts.count)], at: pick(b.count + 1))
        case 5:  // delete a range
            if !b.isEmpty {
                let start = pick(b.count)
                b.removeSubrange(start..<min(b.count, start + 1 + pick(16)))
            }
        case 6:  // truncate
            b.removeSubrange(pick(b.count + 1)..<b.count)
        case 7, 8:  // duplicate or swap lines
            var lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            guard lines.count > 1 else { return }
            let i = pick(lines.count), j = pick(lines.count)
            if pick(2) == 0 { lines.insert(lines[i], at: j) } else { lines.swapAt(i, j) }
            b = Array(lines.joined(separator: [0x0A]))
        case 9:  // BOM
            b.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0)
        case 10:  // UTF-16 (LE or BE, with or without a BOM, sometimes an odd byte count)
            let text = String(decoding: b, as: UTF8.self)
            let little = pick(2) == 0
            var out: [UInt8] = pick(3) == 0 ? [] : (little ? [0xFF, 0xFE] : [0xFE, 0xFF])
            for u in text.utf16 { out += little ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)] }
            if pick(3) == 0, !out.isEmpty { out.removeLast() }
            b = out
        default:  // overwrite a stretch with random bytes
            if !b.isEmpty {
                let start = pick(b.count)
                for k in start..<min(b.count, start + 1 + pick(8)) { b[k] = UInt8(truncatingIfNeeded: rng.next()) }
            }
        }
    }

    /// Kinds whose errors concern the whole file and need no line.
    static let fileLevelKinds: Set<ValidationReport.Kind> = [.unreadableFile, .emptyFile, .headerOnly, .encoding, .missingColumn, .worksheet]

    /// Problems with the report of one read (empty when every error is located).
    static func unlocated(_ report: ValidationReport, file: String) -> [String] {
        report.entries.filter { $0.severity == .error }.compactMap { e in
            if e.location.file != file { return "error does not name the file: \(e)" }
            if e.location.line == nil && !fileLevelKinds.contains(e.kind) { return "row-level error without a line: \(e)" }
            if e.message.contains("(null)") || e.message.contains("Code=") { return "unhelpful message: \(e)" }
            return nil
        }
    }

    static func current(_ ext: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("strata-fuzz-current-\(ProcessInfo.processInfo.processIdentifier).\(ext)")
    }

    @Test func mutatedCSVFilesAreReadOrRejectedWithLocatedErrors() throws {
        let seeds = Self.csvSeeds()
        #expect(!seeds.isEmpty)
        var rng = SplitMix64(seed: Self.seed)
        let path = Self.current("csv")
        defer { try? FileManager.default.removeItem(at: path) }
        var problems: [String] = []
        let formats: [DataFormat?] = [nil, nil, nil, .long, .wide, .sdmx]
        for iteration in 0..<Self.iterations {
            let (name, original) = seeds[Int(rng.next() % UInt64(seeds.count))]
            var bytes = original
            for _ in 0..<(1 + Int(rng.next() % 4)) { Self.mutate(&bytes, &rng) }
            try Data(bytes).write(to: path)
            let format = formats[Int(rng.next() % UInt64(formats.count))]
            let result = DataReader.read(contentsOf: path, options: ReadOptions(format: format))
            for p in Self.unlocated(result.report, file: path.path) where problems.count < 20 {
                problems.append("iteration \(iteration) (seed \(Self.seed), from \(name)): \(p)")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The workbooks to mutate: the shared UNHCR workbook when present, and a small built one.
    static func xlsxSeeds() throws -> [URL] {
        var urls: [URL] = []
        if let shared = SharedData.file("data/unhcr_med_arrivals/unhcr_med_data_2019-12-31.xlsx") { urls.append(shared) }
        var sheet = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
        for i in 0..<40 {
            let r = i + 2
            sheet += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"inlineStr\"><is><t>route \(i % 3)</t></is></c>"
                + "<c r=\"B\(r)\" t=\"inlineStr\"><is><t>2016-\(i / 3 % 12 < 9 ? "0" : "")\(i / 3 % 12 + 1)</t></is></c><c r=\"C\(r)\"><v>\(i * 7)</v></c></row>"
        }
        urls.append(try HostileXLSXTests.workbook(HostileXLSXTests.parts(sheet: sheet)))
        return urls
    }

    /// Copies `source` into a new archive with the part `path` replaced by `data`.
    static func rezip(_ source: Archive, replacing path: String, with data: Data, to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let out = try Archive(url: url, accessMode: .create)
        for entry in source where entry.type == .file {
            var content = Data()
            if entry.path == path {
                content = data
            } else {
                _ = try source.extract(entry) { content.append($0) }
            }
            try out.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) { p, n in
                content.subdata(in: Int(p)..<(Int(p) + n))
            }
        }
    }

    @Test func mutatedWorkbooksAreReadOrRejectedWithLocatedErrors() throws {
        let seeds = try Self.xlsxSeeds()
        var rng = SplitMix64(seed: Self.seed &+ 1)
        let path = Self.current("xlsx")
        defer { try? FileManager.default.removeItem(at: path) }
        var problems: [String] = []
        // Workbook reads are slower than CSV reads: a tenth of the iterations (at least 16).
        let count = max(16, Self.iterations / 10)
        // The first worksheet's XML of each seed, and its archive.
        var parts: [(Archive, String, [UInt8])] = []
        for url in seeds {
            let archive = try Archive(url: url, accessMode: .read)
            guard let entry = archive.first(where: { $0.path.hasPrefix("xl/worksheets/") && $0.path.hasSuffix(".xml") }) else { continue }
            var xml = Data()
            _ = try archive.extract(entry) { xml.append($0) }
            parts.append((archive, entry.path, Array(xml)))
        }
        #expect(!parts.isEmpty)
        for iteration in 0..<count {
            let (archive, part, xml) = parts[Int(rng.next() % UInt64(parts.count))]
            if rng.next() % 4 == 0 {
                // Raw ZIP bytes.
                var bytes = Array((try? Data(contentsOf: archive.url)) ?? Data())
                for _ in 0..<(1 + Int(rng.next() % 3)) { Self.mutate(&bytes, &rng) }
                try Data(bytes).write(to: path)
            } else {
                var bytes = xml
                for _ in 0..<(1 + Int(rng.next() % 4)) { Self.mutate(&bytes, &rng) }
                try Self.rezip(archive, replacing: part, with: Data(bytes), to: path)
            }
            let result = DataReader.read(contentsOf: path, options: ReadOptions(format: .xlsx))
            for p in Self.unlocated(result.report, file: path.path) where problems.count < 20 {
                problems.append("iteration \(iteration) (seed \(Self.seed)): \(p)")
            }
            // Any worksheet error names the part or the file.
            for e in result.report.entries(of: .worksheet) where e.severity == .error {
                if !(e.message.contains("xl/") || e.message.contains(path.path) || e.message.contains("sheet")) && problems.count < 20 {
                    problems.append("iteration \(iteration): worksheet error without a part: \(e.message)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
