// m3-evaluation: accuracy of strata's forecasters on the 1428 monthly series
// of the M3 competition, next to the published and measured anchors in
// ../shared/data/m3_monthly/README.md.
//
// Usage (from the Benchmarks folder):
//   swift run -c release m3-evaluation [DATA_DIR] [--limit N] [--fast]
// DATA_DIR defaults to ../../shared/data/m3_monthly (relative to Benchmarks/).
// --fast keeps the heuristic initial seasonal states (no joint estimation);
// --preset recommended|thorough|batch|like-statsforecast|fast-local picks a starting
// ExponentialSmoothing.Options preset; then --refit K (0 = none), --tol X,
// --restarts R, --evals N, --step S, --local-step S, --local-tol X, --local,
// --thorough, --limit-beta, --whole-season, --three-cycles, --calibrate / --no-calibrate change single settings
// (--like-statsforecast = --preset like-statsforecast).
// M3_DUMP=FILE writes each series' auto-ETS model and sMAPE.
// --synthetic N times Forecaster's auto-ETS on N synthetic series of the ForecastingBenchmarks target.
import Foundation
import StrataAnalysis
import StrataNumerics

struct Series: Sendable {
    var id: String
    var train: [Double]
    var test: [Double]
}

func readLong(_ path: String) throws -> [String: [(Int, Double)]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var out: [String: [(Int, Double)]] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",")
        guard f.count == 3, let t = Int(f[1]), let y = Double(f[2]) else { continue }
        out[String(f[0]), default: []].append((t, y))
    }
    return out
}

var arguments = Array(CommandLine.arguments.dropFirst())
var limit = Int.max
var fast = false
if let i = arguments.firstIndex(of: "--limit"), i + 1 < arguments.count, let v = Int(arguments[i + 1]) {
    limit = v
    arguments.removeSubrange(i...(i + 1))
}
if let i = arguments.firstIndex(of: "--fast") { fast = true; arguments.remove(at: i) }
@MainActor func numericFlag(_ name: String) -> Double? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = Double(arguments[i + 1]) else { return nil }
    arguments.removeSubrange(i...(i + 1))
    return v
}
@MainActor func flag(_ name: String) -> Bool {
    guard let i = arguments.firstIndex(of: name) else { return false }
    arguments.remove(at: i)
    return true
}
@MainActor func textFlag(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    let v = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
    return v
}
// Start from a preset, then apply the individual settings given.
let preset = textFlag("--preset") ?? (flag("--like-statsforecast") ? "like-statsforecast" : "recommended")
var chosen: ExponentialSmoothing.Options
switch preset {
case "thorough": chosen = .thorough
case "batch": chosen = .batch
case "like-statsforecast": chosen = .likeStatsforecast
case "fast-local": chosen = .fastLocal
default: chosen = .recommended
}
if fast { chosen.estimateInitialSeasonal = false }
if let v = numericFlag("--refit") { chosen.refitBest = v < 1 ? nil : Int(v) }
if let v = numericFlag("--tol") { chosen.tolerance = v }
if let v = numericFlag("--restarts") { chosen.restarts = Int(v) }
if let v = numericFlag("--evals") { chosen.maxEvaluations = Int(v) }
if let v = numericFlag("--step") { chosen.initialStep = v }
if let v = numericFlag("--local-step") { chosen.localStep = v }
if let v = numericFlag("--local-tol") { chosen.localTolerance = v }
if flag("--local") { chosen.search = .local }
if flag("--thorough") { chosen.search = .thorough }
if flag("--limit-beta") { chosen.limitsTrendSmoothing = true }
if flag("--whole-season") { chosen.seasonStartFromWholeSeries = true }
if flag("--three-cycles") { chosen.seasonStartFromWholeSeries = false }
if flag("--calibrate") { chosen.calibratesIntervals = true }
if flag("--no-calibrate") { chosen.calibratesIntervals = false }
if flag("--no-limit-beta") { chosen.limitsTrendSmoothing = false }
let options = chosen
let syntheticCount = numericFlag("--synthetic").map { max(1, Int($0)) }

/// CPU time of the calling thread (the machine is shared, so wall time overstates the cost).
@Sendable func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

// --synthetic N: time Forecaster's auto-ETS (fit, intervals and, when on, their calibration)
// on one core on the first N synthetic monthly series of the ForecastingBenchmarks target
// (same generator: SplitMix64 seeded 1000 + i, length 120), with and without calibration.
if let count = syntheticCount {
    let synthetic: [[Double]] = (0..<count).map { i in
        var rng = SplitMix64(seed: UInt64(1000 + i))
        let level = 100 + 900 * rng.nextUniform()
        let slope = (rng.nextUniform() - 0.5) * 2
        let amplitude = 0.4 * rng.nextUniform()
        let sd = 0.05 * level
        return (0..<120).map { t in
            let season = 1 + amplitude * sin(2 * Double.pi * Double(t) / 12)
            return max(1, (level + slope * Double(t)) * season + sd * rng.nextNormal())
        }
    }
    for calibrate in [options.calibratesIntervals, !options.calibratesIntervals] {
        var o = options
        o.calibratesIntervals = calibrate
        let t0 = threadCPUSeconds()
        var failures = 0
        for s in synthetic {
            if (try? Forecaster.forecast(s, method: .ets, horizon: 18, period: 12, options: o)) == nil { failures += 1 }
        }
        let cpu = threadCPUSeconds() - t0
        print("synthetic: \(count) series, preset \(preset), calibratesIntervals \(calibrate): " +
              String(format: "%.2f CPU s = %.1f series/s on one core", cpu, Double(count) / cpu) + ", \(failures) failures")
    }
    exit(0)
}
let directory = arguments.first ?? "../../shared/data/m3_monthly"
let trainPath = directory + "/m3_monthly_train_long.csv"
let testPath = directory + "/m3_monthly_test_long.csv"
guard FileManager.default.fileExists(atPath: trainPath) else {
    print("m3-evaluation: \(trainPath) not found; pass the m3_monthly folder as the first argument")
    exit(0)
}
let trainMap = try readLong(trainPath)
let testMap = try readLong(testPath)
var allSeries: [Series] = trainMap.keys.sorted().compactMap { id in
    guard let tr = trainMap[id], let te = testMap[id] else { return nil }
    return Series(id: id, train: tr.sorted { $0.0 < $1.0 }.map(\.1), test: te.sorted { $0.0 < $1.0 }.map(\.1))
}
if allSeries.count > limit { allSeries = Array(allSeries.prefix(limit)) }
let series = allSeries
let h = 18, m = 12, levels = [80.0, 95.0]
let methods = ["Naive2", "snaive", "Theta", "auto-ETS", "damped", "combination"]

