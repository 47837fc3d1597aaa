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

/// Records every point evaluated.
struct Recorder: MinimisationObjective {
    var points: [[Double]] = []
    mutating func value(at x: [Double]) -> Double {
        points.append(x)
        return (x[0] - 3) * (x[0] - 3) + (x[1] - 1) * (x[1] - 1)
    }
}

@Suite struct ForecastOptimiserTests {
    /// The bowl (x−2)² + 3(y+1)² + ½(z−½)² in the box x ∈ [0.5, 1.5], y ∈ [−0.5, 2], z free:
    /// the quadratic is separable, so the constrained minimum is each coordinate's nearest
    /// feasible value, (1.5, −0.5, 0.5), where it is 0.25 + 3·0.25 + 0 = 1 (by hand).
    @Test func boxedNelderMeadFindsTheConstrainedMinimum() {
        var f = Bowl()
        let r = NelderMead.minimiseInBox(
            &f, start: [1, 1, 0], lower: [0.5, -0.5, -.infinity], upper: [1.5, 2, .infinity],
            tolerance: 1e-12, maxIterations: 5000)
        #expect(abs(r.point[0] - 1.5) < 1e-5 && abs(r.point[1] + 0.5) < 1e-5 && abs(r.point[2] - 0.5) < 1e-3)
        #expect(abs(r.value - 1) < 1e-8)
        #expect(r.point[0] <= 1.5 && r.point[1] >= -0.5)
    }

    /// The first simplex is the start and, for each coordinate, the start with that coordinate
    /// times 1.05, or 1e-4 where it is 0 (statsforecast's `init_step`/`zero_pert`); a start
    /// outside the box is clamped first.
    @Test func boxedNelderMeadStartsFromARelativeSimplex() {
        var f = Recorder()
        _ = NelderMead.minimiseInBox(&f, start: [2, 0], lower: [-10, -10], upper: [10, 10], maxIterations: 0)
        #expect(f.points == [[2, 0], [2.1, 0], [2, 1e-4]])
        var g = Recorder()
        _ = NelderMead.minimiseInBox(&g, start: [20, 0], lower: [-10, -10], upper: [10, 10], maxIterations: 0)
        #expect(g.points.first == [10, 0])
        #expect(g.points[1] == [10, 0])  // 10·1.05 clamped back to the bound
    }

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
}

/// The admissibility check of forecast::ets (`bounds = "both"`): the largest root modulus of
/// `P(z) = φ(1−α−γ) + (α+β−αφ+γ−1)z + (α+β−αφ)(z²+…+z^{m−1}) + (α+β−φ)z^m + z^{m+1}` must not
/// exceed 1 + 1e-10. Moduli from numpy 2.x `np.polynomial.polynomial.polyroots(P)`:
/// (0.3, 0.05, 0.1, 1, 12) → 0.99263962742293; (0.9, 0.5, 0.09, 1, 12) → 1.0021526199398259;
/// (0.5, 0.3, 0.45, 0.98, 12) → 1.015014199121372; (0.2, 0.01, 0.7, 1, 4) → 0.9725996411570925;
/// (0.99, 0.9, 0.0005, 1, 12) → 1.0000184763516238; (0.6, 0.59, 0.39, 0.9, 4) → 0.9563137468545366;
/// without trend (β = 0, φ = 1) there is a unit root, e.g. (0.3, 0, 0.1, 1, 12) → 1.0000000000000013
/// with the next largest 0.9930561694851675, which forecast::ets accepts.
@Suite struct ForecastAdmissibilityTests {
    struct Case: Sendable {
        var alpha, beta, gamma, phi: Double
        var m: Int
        var admissible: Bool
    }

    static let cases: [Case] = [
        Case(alpha: 0.3, beta: 0.05, gamma: 0.1, phi: 1, m: 12, admissible: true),
        Case(alpha: 0.9, beta: 0.5, gamma: 0.09, phi: 1, m: 12, admissible: false),
        Case(alpha: 0.5, beta: 0.3, gamma: 0.45, phi: 0.98, m: 12, admissible: false),
        Case(alpha: 0.2, beta: 0.01, gamma: 0.7, phi: 1, m: 4, admissible: true),
        Case(alpha: 0.99, beta: 0.9, gamma: 0.0005, phi: 1, m: 12, admissible: false),
        Case(alpha: 0.6, beta: 0.59, gamma: 0.39, phi: 0.9, m: 4, admissible: true),
        Case(alpha: 0.3, beta: 0, gamma: 0.1, phi: 1, m: 12, admissible: true),
        Case(alpha: 0.95, beta: 0, gamma: 0.04, phi: 1, m: 12, admissible: true),
        Case(alpha: 0.5, beta: 0, gamma: 0.49, phi: 1, m: 4, admissible: true),
    ]

    @Test(arguments: cases)
    func matchesNumpyRootModuli(_ c: Case) {
        var buffer: [Double] = []
        #expect(Admissibility.isAdmissible(alpha: c.alpha, beta: c.beta, gamma: c.gamma, phi: c.phi,
                                           period: c.m, buffer: &buffer) == c.admissible)
    }

    /// (z − 0.5)(z + 0.9) = −0.45 + 0.4z + z² is stable; (z − 1.1)(z − 0.2) = 0.22 − 1.3z + z² is not.
    @Test func schurCohnOnQuadratics() {
        var a: [Double] = [-0.45, 0.4, 1, 0, 0, 0]
        #expect(Admissibility.allRootsInsideUnitCircle(&a, degree: 2))
        var b: [Double] = [0.22, -1.3, 1, 0, 0, 0]
        #expect(!Admissibility.allRootsInsideUnitCircle(&b, degree: 2))
    }
}
