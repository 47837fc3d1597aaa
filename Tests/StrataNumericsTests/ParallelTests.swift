import Testing
@testable import StrataNumerics

/// Serialized: these tests read and change the process-wide BLAS thread count.
@Suite(.serialized) struct ParallelTests {
    @Test func threadCountIsExposed() {
        // Only the configured count is checked: other tests may be inside a
        // parallel region (live count 1) concurrently.
        let before = BLAS.threadCount
        #expect(before >= 1)
        BLAS.setThreadCount(1)
        #expect(BLAS.threadCount == 1)
        BLAS.setThreadCount(before)
        #expect(BLAS.threadCount == before)
        #expect(!BLAS.configuration.isEmpty)
    }

    @Test func mapKeepsOrderAndRestoresBLASThreads() throws {
        let before = BLAS.threadCount
        let squares = try Parallel.map(1000) { i -> Int in
            // Inside a region OpenBLAS is pinned to one thread.
            #expect(BLAS.currentThreadCount == 1)
            return i * i
        }
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(BLAS.threadCount == before)
    }

    @Test func mapRunsBLASInsideWorkers() throws {
        let a = try Matrix(rowArrays: [[1, 2], [3, 4]])
        let results = try Parallel.map(64) { i in try a.multiplied(by: [Double(i), 1]) }
        for (i, r) in results.enumerated() { #expect(r == [Double(i) + 2, 3 * Double(i) + 4]) }
    }

    struct Boom: Error, Equatable { let index: Int }

    @Test func firstErrorByIndexIsThrown() {
        #expect(throws: Boom(index: 3)) {
            try Parallel.map(100) { i -> Int in
                if i == 3 || i == 77 { throw Boom(index: i) }
                return i
            }
        }
        #expect((try? Parallel.map(0) { $0 }) == [])
    }
}
