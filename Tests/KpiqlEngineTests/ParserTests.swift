import XCTest
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlReport
@testable import KpiqlBench
@testable import KpiqlFuzzing
@testable import KpiqlShell

/// Precedence, clause order and spans of the parser.
final class ParserTests: XCTestCase {
    func filter(_ s: String) throws -> Expr { try XCTUnwrap(try Parser.parse("where " + s).filter) }

    func testAndBindsTighterThanOr() throws {
        guard case .binary(.or, _, let rhs) = try filter("a = 1 or b = 2 and c = 3").kind,
              case .binary(.and, _, _) = rhs.kind else { return XCTFail("wrong shape") }
    }

    func testNotAppliesToTheWholeComparison() throws {
        guard case .not(let inner) = try filter("not a = 1").kind, case .binary(.eq, _, _) = inner.kind else {
            return XCTFail("wrong shape")
        }
    }

    func testBetweenOwnsItsAnd() throws {
        guard case .binary(.and, let lhs, _) = try filter("x between 1 and 5 and y = 2").kind,
              case .between = lhs.kind else { return XCTFail("wrong shape") }
    }

    func testArithmeticPrecedenceAndUnaryMinus() throws {
        guard case .binary(.gt, let lhs, let rhs) = try filter("a + b * 2 > -3").kind,
              case .binary(.add, _, let mul) = lhs.kind, case .binary(.mul, _, _) = mul.kind,
              case .number(-3) = rhs.kind else { return XCTFail("wrong shape") }
    }

    func testClausesInAnyOrder() throws {
        let q = try Parser.parse("limit 5 order by x desc select a, b as c where a > 1 from budget")
        XCTAssertEqual(q.limit, 5)
        XCTAssertEqual(q.from?.text, "budget")
        XCTAssertEqual(q.select?.count, 2)
        XCTAssertEqual(q.select?[1].alias?.text, "c")
        XCTAssertEqual(q.orderBy?.first?.descending, true)
    }

    func testEveryNodeCarriesItsSpan() throws {
        let text = "where status = red and latest > 10"
        let q = try Parser.parse(text)
        let f = try XCTUnwrap(q.filter)
        XCTAssertEqual(SourceFile(name: "", text: text).slice(f.span), "status = red and latest > 10")
        guard case .binary(.and, let a, let b) = f.kind else { return XCTFail() }
        XCTAssertEqual(SourceFile(name: "", text: text).slice(a.span), "status = red")
        XCTAssertEqual(SourceFile(name: "", text: text).slice(b.span), "latest > 10")
    }

    func testTextOperatorsAndNegations() throws {
        guard case .textMatch(.startsWith, _, _, true) = try filter("name not starts with \"P\"").kind else { return XCTFail() }
        guard case .inList(_, let items, true) = try filter("x not in (1, 2)").kind, items.count == 2 else { return XCTFail() }
        guard case .isMissing(_, true) = try filter("x is not missing").kind else { return XCTFail() }
    }

    func testDuplicateClauseIsAnError() {
        XCTAssertThrowsError(try Parser.parse("where a = 1 where b = 2")) { e in
            XCTAssertEqual((e as? Diagnostic)?.code, "K103")
        }
    }

    func testDeepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000)
        XCTAssertThrowsError(try Parser.parse("where " + deep)) { e in
            XCTAssertEqual((e as? Diagnostic)?.code, "K104")
        }
    }
}

/// Resource bounds: hostile queries get an error, never a crash or a hang.
final class QueryBoundsTests: XCTestCase {
    func testLongOperatorChainIsRefused() {
        let chain = "where " + Array(repeating: "latest > 1", count: 5000).joined(separator: " or ")
        XCTAssertThrowsError(try Parser.parse(chain)) { e in XCTAssertEqual((e as? Diagnostic)?.code, "K104") }
    }

    func testTenMegabyteQueryLineIsAnErrorNotACrash() throws {
        let engine = Engine(catalog: Catalog())
        let huge = "select " + String(repeating: "1+", count: 5_000_000) + "1"
        XCTAssertThrowsError(try engine.run(huge)) { e in XCTAssertEqual((e as? Diagnostic)?.code, "K002") }
        let text = "where name contains \"" + String(repeating: "x", count: 10_000_000) + "\""
        XCTAssertNoThrow(try Parser.parse(text))
    }

    func testWideInListIsFine() throws {
        let list = (0..<100_000).map { "\"id\($0)\"" }.joined(separator: ", ")
        XCTAssertNoThrow(try Parser.parse("where id in (\(list))"))
    }

    func testChainsWithinTheLimitRun() throws {
        let workspace = Workspace()
        workspace.add(Table(name: "t", kind: .plain, columns: [.number("x", [1, 2, 3])]))
        let chain = "from t where " + Array(repeating: "x > 0", count: 150).joined(separator: " and ") + " select count() as n"
        let r = try workspace.engine.run(chain)
        XCTAssertEqual(r.columns[0].values, [.number(3)])
    }
}
