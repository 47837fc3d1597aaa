import Foundation

// Kendall's score and order statistics of pairwise (Theil–Sen) slopes in
// O(n log n) time and O(n) memory, without forming the n(n − 1)/2 pairs.

/// Kendall's score `S = Σ_{i<j} sign(x_j − x_i)` by merge-sort inversion
/// counting with tie counts (Knight 1966, *JASA* 61(314):436–439):
/// `S = N − T − 2D` with `N = n(n−1)/2` pairs, `T` the pairs of tied values and
/// `D` the strictly discordant pairs (inversions).
///
/// - Complexity: O(n log n) time, O(n) memory. The result is an exact integer.
func kendallScore(_ x: [Double]) -> Double {
    let n = x.count
    guard n >= 2 else { return 0 }
    // Dense ranks (tied values share a rank), then strict inversions of the ranks.
    let order = (0..<n).sorted { x[$0] < x[$1] }
    var ranks = [Int](repeating: 0, count: n)
    var tiedPairs = 0
    var i = 0, rank = 0
    while i < n {
        var j = i
        while j + 1 < n && x[order[j + 1]] == x[order[i]] { j += 1 }
        for k in i...j { ranks[order[k]] = rank }
        let t = j - i + 1
        tiedPairs += t * (t - 1) / 2
        rank += 1
        i = j + 1
    }
    let discordant = countInversions(&ranks)
    return Double(n * (n - 1) / 2 - tiedPairs - 2 * discordant)
}

/// Number of pairs `i < j` with `a[i] > a[j]` (ties are not inversions);
/// sorts `a` as a side effect. Bottom-up merge sort, one scratch buffer.
///
/// - Complexity: O(n log n) time, O(n) memory.
func countInversions(_ a: inout [Int]) -> Int {
    let n = a.count
    guard n >= 2 else { return 0 }
    var scratch = a
    var count = 0
    var inA = true
    a.withUnsafeMutableBufferPointer { pa in
        scratch.withUnsafeMutableBufferPointer { pb in
            var src = pa, dst = pb
            var width = 1
            while width < n {
                var lo = 0
                while lo < n {
                    let mid = min(lo + width, n), hi = min(lo + 2 * width, n)
                    var i = lo, j = mid, k = lo
                    while i < mid && j < hi {
                        if src[j] < src[i] {
                            count += mid - i
                            dst[k] = src[j]; j += 1
                        } else {
                            dst[k] = src[i]; i += 1
                        }
                        k += 1
                    }
                    while i < mid { dst[k] = src[i]; i += 1; k += 1 }
                    while j < hi { dst[k] = src[j]; j += 1; k += 1 }
                    lo = hi
                }
                swap(&src, &dst)
                inA.toggle()
                width *= 2
            }
        }
    }
    if !inA { a = scratch }
    return count
}

/// Order statistics of the pairwise slopes `(x_j − x_i)/(t_j − t_i)`, `i < j`,
/// within each of several groups of points (one group for Sen's slope, one per
/// season for the seasonal version), computed exactly as the slopes would be in
/// floating point (`(x[j] − x[i]) / Double(t[j] − t[i])`) without listing all
/// pairs.
///
/// ## Method
/// Duality (Cole, Salowe, Steiger & Szemerédi 1989; Matoušek 1991,
/// *Information Processing Letters* 39:183–187; Dillencourt, Mount &
/// Netanyahu 1992, *IJCGA* 2:1–27): for `t_i < t_j`, the slope of the pair is
/// `≤ s` exactly when `x_j − s t_j ≤ x_i − s t_i`, so the number of slopes
/// `≤ s` is the number of inversions of the time order when the points are
/// sorted by `x − s t`, and the pairs whose slope lies in `(a, b]` are those
/// whose order differs between the sorts at `a` and at `b`. The search keeps
/// an interval `(a, b]` known to hold the wanted ranks, draws `m = max(n, 1024)`
/// pairs uniformly from the interval (a Fenwick-tree walk over the inversions,
/// seeded SplitMix64, so the run is reproducible), shrinks the interval to
/// sample quantiles around the wanted rank, and repeats until at most
/// `max(8n, 2¹⁶)` pairs remain; those are listed (merge sort), and the
/// wanted ranks are selected among them.
///
/// ## Exactness
/// The sort keys `x − s t` are rounded, so each interval end is widened by a
/// margin `32 ε (max|x| + |s| (max t + 1))` that bounds that rounding, and the
/// selected value `v` is checked to lie inside the un-widened interval; all
/// pairs outside the listed band are then provably on the correct side, so
/// `v` is the exact order statistic of the floating-point slopes, bit for bit
/// the value a full sort would give. (Values are scaled by a power of two
/// first when their magnitude is above 2⁵⁰⁰ or below 2⁻⁵⁰⁰; that scaling is
/// exact.) The one exception is a cluster of more than `max(8n, 2¹⁶)` slopes
/// all within that margin of the wanted rank (for example the tied zero slopes
/// of a mostly-zero count series, or a straight line): the cluster's sampled
/// value is returned, which is exact when the cluster's slopes are equal (as
/// with tied values) and otherwise within the margin.
///
/// - Complexity: O(n log n) expected time per requested range of ranks (a
///   few rounds of sorts), O(n) memory.
struct PairwiseSlopes {
    private var groups: [(t: [Int], x: [Double])]
    /// Total number of pairs over all groups.
    let pairCount: Int
    private let scaleExponent: Int
    private let maxAbs: Double
    private let maxT: Double
    private let n: Int

