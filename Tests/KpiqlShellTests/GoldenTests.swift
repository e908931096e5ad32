import Foundation
import Testing
import KpiqlEngine
@testable import KpiqlShell
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// Runs every golden file under `Tests/golden` as a test of its own, so a failure names its
/// file: a script (queries and dot commands), a line `----`, then the exact output (results
/// and diagnostics in order, then `exit: N` when the batch exit status would not be 0). A first
/// line `-- args: --format csv …` sets flags.
///
/// Serialized: a run changes the process's working directory, as a script run from the package
/// root would have it. Re-record with `KPIQL_RECORD=1 swift test --filter GoldenTests`, then
/// read the diff.
@Suite(.serialized)
struct GoldenTests {
    static let root = Repo.root
    static let goldenDir = root.appendingPathComponent("Tests/golden").path

    @Test func goldenFilesAreFound() {
        #expect(GoldenTests.allFiles().count > 20, "golden files not found under \(GoldenTests.goldenDir)")
    }

    /// One golden file, named by its path under Tests/golden (`errors/unknown_field.test`).
    @Test(arguments: GoldenTests.allFiles().map { String($0.dropFirst(GoldenTests.goldenDir.count + 1)) })
    func golden(_ file: String) throws {
        let path = GoldenTests.goldenDir + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let sep = text.range(of: "\n----\n") else { Issue.record("\(file): no ---- separator line"); return }
        let script = String(text[..<sep.lowerBound]) + "\n"
        let expected = String(text[sep.upperBound...])
        let actual = GoldenTests.run(script: script)
        if ProcessInfo.processInfo.environment["KPIQL_RECORD"] == "1" {
            try (String(text[..<sep.upperBound]) + actual).write(toFile: path, atomically: true, encoding: .utf8)
        } else if actual != expected {
            Issue.record("golden mismatch: \(file)\n--- expected\n\(expected)\n--- actual\n\(actual)")
        }
    }

    static func allFiles() -> [String] {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: goldenDir) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".test") }.sorted().map { goldenDir + "/" + $0 }
    }

    /// Runs a script the way `kpiql -f` would, capturing everything it writes.
    static func run(script: String) -> String {
        let (output, captured) = Output.capturing()
        do {
            let engine = try Workspace.bundled(directory: root.appendingPathComponent("datasets").path)
            let temp = Scratch.url("golden").path
            defer { try? FileManager.default.removeItem(atPath: temp) }
            let store = SavedQueryStore(userDir: temp + "/queries", projectDir: root.appendingPathComponent("queries").path)
            let session = Session(workspace: engine, output: output, savedQueries: store)
            let cwd = FileManager.default.currentDirectoryPath
            FileManager.default.changeCurrentDirectoryPath(root.path)
            defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
            // Flags run in the package root, so `--load Tests/fixtures/…` paths resolve as in a script.
            if let first = script.split(separator: "\n").first, first.hasPrefix("-- args:") {
                try applyArgs(first.dropFirst(8).split(separator: " ").map(String.init), to: session)
            }
            session.runScript(script, name: "test.kpiql")
            session.finish()
            // The repository's own folder differs between clones: it reads as $REPO.
            var text = captured().replacingOccurrences(of: temp, with: "$KPIQL_HOME").replacingOccurrences(of: root.path, with: "$REPO")
            if session.exitStatus != 0 { text += "exit: \(session.exitStatus)\n" }
            return text
        } catch {
            return captured() + "setup failed: \(error)\n"
        }
    }

    static func applyArgs(_ args: [String], to s: Session) throws {
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--format": i += 1; s.format.format = OutputFormat(name: args[i])!
            case "--tolerance": i += 1; try s.workspace.setTolerance(Double(args[i])!)
            case "--bail": s.bail = true
            case "--raw": s.format.raw = true
            case "--load":
                i += 1
                _ = LoadCommands.loadFromCommandLine(s, files: [args[i]], directory: nil)
            case "--data":
                i += 1
                _ = LoadCommands.loadFromCommandLine(s, files: [], directory: args[i])
            case "--param":
                i += 1
                let kv = args[i].split(separator: "=", maxSplits: 1).map(String.init)
                s.parameters[kv[0]] = kv.count > 1 ? kv[1] : ""
            default: break
            }
            i += 1
        }
    }
}
