import KpiqlEngine

/// Reads numbers as council tables print them: `1,412,857`, `9.4%`, `£744,900`, `−3.2`,
/// and `(3.2)` as minus 3.2.
///
/// Brackets: Excel's Accounting and Currency formats show negatives in brackets, and "Save as
/// CSV" writes cells as shown, so finance exports carry `(1,200)` for −1,200. A bracketed
/// number is read as negative only when the whole cell is the bracketed number; Sefton's
/// `▲ (3.2%)` (an arrow and a bracketed change) is not a number and stays text. Each column
/// that had any is named in the load report, so the reading never goes unnoticed.
///
/// A percentage is read in percentage points (`9.4%` is 9.4), as the bundled datasets store
/// percentages and as targets are written beside them.
public enum CouncilNumber {
    public struct Reading: Equatable, Sendable {
        public var value: Double
        /// The cell was a bracketed (accounting) negative.
        public var bracketed = false
    }

    /// The number a cell holds, or nil. Leading and trailing spaces are ignored.
    public static func parse(_ cell: String) -> Reading? {
        var s = cell
        // Most cells of a large file are plain numbers: check them in place, without copying.
        if let fast = s.utf8.withContiguousStorageIfAvailable({ buffer -> Reading?? in
            var lo = 0, hi = buffer.count
            while lo < hi && isSpace(buffer[lo]) { lo += 1 }
            while hi > lo && isSpace(buffer[hi - 1]) { hi -= 1 }
            guard lo < hi else { return .some(nil) }
            if isPlain(UnsafeBufferPointer(rebasing: buffer[lo..<hi])) {
                return lo == 0 && hi == buffer.count ? Double(cell).map { Reading(value: $0) }
                                                     : Double(String(decoding: buffer[lo..<hi], as: UTF8.self)).map { Reading(value: $0) }
            }
            return nil
        }), let result = fast { return result }
        s.makeContiguousUTF8()
        let bytes = Array(s.utf8)
        var lo = 0, hi = bytes.count
        while lo < hi && isSpace(bytes[lo]) { lo += 1 }
        while hi > lo && isSpace(bytes[hi - 1]) { hi -= 1 }
        guard lo < hi else { return nil }
        if let v = plain(bytes[lo..<hi]) { return Reading(value: v) }
        return formatted(bytes[lo..<hi])
    }

    /// The plain grammar `[+-]digits[.digits][e[+-]digits]` (also `.5`), read by the standard
    /// library. Checked first because `Double("inf")`, `Double("nan")` and `Double("0x1A")` are
    /// numbers to Swift but not to a council.
    static func plain(_ s: ArraySlice<UInt8>) -> Double? {
        guard s.withUnsafeBufferPointer(isPlain) else { return nil }
        return Double(String(decoding: s, as: UTF8.self))
    }

    static func isPlain(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !s.isEmpty else { return false }
        var i = s.startIndex
        if s[i] == 0x2B || s[i] == 0x2D { i += 1 }
        var digits = 0
        while i < s.endIndex, isDigit(s[i]) { i += 1; digits += 1 }
        if i < s.endIndex, s[i] == 0x2E {
            i += 1
            while i < s.endIndex, isDigit(s[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < s.endIndex, s[i] == 0x65 || s[i] == 0x45 {
            i += 1
            if i < s.endIndex, s[i] == 0x2B || s[i] == 0x2D { i += 1 }
            var exp = 0
            while i < s.endIndex, isDigit(s[i]) { i += 1; exp += 1 }
            guard exp > 0 else { return false }
        }
        return i == s.endIndex
    }

    /// Currency signs, thousands separators, a percent sign, brackets and the Unicode minus.
    static func formatted(_ s: ArraySlice<UInt8>) -> Reading? {
        // Only digits, separators, signs, brackets, % and the bytes of £ € − can make a number:
        // a quick scan turns "2023/24" or "Good" away before any string work.
        for b in s where !(isDigit(b) || b == 0x2C || b == 0x2E || b == 0x28 || b == 0x29 || b == 0x25 || b == 0x2B || b == 0x2D
                            || b == 0x24 || b == 0x20 || b >= 0x80) { return nil }
        var text = Substring(String(decoding: s, as: UTF8.self))
        var negative = false, bracketed = false
        if text.hasPrefix("("), text.hasSuffix(")") {
            text = text.dropFirst().dropLast()
            bracketed = true
            negative = true
        }
        text = trimmed(text)
        if let sign = text.first, sign == "-" || sign == "−" || sign == "+" {
            if sign != "+" { if negative { return nil }; negative = true }
            text = trimmed(text.dropFirst())
        }
        for currency in ["£", "$", "€"] where text.hasPrefix(currency) { text = trimmed(text.dropFirst()) }
        // "£-1,200" puts the sign after the currency.
        if let sign = text.first, sign == "-" || sign == "−" {
            if negative { return nil }
            negative = true
            text = text.dropFirst()
        }
        if text.hasSuffix("%") { text = trimmed(text.dropLast()) }
        guard let digits = grouped(text), let v = plain(ArraySlice(digits.utf8)) else { return nil }
        return Reading(value: negative ? -v : v, bracketed: bracketed)
    }

    /// Digits with thousands separators in groups of three (`1,412,857.5`) made plain;
    /// `1,2` is not a grouped number (it is a decimal comma, which kpiql does not guess at).
    static func grouped(_ s: Substring) -> String? {
        guard s.utf8.contains(0x2C) else { return String(s) }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count), first.allSatisfy(\.isASCII) else { return nil }
        for g in groups.dropFirst() where g.count != 3 { return nil }
        let whole = groups.joined()
        guard whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return parts.count == 2 ? whole + "." + parts[1] : whole
    }

    private static func trimmed(_ s: Substring) -> Substring {
        var t = s
        while let c = t.first, c == " " || c == "\u{A0}" { t = t.dropFirst() }
        while let c = t.last, c == " " || c == "\u{A0}" { t = t.dropLast() }
        return t
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
}
