import ArgumentParser
import StrataAnalysis
import StrataData

/// `--format csv|json`, shared by every command that writes a table.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case csv
    case json
}

/// An error message for the user, printed as `error: …` with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Runs a command's body with standard output as a buffered, checked
/// ``StrataData/OutputSink``, and turns every failure into a message on
/// standard error and exit status 1:
/// - a failed write (disk full, closed pipe): `strata: cannot write to <stdout>: REASON`;
/// - an input, settings or analysis error: `error: MESSAGE`.
///
/// Argument errors (`ValidationError`) and explicit exit codes pass through
/// to ArgumentParser.
enum CommandOutput {
    static func run(_ body: (OutputSink) throws -> Void) throws {
        let out = OutputSink.standardOutput()
        do {
            try body(out)
            try out.close()
        } catch let error as OutputError {
            StandardErrorStream.write("strata: \(error)")
            throw ExitCode.failure
        } catch let error as ExitCode {
            // Whatever was produced before the failure is still delivered.
            do { try out.close() } catch let e as OutputError {
                StandardErrorStream.write("strata: \(e)")
            } catch {}
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            do { try out.close() } catch let e as OutputError {
                StandardErrorStream.write("strata: \(e)")
            } catch {}
            StandardErrorStream.write("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Writes `value` as JSON (``StrataData/StrataJSON``: sorted keys,
    /// non-finite numbers as `null`) and notes how many numbers were not finite.
    static func writeJSON<T: Encodable>(_ value: T, to out: OutputSink) throws {
        let nonFinite = try StrataJSON.write(value, to: out)
        if nonFinite > 0 {
            StandardErrorStream.write("note: \(nonFinite) missing or non-finite number(s) written as null")
        }
    }
}

/// Rewrites library parameter names in a message to the command's option names.
func optionNames(_ message: String, _ names: [String: String]) -> String {
    var text = message
    for (from, to) in names { text = text.replacingOccurrences(of: "'\(from)'", with: "'\(to)'") }
    return text
}
