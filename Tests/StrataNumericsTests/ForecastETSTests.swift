import Foundation
import Testing
import StrataTestSupport
@testable import StrataNumerics

/// Reads the `value` column of a `rownames,time,value` textbook CSV under ../shared.
func textbookSeries(_ name: String) -> [Double]? {
    guard let url = SharedData.file("data/textbook_ts/\(name).csv"),
        let text = try? String(contentsOf: url, encoding: .utf8)
    else { return nil }
    return text.split(separator: "\n").dropFirst().compactMap { line in
        line.split(separator: ",").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
}

@Suite struct ForecastETSTests {
    @Test func debugOrdering() throws {
        guard let y = textbookSeries("AirPassengers") else { return }
        var seas: [Double] = [-20, -25, 5, 0, -5, 30, 60, 55, 20, -10, -40, -70]
        let mean = seas.reduce(0, +) / 12
        seas = seas.map { $0 - mean }
        let p = ETSParameters(alpha: 0.5, beta: 0.02, gamma: 0.3, initialLevel: 120, initialSlope: 1.5, initialSeasonal: seas)
        let a = try ExponentialSmoothing.logLikelihood(y, model: ETSModel(.additive, .additive, .additive), period: 12, parameters: p)
        var p2 = p; p2.initialSeasonal = Array(seas.reversed())
        let b = try ExponentialSmoothing.logLikelihood(y, model: ETSModel(.additive, .additive, .additive), period: 12, parameters: p2)
        var p3 = p; p3.initialSeasonal = Array(seas[1...] + [seas[0]])
        let c = try ExponentialSmoothing.logLikelihood(y, model: ETSModel(.additive, .additive, .additive), period: 12, parameters: p3)
        var p4 = p; p4.initialSeasonal = Array(seas.reversed()); p4.initialSeasonal = Array(p4.initialSeasonal[1...] + [p4.initialSeasonal[0]])
        let d = try ExponentialSmoothing.logLikelihood(y, model: ETSModel(.additive, .additive, .additive), period: 12, parameters: p4)
        var p5 = p; p5.initialSeasonal = Array(seas.reversed()); p5.initialSeasonal = [p5.initialSeasonal[11]] + Array(p5.initialSeasonal[0..<11])
        let e = try ExponentialSmoothing.logLikelihood(y, model: ETSModel(.additive, .additive, .additive), period: 12, parameters: p5)
        print("DEBUG", a, b, c, d, e)
        let f = try ExponentialSmoothing.logLikelihood(y, model: ETSModel(.additive, .none, .none), period: 1, parameters: ETSParameters(alpha: 0.7, initialLevel: 115))
        let g = try ExponentialSmoothing.logLikelihood(y, model: ETSModel(.multiplicative, .damped, .none), period: 1, parameters: ETSParameters(alpha: 0.6, beta: 0.05, phi: 0.9, initialLevel: 115, initialSlope: 2))
        print("DEBUG2", f, g)
    }
}
