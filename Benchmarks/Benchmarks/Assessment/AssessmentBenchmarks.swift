// Assessment benchmarks: `strata assess` as a library call (analysis, document, HTML).
//
//   swift package --allow-writing-to-package-directory benchmark --target AssessmentBenchmarks
//
// * one reporter: 10 routes × 50 citizenships × 15 years monthly (90,000 cells);
// * 30 reporters in batch (the `--all-reporters` loop), the same shape each.
// Goals (issue 14): one reporter under 2 s, 30 reporters under 30 s on 2 cores.
import Benchmark
import Foundation
import StrataAnalysis
import StrataData
import StrataNumerics
import StrataReports

/// Seeded synthetic detections: route levels 50–5,000 a month, a citizenship
/// mix drawn once per route, a multiplicative season (summer peak), a linear
/// trend of ±30 % over the span, and Poisson-like noise (normal approximation,
/// rounded, floored at 0).
func assessmentPanel(reporters: Int, routes: Int = 10, citizenships: Int = 50, years: Int = 15) throws -> Panel {
    var series: [TimeSeries] = []
    let start = Period(frequency: .monthly, index: 2010 * 12)
    let months = 12 * years
    for r in 0..<reporters {
        for route in 0..<routes {
            var rng = SplitMix64(seed: UInt64(10_000 * r + route))
            let level = 50 + 4950 * rng.nextUniform()
            let trend = (rng.nextUniform() - 0.5) * 0.6
            var mix = (0..<citizenships).map { _ in pow(rng.nextUniform(), 3) }
            let total = mix.reduce(0, +)
            mix = mix.map { $0 / total }
            for c in 0..<citizenships {
                let values = (0..<months).map { t -> Double in
                    let season = 1 + 0.35 * sin(2 * Double.pi * (Double(t % 12) - 3) / 12)
                    let mean = level * mix[c] * season * (1 + trend * Double(t) / Double(months))
                    return max(0, (mean + mean.squareRoot() * rng.nextNormal()).rounded())
                }
                let key = SeriesKey([("reporter", "R\(r)"), ("route", "Route \(route)"), ("citizenship", "C\(c)")])
                series.append(TimeSeries(key: key, start: start, values: values))
            }
        }
    }
    return try Panel(series: series)
}

func assess(_ panel: Panel, reporter: String) throws -> Int {
    var config = AssessmentConfiguration()
    config.reporter = reporter
    let analysis = try AssessmentAnalysis.run(panel, configuration: config)
    let doc = CountryAssessment(analysis: analysis, sources: [], strataVersion: "benchmark")
    return HTMLReport.render(doc).utf8.count + (try doc.json()).count
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        maxDuration: .seconds(120), maxIterations: 3)

    Benchmark("assess one reporter: 10 routes × 50 citizenships × 15 years monthly", configuration: config) { benchmark in
        let panel = try assessmentPanel(reporters: 1)
        benchmark.startMeasurement()
        blackHole(try assess(panel, reporter: "R0"))
    }

    Benchmark("assess 30 reporters in batch (each 10 routes × 50 citizenships × 15 years)",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(300), maxIterations: 1)) { benchmark in
        let panel = try assessmentPanel(reporters: 30)
        benchmark.startMeasurement()
        for r in AssessmentAnalysis.reporters(in: panel) { blackHole(try assess(panel, reporter: r)) }
    }
}
