/// Orders positions by several keys. Missing values sort last whatever the direction, text
/// sorts ignoring case, enums in their domain order; ties keep their input order.
///
/// Every key is first turned into one `UInt64` per position whose unsigned order is the
/// wanted order (direction and missing-last included), so comparing two positions is a
/// couple of integer compares and the position itself breaks ties. With a limit much smaller
/// than the input a bounded heap keeps the best rows instead of sorting all of them (Q2,
/// `order by variance limit 20` at 1M rows: 138 ms for the full sort it replaced).
enum Sorter {
    static let missing = UInt64.max

    static func permutation(count n: Int, keys: [(Vec, Bool)], limit: Int? = nil, threads: Int = 1) -> [Int] {
        permutation(count: n, keys: keys.map { encode($0.0, descending: $0.1) }, limit: limit, threads: threads)
    }

    /// Positions `0..<n` in key order, cut at `limit`.
    static func permutation(count n: Int, keys: [[UInt64]], limit: Int?, threads: Int) -> [Int] {
        let k = min(limit ?? n, n)
        guard !keys.isEmpty else { return Array(0..<k) }
        let slices = Parallel.slices(n, threads: threads)
        let runs = Parallel.map(slices, threads: threads) { range -> [Int32] in
            k * 8 < range.count ? best(k, range, keys) : sorted(range, keys)
        }
        var merged = runs[0]
        for run in runs.dropFirst() { merged = merge(merged, run, keys, limit: k) }
        return merged.prefix(k).map { Int($0) }
    }

    /// Whether position `a` goes before `b`.
    @inline(__always)
    static func before(_ a: Int32, _ b: Int32, _ keys: [[UInt64]]) -> Bool {
        for key in keys {
            let x = key[Int(a)], y = key[Int(b)]
            if x != y { return x < y }
        }
        return a < b
    }

    private static func sorted(_ range: Range<Int>, _ keys: [[UInt64]]) -> [Int32] {
        var idx = (Int32(range.lowerBound)..<Int32(range.upperBound)).map { $0 }
        // Few rows (grouped results): comparisons; many: a radix sort, stable by position.
        if idx.count < 64 {
            idx.sort { before($0, $1, keys) }
            return idx
        }
        return RadixSort.order(idx, keys)
    }

    /// The first `k` positions in order, through a max-heap of the best seen so far.
    private static func best(_ k: Int, _ range: Range<Int>, _ keys: [[UInt64]]) -> [Int32] {
        guard k > 0 else { return [] }
        var heap = Heap(capacity: k, keys: keys)
        if keys.count == 1 {
            // One key: compare each row with the heap's worst key held in a register; positions
            // rise, so a row whose key equals the worst's comes after it and is skipped.
            let key = keys[0]
            key.withUnsafeBufferPointer { key in
                var p = range.lowerBound
                while p < range.upperBound && heap.count < k { heap.push(Int32(p)); p += 1 }
                var worst = key[Int(heap.top)]
                while p < range.upperBound {
                    if key[p] < worst {
                        heap.replaceTop(Int32(p))
                        worst = key[Int(heap.top)]
                    }
                    p += 1
                }
            }
            return heap.items.sorted { before($0, $1, keys) }
        }
        for p in range {
            let pos = Int32(p)
            if heap.count < k { heap.push(pos) } else if before(pos, heap.top, keys) { heap.replaceTop(pos) }
        }
        return heap.items.sorted { before($0, $1, keys) }
    }

    private static func merge(_ a: [Int32], _ b: [Int32], _ keys: [[UInt64]], limit: Int) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(min(limit, a.count + b.count))
        var i = 0, j = 0
        while out.count < limit && (i < a.count || j < b.count) {
            if j == b.count || (i < a.count && before(a[i], b[j], keys)) { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
        }
        return out
    }

    /// A max-heap of positions: the top is the worst of the best `k`.
    struct Heap {
        private(set) var items: [Int32] = []
        let keys: [[UInt64]]

        init(capacity: Int, keys: [[UInt64]]) {
            items.reserveCapacity(capacity)
            self.keys = keys
        }

        var count: Int { items.count }
        var top: Int32 { items[0] }

        mutating func push(_ p: Int32) {
            items.append(p)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Sorter.before(items[parent], items[i], keys) else { break }
                items.swapAt(parent, i)
                i = parent
            }
        }

        mutating func replaceTop(_ p: Int32) {
            items[0] = p
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var worst = i
                if l < items.count && Sorter.before(items[worst], items[l], keys) { worst = l }
                if r < items.count && Sorter.before(items[worst], items[r], keys) { worst = r }
                if worst == i { return }
                items.swapAt(i, worst)
                i = worst
            }
        }
    }
}
