import Foundation

/// Settings of ``PreparedComposite/uncertainty(_:)``.
public struct CompositeUncertaintyOptions: Sendable, Equatable {
    /// Monte Carlo draws `N` in the bands (the Sobol design uses `N·(k + 2)` evaluations).
    public var draws: Int
    /// SplitMix64 seed.
    public var seed: UInt64
    /// Also estimate Sobol indices of the factors.
    public var sobol: Bool
    /// Probabilities of the band ends (default 0.05 and 0.95).
    public var lowerProbability: Double
    /// Upper band probability.
    public var upperProbability: Double

    /// Options.
    public init(draws: Int = 1000, seed: UInt64 = 1, sobol: Bool = true,
                lowerProbability: Double = 0.05, upperProbability: Double = 0.95) {
        self.draws = draws
        self.seed = seed
        self.sobol = sobol
        self.lowerProbability = lowerProbability
        self.upperProbability = upperProbability
    }
}

extension PreparedComposite {
    /// Monte Carlo uncertainty of the scores and ranks over the model's
    /// uncertain choices, and their Sobol indices.
    ///
    /// Each draw is a vector of uniforms mapped to choices (see
    /// ``scores(uniforms:)``); the band of a unit is the 5th–95th percentile of
    /// its scores over `N` draws (R type 7), its rank interval the same
    /// percentiles of its ranks. With Sobol indices the draws are the `A`
    /// sample of the Saltelli design (``SobolSensitivity``). Without uncertain
    /// choices the band is the point score and no draw is made.
    ///
    /// - Parameter options: draws, seed, Sobol on/off, band probabilities.
    /// - Returns: per-unit bands and rank intervals, Sobol indices.
    /// - Throws: ``CompositeIndexError`` for bad options or an aggregation
    ///   that receives values outside its domain under some choice.
    /// - Complexity: O(N·(k + 2)·(units × indicators)) flops in `dgemm`, plus
    ///   O(N·units·log units) for the ranks.
    public func uncertainty(_ options: CompositeUncertaintyOptions = .init()) throws -> CompositeUncertaintyResult {
        guard options.draws >= 2, options.draws <= 10_000_000 else {
            throw CompositeIndexError.invalidParameter(name: "draws", detail: "must be between 2 and 10,000,000, got \(options.draws)")
        }
        let pLo = options.lowerProbability, pHi = options.upperProbability
        guard pLo >= 0, pLo < pHi, pHi <= 1 else {
            throw CompositeIndexError.invalidParameter(name: "band probabilities", detail: "need 0 ≤ lower < upper ≤ 1")
        }
        let evaluations = options.draws * (options.sobol ? factors.count + 2 : 1)
        guard evaluations <= Self.maximumValues / max(units.count, drawDimension, 1) else {
            throw CompositeIndexError.invalidParameter(
                name: "draws", detail: "\(options.draws) draws need \(evaluations) evaluations of \(units.count) units, more than \(Self.maximumValues) values in memory; use fewer draws or no Sobol indices")
        }
        let point = try evaluate()
        if factors.isEmpty {
            let units = point.units.map { u in
                CompositeUnitUncertainty(
                    unit: u.unit, medianScore: u.score, scoreLow: u.score, scoreHigh: u.score,
                    medianRank: u.rank.map(Double.init) ?? .nan, rankLow: u.rank.map(Double.init) ?? .nan,
                    rankHigh: u.rank.map(Double.init) ?? .nan, missingDraws: u.score.isNaN ? options.draws : 0)
            }
            return CompositeUncertaintyResult(
                draws: 0, seed: options.seed, bandProbabilities: [pLo, pHi], factors: [], units: units, sobol: [],
                evaluations: 0, notes: ["the model has no uncertain choices: every band is the point score"])
        }
        var notes: [String] = []
        let scoresOnA: Matrix
        var sobol: [SobolIndex] = []
        var evaluationCount = options.draws
        if options.sobol {
            let r = try SobolSensitivity.analyse(
                factorDimensions: factors.map(\.dimension), samples: options.draws, seed: options.seed
            ) { try scores(uniforms: $0) }
            scoresOnA = r.outputsOnA
            evaluationCount = r.evaluations
            sobol = factors.enumerated().map { SobolIndex(factor: $0.element.name, firstOrder: r.firstOrder[$0.offset], total: r.total[$0.offset]) }
            if r.outputsLeftOut > 0 {
                notes.append("Sobol indices: \(r.outputsLeftOut) unit(s) left out (missing in some draw, or no variation)")
            }
        } else {
            var rng = SplitMix64(seed: options.seed)
            let d = drawDimension
            var u = [Double](repeating: 0, count: options.draws * d)
            for r in 0..<options.draws { for c in 0..<d { u[r + c * options.draws] = rng.nextHalfOpenUniform() } }
            scoresOnA = try scores(uniforms: Matrix(rows: options.draws, columns: d, columnMajor: u))
        }
        let bands = try Self.bands(scoresOnA, lower: pLo, upper: pHi)
        let units = units.indices.map { i in
            CompositeUnitUncertainty(
                unit: self.units[i], medianScore: bands.score[i].median, scoreLow: bands.score[i].low,
                scoreHigh: bands.score[i].high, medianRank: bands.rank[i].median, rankLow: bands.rank[i].low,
                rankHigh: bands.rank[i].high, missingDraws: bands.missing[i])
        }
        return CompositeUncertaintyResult(
            draws: options.draws, seed: options.seed, bandProbabilities: [pLo, pHi], factors: factors, units: units,
            sobol: sobol, evaluations: evaluationCount, notes: notes)
    }

