import ArgumentParser
import StrataData
import StrataNumerics

/// The `strata` command-line tool.
@main
struct Strata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Strategic analysis of migrant smuggling from aggregated statistics.",
        discussion: """
            Reads the statistics analysts have (long CSV, SDMX-CSV, wide tables, Excel) \
            and runs trend, change-point, forecasting and risk analyses on them. \
            Every command reads a file ('-' = standard input) and writes CSV or JSON to \
            standard output; a failed write ends with a message and status 1.
            """,
        version: StrataVersion.string,
        subcommands: [
            ChangePoints.self, Validate.self, Aggregate.self, Decompose.self, Trend.self,
            ForecastCommand.self, BacktestCommand.self,
            Shifts.self, Signals.self, Score.self,
            Assess.self,
        ]
    )

    /// Ignores SIGPIPE (a closed pipe is then a reported write error), then runs the command.
    static func main() {
        OutputSink.ignoreBrokenPipeSignal()
        Self.main(nil)
    }
}

/// The version printed by `strata --version`.
enum StrataVersion {
    static let string = "0.1.0"
}
