import Foundation
import XCTest
@testable import KpiqlShell
import KpiqlEngine

/// Nothing lost: a `kill -9` at any moment of a `.save` leaves the old file or the new one,
/// never a truncated one; sessions saving at once do not lose each other's work.
final class DurabilityTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/kpiql").path

    func temporaryHome() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-durable-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func start(_ args: [String], home: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.binary)
        p.arguments = args
        p.currentDirectoryURL = Self.root
        var env = ProcessInfo.processInfo.environment
        env["KPIQL_HOME"] = home
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// A saved file is whole when its header is complete and its query ends with ';'.
    func assertWhole(_ path: String, iteration: Int) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let q = SavedQuery.parse(text, name: "q", path: path, location: .user)
        XCTAssertTrue(q.description.hasPrefix("iteration "), "iteration \(iteration): truncated header:\n\(text)")
        XCTAssertNotNil(q.saved, "iteration \(iteration): no saved date:\n\(text)")
        XCTAssertTrue(text.hasSuffix(";\n"), "iteration \(iteration): truncated query:\n\(text)")
    }

    func testKillNineDuringSaveNeverLeavesATruncatedFile() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first") }
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let path = home + "/queries/q.kpiql"
        var survived = 0
        for i in 0..<200 {
            // Many saves per process, so a kill at a random moment lands inside one of them.
            var args = ["-c", "where id = \"C15\" select id, name, latest"]
            for k in 0..<20 { args += ["-c", ".save! q iteration \(i) save \(k) " + String(repeating: "x", count: 200)] }
            let p = try start(args, home: home)
            usleep(useconds_t.random(in: 0...60_000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .exit { survived += 1 }
            assertWhole(path, iteration: i)
            // No temporary file is left visible under the saved query's name.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: home + "/queries")) ?? []
            XCTAssertTrue(names.allSatisfy { $0 == "q.kpiql" || $0.hasPrefix(".q.kpiql.") }, "\(names)")
        }
        print("kill loop: 200 iterations, \(survived) finished before the kill")
    }

    func testConcurrentSavesAllLand() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw XCTSkip("build kpiql first") }
        let home = try temporaryHome()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let procs = try (0..<8).map { n in
            try start(["-c", "where id = \"C15\" select id", "-c", ".save q\(n) iteration \(n)", "-c", ".save same iteration \(n)"], home: home)
        }
        procs.forEach { $0.waitUntilExit() }
        let store = SavedQueryStore(userDir: home + "/queries", projectDir: nil)
        let names = Set(store.list().filter { $0.location == .user }.map(\.name))
        XCTAssertEqual(names, Set((0..<8).map { "q\($0)" } + ["same"]))
        // Exactly one session won the shared name; the others were refused rather than overwriting it.
        assertWhole(home + "/queries/same.kpiql", iteration: -1)
    }
}
