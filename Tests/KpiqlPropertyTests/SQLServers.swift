import Foundation
import XCTest
@testable import KpiqlEngine
import KpiqlTestSupport
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// The real engines the SQL tests run compiled queries on: the throwaway PostgreSQL cluster
/// and DuckDB that `Tests/sql/with-servers.sh` provides (`make test` runs the tests through
/// it). Without them the tests skip, unless KPIQL_REQUIRE_SQL=1 says they must run.
final class SQLServers {
    let pgHost: String, pgUser: String, duckPython: String
    let root = Repo.root
    let work: URL
    /// Tables created so far on both engines, by server name: the DuckDB setup is replayed per run.
    private(set) var duckSetup: [String] = []
    private var pushed: [String: String] = [:]
    static let end = "@@kpiql-end@@\n"

    /// One query's answer: rows of cells as printed (nil for NULL), or the server's error.
    enum Outcome: Equatable {
        case rows([[String?]])
        case error(String)
    }

    static func available() throws -> SQLServers {
        let env = ProcessInfo.processInfo.environment
        guard let host = env["KPIQL_PGHOST"], let user = env["KPIQL_PGUSER"], let py = env["KPIQL_DUCKDB_PYTHON"] else {
            if env["KPIQL_REQUIRE_SQL"] == "1" { XCTFail("KPIQL_REQUIRE_SQL=1 but no servers: run through Tests/sql/with-servers.sh") }
            throw XCTSkip("no PostgreSQL/DuckDB: run `Tests/sql/with-servers.sh swift test --filter SQL` (make test does)")
        }
        return SQLServers(host: host, user: user, python: py)
    }

    private init(host: String, user: String, python: String) {
        pgHost = host; pgUser = user; duckPython = python
        work = Scratch.url("sqltest")
        try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: work) }

    /// Creates `table` on both engines and returns its server name; a table with the same
    /// contents as one pushed before (each golden file loads the bundled tables afresh) is
    /// not pushed again.
    func push(_ table: Table) throws -> String {
        let probe = SQLTableDump(shape: try SQLTableShape(table: table, serverName: "t"), dialect: .postgres).statements(replace: false)
        if let known = pushed[probe] { return known }
        let serverName = "t\(pushed.count)_\(table.name)"
        let pg = SQLTableDump(shape: try SQLTableShape(table: table, serverName: serverName), dialect: .postgres)
        let (out, err, status) = try run("psql", psqlArgs + ["-v", "ON_ERROR_STOP=1"], input: "SET client_min_messages = warning;\n" + pg.statements(replace: true))
        guard status == 0, err.isEmpty else { throw NSError(domain: "psql", code: Int(status), userInfo: [NSLocalizedDescriptionKey: err + out]) }
        let duck = SQLTableDump(shape: try SQLTableShape(table: table, serverName: serverName), dialect: .duckdb)
        duckSetup.append(duck.statements(replace: true))
        pushed[probe] = serverName
        return serverName
    }

    var psqlArgs: [String] {
        ["-X", "-q", "-A", "-t", "-F", "\u{1f}", "-R", "\u{1e}", "-P", "null=\u{01}", "-h", pgHost, "-U", pgUser, "-d", "postgres"]
    }

    /// Runs queries on PostgreSQL in one psql session; a query that fails is run alone again
    /// so its error is its own.
    func postgres(_ queries: [String]) throws -> [Outcome] {
        let script = queries.map { $0 + ";\n\\echo @@kpiql-end@@\n" }.joined()
        let (out, err, _) = try run("psql", psqlArgs, input: script)
        if err.isEmpty, let parsed = Self.parse(out, count: queries.count) { return parsed }
        if queries.count == 1 { return [.error(err.isEmpty ? "unreadable output: \(out.prefix(200))" : err)] }
        return try queries.flatMap { try postgres([$0]) }
    }

    /// Runs queries on DuckDB after replaying every pushed table.
    func duckdb(_ queries: [String]) throws -> [Outcome] {
        let job = try JSONSerialization.data(withJSONObject: ["setup": duckSetup, "queries": queries])
        let (out, err, status) = try run(duckPython, [root.appendingPathComponent("Tests/sql/duckdb_run.py").path], input: String(decoding: job, as: UTF8.self))
        guard status == 0 else { throw NSError(domain: "duckdb", code: Int(status), userInfo: [NSLocalizedDescriptionKey: err]) }
        var outcomes: [Outcome] = []
        var rest = Substring(out)
        while !rest.isEmpty {
            if rest.hasPrefix("@@kpiql-error@@") {
                let line = rest.prefix { $0 != "\n" }
                outcomes.append(.error(String(line.dropFirst(16))))
                rest = rest.dropFirst(line.count + 1)
                continue
            }
            guard let r = rest.range(of: Self.end) else { break }
            outcomes.append(.rows(Self.rows(rest[..<r.lowerBound])))
            rest = rest[r.upperBound...]
        }
        return outcomes
    }

    static func parse(_ out: String, count: Int) -> [Outcome]? {
        var parts = out.components(separatedBy: end)
        guard parts.count == count + 1, parts.last == "" else { return nil }
        parts.removeLast()
        return parts.map { .rows(rows(Substring($0))) }
    }

    /// Rows as psql -A -t prints them with our separators.
    static func rows(_ s: Substring) -> [[String?]] {
        guard !s.isEmpty else { return [] }
        let body = s.hasSuffix("\n") ? s.dropLast() : s
        return body.split(separator: "\u{1e}", omittingEmptySubsequences: false).map { row in
            row.split(separator: "\u{1f}", omittingEmptySubsequences: false).map { $0 == "\u{01}" ? nil : String($0) }
        }
    }

    /// Runs a program with `input` on standard input, through files (no pipe can fill up).
    func run(_ program: String, _ args: [String], input: String) throws -> (String, String, Int32) {
        let id = UUID().uuidString
        let inURL = work.appendingPathComponent("\(id).in"), outURL = work.appendingPathComponent("\(id).out"), errURL = work.appendingPathComponent("\(id).err")
        try input.write(to: inURL, atomically: false, encoding: .utf8)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { for u in [inURL, outURL, errURL] { try? FileManager.default.removeItem(at: u) } }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        p.arguments = program.hasPrefix("/") ? args : [program] + args
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        p.waitUntilExit()
        return (try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8), p.terminationStatus)
    }
}
