import CLapack

/// Householder QR least squares with iterative refinement of the augmented
/// system (Björck 1967, "Iterative refinement of linear least squares
/// solutions I", BIT 7; Björck 1996, *Numerical Methods for Least Squares
/// Problems*, §2.9), residuals accumulated in doubled precision.
///
/// The unknowns are the solution `x` and the residual `r = b − A x`, which
/// satisfy `r + A x = b` and `Aᵀ r = 0`. Each step computes the defects
/// `f = b − r − A x` and `g = −Aᵀ r` with compensated dot products (as if in
/// twice the working precision; Ogita, Rump & Oishi 2005, Dot2) and solves the
/// correction with the QR factors: `h = R⁻ᵀ g`, `d = Qᵀ f`,
/// `δx = R⁻¹ (d₁ − h)`, `δr = Q [h; d₂]`. For large-residual problems such as
/// NIST's Wampler4–5 this recovers the digits that plain QR loses to the
/// `κ² ε` term.
struct RefinedQR {
    let m: Int
    let n: Int
    /// The scaled design (kept for the defect computation).
    let a: Matrix
    /// QR factors as left by `dgeqrf` (R in the upper triangle).
    var factors: Matrix
    var tau: [Double]

    init(_ a: Matrix) throws {
        m = a.rows
        n = a.columns
        self.a = a
        factors = a
        tau = [Double](repeating: 0, count: min(m, n))
        let M = try Check.int32(m, "dgeqrf"), N = try Check.int32(n, "dgeqrf")
        let info: strata_lapack_int = factors.withUnsafeMutableElements { pa in
            tau.withUnsafeMutableBufferPointer { pt in
                LAPACKE_dgeqrf(LAPACK_COL_MAJOR, M, N, pa.baseAddress, M, pt.baseAddress)
            }
        }
        try Check.illegal(info, "dgeqrf")
        // An exactly zero diagonal of R means A is exactly rank-deficient.
        for i in 0..<n where factors[i, i] == 0 {
            throw LinearAlgebraError.singular(routine: "dgels", pivot: i + 1)
        }
    }

    /// 1-norm reciprocal condition estimate of R (`dtrcon`).
    func reciprocalCondition() throws -> Double {
        var rcond = 0.0
        let M = try Check.int32(m, "dtrcon"), N = try Check.int32(n, "dtrcon")
        // The factors are read only (LAPACKE takes `const double *`): no copy.
        let info: strata_lapack_int = factors.elements.withUnsafeBufferPointer { pa in
            LAPACKE_dtrcon(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "1")), CChar(UInt8(ascii: "U")),
                           CChar(UInt8(ascii: "N")), N, pa.baseAddress, M, &rcond)
        }
        try Check.illegal(info, "dtrcon")
        return rcond
    }

    /// Apply Qᵀ (or Q) to a vector of length m.
    private func applyQ(_ v: inout [Double], transpose: Bool) throws {
        let M = try Check.int32(m, "dormqr"), N = try Check.int32(n, "dormqr")
        let info: strata_lapack_int = factors.elements.withUnsafeBufferPointer { pa in
            tau.withUnsafeBufferPointer { pt in
                v.withUnsafeMutableBufferPointer { pv in
                    LAPACKE_dormqr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")),
                                   CChar(UInt8(ascii: transpose ? "T" : "N")), M, 1, N,
                                   pa.baseAddress, M, pt.baseAddress, pv.baseAddress, M)
                }
            }
        }
        try Check.illegal(info, "dormqr")
    }

    /// Solve R z = v (or Rᵀ z = v) in place on the first n entries.
    private func solveR(_ v: inout [Double], transpose: Bool) throws {
        let M = try Check.int32(m, "dtrtrs"), N = try Check.int32(n, "dtrtrs")
        let info: strata_lapack_int = factors.elements.withUnsafeBufferPointer { pa in
            v.withUnsafeMutableBufferPointer { pv in
                LAPACKE_dtrtrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")),
                               CChar(UInt8(ascii: transpose ? "T" : "N")), CChar(UInt8(ascii: "N")),
                               N, 1, pa.baseAddress, M, pv.baseAddress, N)
            }
        }
        try Check.illegal(info, "dtrtrs")
        if info > 0 { throw LinearAlgebraError.singular(routine: "dtrtrs", pivot: Int(info)) }
    }

    /// Least-squares solution for one right-hand side, refined `steps` times.
    func solve(_ b: [Double], steps: Int = 3) throws -> [Double] {
        // Initial solve: d = Qᵀ b; x = R⁻¹ d₁; r = Q [0; d₂].
        var d = b
        try applyQ(&d, transpose: true)
        var x = Array(d[0..<n])
        try solveR(&x, transpose: false)
        var r = d
        for i in 0..<n { r[i] = 0 }
        try applyQ(&r, transpose: false)

        for _ in 0..<steps {
            // f = b − r − A x, g = −Aᵀ r, both compensated.
            var f = [Double](repeating: 0, count: m)
            for i in 0..<m {
                var acc = CompensatedSum()
                acc.add(b[i])
                acc.add(-r[i])
                for j in 0..<n { acc.addProduct(-a[i, j], x[j]) }
                f[i] = acc.value
            }
            var h = [Double](repeating: 0, count: n)
            for j in 0..<n {
                var acc = CompensatedSum()
                for i in 0..<m { acc.addProduct(-a[i, j], r[i]) }
                h[j] = acc.value
            }
            try solveR(&h, transpose: true)  // h = R⁻ᵀ g
            var dd = f
            try applyQ(&dd, transpose: true)  // d = Qᵀ f
            var dx = (0..<n).map { dd[$0] - h[$0] }
            try solveR(&dx, transpose: false)
            var dr = dd
            for i in 0..<n { dr[i] = h[i] }
            try applyQ(&dr, transpose: false)  // δr = Q [h; d₂]
            for j in 0..<n { x[j] += dx[j] }
            for i in 0..<m { r[i] += dr[i] }
        }
        return x
    }
}

/// A sum of floating-point terms and exact products accumulated in about
/// twice the working precision (TwoSum / TwoProduct via FMA; Ogita, Rump &
/// Oishi 2005).
struct CompensatedSum {
    private var sum = 0.0
    private var error = 0.0

    mutating func add(_ x: Double) {
        let s = sum + x
        let bp = s - sum
        error += (sum - (s - bp)) + (x - bp)
        sum = s
    }

    mutating func addProduct(_ a: Double, _ b: Double) {
        let p = a * b
        let pe = (-p).addingProduct(a, b)  // fma(a, b, −p): the exact rounding error of a·b
        add(p)
        error += pe
    }

    var value: Double { sum + error }
}
