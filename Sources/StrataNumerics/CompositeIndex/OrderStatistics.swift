/// Sorting and selection on plain `[Double]` for the Monte Carlo bands: a
/// quicksort (carrying unit indices) for the per-draw ranks and Hoare's selection for the per-unit
/// quantiles, both in place and without allocation. Values must not be NaN
/// (callers drop missing values first).
enum OrderStatistics {
    /// Sort `a[lo...hi]` descending in place and apply the same permutation
    /// to `tag` (quicksort with a median-of-three pivot and Hoare's
    /// partition, insertion sort below 17 elements, recursion on the smaller part).
    /// - Complexity: O(n log n) expected, O(log n) stack.
    static func sortDescending(_ a: inout [Double], carrying tag: inout [Int], _ low: Int, _ high: Int) {
        var lo = low, hi = high
        while hi - lo > 16 {
            let x = medianOfThree(a[lo], a[(lo + hi) / 2], a[hi])
            var i = lo, j = hi
            repeat {
                while a[i] > x { i += 1 }
                while x > a[j] { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    tag.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            } while i <= j
            if j - lo < hi - i {
                sortDescending(&a, carrying: &tag, lo, j)
                lo = i
            } else {
                sortDescending(&a, carrying: &tag, i, hi)
                hi = j
            }
        }
        if hi <= lo { return }
        for k in (lo + 1)...hi {
            let v = a[k], t = tag[k]
            var m = k - 1
            while m >= lo, a[m] < v {
                a[m + 1] = a[m]
                tag[m + 1] = tag[m]
                m -= 1
            }
            a[m + 1] = v
            tag[m + 1] = t
        }
    }

    /// The `k`-th smallest (0-based) of `a[0..<n]`, by Hoare's FIND as Wirth
    /// gives it (*Algorithms + Data Structures = Programs*, 1976, §2.3.4):
    /// afterwards `a[0..<k] ≤ a[k] ≤ a[(k+1)..<n]`.
    /// - Complexity: O(n) expected.
    static func select(_ a: inout [Double], count n: Int, _ k: Int) -> Double {
        var l = 0, r = n - 1
        while l < r {
            let x = a[k]
            var i = l, j = r
            repeat {
                while a[i] < x { i += 1 }
                while x < a[j] { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            } while i <= j
            if j < k { l = i }
            if k < i { r = j }
        }
        return a[k]
    }

    /// The type 7 sample quantile (R's default) of `a[0..<n]` at probability
    /// `p`, reordering `a`; NaN when `n = 0`.
    /// - Complexity: O(n) expected.
    static func quantile(_ a: inout [Double], count n: Int, _ p: Double) -> Double {
        guard n > 0 else { return .nan }
        let h = Double(n - 1) * p
        let lo = Swift.min(Int(h.rounded(.down)), n - 1)
        let below = select(&a, count: n, lo)
        guard lo + 1 < n, h > Double(lo) else { return below }
        var above = a[lo + 1]
        for i in (lo + 2)..<max(n, lo + 2) where a[i] < above { above = a[i] }
        return below + (h - Double(lo)) * (above - below)
    }

    private static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b))
    }
}
