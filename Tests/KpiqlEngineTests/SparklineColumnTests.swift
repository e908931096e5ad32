import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// The spark column is drawn per slice and its codes joined: on any number of threads each
/// row's drawing is `Sparkline.draw` of its own periods, and the codes are the same.
final class SparklineColumnTests: XCTestCase {
    func testSlicesDrawWhatOneDrawingDoes() {
        var rng = SystemRandomNumberGenerator()
        let n = 200_000
        let periods = (0..<4).map { _ in (0..<n).map { _ -> Double in Int.random(in: 0..<9, using: &rng) == 0 ? .nan : Double(Int.random(in: 0..<50, using: &rng)) } }
        let layouts = [[0, 1, 2, 3], [1, 2, 3]]
        let layoutOfRow = (0..<n).map { _ in UInt8.random(in: 0...1, using: &rng) }
        let one = Sparkline.column(n, periods: periods, layouts: layouts, layoutOfRow: layoutOfRow, threads: 1)
        let two = Sparkline.column(n, periods: periods, layouts: layouts, layoutOfRow: layoutOfRow, threads: 2)
        guard case .text(let c1, let d1) = one, case .text(let c2, let d2) = two else { return XCTFail("not text") }
        XCTAssertEqual(c1, c2)
        XCTAssertEqual(d1.values, d2.values)
        for r in stride(from: 0, to: n, by: 997) {
            let own = layouts[Int(layoutOfRow[r])].map { periods[$0][r] }
            XCTAssertEqual(c1[r] < 0 ? nil : d1.values[Int(c1[r])], Sparkline.draw(own), "row \(r)")
        }
    }
}