    /// The largest number of scores (draws × units) or draw variates held at once: 2·10⁸ (1.6 GB).
    public static var maximumValues: Int { 200_000_000 }

    /// Per-unit quantiles of scores and of per-draw competition ranks.
    static func bands(_ s: Matrix, lower: Double, upper: Double) throws
        -> (score: [(low: Double, median: Double, high: Double)], rank: [(low: Double, median: Double, high: Double)], missing: [Int])
    {
        let n = s.rows, draws = s.columns
        guard n > 0, draws > 0 else { return ([], [], []) }
        let chunks = Swift.min(draws, Parallel.defaultConcurrency * 4)
        // Competition ranks are integers 1…n: each chunk of draws keeps a
        // histogram per unit; rank = 1 + the number of strictly larger scores,
        // found by binary search in the draw's scores sorted descending.
        let partial: [[Int32]] = try Parallel.map(chunks) { c in
            var counts = [Int32](repeating: 0, count: n * (n + 1))
            var column = [Double](repeating: 0, count: n)
            var index = [Int](repeating: 0, count: n)
            let e = s.elements
            for d in (c * draws / chunks)..<((c + 1) * draws / chunks) {
                let base = d * n
                var m = 0
                for i in 0..<n where !e[base + i].isNaN {
                    column[m] = e[base + i]
                    index[m] = i
                    m += 1
                }
                // Units ordered by score, highest first; ties share the best rank.
                OrderStatistics.sortDescending(&column, carrying: &index, 0, m - 1)
                var rank = 1
                for k in 0..<m {
                    if k > 0, column[k] != column[k - 1] { rank = k + 1 }
                    counts[index[k] * (n + 1) + rank] += 1
                }
            }
            return counts
        }
        var rankCounts = [Int](repeating: 0, count: n * (n + 1))
        for counts in partial { for k in counts.indices { rankCounts[k] += Int(counts[k]) } }
        // Score quantiles: each unit's scores gathered, quantiles by selection, units in parallel.
        let unitChunks = Swift.min(n, Parallel.defaultConcurrency * 4)
        let scoreParts: [[(Double, Double, Double, Int)]] = try Parallel.map(unitChunks) { c in
            var out: [(Double, Double, Double, Int)] = []
            var mine = [Double](repeating: 0, count: draws)
            let e = s.elements
            for i in (c * n / unitChunks)..<((c + 1) * n / unitChunks) {
                var m = 0
                for d in 0..<draws where !e[d * n + i].isNaN {
                    mine[m] = e[d * n + i]
                    m += 1
                }
                let low = OrderStatistics.quantile(&mine, count: m, lower)
                let median = OrderStatistics.quantile(&mine, count: m, 0.5)
                let high = OrderStatistics.quantile(&mine, count: m, upper)
                out.append((low, median, high, m))
            }
            return out
        }
        let scores = scoreParts.flatMap { $0 }
        var scoreBands: [(low: Double, median: Double, high: Double)] = []
        var rankBands: [(low: Double, median: Double, high: Double)] = []
        for i in 0..<n {
            let m = scores[i].3
            scoreBands.append((scores[i].0, scores[i].1, scores[i].2))
            // Type 7 quantile from the histogram: the k-th smallest rank is the first r with cumulative count > k.
            func kth(_ k: Int) -> Double {
                var cumulative = 0
                for r in 1...n {
                    cumulative += rankCounts[i * (n + 1) + r]
                    if cumulative > k { return Double(r) }
                }
                return .nan
            }
            func quantile(_ p: Double) -> Double {
                guard m > 0 else { return .nan }
                let h = Double(m - 1) * p
                let lo = Int(h.rounded(.down))
                let a = kth(lo), b = kth(Swift.min(lo + 1, m - 1))
                return a + (h - Double(lo)) * (b - a)
            }
            rankBands.append((quantile(lower), quantile(0.5), quantile(upper)))
        }
        return (scoreBands, rankBands, scores.map { draws - $0.3 })
    }

