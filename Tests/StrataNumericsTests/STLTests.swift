import Foundation
import Testing
import StrataTestSupport
@testable import StrataNumerics

extension STLReferenceCase {
    /// R's call for this case: period 12, every other argument at its default.
    var parameters: STL.Parameters {
        STL.Parameters(period: 12, seasonalWindow: periodic ? .periodic : .span(7), robust: robust)
    }
}

func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

@Suite struct STLTests {
    @Test(arguments: STLReferenceCase.all)
    func matchesReference(_ c: STLReferenceCase) throws {
        guard let url = SharedData.file(c.referencePath) else { return }
        let ref = try ReferenceCSV.read(url)
        let x = try #require(ref["x"])
        let tolerance = 1e-9 * ((x.max() ?? 0) - (x.min() ?? 0))
        let d = try STL.decompose(x, parameters: c.parameters)
        #expect(maxAbsDifference(d.trend, try #require(ref["trend"])) <= tolerance)
        #expect(maxAbsDifference(d.seasonal, try #require(ref["seasonal"])) <= tolerance)
        #expect(maxAbsDifference(d.remainder, try #require(ref["remainder"])) <= tolerance)
        #expect(maxAbsDifference(d.weights, try #require(ref["weights"])) <= 1e-9)
    }

    /// The resolved parameters equal those R reported (reference/stl/r/PARAMS.csv).
    @Test func resolvesRDefaults() throws {
        let p7 = try STL.Parameters(period: 12, seasonalWindow: .span(7)).resolved(length: 468)
        #expect([p7.seasonalWindow, p7.trendWindow, p7.lowPassWindow] as [Int] == [7, 23, 13])
        #expect([p7.seasonalJump, p7.trendJump, p7.lowPassJump] as [Int] == [1, 3, 2])
        #expect([p7.seasonalDegree, p7.trendDegree, p7.lowPassDegree] as [Int] == [0, 1, 1])
        #expect([p7.innerIterations, p7.outerIterations] as [Int] == [2, 0])
        let pp = try STL.Parameters(period: 12, seasonalWindow: .periodic, robust: true).resolved(length: 240)
        #expect([pp.seasonalWindow, pp.trendWindow, pp.lowPassWindow] as [Int] == [2401, 19, 13])
        #expect([pp.seasonalJump, pp.trendJump, pp.lowPassJump] as [Int] == [241, 2, 2])
        #expect([pp.innerIterations, pp.outerIterations] as [Int] == [1, 15])
        #expect(pp.periodic)
    }

