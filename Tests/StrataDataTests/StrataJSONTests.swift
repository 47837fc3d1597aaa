import Foundation
import Testing
@testable import StrataData

@Suite struct StrataJSONTests {
    struct Sample: Encodable {
        var b: Double
        var a: [Double]
    }

    /// Non-finite numbers become `null` and are counted, in compact and in
    /// pretty layout; keys are sorted (written out by hand).
    @Test(arguments: [false, true])
    func nonFiniteNumbersAreNull(pretty: Bool) throws {
        let encoded = try StrataJSON.encode(Sample(b: .nan, a: [1.5, .infinity, -.infinity]), pretty: pretty)
        let text = String(decoding: encoded.data, as: UTF8.self)
        #expect(encoded.nonFiniteCount == 3)
        #expect(!text.contains("strata-nonfinite") && !text.contains("\\u0001"))
        let compact = text.filter { !$0.isWhitespace }
        #expect(compact == #"{"a":[1.5,null,null],"b":null}"#)
    }
}
