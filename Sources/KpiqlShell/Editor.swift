import Foundation
import KpiqlEngine
import KpiqlData

/// `.edit`: the last query in `$EDITOR` (a private temporary file), run when the editor exits.
/// This is the only place kpiql starts another program.
enum Editor {
    static func edit(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        let env = ProcessInfo.processInfo.environment
        let editor = (env["VISUAL"] ?? env["EDITOR"] ?? "vi").split(separator: " ").map(String.init)
        guard let program = editor.first else { throw a.error("$EDITOR is empty") }
        let dir = FileManager.default.temporaryDirectory.path
        let path = dir + "/kpiql-edit-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).kpiql"
        defer { unlink(path) }
        do {
            let sink = try FileSink.open(path, flags: O_CREAT | O_EXCL, mode: 0o600)   // only the user can read it
            try sink.write((s.lastQuery ?? "") + "\n")
            try sink.close()
        } catch {
            throw error.diagnostic(code: "K609")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/env")
        p.arguments = (program.hasPrefix("/") ? [] : [program]) + editor.dropFirst() + [path]
        do { try p.run() } catch { throw a.error("cannot start the editor '\(program)'", hints: ["set EDITOR to an editor you have, e.g. nano"]) }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw a.error("the editor exited with status \(p.terminationStatus); nothing was run") }
        let edited = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return }
        s.runScript(edited, name: "edit")
    }
}
