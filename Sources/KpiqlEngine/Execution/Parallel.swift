import Foundation

/// Runs work over slices of a row range on up to `threads` threads.
///
/// Results are always combined in slice order, and anything whose answer depends on the order
/// of floating-point additions (sums, averages) uses `fixedSlices`, which depend only on the
/// number of rows: so one thread and two threads give bit-identical results.
package enum Parallel {
    /// Below this many rows a second thread costs more than it saves (Dispatch wake-up ~20 µs).
    static let minRowsPerSlice = 1 << 15

    /// `threads` near-equal slices of `0..<n` (one when `n` is small).
    package static func slices(_ n: Int, threads: Int) -> [Range<Int>] {
        let k = max(1, min(threads, n / minRowsPerSlice))
        return (0..<k).map { i in (n * i / k)..<(n * (i + 1) / k) }
    }

    /// Slices that depend only on `n`: one below 64k rows (so small tables add in row order,
    /// as they always have), else eight.
    static func fixedSlices(_ n: Int) -> [Range<Int>] {
        let k = n < (1 << 16) ? 1 : 8
        return (0..<k).map { i in (n * i / k)..<(n * (i + 1) / k) }
    }

    /// `body` of each slice, in slice order; slice `i` runs on thread `i % threads`.
    package static func map<T>(_ slices: [Range<Int>], threads: Int, _ body: (Range<Int>) -> T) -> [T] {
        if threads <= 1 || slices.count <= 1 { return slices.map(body) }
        let out = UnsafeMutableBufferPointer<T?>.allocate(capacity: slices.count)
        out.initialize(repeating: nil)
        defer { out.deinitialize(); out.deallocate() }
        let workers = min(threads, slices.count)
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in stride(from: w, to: slices.count, by: workers) { out[i] = body(slices[i]) }
            }
        }
        return out.map { $0! }
    }

    /// `body(i)` for `i` in `0..<n`; `i` runs on thread `i % threads`.
    static func each(_ n: Int, threads: Int, _ body: (Int) -> Void) {
        _ = map((0..<n).map { $0..<($0 + 1) }, threads: threads) { body($0.lowerBound) }
    }
}
