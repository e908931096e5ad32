/// Row-by-row functions over already evaluated arguments, shared by the row evaluator and the
/// group evaluator (so `round(avg(x), 1)` and `round(x, 1)` run the same code).
enum ScalarFunctions {
    static func apply(_ f: ScalarFunction, _ args: [Vec], count n: Int) -> Vec {
        func numbers(_ v: Vec) -> [Double] { if case .number(let x) = v { return x } else { return Array(repeating: .nan, count: n) } }
        switch f {
        case .abs: return .number(numbers(args[0]).map { Swift.abs($0) })
        case .round:
            let places = args.count > 1 ? Int(numbers(args[1]).first ?? 0) : 0
            return .number(numbers(args[0]).map { $0.isNaN ? .nan : NumberFormat.round($0, places) })
        case .least, .greatest:
            let cols = args.map(numbers)
            return .number((0..<n).map { i in
                let present = cols.map { $0[i] }.filter { !$0.isNaN }
                return (f == .least ? present.min() : present.max()) ?? .nan
            })
        case .coalesce:
            var out = args[0]
            for next in args.dropFirst() {
                let positions = (0..<n).map { out.isMissing($0) ? n + $0 : $0 }
                out = Vec.concat(out, next).gather(positions)
            }
            return out
        case .spark:
            let cols = args.map(numbers)
            return .text((0..<n).map { i in Sparkline.draw(cols.map { $0[i] }) })
        }
    }
}

