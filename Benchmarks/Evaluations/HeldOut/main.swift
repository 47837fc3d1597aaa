// heldout-evaluation: rolling-origin accuracy of strata's forecasting defaults on
// real migration series that played no part in choosing them (issue 10).
//
//   swift run -c release heldout-evaluation [SHARED_DATA_DIR]
//
// SHARED_DATA_DIR defaults to ../../shared/data (relative to Benchmarks/).
// The series set and the protocol were fixed before the first run:
//   * Frontex IBC (frontex_ibc): the 9 route totals (sum over sea/land and
//     nationality) with at least 1,000 detections in all, and every
//     route × nationality series (sum over sea/land) with at least 600
//     detections in its last 60 months. Zero cells are omitted in the source
//     and filled with 0 over 2009-01…2025-04 (INVENTORY.md says so).
//   * UNHCR Mediterranean arrivals by destination and mode (unhcr_med_arrivals).
//   * Darién transits and Honduras irregular arrivals by nationality
//     (americas_irregular), nationalities with at least 600 in the last 36
//     months, missing months filled with 0 within each file's month range.
// Rolling origin (RollingOriginBacktest): horizon 12, 12 origins one month
// apart, period 12, 80% and 95% intervals. Scores: mean sMAPE and MASE over
// series×origins (and the medians of MASE and MSIS95, since a few series with
// near-zero in-sample seasonal-naive error dominate the means), coverage, MSIS
// (the Winkler score scaled by the in-sample seasonal-naive MAE) at 80% and 95%,
// and the geometric mean over series of the Winkler-95 ratio to the default's.
import Foundation
import StrataAnalysis
import StrataNumerics

struct Named { var group: String; var name: String; var values: [Double] }

func rows(_ path: String) -> [[String]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}

func months(from first: String, to last: String) -> [String] {
    func parts(_ s: String) -> (Int, Int) { let p = s.split(separator: "-"); return (Int(p[0]) ?? 0, Int(p[1]) ?? 1) }
    var (y, m) = parts(first)
    let (ly, lm) = parts(last)
    var out: [String] = []
    while y < ly || (y == ly && m <= lm) {
        out.append(String(format: "%04d-%02d", y, m))
        m += 1
        if m > 12 { m = 1; y += 1 }
    }
    return out
}

/// Sum `value` by key over months; missing months are 0 within [first, last] of the file.
func grid(_ records: [(key: String, month: String, value: Double)]) -> [String: [Double]] {
    guard let first = records.map(\.month).min(), let last = records.map(\.month).max() else { return [:] }
    let axis = months(from: first, to: last)
    let index = Dictionary(uniqueKeysWithValues: axis.enumerated().map { ($1, $0) })
    var out: [String: [Double]] = [:]
    for r in records {
        guard let i = index[r.month] else { continue }
        out[r.key, default: [Double](repeating: 0, count: axis.count)][i] += r.value
    }
    return out
}

let dataDir = CommandLine.arguments.dropFirst().first ?? "../../shared/data"
var series: [Named] = []

// Frontex.
let frontex = rows(dataDir + "/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv")
    .compactMap { f -> (route: String, nat: String, month: String, value: Double)? in
        guard f.count == 5, let v = Double(f[4]) else { return nil }
        return (f[0], f[2], f[3], v)
    }
let routeTotals = grid(frontex.map { (key: $0.route, month: $0.month, value: $0.value) })
for (route, y) in routeTotals.sorted(by: { $0.key < $1.key }) where y.reduce(0, +) >= 1000 {
    series.append(Named(group: "frontex-route", name: route, values: y))
}
let routeNat = grid(frontex.map { (key: $0.route + " / " + $0.nat, month: $0.month, value: $0.value) })
for (key, y) in routeNat.sorted(by: { $0.key < $1.key }) where y.suffix(60).reduce(0, +) >= 600 {
    series.append(Named(group: "frontex-route-nationality", name: key, values: y))
}
// UNHCR.
let unhcr = rows(dataDir + "/unhcr_med_arrivals/unhcr_med_arrivals_monthly_by_country_mode_tidy.csv")
    .compactMap { f -> (key: String, month: String, value: Double)? in
        guard f.count == 4, let v = Double(f[3]) else { return nil }
        return (f[1] + " / " + f[2], f[0], v)
    }
