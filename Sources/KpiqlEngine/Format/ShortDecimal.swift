/// Swift's shortest round-trip text of a double, found without Swift's printer for the
/// numbers KPI results are made of: a decimal of at most 15 significant digits (584.36,
/// -13.6, 0.45) between 0.001 and 10^15.
///
/// Why it is the same text: DBL_DIG is 15, so two different decimals of at most 15
/// significant digits never read as the same double. If `m / 10^d` (both exact doubles, one
/// correctly rounded division, which is what reading the decimal gives) equals `v` for an
/// integer `m < 10^15`, that decimal is the only one of ≤ 15 digits that reads as `v`; every
/// other one that does is longer, so it is the shortest, which is what Swift prints. Swift
/// writes such a number without an exponent (it uses one only below 10^-4 or above 2^54)
/// and, for a fraction, as `int.frac`. `NumberFormatTests` checks this against
/// `description` on millions of doubles. Anything else returns false for Swift's printer.
///
/// Hand-written because printing doubles through `description` was the largest part of CSV
/// output of server results (BENCHMARKS.md, Server: Q5 at 1M rows on the derived view, 120 000
/// numbers, ~135 ns each).
enum ShortDecimal {
    /// 10^0 … 10^15, exact as doubles and as integers.
    private static let powers: [UInt64] = (0...15).map { p in (0..<p).reduce(1) { r, _ in r * 10 } }

    /// Appends `v`'s text if `v` is such a decimal and not whole; false (nothing written) otherwise.
    static func append(_ v: Double, to out: inout [UInt8]) -> Bool {
        let a = v.magnitude
        guard a >= 0.001, a < 1e15, a != a.rounded(.towardZero) else { return false }
        // Every decimal of ≤ 15 digits with this many before the point is one of `d` places,
        // so one test decides (a * 10^d is within an ulp of an integer below 2^53 when it is
        // one, so it rounds to it); `write` drops the trailing zeros.
        var intDigits = 1
        while intDigits < 15, a >= Double(powers[intDigits]) { intDigits += 1 }
        let d = 15 - intDigits
        guard d > 0 else { return false }
        let scale = Double(powers[d])
        let m = (a * scale).rounded()
        guard m < 1e15, m / scale == a else { return false }
        write(UInt64(m), decimals: d, negative: v < 0, to: &out)
        return true
    }

    /// `m / 10^decimals` as `int.frac`, trailing zeros of the fraction dropped.
    private static func write(_ m: UInt64, decimals: Int, negative: Bool, to out: inout [UInt8]) {
        var m = m, decimals = decimals
        while decimals > 1, m % 10 == 0 { m /= 10; decimals -= 1 }
        if negative { out.append(0x2D) }
        let p = powers[decimals]
        digits(m / p, minimum: 1, to: &out)
        out.append(0x2E)
        digits(m % p, minimum: decimals, to: &out)
    }

    /// `n` in decimal, zero-padded on the left to `minimum` digits.
    static func digits(_ n: UInt64, minimum: Int, to out: inout [UInt8]) {
        var count = 1
        while count < 16, n >= powers[count] { count += 1 }
        for _ in count..<max(count, minimum) { out.append(0x30) }
        var n = n, i = count - 1
        while i >= 0 {
            let p = powers[i]
            out.append(UInt8(truncatingIfNeeded: 0x30 + n / p))
            n %= p
            i -= 1
        }
    }
}
