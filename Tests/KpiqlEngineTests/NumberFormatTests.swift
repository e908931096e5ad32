import XCTest
@testable import KpiqlEngine

/// `NumberFormat.plain` (csv, tsv, json) writes whole numbers and short decimals without
/// Swift's printer (`ShortDecimal`); the text must be byte for byte what the one rule says:
/// whole numbers below 10^15 as integers, everything else as Swift's `description`.
final class NumberFormatTests: XCTestCase {
    /// The rule as it was written before the fast paths.
    func reference(_ v: Double) -> String {
        if v.isNaN { return "" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    func testShortDecimalsAreWrittenWithoutSwiftsPrinter() {
        for (v, text) in [(584.36, "584.36"), (-13.6, "-13.6"), (0.45, "0.45"), (0.001, "0.001"), (0.0012, "0.0012"),
                          (123456789012.125, "123456789012.125"), (99999999999999.9, "99999999999999.9")] {
            var out: [UInt8] = []
            XCTAssertTrue(ShortDecimal.append(v, to: &out), "\(v)")
            XCTAssertEqual(String(decoding: out, as: UTF8.self), text)
            XCTAssertEqual(NumberFormat.plain(v), reference(v))
        }
        // Left to Swift's printer: 16 or 17 digits, whole numbers, below 0.001, from 10^15.
        for v in [-13.60294117647059, 0.1 + 0.2, 42.0, 0.0009, 1e-7, 1e15 + 0.5, 3e20] {
            var out: [UInt8] = []
            XCTAssertFalse(ShortDecimal.append(v, to: &out), "\(v)")
            XCTAssertTrue(out.isEmpty)
        }
    }

    func testEdgesMatchTheRule() {
        var values: [Double] = [0, -0.0, .nan, .infinity, -.infinity, 1, -1, 0.5, -0.5, 1e15, -1e15, 1e15 - 1, 999999999999999.9,
                                1e16, 2e16, 0x1p54, 0x1p53 + 1, 0.001, 0.000999, 0.0001, 0.0000999, 1e-5, 0.00099999999999999, 0.0010000000000000002,
                                .ulpOfOne, .leastNormalMagnitude, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 0.2, 0.3, 2.675]
        for p in -8...17 {
            let x = pow(10.0, Double(p))
            values += [x, x.nextUp, x.nextDown, -x, x * 1.5, x / 3]
        }
        for v in values { XCTAssertEqual(NumberFormat.plain(v), reference(v), "\(v)") }
    }

    /// Decimals as servers and CSV files hold them (1 to 17 significant digits, 10^-6 to 10^16),
    /// their neighbours, and doubles of random bits.
    func testRandomDoublesMatchTheRule() {
        var rng = SystemRandomNumberGenerator()
        var shortPath = 0
        for i in 0..<300_000 {
            let v: Double
            switch i % 3 {
            case 0:
                let digits = Int.random(in: 1...17, using: &rng)
                let m = Double(UInt64.random(in: 0..<UInt64(pow(10.0, Double(digits))), using: &rng))
                let e = Int.random(in: -6...16, using: &rng) - digits
                let d = Double("\(Int64(m))e\(e)")! * (Bool.random(using: &rng) ? -1 : 1)
                v = Bool.random(using: &rng) ? d : (Bool.random(using: &rng) ? d.nextUp : d.nextDown)
            case 1: v = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            default: v = Double.random(in: -1e6...1e6, using: &rng).rounded(toPlaces: Int.random(in: 0...6, using: &rng))
            }
            var out: [UInt8] = []
            if ShortDecimal.append(v, to: &out) { shortPath += 1 }
            XCTAssertEqual(NumberFormat.plain(v), reference(v), "\(v) bits \(v.bitPattern)")
        }
        // The fast path is taken for a good share of these, so the comparison means something.
        XCTAssertGreaterThan(shortPath, 50_000)
    }
}

private extension Double {
    func rounded(toPlaces p: Int) -> Double { (self * pow(10, Double(p))).rounded() / pow(10, Double(p)) }
}