    @Test func constantSeriesHasNoSeasonAndFlatTrend() throws {
        let x = [Double](repeating: 5, count: 48)
        let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .span(7)))
        #expect(d.trend.allSatisfy { abs($0 - 5) < 1e-12 })
        #expect(d.seasonal.allSatisfy { abs($0) < 1e-12 })
        #expect(d.trendStrength.isNaN || d.trendStrength >= 0)
    }

    /// All-zero robust fit: MAD = 0 at every robustness pass, weights stay 1
    /// (statsmodels' rule) and a warning says so.
    @Test func zeroMADWarns() throws {
        let x = [Double](repeating: 0, count: 36)
        let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .span(7), robust: true))
        #expect(d.weights.allSatisfy { $0 == 1 })
        #expect(d.warnings.count == 1)
        #expect(d.warnings.first?.contains("median absolute deviation was 0 in 15 of 15") == true)
    }

    @Test func badInputIsNamed() {
        let monthly = (0..<48).map { Double($0 % 12) + Double($0) / 10 }
        let p = STL.Parameters(period: 12, seasonalWindow: .span(7))
        #expect(throws: DecompositionError.seriesTooShort(length: 23, minimum: 25, parameter: "period")) {
            try STL.decompose(Array(monthly.prefix(23)), parameters: p)
        }
        // R 4.2.2: stl(ts(sin(1:24) + (1:24)/10, frequency = 12), "periodic") stops with
        // "series is not periodic or has less than two periods"; n = 25 runs.
        #expect(throws: DecompositionError.seriesTooShort(length: 24, minimum: 25, parameter: "period")) {
            try STL.decompose(Array(monthly.prefix(24)), parameters: p)
        }
        #expect((try? STL.decompose(Array(monthly.prefix(25)), parameters: p)) != nil)
        #expect(throws: DecompositionError.self) {
            try STL.decompose(monthly, parameters: STL.Parameters(period: Int.max, seasonalWindow: .span(7)))
        }
        #expect(throws: DecompositionError.seriesTooShort(length: 48, minimum: 51, parameter: "period")) {
            try STL.decompose(monthly, parameters: STL.Parameters(period: 25, seasonalWindow: .span(7)))
        }
        #expect(throws: DecompositionError.invalidParameter(name: "period", detail: "must be at least 2, got 1")) {
            try STL.decompose(monthly, parameters: STL.Parameters(period: 1, seasonalWindow: .span(7)))
        }
        #expect(throws: DecompositionError.allMissing) {
            try STL.decompose([Double](repeating: .nan, count: 48), parameters: p)
        }
        var withInf = monthly
        withInf[5] = .infinity
        #expect(throws: DecompositionError.nonFiniteValue(index: 5)) { try STL.decompose(withInf, parameters: p) }
        for (params, name) in [
            (STL.Parameters(period: 12, seasonalWindow: .span(8)), "seasonalWindow"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), trendWindow: 22), "trendWindow"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), lowPassWindow: 1), "lowPassWindow"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), seasonalDegree: 2), "seasonalDegree"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), innerIterations: 0), "inner"),
            (STL.Parameters(period: 12, seasonalWindow: .span(7), trendJump: 0), "trendJump"),
        ] {
            #expect {
                try STL.decompose(monthly, parameters: params)
            } throws: { error in
                guard case let .invalidParameter(n, _)? = error as? DecompositionError else { return false }
                return n == name
            }
        }
    }

    /// Missing values (stlplus-style): a gap is skipped in every fit, the
    /// components are still estimated there, and the remainder is NaN.
    /// Check against a hand-checkable property: a series that is exactly
    /// `level + seasonal pattern` (zero-sum pattern, constant level) with a
    /// few values deleted is still decomposed exactly, since every local fit
    /// of a constant (or of a pure periodic pattern within a cycle-subseries)
    /// returns that constant whatever points are skipped.
    @Test func missingValuesAreSkippedNotRejected() throws {
        let pattern: [Double] = [3, 1, -2, -4, 0, 2, 5, 1, -1, -3, -2, 0]
        var x = (0..<72).map { 100 + pattern[$0 % 12] }
        for i in [3, 17, 40, 41, 70] { x[i] = .nan }
        let d = try STL.decompose(x, parameters: STL.Parameters(period: 12, seasonalWindow: .span(7)))
        for i in 0..<72 {
            #expect(abs(d.trend[i] - 100) < 1e-9)
            #expect(abs(d.seasonal[i] - pattern[i % 12]) < 1e-9)
        }
        #expect(d.remainder[3].isNaN && d.remainder[40].isNaN && !d.remainder[4].isNaN)
        #expect(d.weights[17] == 0)
    }
}

