import CLapack
import Foundation

/// Access to the BLAS library strata links (OpenBLAS) and the dense products
/// built on it.
///
/// ## Threads
/// OpenBLAS runs large level-3 operations (`dgemm` of a few hundred rows and
/// up) on its own thread pool. strata's batch code also runs many small
/// problems in parallel with ``Parallel/map(_:maxConcurrency:_:)``; to avoid
/// oversubscription (2 × cores threads fighting for cores), a parallel region
/// pins OpenBLAS to one thread while it runs and restores the previous count
/// afterwards. Use ``threadCount`` to see the current setting and
/// ``setThreadCount(_:)`` to change it (it is process-wide, as in OpenBLAS).
public enum BLAS {
    /// The number of threads OpenBLAS uses outside parallel regions (the
    /// configured count; OpenBLAS's default is the number of cores, or
    /// `OPENBLAS_NUM_THREADS`).
    public static var threadCount: Int { BLASThreadPin.configuredThreadCount }

    /// The number of threads OpenBLAS will use for a call made right now:
    /// 1 while any ``Parallel`` region is running, ``threadCount`` otherwise.
    public static var currentThreadCount: Int { Int(strata_blas_get_num_threads()) }

    /// Set the number of threads OpenBLAS uses (process-wide). Values below 1
    /// are treated as 1. While a ``Parallel`` region runs, the new count takes
    /// effect when the last region ends.
    public static func setThreadCount(_ n: Int) {
        BLASThreadPin.configure(max(1, n))
    }

    static func setLiveThreadCount(_ n: Int) {
        strata_blas_set_num_threads(Int32(clamping: max(1, n)))
    }

    /// The OpenBLAS build configuration (version, kernel, threading model).
    public static var configuration: String {
        guard let c = strata_blas_config() else { return "unknown" }
        return String(cString: c)
    }

