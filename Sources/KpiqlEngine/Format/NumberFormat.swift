import Foundation

/// How numbers are written: the shortest form that round-trips in CSV and JSON; at most
/// `decimals` places in tables meant for people.
public enum NumberFormat {
    /// Shortest round-trip text, without a trailing ".0" on whole numbers.
    public static func plain(_ v: Double) -> String {
        if v.isNaN { return "" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
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