/// An odd-length quarterly series (n = 41, two outliers), where R's robust STL
/// has no median problem, so robust fits are compared with R itself.
/// R 4.2.2:
///
///     t <- 0:40
///     y <- round(50 + 0.8 * t + 6 * sin(2 * pi * t / 4) + 3 * cos(1.3 * t), 3)
///     y[c(8, 23)] <- y[c(8, 23)] + c(40, -35)
///     x <- ts(y, frequency = 4)
///     robustS5       = stl(x, s.window = 5, s.degree = 1, t.window = 9, robust = TRUE)
///     robustPeriodic = stl(x, s.window = "periodic", robust = TRUE)
///     plainS5        = stl(x, s.window = 5, s.degree = 1, t.window = 9, robust = FALSE)
///
/// `$time.series[, "trend"]`, `[, "seasonal"]` and `$weights`, printed with `%.17g`.
enum OddLengthReference {
    static let y: [Double] = [
        53.000, 57.602, 49.029, 44.222,
        54.606, 62.930, 54.962, 86.757,
        54.717, 65.143, 60.722, 52.314,
        56.617, 65.291, 63.589, 58.387,
        61.688, 66.618, 63.916, 61.923,
        67.941, 71.115, 29.758, 62.565,
        72.130, 77.403, 68.620, 63.031,
        73.205, 82.200, 74.800, 66.228,
        73.424, 83.808, 80.129, 72.159,
        75.956, 83.919, 82.345, 77.921,
        81.511,
    ]
    static let robustS5Trend: [Double] = [
        46.967492419994613, 48.292485754292613, 49.611713604619567, 50.92192038690775,
        52.257557786152361, 53.42223183139231, 54.345873389758637, 55.321147484605355,
        56.26178931755463, 57.156401459620433, 57.988972205016879, 58.76413759715593,
        59.58274634685926, 60.400617253927592, 61.208361971609079, 62.008068431473092,
        62.803207174072206, 63.610485318618842, 64.448750591561051, 65.358214554169166,
        66.251906535011116, 67.103768105327873, 67.92249036505072, 68.691968430469359,
        69.513996013497319, 70.190451981255265, 70.871641390387737, 71.646056524494838,
        72.420477709652801, 73.167603068566166, 73.934106071672318, 74.755478534038417,
        75.615769040780563, 76.462637521288642, 77.287393243345136, 78.030906624411841,
        78.676310343326364, 79.673603742089341, 80.743501784470396, 81.857282315106417,
        83.031201918757546,
    ]
    static let robustS5Seasonal: [Double] = [
        5.761920527904616, 9.7264597581876977, -0.64148308106016083, -12.17049717524773,
        2.3875687267308319, 8.7342262341828185, 0.77417094603939873, -9.2767448797621519,
        -0.84615263482075109, 7.5013662050743113, 1.9689736666806144, -6.4706350459059054,
        -1.9852729214006382, 5.2423682845448214, 1.642521230372646, -4.3594428821575582,
        -0.76044302557924925, 3.9938241437824527, -0.41328324491950752, -4.1909592017796919,
        1.2138494526246939, 4.7069200981073829, -1.3149363438113086, -5.9856099175326936,
        1.9331027501240008, 7.021868456449643, -2.0046784077426336, -7.6252590431369223,
        0.6168643472514268, 8.0736404493231024, 0.63394644021598201, -7.6554181981213336,
        -1.3197615652911108, 6.722889033645715, 1.6521186745579266, -5.8947784307625373,
        -1.8867895650449464, 4.869314563027447, 2.3185762297942523, -4.0834994149698751,
        -2.2379498379879852,
    ]
    static let robustS5Weights: [Double] = [
        0.99129682626614657, 0.97939768832224339, 0.9995885937640494, 0,
        0.99981763808245505, 0.92998835291610016, 0.99702664707403266, 0,
        0.94269993956789666, 0.97214808501922367, 0.9316650567170297, 0.99994994910503598,
        0.88875818966616527, 0.98529530638802232, 0.93615051945989258, 0.93610667169060435,
        0.98506310929561924, 0.88746960317656265, 0.9983004824362598, 0.93311773005134413,
        0.97327523553635131, 0.9431755088823689, 0, 0.9976209853693816,
        0.94521604938271597, 0.99567337293648717, 0.99274753206264765, 0.88669623627221872,
        0.99665422877447973, 0.89349417600585135, 0.99360125736614613, 0.911456756920897,
        0.91146724040134197, 0.95437397895737908, 0.83855115912343992, 0.99993768304283204,
        0.91894791040914592, 0.95416440467115549, 0.93968263664466023, 0.99741983317031013,
        0.93957163952337663,
    ]
    static let robustPeriodicTrend: [Double] = [
        51.825778020804918, 51.633151387047896, 51.70220561529748, 51.933555202448233,
        53.59501236473443, 55.112839847969525, 55.341303775771415, 55.701618454098231,
        56.526669510360648, 57.866831100484184, 58.641280057698715, 58.690576481472391,
        58.895060758104776, 60.118527784781179, 61.740070191198456, 62.601867002870954,
        62.578966897794274, 62.858277720399023, 64.24995486416644, 65.894227131525867,
        66.744215577060942, 67.044070644860071, 67.856081593126675, 69.152756355186582,
        70.520352903152087, 70.335111889255273, 70.246259279891902, 70.997886049756659,
        72.631530375118842, 73.935228422497559, 74.153605281303811, 74.175545631913423,
        75.107567064166659, 76.733616152484203, 77.886921363111469, 78.048231940502063,
        78.132927596210294, 79.180159265586127, 80.720812681125295, 82.168173399176112,
        83.623936601188902,
    ]
    static let robustPeriodicSeasonal: [Double] = [
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092, 6.1486229448518586, 0.44642056302726119, -6.1061502399436485,
        -0.4888914126315092,
    ]
    static let robustPeriodicWeights: [Double] = [
        0.94258787019405232, 0.99931921056955708, 0.8055047836941589, 0.94644614480856437,
        0.95317549629882825, 0.94221447842949635, 0.98569026476596844, 0,
        0.96358801894871493, 0.9733981141077197, 0.94452548746550369, 0.99846020589454665,
        0.93370226911449472, 0.98002808626270521, 0.95899215512850877, 0.92606943685253096,
        0.99659716583290758, 0.88339661535825675, 0.98721288731265178, 0.90629114849310699,
        0.94103869681242647, 0.91113264137081063, 0, 0.99511995238538231,
        0.90938181852641975, 0.98227788244496839, 0.91154950591654005, 0.92839432272305922,
        0.9763656435505822, 0.90789196523039872, 0.99915803282847704, 0.92984785798887148,
        0.97016255370000015, 0.98202745841630512, 0.93323379723978483, 0.99900918862859023,
        0.94087963538237196, 0.95857204638896443, 0.97099569233193039, 0.92852907284490904,
        0.94521604938271597,
    ]
    static let plainS5Trend: [Double] = [
        49.44676051548776, 50.528181057698141, 51.870241411177084, 53.455620292000354,
        55.060231182288106, 59.372614366180322, 63.048770617829149, 64.69056565987249,
        64.741540364169467, 62.64524875482396, 59.812782906549003, 58.975932508590105,
        59.290896932719434, 60.082444610568096, 61.237928957738148, 62.040146121297489,
        63.038690267362398, 63.764222212203649, 64.119797066235833, 63.56649809639638,
        61.365348610274474, 59.663811800852301, 59.749096660698591, 61.258398183609529,
        64.5527660854207, 68.367072582175211, 70.559063878920824, 71.82606563302393,
        72.617684479664319, 72.930868655199475, 73.710229896298216, 74.750944110824065,
        75.678586198891722, 76.520776896338532, 77.312319878628401, 78.044522942584038,
        78.69161660287358, 79.657694001576473, 80.690278911946905, 81.760829510598938,
        82.885811899356682,
    ]
    static let plainS5Seasonal: [Double] = [
        2.5351748218043695, 5.6835327728459033, -5.6062805578141299, 0.90776136771062688,
        -1.6191614759982722, 4.6077621576774543, -3.3299356334360275, 2.4340475078632484,
        -4.8722023933105989, 3.7764700989453623, -1.2038458827707437, 2.3675540030274078,
        -4.5064815314944591, 3.658336033479852, 1.1588817721846658, -3.8933610523527551,
        0.67840739704312059, 6.1646007605013269, -7.8739120848169506, -1.2976707192061423,
        4.6995100791392925, 8.4849390061869521, -13.204824763941202, -2.260676876503569,
        5.3888422237779867, 9.8838455371188427, -8.9817637643166748, -5.7400028956980389,
        1.7282314872364548, 8.4673229361689568, 0.54351663650196891, -7.9158997692502062,
        -1.5374413164591763, 6.8316711894915105, 1.7455976643870552, -5.8993756529874251,
        -1.8840877004713503, 4.6848964092769361, 2.3736186742411824, -3.9724134612711763,
        -2.0444917832388851,
    ]
    static let plainS5Weights: [Double] = [
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1, 1, 1, 1,
        1,
    ]
}

