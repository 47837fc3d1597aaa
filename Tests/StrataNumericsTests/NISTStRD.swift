import Foundation
import StrataNumerics
import StrataTestSupport

/// A NIST StRD linear-regression dataset read from the original `.dat` file:
/// certified parameters from the header, data from the line range it names.
struct NISTDataset {
    var name: String
    var certified: [Double]
    var certifiedResidualSD: Double
    var y: [Double]
    var x: [[Double]]  // one array per predictor column in the file

    /// The design matrix NIST's model uses: polynomial in x for one predictor
    /// (with or without intercept), intercept + predictors otherwise.
    var design: Matrix {
        let n = y.count
        let p = certified.count
        var columns: [[Double]] = []
        if x.count == 1 {
            let noIntercept = name.hasPrefix("NoInt")
            let powers = noIntercept ? Array(1...p) : Array(0..<p)
            for k in powers { columns.append(x[0].map { Foundation.pow($0, Double(k)) }) }
        } else {
            columns.append([Double](repeating: 1, count: n))
            columns.append(contentsOf: x)
        }
        return (try? Matrix(columnArrays: columns)) ?? Matrix(rows: 0, columns: 0)
    }

    static func load(_ name: String) throws -> NISTDataset? {
        guard let url = SharedData.file("data/nist_strd/\(name).dat") else { return nil }
        let text = try String(contentsOf: url, encoding: .ascii).replacingOccurrences(of: "\r", with: "")
        let lines = text.components(separatedBy: "\n")
        var certified: [Double] = []
        var residualSD = Double.nan
        var dataRange: ClosedRange<Int>? = nil
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            let fields = t.split(whereSeparator: { $0 == " " }).map(String.init)
            // Certified parameter lines: "B<k>  estimate  standard-deviation".
            if fields.count == 3, fields[0].count >= 2, fields[0].hasPrefix("B"),
                fields[0].dropFirst().allSatisfy(\.isNumber), let v = Double(fields[1])
            {
                certified.append(v)
            }
            if t.hasPrefix("Standard Deviation"), let v = fields.last.flatMap(Double.init) {
                residualSD = v
            }
            if t.hasPrefix("Data") && t.contains("(lines") {
                let nums = t.components(separatedBy: CharacterSet.decimalDigits.inverted).compactMap(Int.init)
                if nums.count >= 2 { dataRange = nums[0]...nums[1] }
            }
        }
        guard let range = dataRange else { return nil }
        var y: [Double] = []
        var x: [[Double]] = []
        for lineNumber in range {
            let fields = lines[lineNumber - 1].split(whereSeparator: { $0 == " " }).compactMap { Double($0) }
            if x.isEmpty { x = Array(repeating: [], count: fields.count - 1) }
            y.append(fields[0])
            for j in 1..<fields.count { x[j - 1].append(fields[j]) }
        }
        return NISTDataset(name: name, certified: certified, certifiedResidualSD: residualSD, y: y, x: x)
    }
}

/// Log relative error, as NIST reports accuracy: −log10(|est − cert| / |cert|), capped at 15.
func logRelativeError(_ estimate: Double, _ certified: Double) -> Double {
    if estimate == certified { return 15 }
    if certified == 0 { return min(15, -log10(abs(estimate))) }
    return min(15, -log10(abs(estimate - certified) / abs(certified)))
}
