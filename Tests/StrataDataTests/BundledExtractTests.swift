import Foundation
import Testing
import StrataTestSupport
@testable import StrataData

/// The bundled real extract `datasets/frontex_ibc_monthly_2015-01_2025-04.csv`:
/// re-derived from its source in ../shared when present (see its provenance file),
/// and checked against Frontex's published annual totals in any case.
@Suite struct BundledExtractTests {
    static let extractName = "frontex_ibc_monthly_2015-01_2025-04.csv"
    var extractURL: URL { SharedData.repositoryRoot.appendingPathComponent("datasets/\(Self.extractName)") }

    /// The derivation written in the provenance file: the header and every row
    /// whose fourth field (`month`) is at least `2015-01`, byte for byte.
    @Test func extractIsReDerivedFromItsSource() throws {
        guard let source = SharedData.file("data/frontex_ibc/frontex_ibc_monthly_route_nationality_2009-01_2025-04.csv")
        else { return }
        let bytes = try [UInt8](Data(contentsOf: source))
        var derived: [UInt8] = []
        derived.reserveCapacity(bytes.count)
        var lineStart = 0
        var lineNumber = 0
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = bytes[lineStart..<end]
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            let keep = lineNumber == 0
                || (fields.count == 5 && String(decoding: fields[3], as: UTF8.self) >= "2015-01")
            if keep {
                derived.append(contentsOf: line)
                if end < bytes.count { derived.append(UInt8(ascii: "\n")) }
            }
            lineNumber += 1
            lineStart = end + 1
        }
        let bundled = try [UInt8](Data(contentsOf: extractURL))
        #expect(bundled.count == derived.count)
        #expect(bundled == derived)
    }

    /// Frontex's published totals (cited in the provenance file and in
    /// ../shared/data/INVENTORY.md): Central Mediterranean 2016 = 181,376,
    /// Eastern Mediterranean 2015 = 885,386 detections.
    @Test func extractReproducesPublishedTotals() throws {
        let result = DataReader.read(contentsOf: extractURL, options: ReadOptions(fillAbsentWithZero: true))
        #expect(!result.report.hasErrors)
        #expect(result.panel.dimensions == ["route", "type", "nat"])
        #expect(result.panel.start == (try Period.month(1, of: 2015)))
        #expect(result.panel.periodCount == 124)  // 2015-01 … 2025-04
        let annual = try Aggregation.sum(result.panel, by: ["route"], to: .annual).panel
        func total(_ route: String, _ year: Int) throws -> Double? {
            let key = SeriesKey([("route", route)])
            guard let index = annual.seriesIndex(of: key) else { return nil }
            return try annual.series(at: index)[try Period.year(year)]
        }
        #expect(try total("Central Mediterranean Route", 2016) == 181_376)
        #expect(try total("Eastern Mediterranean Route", 2015) == 885_386)
    }
}
