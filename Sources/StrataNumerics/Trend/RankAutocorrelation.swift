import Foundation

extension TrendTest {
    /// The sample autocorrelations `ρ_0 … ρ_L` of `x` (`L = min(maxLag, n − 1)`),
    /// as ``SampleStatistics/autocorrelations(_:maxLag:)`` (R `acf`, biased
    /// estimator), for the Hamed–Rao correction.
    ///
    /// When `n · L` is at most 4·10⁶ the sums are formed directly (the values
    /// are those of `SampleStatistics`, bit for bit). Above that the
    /// autocovariances come from one zero-padded FFT (Wiener–Khinchin:
    /// `IFFT(|FFT(y)|²)` with the series padded to a power of two at least
    /// `2n`), in O(n log n) instead of O(n·L); they agree with the direct sums
    /// to about 1e-13 relative to `c_0`.
    ///
    /// - Complexity: O(min(n·L, n log n)) time, O(n) memory.
    static func rankAutocorrelations(_ x: [Double], maxLag: Int) -> [Double] {
        let n = x.count
        guard n > 0 else { return [] }
        let lags = max(0, min(maxLag, n - 1))
        if n.multipliedReportingOverflow(by: lags + 1).partialValue <= 4_000_000 || n < 64 {
            return SampleStatistics.autocorrelations(x, maxLag: maxLag)
        }
        let mean = x.reduce(0, +) / Double(n)
        var size = 1
        while size < 2 * n { size *= 2 }
        var re = [Double](repeating: 0, count: size), im = [Double](repeating: 0, count: size)
        var c0 = 0.0
        for i in 0..<n {
            let y = x[i] - mean
            re[i] = y
            c0 += y * y
        }
        fft(&re, &im, inverse: false)
        for i in 0..<size {
            re[i] = re[i] * re[i] + im[i] * im[i]
            im[i] = 0
        }
        fft(&re, &im, inverse: true)
        let scale = 1 / Double(size)
        return (0...lags).map { k in k == 0 ? (c0 == 0 ? .nan : 1) : re[k] * scale / c0 }
    }

    /// In-place iterative radix-2 complex FFT (Cooley–Tukey); `re.count` is a power of two.
    /// The twiddle factors are computed directly with `cos`/`sin` (no recurrence).
    static func fft(_ re: inout [Double], _ im: inout [Double], inverse: Bool) {
        let n = re.count
        guard n > 1 else { return }
        // Bit reversal.
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        let sign = inverse ? 1.0 : -1.0
        let half = n / 2
        var cosTable = [Double](repeating: 0, count: half), sinTable = [Double](repeating: 0, count: half)
        for k in 0..<half {
            let angle = 2 * Double.pi * Double(k) / Double(n)
            cosTable[k] = cos(angle)
            sinTable[k] = sign * sin(angle)
        }
        var length = 2
        while length <= n {
            let step = n / length
            let m = length / 2
            var start = 0
            while start < n {
                for k in 0..<m {
                    let wr = cosTable[k * step], wi = sinTable[k * step]
                    let a = start + k, b = a + m
                    let tr = re[b] * wr - im[b] * wi
                    let ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                }
                start += length
            }
            length *= 2
        }
    }
}