@Suite struct STLOddLengthTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var parameters: STL.Parameters
        var trend: [Double]
        var seasonal: [Double]
        var weights: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "robust s.window 5, s.degree 1, t.window 9",
            parameters: STL.Parameters(period: 4, seasonalWindow: .span(5), seasonalDegree: 1, trendWindow: 9, robust: true),
            trend: OddLengthReference.robustS5Trend, seasonal: OddLengthReference.robustS5Seasonal,
            weights: OddLengthReference.robustS5Weights),
        Case(
            name: "robust periodic",
            parameters: STL.Parameters(period: 4, seasonalWindow: .periodic, robust: true),
            trend: OddLengthReference.robustPeriodicTrend, seasonal: OddLengthReference.robustPeriodicSeasonal,
            weights: OddLengthReference.robustPeriodicWeights),
        Case(
            name: "non-robust s.window 5, s.degree 1, t.window 9",
            parameters: STL.Parameters(period: 4, seasonalWindow: .span(5), seasonalDegree: 1, trendWindow: 9),
            trend: OddLengthReference.plainS5Trend, seasonal: OddLengthReference.plainS5Seasonal,
            weights: OddLengthReference.plainS5Weights),
    ]

    @Test(arguments: cases)
    func matchesR(_ c: Case) throws {
        let y = OddLengthReference.y
        let tolerance = 1e-9 * ((y.max() ?? 0) - (y.min() ?? 0))
        let d = try STL.decompose(y, parameters: c.parameters)
        #expect(maxAbsDifference(d.trend, c.trend) <= tolerance)
        #expect(maxAbsDifference(d.seasonal, c.seasonal) <= tolerance)
        #expect(maxAbsDifference(d.weights, c.weights) <= 1e-9)
    }
}
