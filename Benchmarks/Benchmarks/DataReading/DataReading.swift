// Reading a 1,000,000-row long CSV into a Panel: rows per second and peak memory.
// Writing 1,000,000 numbers through OutputSink (CSVFormat): numbers per second.
//
//   cd Benchmarks && swift package --allow-writing-to-package-directory benchmark --target DataReadingBenchmarks
//
// The file is generated at start into a temporary directory with a seeded
// SplitMix64 generator: 2,000 series (8 reporters × 5 routes × 50
// citizenships, one indicator) × 500 months (1980-01 …), values are counts
// with about 1 % `..` placeholders. About 50 MB.
import Benchmark
import Foundation
import StrataData
import StrataNumerics

/// Writes the benchmark file once per process and returns its URL.
func millionRowFile() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-bench-1M-rows-seed42.csv")
    if FileManager.default.fileExists(atPath: url.path) { return url }
    var rng = SplitMix64(seed: 42)
    let reporters = ["AUT", "BGR", "DEU", "ESP", "FRA", "GRC", "HUN", "ITA"]
    let routes = ["Central Mediterranean", "Eastern Mediterranean", "Western Mediterranean", "Western Balkans", "Eastern Borders"]
    let citizenships = (0..<50).map { String(format: "C%02d", $0) }
    let periods = (0..<500).map { Period(frequency: .monthly, index: 1980 * 12 + $0).description }
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    guard let handle = try? FileHandle(forWritingTo: url) else { return url }
    var chunk = "reporter,route,citizenship,indicator,period,value\n"
    for reporter in reporters {
        for route in routes {
            for citizenship in citizenships {
                let prefix = "\(reporter),\(route),\(citizenship),IBC,"
                for period in periods {
                    let r = rng.next()
                    let value = r % 100 == 0 ? ".." : String((r >> 8) % 5000)
                    chunk += prefix + period + "," + value + "\n"
                }
                if chunk.utf8.count > 1 << 20 {
                    handle.write(Data(chunk.utf8))
                    chunk = ""
                }
            }
        }
    }
    handle.write(Data(chunk.utf8))
    try? handle.close()
    return url
}

/// One million numbers of one kind, seeded: counts (integers), short decimals
/// (two decimals, like rates) and full-precision doubles (like model output).
func numbers(_ kind: String) -> [Double] {
    var rng = SplitMix64(seed: 7)
    return (0..<1_000_000).map { _ in
        switch kind {
        case "counts": return Double(rng.next() % 100_000)
        case "short decimals": return Double(Int64(rng.next() % 10_000_000)) / 100
        default: return (rng.nextUniform() - 0.5) * 2e4
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    for kind in ["counts", "short decimals", "full-precision doubles"] {
        Benchmark(
            "Write 1,000,000 numbers (\(kind)) as CSV through OutputSink",
            configuration: .init(
                metrics: [.wallClock, .throughput, .mallocCountTotal],
                scalingFactor: .mega,  // one iteration = 1,000,000 numbers: throughput reads as numbers/s (in M)
                maxDuration: .seconds(10),
                maxIterations: 10
            )
        ) { benchmark, values in
            // 10 numbers a row, comma-separated, to /dev/null (one write(2) per 64 KiB).
            guard let sink = try? OutputSink.file(atPath: "/dev/null") else { return }
            benchmark.startMeasurement()
            for (i, v) in values.enumerated() {
                try? sink.writeNumber(v)
                try? sink.write(byte: i % 10 == 9 ? 0x0A : 0x2C)
            }
            try? sink.close()
            benchmark.stopMeasurement()
        } setup: {
            numbers(kind)
        }
    }

    Benchmark(
        "Read 1,000,000-row long CSV into a Panel",
        configuration: .init(
            metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
            scalingFactor: .mega,  // one iteration = 1,000,000 rows: throughput reads as rows/s (in M)
            maxDuration: .seconds(60),
            maxIterations: 5
        )
    ) { benchmark, url in
        benchmark.startMeasurement()
        let result = DataReader.read(contentsOf: url)
        benchmark.stopMeasurement()
        precondition(result.report.counts.rows == 1_000_000, "benchmark file is not the expected one")
        blackHole(result)
    } setup: {
        millionRowFile()
    }
}
