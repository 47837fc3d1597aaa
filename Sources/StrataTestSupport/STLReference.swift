import Foundation

/// A reference case in `../shared/reference/stl` (see its README): R 4.2.2
/// `stl(x, s.window = 7 | "periodic", robust = FALSE | TRUE)` with every other
/// argument at its default, and statsmodels 0.15.0 `STL` run with R's resolved
/// parameters (`*_matched.csv`). Shared by the library and the CLI tests.
public struct STLReferenceCase: Sendable, CustomStringConvertible {
    public var dataset: String
    public var periodic: Bool
    public var robust: Bool

    public init(dataset: String, periodic: Bool, robust: Bool) {
        self.dataset = dataset
        self.periodic = periodic
        self.robust = robust
    }

    /// File stem, e.g. `co2_s7_nonrobust`.
    public var stem: String { "\(dataset)_s\(periodic ? "periodic" : "7")_\(robust ? "robust" : "nonrobust")" }

    /// Non-robust fits are compared with R; robust fits with statsmodels
    /// (R's Fortran median is wrong for some even-length series, README).
    public var referencePath: String {
        robust ? "reference/stl/statsmodels/\(stem)_matched.csv" : "reference/stl/r/\(stem).csv"
    }

    public var description: String { stem }

    /// The twelve cases: three series × {window 7, periodic} × {plain, robust}.
    public static let all: [STLReferenceCase] = ["co2", "nottem", "logAirPassengers"].flatMap { d in
        [false, true].flatMap { p in [false, true].map { r in STLReferenceCase(dataset: d, periodic: p, robust: r) } }
    }
}

/// Columns of a simple comma-separated table (reference files, CLI output) by header name.
public enum ReferenceCSV {
    /// The cells of each column as text, in row order.
    public static func columns(_ text: String) -> [String: [String]] {
        let lines = text.split(whereSeparator: \.isNewline)
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [:] }
        var columns = [String: [String]]()
        for line in lines.dropFirst() {
            for (name, field) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
                columns[name, default: []].append(String(field))
            }
        }
        return columns
    }

    /// The columns of the file at `url` as numbers (a non-numeric cell is NaN).
    public static func read(_ url: URL) throws -> [String: [Double]] {
        columns(try String(contentsOf: url, encoding: .utf8)).mapValues { $0.map { Double($0) ?? .nan } }
    }
}
