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

    /// For people: a value with up to three decimal places is shown exactly as published
    /// (`7.593`, `124.9`), a longer computed one is rounded to `decimals` places (`-66.67`).
    public static func display(_ v: Double, decimals: Int = 2) -> String {
        if v.isNaN { return "" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let three = (v * 1000).rounded(.toNearestOrAwayFromZero) / 1000
        let places = abs(v - three) <= 1e-9 * max(1, abs(v)) ? max(3, decimals) : decimals
        let scale = pow(10.0, Double(places))
        let r = (v * scale).rounded(.toNearestOrAwayFromZero) / scale
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        var s = String(format: "%.\(places)f", r)
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
