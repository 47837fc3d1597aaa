// strata-synth — writes the synthetic monthly detections panel bundled as
// datasets/synthetic_detections_monthly.csv (see datasets/synthetic_detections_monthly.md).
//
//   swift run strata-synth > datasets/synthetic_detections_monthly.csv
//   swift run strata-synth --seed 7 > other.csv
//
// The numbers are invented, with a known truth, so that analyses (trend,
// change points, route shifts) can be checked against it:
//
// * 5 routes × 4 citizenships, indicator IBC (detections of illegal border
//   crossings), monthly 2015-01 … 2024-12 (120 months, 2,400 rows).
// * expected count μ = base(route, citizenship) × season(month) × events;
//   season(month) = 1 + 0.6 cos(2π (month − 8) / 12) (peak in August,
//   trough in February: 1.6 and 0.4).
// * level change: Central Mediterranean × 0.4 from 2017-08 onwards.
// * route shift: from 2020-03 onwards 70 % of the Eastern Mediterranean
//   flow of every citizenship moves to the Western Balkans route (added to
//   the Western Balkans' own flow of that citizenship).
// * counts are negative binomial (gamma–Poisson mixture) with mean μ and
//   size 8, so variance μ + μ²/8 (overdispersed).
//
// Random numbers: SplitMix64 (Steele, Lea & Flood 2014), Box–Muller normals,
// Marsaglia & Tsang (2000) gamma, Knuth's multiplication method for Poisson
// in pieces of mean ≤ 20. Same seed, same file, on every platform.
import StrataData
import StrataNumerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The synthetic data's draws on top of the project's ``SplitMix64`` (whose
/// `nextUniform()` is in (0, 1) and `nextNormal()` is Box–Muller).
extension SplitMix64 {
    /// Gamma(shape, 1) for shape ≥ 1 (Marsaglia & Tsang).
    mutating func gamma(shape: Double) -> Double {
        let d = shape - 1.0 / 3.0, c = 1.0 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextUniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
    mutating func poisson(mean: Double) -> Int {
        var remaining = mean, total = 0
        while remaining > 0 {
            let piece = min(remaining, 20)
            remaining -= piece
            let limit = exp(-piece)
            var p = 1.0, k = -1
            repeat {
                k += 1
                p *= nextUniform()
            } while p > limit
            total += k
        }
        return total
    }
    mutating func negativeBinomial(mean: Double, size: Double) -> Int {
        poisson(mean: gamma(shape: size) * mean / size)
    }
}

var seed: UInt64 = 20_150_101
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    if a == "--seed", let v = arguments.popFirst(), let s = UInt64(v) {
        seed = s
    } else {
        print("usage: strata-synth [--seed N] > file.csv")
        exit(2)
    }
}

let routes: [(reporter: String, route: String)] = [
    ("ITA", "Central Mediterranean"),
    ("GRC", "Eastern Mediterranean"),
    ("ESP", "Western Mediterranean"),
    ("HUN", "Western Balkans"),
    ("ESP", "Western African"),
]
let citizenships = ["SYR", "AFG", "MAR", "NGA"]
/// Mean monthly detections before seasonality and events, route × citizenship.
let base: [[Double]] = [
    [300, 150, 250, 1200],  // Central Mediterranean
    [2000, 1500, 50, 40],  // Eastern Mediterranean
    [80, 30, 900, 200],  // Western Mediterranean
    [600, 500, 30, 20],  // Western Balkans
    [10, 5, 300, 250],  // Western African
]
let levelChange = try Period(parsing: "2017-08")  // Central Mediterranean × 0.4 from here
let shiftStart = try Period(parsing: "2020-03")  // 70 % of Eastern Mediterranean → Western Balkans
let shiftShare = 0.7
let first = try Period(parsing: "2015-01")
let months = 120

func mean(route r: Int, citizenship c: Int, period: Period) -> Double {
    let season = 1 + 0.6 * cos(2 * Double.pi * Double(period.subperiod - 8) / 12)
    var level = base[r][c]
    if r == 0, period >= levelChange { level *= 0.4 }
    if period >= shiftStart {
        if r == 1 { level *= 1 - shiftShare }
        if r == 3 { level += shiftShare * base[1][c] }
    }
    return level * season
}

var rng = SplitMix64(seed: seed)
var out = "reporter,route,citizenship,indicator,period,value\n"
for (r, route) in routes.enumerated() {
    for (c, citizenship) in citizenships.enumerated() {
        for t in 0..<months {
            let period = first + t
            let y = rng.negativeBinomial(mean: mean(route: r, citizenship: c, period: period), size: 8)
            out += "\(route.reporter),\(route.route),\(citizenship),IBC,\(period),\(y)\n"
        }
    }
}
print(out, terminator: "")
