import Foundation

/// The one reader of plain decimals in place, for the loader's columns and the server's
/// result cells (`PGResultReader`): no String is made for a cell.
package enum PlainDecimal {
    static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Plain decimals (`-12.75`, `3e2`) with at most 15 significant digits, exactly rounded:
    /// the mantissa and the power of ten are both exact doubles, so one division or
    /// multiplication rounds correctly (Clinger's fast path). Anything else returns nil and is
    /// read by `CouncilNumber`, which gives the same value for every plain number.
    @inline(__always)
    package static func parse(_ p: UnsafePointer<UInt8>, _ len: Int) -> Double? {
        var i = 0
        let negative = p[0] == 0x2D
        if negative { i = 1 }
        var mantissa: UInt64 = 0, digits = 0, exponent = 0, intDigits = 0
        while i < len, p[i] &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
            if digits > 0 || p[i] != 0x30 { digits += 1 }
            intDigits += 1
            i += 1
        }
        guard intDigits > 0 else { return nil }
        if i < len && p[i] == 0x2E {
            i += 1
            var fracDigits = 0
            while i < len, p[i] &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 0x30)
                if digits > 0 || p[i] != 0x30 { digits += 1 }
                exponent -= 1
                fracDigits += 1
                i += 1
            }
            guard fracDigits > 0 else { return nil }
        }
        if i < len && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            var sign = 1
            if i < len && (p[i] == 0x2D || p[i] == 0x2B) { sign = p[i] == 0x2D ? -1 : 1; i += 1 }
            var e = 0, expDigits = 0
            while i < len, p[i] &- 0x30 < 10, expDigits < 4 { e = e * 10 + Int(p[i] &- 0x30); expDigits += 1; i += 1 }
            guard expDigits > 0 else { return nil }
            exponent += sign * e
        }
        guard i == len, digits <= 15, exponent >= -22, exponent <= 22 else { return nil }
        let m = Double(mantissa)
        let v = exponent < 0 ? m / powers[-exponent] : m * powers[exponent]
        return negative ? -v : v
    }
}