/// A Unicode sparkline: ▁ for the row's lowest value, █ for its highest, a space for a gap.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func draw(_ values: [Double]) -> String? {
        guard let levels = levels(values) else { return nil }
        return String(levels.map { $0 < 0 ? " " : bars[$0] })
    }

    /// The bar of each value (0–7; -1 for a gap), or nil when no value is present.
    static func levels(_ values: [Double]) -> [Int]? {
        let present = values.filter { !$0.isNaN }
        guard let lo = present.min(), let hi = present.max() else { return nil }
        return values.map { v in v.isNaN ? -1 : level(v, lo: lo, hi: hi) }
    }

    /// The bar (0–7) of a present value between the row's lowest and highest. Infinite values
    /// (a CSV's 1e999) make the scale inf or NaN: they take the end bars rather than trap.
    @inline(__always)
    static func level(_ v: Double, lo: Double, hi: Double) -> Int {
        if hi == lo { return 3 }
        let scaled = (v - lo) / (hi - lo) * 7
        guard scaled.isFinite else { return v == hi ? 7 : 0 }
        return max(0, min(7, Int(scaled.rounded())))
    }

    /// A text column of sparklines of `count` rows, row `r` drawn from the slots of its layout
    /// (`layouts[layoutOfRow[r]]`, or `layouts[0]` for every row): each distinct drawing is
    /// made once, keyed by its bars packed four bits each (a million rows of four periods have
    /// at most 9⁴ drawings; a `String` per row took a quarter of a load). Read through buffer
    /// pointers: array-of-array subscripts cost a retain and a bounds check per cell.
    /// Calls `body` with a buffer pointer for each array, every one valid for the whole call.
    static func withBuffers<R>(_ arrays: [[Double]], _ body: ([UnsafeBufferPointer<Double>]) -> R) -> R {
        var buffers: [UnsafeBufferPointer<Double>] = []
        buffers.reserveCapacity(arrays.count)
        func nest(_ i: Int) -> R {
            guard i < arrays.count else { return body(buffers) }
            return arrays[i].withUnsafeBufferPointer { b in
                buffers.append(b)
                return nest(i + 1)
            }
        }
        return nest(0)
    }

    package static func column(_ count: Int, periods: [[Double]], layouts: [[Int]], layoutOfRow: [UInt8], threads: Int = 1) -> ColumnData {
        // Read through buffer pointers (no bounds checks or reference counting per value), each
        // used only inside its array's withUnsafeBufferPointer.
        return Sparkline.withBuffers(periods) { columns -> ColumnData in
            /// The drawing's key (its bars packed; 0 for no value), or nil past 15 periods.
            func key(_ r: Int) -> UInt64? {
                let s = layouts[layoutOfRow.isEmpty ? 0 : Int(layoutOfRow[r])]
                guard s.count <= 15 else { return nil }
                var lo = Double.infinity, hi = -Double.infinity
                for k in s { let v = columns[k][r]; if !v.isNaN { lo = min(lo, v); hi = max(hi, v) } }
                guard lo <= hi else { return 0 }
                var key = UInt64(s.count)
                for k in s {
                    let v = columns[k][r]
                    key = key << 4 | UInt64((v.isNaN ? -1 : Sparkline.level(v, lo: lo, hi: hi)) + 1)
                }
                return key
            }
            let dict = TextDictionary()
            if layouts.contains(where: { $0.count > 15 }) {
                // Too many periods to pack: each row drawn as a string (long series are rare).
                return .text(codes: (0..<count).map { r in
                    draw(layouts[layoutOfRow.isEmpty ? 0 : Int(layoutOfRow[r])].map { columns[$0][r] }).map { dict.code(for: $0) } ?? -1
                }, dictionary: dict)
            }
            // Each slice numbers its drawings in order of first appearance; joined in slice
            // order they get the codes one pass would give.
            let parts = Parallel.map(Parallel.slices(count, threads: threads), threads: threads) { range -> (order: [UInt64], codes: [Int32]) in
                var local: [UInt64: Int32] = [:], order: [UInt64] = []
                var codes = [Int32](repeating: -1, count: range.count)
                for r in range {
                    let k = key(r)!
                    if k == 0 { continue }
                    if let c = local[k] { codes[r - range.lowerBound] = c; continue }
                    local[k] = Int32(order.count)
                    codes[r - range.lowerBound] = Int32(order.count)
                    order.append(k)
                }
                return (order, codes)
            }
            var global: [UInt64: Int32] = [:]
            let remaps = parts.map { part in part.order.map { k -> Int32 in
                if let c = global[k] { return c }
                // The top nibble is the number of periods; one nibble per period below it.
                let periods = (64 - k.leadingZeroBitCount + 3) / 4 - 1
                var drawn: [Character] = [], rest = k
                for _ in 0..<periods { drawn.append(rest & 15 == 0 ? " " : bars[Int(rest & 15) - 1]); rest >>= 4 }
                let c = dict.code(for: String(drawn.reversed()))
                global[k] = c
                return c
            } }
            var codes: [Int32] = []
            codes.reserveCapacity(count)
            for (part, remap) in zip(parts, remaps) { codes += part.codes.lazy.map { $0 < 0 ? -1 : remap[Int($0)] } }
            return .text(codes: codes, dictionary: dict)
        }
    }
}

/// Functions of a metrics row's own period series.
enum SeriesFunctions {
    /// `declining(n)` / `improving(n)`: the last n+1 periods (ending at the latest value, with no
    /// gap) each worse / better than the one before, read with the row's polarity. Unknown when
    /// there are fewer than n+1 such values or no polarity.
    static func consecutive(_ series: [Double], goodHigh: Bool?, n: Int, improving: Bool) -> UInt8 {
        guard let high = goodHigh else { return 2 }
        var values = series
        while let last = values.last, last.isNaN { values.removeLast() }
        guard values.count >= n + 1 else { return 2 }
        let window = values.suffix(n + 1)
        if window.contains(where: { $0.isNaN }) { return 2 }
        let w = Array(window)
        for i in 1..<w.count {
            let better = high ? w[i] > w[i - 1] : w[i] < w[i - 1]
            let worse = high ? w[i] < w[i - 1] : w[i] > w[i - 1]
            if improving ? !better : !worse { return 0 }
        }
        return 1
    }
}