    /// General matrix product `C = alpha · op(A) · op(B) + beta · C` (`dgemm`).
    ///
    /// - Parameters:
    ///   - a: left operand.
    ///   - b: right operand.
    ///   - transposeA: use `Aᵀ` instead of `A`.
    ///   - transposeB: use `Bᵀ` instead of `B`.
    ///   - alpha: scale of the product.
    ///   - beta: scale of `c` (ignored when `c` is `nil`).
    ///   - c: matrix added to the product; `nil` means zero.
    /// - Returns: the product, `op(A).rows × op(B).columns`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when
    ///   the inner dimensions or the shape of `c` do not agree.
    /// - Complexity: O(m·n·k) flops, one allocation for the result. NaN and
    ///   infinity propagate as IEEE arithmetic says (no check is made).
    public static func gemm(
        _ a: Matrix, _ b: Matrix,
        transposeA: Bool = false, transposeB: Bool = false,
        alpha: Double = 1, beta: Double = 0, adding c: Matrix? = nil
    ) throws -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        guard k == kb else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "gemm", detail: "op(A) is \(m)×\(k) but op(B) is \(kb)×\(n)")
        }
        var result: Matrix
        var effectiveBeta = 0.0
        if let c {
            guard c.rows == m, c.columns == n else {
                throw LinearAlgebraError.dimensionMismatch(
                    operation: "gemm", detail: "C is \(c.rows)×\(c.columns), product is \(m)×\(n)")
            }
            result = c
            effectiveBeta = beta
        } else {
            result = Matrix(rows: m, columns: n)
        }
        if m == 0 || n == 0 { return result }
        if k == 0 {
            // op(A)·op(B) is the zero matrix; only beta·C remains.
            if c != nil { for i in result.elements.indices { result[i % m, i / m] *= effectiveBeta } }
            return result
        }
        let M = try Check.int32(m, "gemm"), N = try Check.int32(n, "gemm"), K = try Check.int32(k, "gemm")
        let lda = try Check.int32(max(a.rows, 1), "gemm"), ldb = try Check.int32(max(b.rows, 1), "gemm")
        let ldc = M
        let ta = transposeA ? CblasTrans : CblasNoTrans
        let tb = transposeB ? CblasTrans : CblasNoTrans
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                result.withUnsafeMutableElements { pc in
                    cblas_dgemm(
                        CblasColMajor, ta, tb, M, N, K, alpha,
                        pa.baseAddress, lda, pb.baseAddress, ldb, effectiveBeta, pc.baseAddress, ldc)
                }
            }
        }
        return result
    }

    /// The product `A · B` written into the leading `A.rows` rows of `c`
    /// (`dgemm` with leading dimension `c.rows`), reusing `c`'s storage.
    ///
    /// When `c`'s storage is not shared (copy-on-write), no memory is
    /// allocated: batch code that calls this repeatedly with the same output
    /// matrix avoids re-faulting fresh pages on every call, which for large
    /// batches costs as much as the multiplication itself. The rows of `c`
    /// below `A.rows` are left as they were.
    ///
    /// - Parameters:
    ///   - a: `m × k`.
    ///   - b: `k × n`.
    ///   - c: at least `m` rows and exactly `n` columns; receives the product.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` for
    ///   incompatible shapes.
    /// - Complexity: O(m·n·k) flops, no allocation when `c` is uniquely referenced.
    public static func gemm(_ a: Matrix, _ b: Matrix, intoLeadingRowsOf c: inout Matrix) throws {
        guard a.columns == b.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "gemm", detail: "A is \(a.rows)×\(a.columns) but B is \(b.rows)×\(b.columns)")
        }
        guard c.rows >= a.rows, c.columns == b.columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "gemm", detail: "C is \(c.rows)×\(c.columns), product is \(a.rows)×\(b.columns)")
        }
        let m = a.rows, n = b.columns, k = a.columns
        if m == 0 || n == 0 { return }
        if k == 0 {
            for j in 0..<n { for i in 0..<m { c[i, j] = 0 } }
            return
        }
        let M = try Check.int32(m, "gemm"), N = try Check.int32(n, "gemm"), K = try Check.int32(k, "gemm")
        let lda = try Check.int32(max(a.rows, 1), "gemm"), ldb = try Check.int32(max(b.rows, 1), "gemm")
        let ldc = try Check.int32(max(c.rows, 1), "gemm")
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableElements { pc in
                    cblas_dgemm(
                        CblasColMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1,
                        pa.baseAddress, lda, pb.baseAddress, ldb, 0, pc.baseAddress, ldc)
                }
            }
        }
    }

    /// Matrix–vector product `y = alpha · op(A) · x + beta · y` (`dgemv`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)`` when
    ///   `x` or `y` has the wrong length.
    /// - Complexity: O(m·n) flops, one allocation.
    public static func gemv(
        _ a: Matrix, _ x: [Double], transpose: Bool = false,
        alpha: Double = 1, beta: Double = 0, adding y: [Double]? = nil
    ) throws -> [Double] {
        let m = transpose ? a.columns : a.rows
        let n = transpose ? a.rows : a.columns
        guard x.count == n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "gemv", detail: "op(A) is \(m)×\(n) but x has \(x.count) elements")
        }
        var result = y ?? [Double](repeating: 0, count: m)
        guard result.count == m else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "gemv", detail: "y has \(result.count) elements, op(A)·x has \(m)")
        }
        let effectiveBeta = y == nil ? 0 : beta
        if m == 0 { return result }
        if n == 0 {
            for i in result.indices { result[i] *= effectiveBeta }
            return result
        }
        let M = try Check.int32(a.rows, "gemv"), N = try Check.int32(a.columns, "gemv")
        let lda = try Check.int32(max(a.rows, 1), "gemv")
        a.elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                result.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(
                        CblasColMajor, transpose ? CblasTrans : CblasNoTrans, M, N, alpha,
                        pa.baseAddress, lda, px.baseAddress, 1, effectiveBeta, py.baseAddress, 1)
                }
            }
        }
        return result
    }
}

extension Matrix {
    /// The product `self · other` (`dgemm`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)``
    ///   when `self.columns != other.rows`.
    public func multiplied(by other: Matrix) throws -> Matrix {
        try BLAS.gemm(self, other)
    }

    /// The product `self · vector` (`dgemv`).
    ///
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(operation:detail:)``
    ///   when `vector.count != columns`.
    public func multiplied(by vector: [Double]) throws -> [Double] {
        try BLAS.gemv(self, vector)
    }
}
