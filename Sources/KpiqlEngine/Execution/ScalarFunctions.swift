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
        return values.map { v in
            if v.isNaN { return -1 }
            if hi == lo { return 3 }
            return min(7, Int(((v - lo) / (hi - lo) * 7).rounded()))
        }
    }

    /// A text column of sparklines of `count` rows, row `r` drawn from `slots(r)` of `periods`:
    /// each distinct drawing is made once, keyed by its bars packed four bits each (a million
    /// rows of four periods have at most 9⁴ drawings; a `String` per row took a quarter of a load).
    static func column(_ count: Int, periods: [[Double]], slots: (Int) -> [Int]) -> ColumnData {
        let dict = TextDictionary()
        var known: [UInt64: Int32] = [:]
        let codes = (0..<count).map { r -> Int32 in
            let s = slots(r)
            var lo = Double.infinity, hi = -Double.infinity
            for k in s { let v = periods[k][r]; if !v.isNaN { lo = min(lo, v); hi = max(hi, v) } }
            guard lo <= hi else { return -1 }
            var key: UInt64 = UInt64(s.count)
            var levels: [Int] = []
            for k in s {
                let v = periods[k][r]
                let level = v.isNaN ? -1 : (hi == lo ? 3 : min(7, Int(((v - lo) / (hi - lo) * 7).rounded())))
                if s.count <= 15 { key = key << 4 | UInt64(level + 1) } else { levels.append(level) }
            }
            if s.count > 15 { return dict.code(for: String(levels.map { $0 < 0 ? " " : Sparkline.bars[$0] })) }
            if let c = known[key] { return c }
            var drawn: [Character] = []
            var k = key
            for _ in 0..<s.count { drawn.append(k & 15 == 0 ? " " : Sparkline.bars[Int(k & 15) - 1]); k >>= 4 }
            let c = dict.code(for: String(drawn.reversed()))
            known[key] = c
            return c
        }
        return .text(codes: codes, dictionary: dict)
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