    /// The scores of every unit under the choices that each row of `uniforms` encodes.
    ///
    /// Row `d` holds the draw's uniforms in [0, 1), factor after factor
    /// (``factors``): `weights` — one per child of every node (nodes children
    /// first, children in order), multiplier `1 + r(2u − 1)`; `normalisation`
    /// — alternative `⌊u·m⌋`; `aggregation` — one per listed node; `exclusion`
    /// — `⌊u·(1 + e)⌋`, 0 = none left out. Draws that share their discrete
    /// choices are evaluated together: the weighted sums of a node whose
    /// children are indicators are one `dgemm` of the (transformed)
    /// units × children matrix with the children × draws weight matrix (two
    /// more when values are missing: present weight and present count).
    ///
    /// - Parameter uniforms: draws × ``drawDimension``.
    /// - Returns: units × draws scores (NaN = missing).
    /// - Throws: ``CompositeIndexError`` for a shape mismatch or a value outside
    ///   an aggregation's domain.
    /// - Complexity: O(draws × units × slots) flops, mostly in `dgemm`.
    public func scores(uniforms: Matrix) throws -> Matrix {
        let draws = uniforms.rows
        guard uniforms.columns == drawDimension || (drawDimension == 0 && uniforms.columns <= 1) else {
            throw CompositeIndexError.invalidParameter(
                name: "uniforms", detail: "has \(uniforms.columns) columns, the model's draws need \(drawDimension)")
        }
        if let bad = uniforms.elements.first(where: { !($0 >= 0 && $0 <= 1) }) {
            throw CompositeIndexError.invalidParameter(name: "uniforms", detail: "must lie in [0, 1], found \(bad)")
        }
        let n = units.count
        let (cells, overflow) = n.multipliedReportingOverflow(by: draws)
        guard !overflow, cells <= Self.maximumValues else {
            throw CompositeIndexError.invalidParameter(
                name: "draws", detail: "\(draws) draws × \(n) units exceed \(Self.maximumValues) scores in memory; use fewer draws")
        }
        // Slot offsets: one slot per child of each node.
        var slotOffset: [Int] = []
        var slots = 0
        for node in nodes { slotOffset.append(slots); slots += node.children.count }
        // Decode the draws.
        var column = 0
        var weightColumn: Int?, normColumn: Int?, aggColumn: Int?, exclColumn: Int?
        for f in factors {
            switch f.name {
            case "weights": weightColumn = column
            case "normalisation": normColumn = column
            case "aggregation": aggColumn = column
            case "exclusion": exclColumn = column
            default: break
            }
            column += f.dimension
        }
        let r = uncertainty.weightRange ?? 0
        var weights = [Double](repeating: 0, count: slots * draws)   // slots × draws, column-major
        var included = [Double](repeating: 1, count: slots * draws)
        var groupOf: [GroupKey: [Int]] = [:]
        let u = uniforms.elements   // draws × dimension, column-major
        @inline(__always) func uniform(_ d: Int, _ c: Int) -> Double { u[d + c * draws] }
        let modelMethods = nodes.map(\.aggregation)
        for d in 0..<draws {
            let excluded: Int? = exclColumn.flatMap { c in
                let k = Swift.min(Int(uniform(d, c) * Double(exclusionChoices.count + 1)), exclusionChoices.count)
                return k == 0 ? nil : exclusionChoices[k - 1]
            }
            for (j, node) in nodes.enumerated() {
                var total = 0.0
                for c in node.children.indices {
                    let s = slotOffset[j] + c
                    var w = node.weights[c]
                    if let wc = weightColumn { w *= 1 + r * (2 * uniform(d, wc + s) - 1) }
                    if let e = excluded, node.children[c] == .indicator(e) { w = 0; included[d * slots + s] = 0 }
                    weights[d * slots + s] = w
                    total += w
                }
                if total > 0 { for c in node.children.indices { weights[d * slots + slotOffset[j] + c] /= total } }
            }
            let norm = normColumn.map { Swift.min(Int(uniform(d, $0) * Double(normalisationChoices.count)), normalisationChoices.count - 1) }
                ?? (normalisationChoices.count == 1 ? 0 : -1)
            var methods = modelMethods
            for (q, choice) in aggregationChoices.enumerated() {
                let m = aggColumn.map { Swift.min(Int(uniform(d, $0 + q) * Double(choice.methods.count)), choice.methods.count - 1) } ?? 0
                methods[choice.node] = choice.methods[m]
            }
            groupOf[GroupKey(normalisation: norm, methods: methods), default: []].append(d)
        }

        if groupOf.count == 1, let (key, members) = groupOf.first {
            // One group holding every draw in order: its root values are the result.
            let columns = key.normalisation >= 0 ? alternativeColumns[key.normalisation] : normalised
            let root = try evaluateGroup(
                members: members, columns: columns, methods: key.methods, weights: weights, included: included,
                slots: slots, slotOffset: slotOffset)
            return try Matrix(rows: n, columns: draws, columnMajor: root)
        }
        var result = [Double](repeating: .nan, count: n * draws)
        for (key, members) in groupOf.sorted(by: { $0.value[0] < $1.value[0] }) {
            let columns = key.normalisation >= 0 ? alternativeColumns[key.normalisation] : normalised
            let root = try evaluateGroup(
                members: members, columns: columns, methods: key.methods, weights: weights, included: included,
                slots: slots, slotOffset: slotOffset)
            for (m, d) in members.enumerated() {
                for i in 0..<n { result[d * n + i] = root[m * n + i] }
            }
        }
        return try Matrix(rows: n, columns: draws, columnMajor: result)
    }

