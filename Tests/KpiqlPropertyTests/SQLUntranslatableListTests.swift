import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// The checked-in list of constructs that do not translate is the compiler's list, and each
/// construct on it is refused with K660 pointing at it (not silently compiled).
final class SQLUntranslatableListTests: XCTestCase {
    static let root = Repo.root

    func testDocumentListsExactlyTheRefusedConstructs() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/sql-untranslatable.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| construct") }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        XCTAssertEqual(rows.map { $0[0] }, SQLRefusal.untranslatable.map(\.construct))
        XCTAssertEqual(rows.map { $0[1] }, SQLRefusal.untranslatable.map(\.reason))
        XCTAssertTrue(text.contains("Count: \(SQLRefusal.untranslatable.count)."))
    }

    func testEachConstructIsRefusedAtItsPlace() throws {
        let engine = try Workspace.bundled(directory: Repo.datasets).engine
        let cases = [("where latest > 1e400", "1e400"), ("select id, latest - 2e999 as x", "2e999")]
        for (query, construct) in cases {
            let bound = try engine.prepare(query, source: SourceFile(name: "q", text: query))
            XCTAssertThrowsError(try SQLCompiler(catalog: engine.catalog).compile(bound), query) { error in
                guard let d = error as? Diagnostic else { return XCTFail("not a diagnostic: \(error)") }
                XCTAssertEqual(d.code, "K660", query)
                let span = try? XCTUnwrap(d.span)
                XCTAssertEqual(span.map { String(decoding: Array(query.utf8)[$0.start..<$0.end], as: UTF8.self) }, construct, query)
            }
        }
    }
}
