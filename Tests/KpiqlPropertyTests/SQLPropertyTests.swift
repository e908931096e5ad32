import Foundation
import XCTest
@testable import KpiqlEngine

/// Random queries from the grammar (`RandomQuery`) compiled to SQL and run on PostgreSQL give
/// kpiql's answer: the same rows in the same order. The cases are made from fixed seeds so a
/// failure reproduces; KPIQL_SQL_SEED picks another series and KPIQL_SQL_CASES another count
/// (of queries that bind; 1,200 by default).
final class SQLPropertyTests: XCTestCase {
    func testRandomQueriesAgreeWithPostgres() throws {
        let servers = try SQLServers.available()
        let env = ProcessInfo.processInfo.environment
        let count = Int(env["KPIQL_SQL_CASES"] ?? "") ?? 1200
        let base = UInt64(env["KPIQL_SQL_SEED"] ?? "") ?? 20261202
        let engine = try Engine.bundled(directory: servers.root.appendingPathComponent("datasets").path)
        let serverName = try servers.push(engine.catalog.table("metrics")!)
        var cases: [(text: String, result: ResultSet, sql: String)] = []
        var unbound = 0
        var seeds = SplitMix(seed: base)
        // Count the queries that bind: grouped queries ordered by a plain field are refused by the binder.
        for _ in 0..<(3 * count) where cases.count < count {
            let seed = seeds.next()
            var gen = RandomQuery(seed: seed)
            let text = QueryPrinter.format(gen.query())
            // A generated query may not bind (text compared with a word that is no value, say).
            let bound: BoundQuery
            do { bound = try engine.prepare(text, source: SourceFile(name: "random", text: text)) } catch {
                if unbound < 5, env["KPIQL_SQL_VERBOSE"] != nil { print("unbound: \(text): \(error.message)") }
                unbound += 1
                continue
            }
            let result = try Executor(threads: 1).run(bound)
            do {
                cases.append((text, result, try SQLCompiler(dialect: .postgres, catalog: engine.catalog).compile(bound, serverName: serverName)))
            } catch {
                XCTFail("seed \(seed): \(text) does not compile: \(error)")
            }
        }
        let outcomes = try servers.postgres(cases.map(\.sql))
        XCTAssertEqual(outcomes.count, cases.count)
        var failures = 0
        for (c, o) in zip(cases, outcomes) {
            if let d = SQLAgreement.difference(c.result, o) {
                failures += 1
                if failures <= 10 { XCTFail("\(c.text)\n\(d)\n\(c.sql)") }
            }
        }
        XCTAssertGreaterThanOrEqual(cases.count, 1000, "too few random queries bound")
        print("sql property: \(cases.count) random queries agree on kpiql and PostgreSQL: \(cases.count - failures) agree, \(failures) disagree (\(unbound) did not bind; seed \(base))")
    }
}