    private struct GroupKey: Hashable {
        var normalisation: Int
        var methods: [AggregationMethod]
    }

    /// Node values for a group of draws that share their discrete choices; returns the root (units × members).
    private func evaluateGroup(
        members: [Int], columns: [[Double]], methods: [AggregationMethod], weights: [Double], included: [Double],
        slots: Int, slotOffset: [Int]
    ) throws -> [Double] {
        let n = units.count, nd = members.count
        var values: [[Double]] = []   // per node: units × nd, column-major
        values.reserveCapacity(nodes.count)
        for (j, node) in nodes.enumerated() {
            let method = methods[j]
            let c = node.children.count
            // Weights and inclusion of this node's children for the members: c × nd.
            var w: [Double], inc: [Double]
            if c == slots, nd * slots == weights.count {
                // A single node and every draw, in order: the draws' weights as they are.
                w = weights
                inc = included
            } else {
                w = [Double](repeating: 0, count: c * nd)
                inc = [Double](repeating: 0, count: c * nd)
                for (m, d) in members.enumerated() {
                    for q in 0..<c {
                        w[m * c + q] = weights[d * slots + slotOffset[j] + q]
                        inc[m * c + q] = included[d * slots + slotOffset[j] + q]
                    }
                }
            }
            let leafIndices: [Int]? = {
                var ks: [Int] = []
                for ref in node.children { guard case let .indicator(k) = ref else { return nil }; ks.append(k) }
                return ks
            }()
            if let ks = leafIndices {
                values.append(try leafNode(
                    node: node, method: method, columns: ks.map { columns[$0] }, w: w, inc: inc, nd: nd))
            } else {
                var out = [Double](repeating: .nan, count: n * nd)
                var x = [Double](repeating: .nan, count: c)
                var incl = [Bool](repeating: true, count: c)
                var wv = [Double](repeating: 0, count: c)
                for m in 0..<nd {
                    for q in 0..<c { wv[q] = w[m * c + q]; incl[q] = inc[m * c + q] > 0 }
                    for i in 0..<n {
                        for (q, ref) in node.children.enumerated() {
                            switch ref {
                            case let .indicator(k): x[q] = columns[k][i]
                            case let .node(sub): x[q] = values[sub][m * n + i]
                            }
                        }
                        out[m * n + i] = try Self.aggregate(
                            method, x, weights: wv, included: incl, minimumCoverage: node.minimumCoverage,
                            node: node.name, unit: units[i])
                    }
                }
                values.append(out)
            }
        }
        return values[nodes.count - 1]
    }

