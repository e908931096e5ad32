import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// `HashJoin` against the definition of a join, a nested loop: the same pairs in the same
/// order (left rows in order, each one's partners in right order), whichever side is indexed,
/// through the dense table or the hash table, with missing keys pairing with nothing.
final class HashJoinTests: XCTestCase {
    func nestedLoop(_ k: JoinKeys, kind: JoinClause.Kind) -> ([Int32], [Int32]) {
        var l: [Int32] = [], r: [Int32] = []
        for i in k.left.indices {
            var found = false
            for j in k.right.indices where k.left[i] != JoinKeys.none && k.left[i] == k.right[j] {
                l.append(Int32(i)); r.append(Int32(j)); found = true
            }
            if !found && kind == .left { l.append(Int32(i)); r.append(-1) }
        }
        return (l, r)
    }

    func testEqualsTheNestedLoop() {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<200 {
            let n = Int.random(in: 0...40, using: &rng), m = Int.random(in: 0...40, using: &rng)
            let distinct = UInt64.random(in: 1...12, using: &rng)
            func key() -> UInt64 { Int.random(in: 0..<10, using: &rng) == 0 ? JoinKeys.none : UInt64.random(in: 0..<distinct, using: &rng) * 1_000_003 }
            var keys = JoinKeys(left: (0..<n).map { _ in key() }, right: (0..<m).map { _ in key() }, bound: nil)
            // Half the trials through the dense table (codes renumbered small), half hashed.
            if trial % 2 == 0 { keys = keys.renumbered() }
            for kind in [JoinClause.Kind.inner, .left] {
                let p = HashJoin.pairs(keys, kind: kind)
                let (l, r) = nestedLoop(keys, kind: kind)
                XCTAssertEqual(p.left, l, "trial \(trial) \(kind)")
                XCTAssertEqual(p.right, r, "trial \(trial) \(kind)")
                // Keys that more than one right row holds and a left row matches.
                let left = Set(keys.left)
                let counts = Dictionary(keys.right.filter { $0 != JoinKeys.none && left.contains($0) }.map { ($0, 1) }, uniquingKeysWith: +)
                XCTAssertEqual(p.repeatedRightKeys, counts.values.filter { $0 > 1 }.count, "trial \(trial) \(kind)")
            }
        }
    }

    func testTextKeysMatchIgnoringCaseAndMissingNeverMatches() {
        let l = Column.text("k", ["St Helens", nil, "sefton", "Wirral"]).data
        let r = Column.text("k", ["SEFTON", "st helens", nil, "Knowsley"]).data
        let k = JoinKeys.column(l, leftRows: nil, r)
        let p = HashJoin.pairs(k, kind: .left)
        XCTAssertEqual(p.left, [0, 1, 2, 3])
        XCTAssertEqual(p.right, [1, -1, 0, -1])
    }

    func testSeveralKeysFoldIntoOne() {
        let council = (Column.text("c", ["A", "A", "B", "B"]).data, Column.text("c", ["B", "A", "B"]).data)
        let id = (Column.number("i", [1, 2, 1, 2]).data, Column.number("i", [2, 2, 1]).data)
        let k = JoinKeys.combined([JoinKeys.column(council.0, leftRows: nil, council.1), JoinKeys.column(id.0, leftRows: nil, id.1)],
                                  limit: HashJoin.denseLimit)
        let p = HashJoin.pairs(k, kind: .inner)
        XCTAssertEqual(p.left, [1, 2, 3])
        XCTAssertEqual(p.right, [1, 2, 0])
    }
}
