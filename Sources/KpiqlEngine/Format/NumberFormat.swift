import Foundation

/// How numbers are written: the shortest form that round-trips in CSV and JSON; at most
/// `decimals` places in tables meant for people.
public enum NumberFormat {
    /// Shortest round-trip text, without a trailing ".0" on whole numbers.
    public static func plain(_ v: Double) -> String {
        var out: [UInt8] = []
        appendPlain(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `plain(v)`'s bytes appended to `out`, without a String per number: CSV of a 30 000-row
    /// server result writes 120 000 numbers (BENCHMARKS.md, Server). Whole numbers are written
    /// digit by digit, short decimals by `ShortDecimal`, others through Swift's own shortest
    /// round-trip printer (`description`), which all three agree with.
    public static func appendPlain(_ v: Double, to out: inout [UInt8]) {
        if v.isNaN { return }
        if v.isInfinite { out.append(contentsOf: (v > 0 ? "inf" : "-inf").utf8); return }
        if v == v.rounded(), abs(v) < 1e15 {
            let i = Int64(v)
            if i < 0 { out.append(0x2D) }
            ShortDecimal.digits(i.magnitude, minimum: 1, to: &out)
            return
        }
        if ShortDecimal.append(v, to: &out) { return }
        var sink = ByteSink()
        swap(&sink.bytes, &out)
        v.write(to: &sink)
        swap(&sink.bytes, &out)
    }

    /// A `TextOutputStream` onto a byte array (`Double.write(to:)` hands it a small String).
    private struct ByteSink: TextOutputStream {
        var bytes: [UInt8] = []
        mutating func write(_ s: String) { bytes.append(contentsOf: s.utf8) }
    }

    /// For people: rounded half away from zero to `decimals` places (as councils print, so
    /// −13.625 at one place is −13.6 and 2.0005 at three is 2.001), trailing zeros dropped.
    /// One rule for tables, markdown, line output and HTML; csv, tsv and json use `plain`.
    public static func display(_ v: Double, decimals: Int = 2) -> String {
        if v.isNaN { return "" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let r = round(v, decimals)
        if r == r.rounded(), abs(r) < 1e15 { return r == 0 ? "0" : String(Int64(r)) }
        var s = String(format: "%.\(decimals)f", r)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// Rounds half away from zero, as councils round their percentages (22.5 -> 23).
    public static func round(_ v: Double, _ places: Int) -> Double {
        let scale = pow(10.0, Double(places))
        // The nudge absorbs binary error (1.005 is stored as 1.00499…) before rounding.
        let scaled = v * scale
        let nudged = scaled + (scaled >= 0 ? 1e-9 : -1e-9) * max(1, abs(scaled))
        return nudged.rounded(.toNearestOrAwayFromZero) / scale
    }
}