    /// - Parameter groups: per group, strictly increasing integer times and finite values.
    init(groups rawGroups: [(t: [Int], x: [Double])]) {
        var top = 0.0
        var pairs = 0, total = 0
        var tMax = 0
        for g in rawGroups {
            for v in g.x { top = max(top, abs(v)) }
            pairs += g.t.count * (g.t.count - 1) / 2
            total += g.t.count
            if let last = g.t.last, let first = g.t.first { tMax = max(tMax, last - first) }
        }
        var e = 0
        if top > 0 && (top.exponent > 500 || top.exponent < -500) { e = Int(top.exponent) }
        scaleExponent = e
        if e != 0 {
            let factor = Double(sign: .plus, exponent: -e, significand: 1)
            groups = rawGroups.map { g in (t: g.t, x: g.x.map { $0 * factor }) }
            maxAbs = top * factor
        } else {
            groups = rawGroups
            maxAbs = top
        }
        pairCount = pairs
        maxT = Double(tMax)
        n = total
    }

    /// The slope of the pair `(i, j)`, `i < j`, of a group, as a full listing computes it.
    @inline(__always)
    private func slope(_ g: Int, _ i: Int, _ j: Int) -> Double {
        let (t, x) = groups[g]
        return (x[j] - x[i]) / Double(t[j] - t[i])
    }

    private func margin(_ s: Double) -> Double {
        32 * Double.ulpOfOne * (maxAbs + abs(s) * (maxT + 1)) + 64 * Double.leastNonzeroMagnitude
    }

    private func unscale(_ v: Double) -> Double {
        scaleExponent == 0 ? v : v * Double(sign: .plus, exponent: scaleExponent, significand: 1)
    }

    /// Indices of group `g` sorted by `(x − s t` ascending, index descending); for
    /// `s = −∞` the time order, for `+∞` its reverse.
    private func order(_ g: Int, at s: Double) -> [Int] {
        let (t, x) = groups[g]
        let m = t.count
        if s == -.infinity { return Array(0..<m) }
        if s == .infinity { return Array((0..<m).reversed()) }
        var keyed = (0..<m).map { (key: x[$0] - s * Double(t[$0]), index: $0) }
        keyed.sort { $0.key < $1.key || ($0.key == $1.key && $0.index > $1.index) }
        return keyed.map(\.index)
    }

    private struct Band {
        var lo: Double, hi: Double          // un-widened interval (slopes in it are all listed)
        var below: Int                      // pairs classified ≤ a (all have slope < lo)
        var size: Int                       // pairs classified in (a, b]
        var orderA: [[Int]], seqB: [[Int]]  // per group: order at a, and ranks-at-a listed in order at b
    }

    private func band(lo: Double, hi: Double) -> Band {
        let a = lo == -.infinity ? lo : lo - margin(lo)
        let b = hi == .infinity ? hi : hi + margin(hi)
        var below = 0, size = 0
        var orderA: [[Int]] = [], seqB: [[Int]] = []
        for g in groups.indices {
            let oa = order(g, at: a)
            var work = oa
            below += countInversions(&work)
            var rankA = [Int](repeating: 0, count: oa.count)
            for (r, i) in oa.enumerated() { rankA[i] = r }
            let seq = order(g, at: b).map { rankA[$0] }
            work = seq
            size += countInversions(&work)
            orderA.append(oa)
            seqB.append(seq)
        }
        return Band(lo: lo, hi: hi, below: below, size: size, orderA: orderA, seqB: seqB)
    }

    /// `m` slopes drawn uniformly (with replacement) from the pairs of `band`.
    private func sample(_ band: Band, count m: Int, rng: inout SplitMix64) -> [Double] {
        guard band.size > 0 else { return [] }
        var offsets = (0..<m).map { _ in Int(rng.next() % UInt64(band.size)) }
        offsets.sort()
        var out: [Double] = []
        out.reserveCapacity(m)
        var next = 0, base = 0
        for g in groups.indices where next < offsets.count {
            let seq = band.seqB[g], oa = band.orderA[g]
            let size = seq.count
            var tree = [Int](repeating: 0, count: size + 1)
            var inserted = 0
            var highBit = 1
            while highBit * 2 <= size { highBit *= 2 }
            for q in 0..<size {
                let v = seq[q]
                // Values ≤ v inserted so far.
                var le = 0, idx = v + 1
                while idx > 0 { le += tree[idx]; idx -= idx & (-idx) }
                let inv = inserted - le
                while next < offsets.count && offsets[next] < base + inv {
                    // The (le + o + 1)-th smallest inserted value.
                    var k = le + (offsets[next] - base) + 1
                    var pos = 0, step = highBit
                    while step > 0 {
                        if pos + step <= size && tree[pos + step] < k { pos += step; k -= tree[pos] }
                        step /= 2
                    }
                    let u = oa[pos], w = oa[v]
                    out.append(slope(g, min(u, w), max(u, w)))
                    next += 1
                }
                base += inv
                idx = v + 1
                while idx <= size { tree[idx] += 1; idx += idx & (-idx) }
                inserted += 1
            }
        }
        return out
    }