var unhcrByKey: [String: [(key: String, month: String, value: Double)]] = [:]
for r in unhcr { unhcrByKey[r.key, default: []].append(r) }
for (key, recs) in unhcrByKey.sorted(by: { $0.key < $1.key }) {
    if let y = grid(recs)[key] { series.append(Named(group: "unhcr-destination-mode", name: key, values: y)) }
}
// Americas.
let darien = rows(dataDir + "/americas_irregular/irreg_darien_nat.csv").compactMap { f -> (key: String, month: String, value: Double)? in
    guard f.count == 4, let v = Double(f[3]) else { return nil }
    return ("Darién / " + f[2], f[0], v)
}
let honduras = rows(dataDir + "/americas_irregular/irreg_honduras_nat.csv").compactMap { f -> (key: String, month: String, value: Double)? in
    guard f.count == 3, let v = Double(f[2]) else { return nil }
    return ("Honduras / " + f[1], f[0], v)
}
for recs in [darien, honduras] {
    for (key, y) in grid(recs).sorted(by: { $0.key < $1.key }) where y.suffix(36).reduce(0, +) >= 600 {
        series.append(Named(group: "americas-nationality", name: key, values: y))
    }
}
guard !series.isEmpty else {
    print("heldout-evaluation: no data found under \(dataDir); pass the shared data folder. Skipping.")
    exit(0)
}

let horizon = 12, origins = 12, period = 12
let usable = series.filter { $0.values.count >= horizon + origins + 1 }
let withZeros = usable.filter { $0.values.contains(0) }.count
print("Held-out rolling-origin evaluation: \(usable.count) series (\(withZeros) with zeros), horizon \(horizon), \(origins) origins")
for g in Set(usable.map(\.group)).sorted() { print("  \(g): \(usable.filter { $0.group == g }.count) series") }

var calibrated = ExponentialSmoothing.Options.recommended
calibrated.calibratesIntervals = true
var oldDefault = ExponentialSmoothing.Options.fastLocal   // β ≤ 0.2/m, as before issue 10
oldDefault.calibratesIntervals = true
let runs: [(String, ForecastMethod, ExponentialSmoothing.Options)] = [
    ("auto (default)", .auto, .recommended),
    ("auto, ETS calibrated", .auto, calibrated),
    ("auto, old default (β cap + calibration)", .auto, oldDefault),
    ("ets (default)", .ets, .recommended),
    ("ets, calibrated", .ets, calibrated),
    ("ets, old default (β cap + calibration)", .ets, oldDefault),
    ("theta", .theta, .recommended),
    ("damped", .damped, .recommended),
    ("naive2", .naive2, .recommended),
    ("snaive", .seasonalNaive, .recommended),
]

func fmt(_ x: Double, _ d: Int = 3) -> String { String(format: "%.\(d)f", x) }
var winklerByRun: [[Double]] = []
func median(_ x: [Double]) -> Double {
    let f = x.filter(\.isFinite).sorted()
    guard !f.isEmpty else { return .nan }
    return f.count % 2 == 1 ? f[f.count / 2] : 0.5 * (f[f.count / 2 - 1] + f[f.count / 2])
}
print("\nrun,sMAPE,MASE,medianMASE,coverage80,coverage95,MSIS80,MSIS95,medianMSIS95,relWinkler95")
var lines: [String] = []
for (name, method, options) in runs {
    var smape: [Double] = [], mase: [Double] = [], c80: [Double] = [], c95: [Double] = []
    var m80: [Double] = [], m95: [Double] = [], w95: [Double] = []
    for s in usable {
        guard let r = try? RollingOriginBacktest.run(
            s.values, method: method, horizon: horizon, origins: origins, period: period, levels: [80, 95], options: options)
        else { w95.append(.nan); continue }
        for o in r.origins where o.failure == nil {
            smape.append(o.sMAPE); mase.append(o.MASE)
            c80.append(o.coverage[0]); c95.append(o.coverage[1])
            m80.append(o.MSIS[0]); m95.append(o.MSIS[1])
        }
        w95.append(r.meanWinkler[1])
    }
    winklerByRun.append(w95)
    let base = winklerByRun[0]
    var logs: [Double] = []
    for (a, b) in zip(w95, base) where a.isFinite && b.isFinite && a > 0 && b > 0 { logs.append(log(a / b)) }
    let rel = logs.isEmpty ? Double.nan : exp(logs.reduce(0, +) / Double(logs.count))
    let m = BacktestResult.mean
    let line = "\(name),\(fmt(m(smape))),\(fmt(m(mase))),\(fmt(median(mase))),\(fmt(100 * m(c80), 1)),\(fmt(100 * m(c95), 1)),\(fmt(m(m80))),\(fmt(m(m95))),\(fmt(median(m95))),\(fmt(rel))"
    print(line)
    lines.append(line)
}
