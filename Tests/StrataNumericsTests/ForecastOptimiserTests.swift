import Testing
@testable import StrataNumerics

struct Rosenbrock: MinimisationObjective {
    var calls = 0
    mutating func value(at x: [Double]) -> Double {
        calls += 1
        return 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
    }
}

struct Bowl: MinimisationObjective {
    mutating func value(at x: [Double]) -> Double {
        // Infeasible (penalised) outside x0 > 0, minimum at (2, -1, 0.5).
        guard x[0] > 0 else { return .infinity }
        return (x[0] - 2) * (x[0] - 2) + 3 * (x[1] + 1) * (x[1] + 1) + 0.5 * (x[2] - 0.5) * (x[2] - 0.5)
    }
}

@Suite struct ForecastOptimiserTests {
    /// Rosenbrock's function has its minimum 0 at (1, 1) (Rosenbrock 1960).
    @Test func nelderMeadFindsRosenbrockMinimum() {
        var f = Rosenbrock()
        let r = NelderMead.minimise(&f, start: [-1.2, 1], step: 0.5, tolerance: 1e-14, maxEvaluations: 5000)
        #expect(abs(r.point[0] - 1) < 1e-3 && abs(r.point[1] - 1) < 1e-3)
        #expect(r.value < 1e-6)
        #expect(r.evaluations <= 5000 + 4)
    }

    @Test func nelderMeadRespectsPenaltiesAndIsDeterministic() {
        var f = Bowl()
        let a = NelderMead.minimise(&f, start: [0.1, 0, 0], tolerance: 1e-14, maxEvaluations: 4000, seed: 3)
        var g = Bowl()
        let b = NelderMead.minimise(&g, start: [0.1, 0, 0], tolerance: 1e-14, maxEvaluations: 4000, seed: 3)
        #expect(a == b)
        #expect(abs(a.point[0] - 2) < 1e-4 && abs(a.point[1] + 1) < 1e-4 && abs(a.point[2] - 0.5) < 1e-3)
    }

    /// scipy 1.x `norm.ppf`: 0.975 → 1.959963984540054, 0.9 → 1.2815515655446004, 0.001 → −3.090232306167813.
    @Test func normalQuantilesMatchScipy() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(NormalDistribution.quantile(0.9) - 1.2815515655446004) < 1e-12)
        #expect(abs(NormalDistribution.quantile(0.001) - -3.090232306167813) < 1e-11)
        #expect(NormalDistribution.quantile(0).isInfinite)
        #expect(NormalDistribution.quantile(1.5).isNaN)
    }

    /// Vigna's reference splitmix64.c from state 0: first output 0xE220A8397B1DCDAF, second 7960286522194355700.
    @Test func splitMixMatchesTheReferenceStream() {
        var r = SplitMix64(seed: 0)
        #expect(r.next() == 0xE220_A839_7B1D_CDAF)
        #expect(r.next() == 7_960_286_522_194_355_700)
    }

    @Test func splitMixIsSeededAndUniform() {
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
        var sum = 0.0
        for _ in 0..<10_000 {
            let u = a.nextUniform()
            #expect(u == b.nextUniform())
            #expect(u > 0 && u < 1)
            sum += u
        }
        // Mean of 10,000 U(0,1) has sd 0.0029; 5 sd bound.
        #expect(abs(sum / 10_000 - 0.5) < 0.015)
    }
}
