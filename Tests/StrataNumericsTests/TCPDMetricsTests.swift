import Foundation
import Testing
import StrataTestSupport
import StrataNumerics

@Suite struct TCPDMetricsTests {
    /// The doctest examples of the TCPDBench metric module, as reproduced in
    /// `tcpd/reference_metrics.py` (`__main__` block).
    @Test(arguments: [
        ([[10, 20], [11, 20], [10], [0, 5]], [10, 20], 1.0),
        ([[], [10], [50]], [10], 0.9090909090909091),
        ([[], [10], [50]], [], 0.8),
    ] as [([[Int]], [Int], Double)])
    func f1DoctestCases(annotations: [[Int]], predictions: [Int], expected: Double) {
        #expect(abs(ChangePointMetrics.f1(annotations: annotations, predictions: predictions).f1 - expected) < 1e-12)
    }

    @Test(arguments: [
        ([[10, 20], [10], [0, 5]], [10, 20], 45, 0.7962962962962963),
        ([[], [10], [40]], [10], 45, 0.7954144620811286),
        ([[], [10], [40]], [], 45, 0.8189300411522634),
    ] as [([[Int]], [Int], Int, Double)])
    func coverDoctestCases(annotations: [[Int]], predictions: [Int], length: Int, expected: Double) {
        #expect(abs(ChangePointMetrics.covering(annotations: annotations, predictions: predictions, length: length) - expected) < 1e-12)
    }

    /// Expected values from `reference_metrics.score(annotations[name], pred, n_obs)`
    /// run in `/work/shared/data/tcpd` with Python 3.11:
    /// `python3 -c "import json, reference_metrics as rm; a=json.load(open('annotations.json')); print(rm.score(a['nile'],[28],100))"` etc.
    @Test(arguments: [
        ("nile", 100, [28], 1.0, 0.8879999999999999),
        ("nile", 100, [20, 28, 70], 0.6666666666666666, 0.54),
        ("bank", 581, [], 1.0, 1.0),
        ("bank", 581, [100, 200, 300], 0.4, 0.4836488812392427),
        ("well_log", 675, [500, 1000, 1500, 1600, 2000, 2500, 3000], 0.2119089316987741, 0.39924135028461094),
        ("measles", 991, [0, 1, 1, 5, 990, 989, 400], 0.32727272727272727, 0.6040242179616548),
    ] as [(String, Int, [Int], Double, Double)])
    func scoresMatchReferenceImplementation(name: String, length: Int, predictions: [Int], f1: Double, cover: Double) throws {
        guard let annotations = try Self.annotations(name) else { return }
        let s = ChangePointMetrics.score(annotations: annotations, predictions: predictions, length: length)
        #expect(abs(s.f1 - f1) < 1e-12)
        #expect(abs(s.cover - cover) < 1e-12)
    }

    /// The f1/cover stored with every ruptures run in `ruptures_golden.json`
    /// (computed by the file's producer from the same annotations) must be
    /// reproduced for every series and configuration.
    @Test func scoresMatchGoldenFile() throws {
        guard let url = SharedData.file("data/tcpd/ruptures_golden.json") else { return }
        let golden = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var checked = 0
        for (name, value) in golden {
            guard let entry = value as? [String: Any], let n = entry["n_obs"] as? Int,
                let annotations = try Self.annotations(name)
            else { continue }
            for (config, run) in entry {
                guard let run = run as? [String: Any], let f1 = run["f1"] as? Double, let cover = run["cover"] as? Double
                else { continue }
                let cps = run["raw_cps"] as? [Int] ?? run["cps"] as? [Int] ?? []
                let s = ChangePointMetrics.score(annotations: annotations, predictions: cps, length: n)
                #expect(abs(s.f1 - f1) < 1e-12, "\(name) \(config)")
                #expect(abs(s.cover - cover) < 1e-12, "\(name) \(config)")
                checked += 1
            }
        }
        #expect(checked > 200)
    }

    @Test func cleaningKeepsInteriorIndices() {
        #expect(ChangePointMetrics.cleaned([0, 1, 5, 5, 98, 99, 100], length: 100) == [1, 5, 98])
        #expect(ChangePointMetrics.covering(annotations: [], predictions: [1], length: 10) == 0)
        #expect(ChangePointMetrics.f1(annotations: [], predictions: [1]).f1 == 0)
    }

    static func annotations(_ name: String) throws -> [[Int]]? {
        guard let url = SharedData.file("data/tcpd/annotations.json") else { return nil }
        let all = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: [Int]]]
        guard let byAnnotator = all?[name] else { return nil }
        return byAnnotator.keys.sorted().compactMap { byAnnotator[$0] }
    }
}