struct Scores: Sendable {
    var sMAPE: [Double]
    var MASE: [Double]
    var coverage80: [Double]
    var coverage95: [Double]
    var MSIS95: [Double]
    var etsSeconds: Double
    var etsMethod = ""
}

let start = Date()
let results: [Scores] = try Parallel.map(series.count) { i in
    let s = series[i]
    let naive2 = try Forecaster.forecast(s.train, method: .naive2, horizon: h, period: m, levels: levels)
    let snaive = try Forecaster.forecast(s.train, method: .seasonalNaive, horizon: h, period: m, levels: levels)
    let theta = try Forecaster.forecast(s.train, method: .theta, horizon: h, period: m, levels: levels, options: options)
    let t0 = threadCPUSeconds()
    let ets = try Forecaster.forecast(s.train, method: .ets, horizon: h, period: m, levels: levels, options: options)
    let etsSeconds = threadCPUSeconds() - t0
    let damped = try Forecaster.forecast(s.train, method: .damped, horizon: h, period: m, levels: levels, options: options)
    let combo = Forecaster.combination(of: [ets, theta, damped]) ?? ets
    var sc = Scores(sMAPE: [], MASE: [], coverage80: [], coverage95: [], MSIS95: [], etsSeconds: etsSeconds)
    sc.etsMethod = ets.method
    for f in [naive2, snaive, theta, ets, damped, combo] {
        sc.sMAPE.append(AccuracyMetrics.sMAPE(actual: s.test, forecast: f.mean))
        sc.MASE.append(AccuracyMetrics.MASE(actual: s.test, forecast: f.mean, insample: s.train, period: m))
        let p80 = f.intervals[0], p95 = f.intervals[1]
        sc.coverage80.append(AccuracyMetrics.coverage(actual: s.test, lower: p80.lower, upper: p80.upper))
        sc.coverage95.append(AccuracyMetrics.coverage(actual: s.test, lower: p95.lower, upper: p95.upper))
        sc.MSIS95.append(AccuracyMetrics.MSIS(actual: s.test, lower: p95.lower, upper: p95.upper, level: 95,
                                              insample: s.train, period: m))
    }
    return sc
}
let elapsed = Date().timeIntervalSince(start)
if let path = ProcessInfo.processInfo.environment["M3_DUMP"] {
    // Per-series auto-ETS model and sMAPE, for comparisons with other implementations.
    var text = "series,model,smape\n"
    for (i, r) in results.enumerated() { text += "\(series[i].id),\"\(r.etsMethod)\",\(r.sMAPE[3])\n" }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

func mean(_ v: [Double]) -> Double {
    let f = v.filter(\.isFinite)
    return f.isEmpty ? .nan : f.reduce(0, +) / Double(f.count)
}
func fmt(_ x: Double, _ d: Int = 3) -> String { String(format: "%.\(d)f", x) }

print("M3 monthly: \(series.count) series, horizon \(h), \(Parallel.defaultConcurrency) workers, preset \(preset), \(options)")
let n2s = mean(results.map { $0.sMAPE[0] }), n2m = mean(results.map { $0.MASE[0] })
print("method,sMAPE,MASE,OWA,coverage80,coverage95,MSIS95")
for (k, name) in methods.enumerated() {
    let s = mean(results.map { $0.sMAPE[k] }), ma = mean(results.map { $0.MASE[k] })
    let owa = AccuracyMetrics.OWA(sMAPE: s, MASE: ma, naive2sMAPE: n2s, naive2MASE: n2m)
    print("\(name),\(fmt(s)),\(fmt(ma)),\(fmt(owa)),\(fmt(100 * mean(results.map { $0.coverage80[k] }), 1)),\(fmt(100 * mean(results.map { $0.coverage95[k] }), 1)),\(fmt(mean(results.map { $0.MSIS95[k] })))")
}
print("""

Anchors (README of m3_monthly, same data and measures):
  R forecast 8.20 thetaf        sMAPE 13.856  MASE 0.864
  R naive2 (M4 definition)      sMAPE 16.764  MASE 1.038
  seasonal naive                sMAPE 17.234  MASE 1.146  coverage 80.6 / 93.1
  statsforecast 2.1.1 AutoETS   sMAPE 14.160  MASE 0.863  coverage 74.7 / 89.7  (15 series/s on 1 core)
  statsforecast AutoTheta       sMAPE 14.968  MASE 0.861  coverage 71.7 / 86.1
""")
let etsTotal = results.map(\.etsSeconds).reduce(0, +)
print("wall time \(fmt(elapsed, 1)) s for all methods; auto-ETS alone: \(fmt(etsTotal, 1)) CPU seconds = \(fmt(Double(series.count) / etsTotal, 1)) series/s per core")
