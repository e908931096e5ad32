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
        let present = values.filter { !$0.isNaN }
        guard let lo = present.min(), let hi = present.max() else { return nil }
        return String(values.map { v -> Character in
            if v.isNaN { return " " }
            if hi == lo { return bars[3] }
            // Infinite values (a CSV's 1e999) make the scale inf or NaN: they take the end bars.
            let scaled = (v - lo) / (hi - lo) * 7
            guard scaled.isFinite else { return v == hi ? bars[7] : bars[0] }
            return bars[max(0, min(7, Int(scaled.rounded())))]
        })
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
