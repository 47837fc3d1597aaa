import Dispatch
import Foundation

/// Data-parallel loops for batch work (many independent series), safe to mix
/// with a multithreaded BLAS.
///
/// While a parallel region runs, OpenBLAS is pinned to one thread, so `k`
/// worker threads each calling small BLAS/LAPACK routines do not spawn `k ×`
/// BLAS threads on top (oversubscription makes such batches several times
/// slower). Regions may nest or overlap across threads: the previous BLAS
/// thread count is restored when the last region ends.
public enum Parallel {
    /// The number of workers used by default: the active processor count.
    public static var defaultConcurrency: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Apply `body` to `0..<count` on up to `maxConcurrency` threads and
    /// return the results in index order.
    ///
    /// - Parameters:
    ///   - count: number of items; `0` returns `[]`.
    ///   - maxConcurrency: worker threads; defaults to ``defaultConcurrency``.
    ///   - body: the work for one item; must be safe to call concurrently.
    /// - Returns: `[body(0), body(1), …]`.
    /// - Throws: the error of the lowest-indexed item that threw (every item
    ///   still runs; results of the others are discarded).
    /// - Complexity: `count` calls of `body`, one allocation for the results.
    public static func map<T: Sendable>(
        _ count: Int, maxConcurrency: Int = Parallel.defaultConcurrency,
        _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(maxConcurrency, count))
        if workers == 1 {
            return try (0..<count).map(body)
        }
        let slots = ResultSlots<T>(count: count)
        BLASThreadPin.enter()
        defer { BLASThreadPin.leave() }
        // Static chunking keeps per-item overhead low; items are assigned
        // round-robin in blocks so uneven costs are spread.
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < count {
                slots.set(i, Result { try body(i) })
                i += workers
            }
        }
        return try slots.collect()
    }
}

/// Write-once result storage shared by the workers of one ``Parallel/map``.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    // Each index is written by exactly one worker and read only after
    // `concurrentPerform` returns, which synchronises; no lock is needed.
    private let buffer: UnsafeMutableBufferPointer<Result<T, any Error>?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func set(_ i: Int, _ value: Result<T, any Error>) { buffer[i] = value }

    func collect() throws -> [T] {
        var out = [T]()
        out.reserveCapacity(buffer.count)
        for slot in buffer {
            guard let slot else { continue }
            out.append(try slot.get())
        }
        return out
    }
}

/// Process-wide reference count of active parallel regions; pins OpenBLAS to
/// one thread while any is active and remembers the configured count.
enum BLASThreadPin {
    private static let state = LockedState()

    static func enter() { state.enter() }
    static func leave() { state.leave() }
    static func configure(_ n: Int) { state.configure(n) }
    static var configuredThreadCount: Int { state.configured }

    private final class LockedState: @unchecked Sendable {
        private let lock = NSLock()
        private var depth = 0
        private var saved: Int? = nil  // nil until first read or set

        private func savedLocked() -> Int {
            if let saved { return saved }
            let live = BLAS.currentThreadCount
            saved = live
            return live
        }

        var configured: Int {
            lock.lock()
            defer { lock.unlock() }
            return savedLocked()
        }

        func configure(_ n: Int) {
            lock.lock()
            defer { lock.unlock() }
            saved = n
            if depth == 0 { BLAS.setLiveThreadCount(n) }
        }

        func enter() {
            lock.lock()
            defer { lock.unlock() }
            if depth == 0 {
                _ = savedLocked()
                BLAS.setLiveThreadCount(1)
            }
            depth += 1
        }

        func leave() {
            lock.lock()
            defer { lock.unlock() }
            depth -= 1
            if depth == 0 { BLAS.setLiveThreadCount(savedLocked()) }
        }
    }
}