    /// A node whose children are all indicators, for all member draws at once by `dgemm`.
    private func leafNode(node: Node, method: AggregationMethod, columns: [[Double]], w: [Double], inc: [Double], nd: Int) throws -> [Double] {
        let n = units.count, c = columns.count
        var xt = [Double](repeating: 0, count: n * c)
        var mask = [Double](repeating: 0, count: n * c)
        var zeros = [Double](repeating: 0, count: n * c)
        var hasMissing = false, hasZero = false
        for (q, col) in columns.enumerated() {
            for i in 0..<n {
                let v = col[i]
                if v.isNaN { hasMissing = true; continue }
                mask[q * n + i] = 1
                switch method {
                case .arithmetic:
                    xt[q * n + i] = v
                case .geometric, .harmonic:
                    guard v >= 0 else {
                        throw CompositeIndexError.invalidMeanInput(
                            node: node.name, unit: units[i], value: v,
                            detail: "is negative: a \(method.rawValue) mean needs non-negative inputs (use min-max or rank normalisation, or arithmetic aggregation)")
                    }
                    if v == 0 { zeros[q * n + i] = 1; hasZero = true } else { xt[q * n + i] = method == .geometric ? Foundation.log(v) : 1 / v }
                case .informGeometric:
                    guard v >= 0, v <= 10 else {
                        throw CompositeIndexError.invalidMeanInput(
                            node: node.name, unit: units[i], value: v, detail: "is outside 0–10, which the INFORM mean of inverted scores needs")
                    }
                    xt[q * n + i] = Foundation.log(CompositeMeans.invertedScore(v))
                }
            }
        }
        let x = try Matrix(rows: n, columns: c, columnMajor: xt)
        let wm = try Matrix(rows: c, columns: nd, columnMajor: w)
        // The weighted sums of all draws: one dgemm.
        let num = try BLAS.gemm(x, wm)
        var den: Matrix?, count: Matrix?, zeroHits: Matrix?
        let includedTotal: [Double] = (0..<nd).map { m in (0..<c).reduce(0) { $0 + inc[m * c + $1] } }
        if hasMissing {
            let mm = try Matrix(rows: n, columns: c, columnMajor: mask)
            den = try BLAS.gemm(mm, wm)
            count = try BLAS.gemm(mm, Matrix(rows: c, columns: nd, columnMajor: inc))
        }
        if hasZero {
            let positive = w.map { $0 > 0 ? 1.0 : 0.0 }
            zeroHits = try BLAS.gemm(Matrix(rows: n, columns: c, columnMajor: zeros), Matrix(rows: c, columns: nd, columnMajor: positive))
        }
        let weightTotal: [Double] = (0..<nd).map { m in (0..<c).reduce(0) { $0 + w[m * c + $1] } }
        var out = [Double](repeating: .nan, count: n * nd)
        let minCov = node.minimumCoverage - 1e-12
        let denominators = den?.elements ?? [], counts = count?.elements ?? [], zeroCounts = zeroHits?.elements ?? []
        do {
            let s = num.elements
            for m in 0..<nd {
                for i in 0..<n {
                    let e = m * n + i
                    let dv = hasMissing ? denominators[e] : weightTotal[m]
                    if hasMissing {
                        let tot = includedTotal[m]
                        guard tot > 0, counts[e] > 0, counts[e] / tot >= minCov else { continue }
                    }
                    guard dv > 0 else { continue }
                    if hasZero, zeroCounts[e] > 0 { out[e] = 0; continue }
                    let y = s[e]
                    switch method {
                    case .arithmetic: out[e] = y / dv
                    case .geometric: out[e] = Foundation.exp(y / dv)
                    case .harmonic: out[e] = dv / y
                    case .informGeometric: out[e] = (10 - Foundation.exp(y / dv)) / 9 * 10
                    }
                }
            }
        }
        return out
    }
}