    /// All slopes of the pairs of `band` (its size must be small).
    private func list(_ band: Band) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(band.size)
        for g in groups.indices {
            var a = band.seqB[g]
            let oa = band.orderA[g]
            let m = a.count
            guard m >= 2 else { continue }
            var buffer = a
            var width = 1
            while width < m {
                var lo = 0
                while lo < m {
                    let mid = min(lo + width, m), hi = min(lo + 2 * width, m)
                    var i = lo, j = mid, k = lo
                    while i < mid && j < hi {
                        if a[j] < a[i] {
                            let w = oa[a[j]]
                            for p in i..<mid {
                                let u = oa[a[p]]
                                out.append(slope(g, min(u, w), max(u, w)))
                            }
                            buffer[k] = a[j]; j += 1
                        } else {
                            buffer[k] = a[i]; i += 1
                        }
                        k += 1
                    }
                    while i < mid { buffer[k] = a[i]; i += 1; k += 1 }
                    while j < hi { buffer[k] = a[j]; j += 1; k += 1 }
                    lo = hi
                }
                swap(&a, &buffer)
                width *= 2
            }
        }
        return out
    }

    /// The order statistics of ranks `ranks` (0-based, ascending slopes), or
    /// `nil` when `ranks` is outside `0..<pairCount`.
    func select(_ ranks: ClosedRange<Int>) -> [Double]? {
        guard ranks.lowerBound >= 0, ranks.upperBound < pairCount else { return nil }
        let k1 = ranks.lowerBound, k2 = ranks.upperBound
        let cap = max(8 * n, 1 << 16)
        let m = max(n, 1024)
        var rng = SplitMix64(seed: 0x5EED_51_0E5 &+ UInt64(truncatingIfNeeded: k1))
        var spread = 3.0
        var current = band(lo: -.infinity, hi: .infinity)
        for _ in 0..<64 {
            if current.size <= cap {
                var values = list(current)
                values.sort()
                let picked = ranks.map { k -> Double? in
                    let i = k - current.below
                    guard i >= 0, i < values.count else { return nil }
                    let v = values[i]
                    return v >= current.lo && v <= current.hi ? v : nil
                }
                if picked.allSatisfy({ $0 != nil }) { return picked.map { unscale($0 ?? .nan) } }
                // A rounding surprise: start again from the whole range with a wider spread.
                spread *= 2
                current = band(lo: -.infinity, hi: .infinity)
                continue
            }
            let drawn = sample(current, count: m, rng: &rng).sorted()
            guard !drawn.isEmpty else { break }
            let size = Double(current.size), dm = Double(drawn.count)
            let f1 = Double(k1 - current.below) / size, f2 = Double(k2 - current.below + 1) / size
            let iL = Int((f1 * dm - spread * dm.squareRoot()).rounded(.down))
            let iH = Int((f2 * dm + spread * dm.squareRoot()).rounded(.up))
            let lo = iL < 0 ? current.lo : max(current.lo, drawn[iL])
            let hi = iH >= drawn.count ? current.hi : min(current.hi, drawn[iH])
            guard lo <= hi else { spread *= 2; continue }
            let next = band(lo: lo, hi: hi)
            let holds = next.below <= k1 && k2 < next.below + next.size
            if !holds { spread *= 2; continue }
            if next.size > cap && lo == hi {
                // A cluster of more than `cap` slopes within the margin of one value.
                return ranks.map { _ in unscale(lo) }
            }
            if next.size >= current.size { spread = max(1, spread / 2) }
            current = next
        }
        // Unreachable in practice; the sample median of the last band is returned.
        let drawn = sample(current, count: m, rng: &rng).sorted()
        return ranks.map { _ in unscale(drawn.isEmpty ? .nan : drawn[drawn.count / 2]) }
    }

    /// The median of all pairwise slopes (mean of the two middle ones for an even count).
    func median() -> Double? {
        guard pairCount > 0 else { return nil }
        let h = pairCount / 2
        if pairCount % 2 == 1 { return select(h...h)?.first }
        guard let v = select((h - 1)...h), v.count == 2 else { return nil }
        // Averaged in the scaled space, as a full sort's median of the scaled slopes.
        if scaleExponent == 0 { return 0.5 * (v[0] + v[1]) }
        let f = Double(sign: .plus, exponent: -scaleExponent, significand: 1)
        return unscale(0.5 * (v[0] * f + v[1] * f))
    }
}
