import Foundation

/// The admissible (forecastable) parameter region of seasonal ETS models,
/// as the `admissible()` check of R `forecast::ets` with `bounds = "both"`
/// (Hyndman, Akram & Archibald 2008, "The admissible parameter space for
/// exponential smoothing models", Ann. Inst. Stat. Math. 60).
///
/// Besides a few linear inequalities, the roots of the characteristic polynomial
/// `P(z) = φ(1−α−γ) + (α+β−αφ+γ−1)z + (α+β−αφ)(z² + … + z^{m−1}) + (α+β−φ)z^m + z^{m+1}`
/// must lie inside the unit circle. forecast::ets finds them with `polyroot`;
/// here the Schur–Cohn recursion decides the same question without computing
/// roots (O(m²) arithmetic, no allocation with a reused buffer).
enum Admissibility {
    /// Whether the seasonal model with these (non-starred) parameters is admissible.
    /// `beta = 0` without trend, `phi = 1` without damping.
    static func isAdmissible(alpha: Double, beta: Double, gamma: Double, phi: Double, period m: Int,
                             buffer: inout [Double]) -> Bool {
        guard m > 1 else { return true }
        guard phi >= 0, phi <= 1 + 1e-8 else { return false }
        if gamma < max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha { return false }
        if alpha < 1 - 1 / phi - gamma * (1 - Double(m) + phi + phi * Double(m)) / (2 * phi * Double(m)) { return false }
        if beta < -(1 - phi) * (gamma / Double(m) + alpha) { return false }
        let d = m + 1
        if buffer.count < 2 * (d + 1) { buffer = [Double](repeating: 0, count: 2 * (d + 1)) }
        // Coefficients in increasing powers: buffer[0...d].
        buffer[0] = phi * (1 - alpha - gamma)
        buffer[1] = alpha + beta - alpha * phi + gamma - 1
        for k in 2..<m { buffer[k] = alpha + beta - alpha * phi }
        buffer[m] = alpha + beta - phi
        buffer[d] = 1
        // forecast::ets accepts roots up to modulus 1 + 1e-10. Without trend and damping
        // P(1) = 0 exactly (a unit root of the seasonal level); deflate it, then test the
        // rest on the disk of radius 1 + 1e-8 (scaling z → (1 + 1e-8)z).
        var degree = d
        var p1 = 0.0, size = 0.0
        for k in 0...d { p1 += buffer[k]; size += abs(buffer[k]) }
        if abs(p1) <= 1e-12 * size {
            var q = buffer[d]
            for k in stride(from: d - 1, through: 1, by: -1) {
                let next = buffer[k] + q
                buffer[k] = q
                q = next
            }
            buffer[0] = q
            // buffer[0...d-1] now holds Q with P(z) = (z − 1)Q(z), increasing powers.
            degree = d - 1
        }
        var radius = 1.0
        for k in 0...degree {
            buffer[k] *= radius
            radius *= 1 + 1e-8
        }
        return allRootsInsideUnitCircle(&buffer, degree: degree)
    }

    /// Schur–Cohn test: every root of `c[0] + c[1]z + … + c[d]z^d` has modulus < 1.
    /// Uses `c[0...d]` and `c[d+1...2d+1]` as work space; the coefficients are destroyed.
    static func allRootsInsideUnitCircle(_ c: inout [Double], degree: Int) -> Bool {
        var d = degree
        let off = degree + 1
        while d > 0 {
            let a0 = c[0], ad = c[d]
            if ad == 0 { return false }  // a root at infinity (degree drop) is outside
            // |a0| < |ad| is necessary (the product of the roots is a0/ad); then
            // p₁(z) = (ad·p(z) − a0·p*(z))/z, p*(z) = z^d p(1/z), has degree d − 1 and is
            // stable exactly when p is (Schur–Cohn–Jury).
            if a0 * a0 - ad * ad >= 0 { return false }
            var scale = 0.0
            for k in 0..<d {
                let v = ad * c[k + 1] - a0 * c[d - k - 1]
                c[off + k] = v
                scale = max(scale, abs(v))
            }
            guard scale > 0, scale.isFinite else { return false }
            for k in 0..<d { c[k] = c[off + k] / scale }
            d -= 1
        }
        return true
    }
}
