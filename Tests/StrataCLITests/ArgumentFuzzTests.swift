import Foundation
import Testing
import StrataNumerics
import StrataTestSupport

/// Issue 11: a seeded fuzzer over the CLI's arguments. Each case is a command
/// with options drawn from its real vocabulary and hostile values (huge,
/// negative, zero, empty, non-numeric, non-ASCII, markup, paths that do not
/// exist); the binary must exit with a status (never a signal) and every
/// failure must say something on standard error.
///
/// The test runs 120 cases; `STRATA_FUZZ_ITERATIONS=N STRATA_FUZZ_SEED=S swift test --filter ArgumentFuzzTests`
/// runs more.
@Suite struct ArgumentFuzzTests {
    static let values = ["0", "1", "-1", "2", "12", "999999999999", "4611686018427387904", "-4611686018427387904",
                         "1e308", "nan", "", " ", "abc", "12abc", "ÿ", "<script>", "2016-03:EU", "2016-13:X", ":",
                         "/nonexistent/x.svg", "x.png", "mbic", "bic", "poisson", "pelt", "bocpd", "json", "csv",
                         "periodic", "log1p", "route", "citizenship", "--", "-"]

    static let options: [String: [String]] = [
        "decompose": ["--period", "--seasonal-window", "--trend-window", "--low-pass-window", "--seasonal-degree",
                      "--inner", "--outer", "--robust", "--transform", "--format", "--plot"],
        "trend": ["--period", "--alpha", "--confidence", "--lag", "--format", "--progress", "--quiet"],
        "changepoints": ["--cost", "--method", "--penalty", "--min-size", "--deseasonalize", "--format", "--plot", "--verbose"],
        "forecast": ["--horizon", "--method", "--level", "--period", "--seed", "--format", "--plot", "--quiet"],
        "backtest": ["--horizon", "--origins", "--method", "--level", "--period", "--seed", "--plot"],
        "aggregate": ["--by", "--frequency", "--where", "--allow-incomplete", "--share", "--format", "--absent-is-zero"],
        "shifts": ["--by", "--reporter", "--event", "--control", "--post-window", "--seed", "--replay", "--format"],
        "signals": ["--by", "--reporter", "--seed", "--format"],
        "validate": ["--input-format", "--column", "--sheet", "--delimiter", "--absent-is-zero", "--report-format"],
    ]

    static func dataFile() throws -> String {
        var csv = "reporter,route,period,value\n"
        for route in ["A", "B"] {
            for t in 0..<40 {
                csv += "X,\(route),\(2016 + t / 12)-\(String(format: "%02d", t % 12 + 1)),\(20 + (t * 7) % 13 + (route == "A" && t > 20 ? 30 : 0))\n"
            }
        }
        return try CLIRunner.temporaryFile(csv)
    }

    @Test func hostileArgumentsNeverCrash() throws {
        let env = ProcessInfo.processInfo.environment
        let iterations = env["STRATA_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 120
        var random = SplitMix64(seed: env["STRATA_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261129)
        let file = try Self.dataFile()
        let commands = Self.options.keys.sorted()
        var crashes: [String] = []
        for _ in 0..<iterations {
            let command = commands[Int(random.next() % UInt64(commands.count))]
            let vocabulary = Self.options[command] ?? []
            var arguments = [command, random.next() % 8 == 0 ? "-" : file]
            for _ in 0..<Int(random.next() % 4) {
                arguments.append(vocabulary[Int(random.next() % UInt64(vocabulary.count))])
                if random.next() % 5 != 0 { arguments.append(Self.values[Int(random.next() % UInt64(Self.values.count))]) }
            }
            // The required options, sometimes left out.
            if ["forecast", "backtest"].contains(command), random.next() % 4 != 0 { arguments += ["--horizon", "3"] }
            if command == "backtest", random.next() % 4 != 0 { arguments += ["--origins", "2"] }
            if ["decompose", "trend"].contains(command), random.next() % 4 != 0 { arguments += ["--period", "12"] }
            let r = try CLIRunner.run(arguments, stdin: "period,value\n2020-01,1\n")
            if r.crashed { crashes.append(arguments.joined(separator: " ")) }
            if r.status != 0 { #expect(!r.stderr.isEmpty, "silent failure: strata \(arguments.joined(separator: " "))") }
        }
        #expect(crashes.isEmpty, "crashed: \(crashes.prefix(5))")
    }
}
