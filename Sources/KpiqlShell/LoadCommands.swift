import Foundation
import KpiqlEngine
import KpiqlData

/// `.load FILE [as NAME]`, `--load FILE[=NAME]`, `--data DIR` and `.group`: the user's own
/// data into the catalog. The loader builds a table whole; only then is it added, so a file
/// that fails to load leaves the catalog as it was.
public enum LoadCommands {
    /// Files at least this large get a progress bar (on a terminal only).
    static let progressThreshold: Int64 = 16 << 20

    static func load(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        guard a.count == 1 || (a.count == 3 && a[1].lowercased() == "as") else {
            if a.count == 0 { throw a.error(".load needs a file", hints: ["for example: .load scorecard.csv as scorecard"]) }
            throw a.error(a.count == 2 ? "expected 'as NAME' after the file" : "expected .load FILE or .load FILE as NAME",
                          at: min(a.count - 1, 1), hints: ["quote a path with spaces: .load \"LA data.csv\" as la"])
        }
        let name = a.count == 3 ? a[2] : nil
        if let name, let problem = Loader.problem(withName: name) { throw a.error(problem, at: 2, hints: ["for example: .load FILE as scorecard"]) }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: a[0], isDirectory: &isDir), isDir.boolValue {
            if name != nil { throw a.error("a folder loads one table per file, named after the files: leave out 'as NAME'", at: 2) }
            let files: [String]
            do { files = try Loader.dataFiles(in: a[0]) } catch { throw placed(error, a) }
            for f in files { try load(path: f, name: nil, session: s) }
            if files.isEmpty { s.note("no CSV or TSV files in \(a[0])") }
            return
        }
        do { try load(path: a[0], name: name, session: s) } catch { throw placed(error, a) }
    }

    /// A diagnostic with no place of its own (a missing file) points at the file argument.
    static func placed(_ d: Diagnostic, _ a: DotArguments) -> Diagnostic { placedAt(d, a, 0) }

    static func placedAt(_ d: Diagnostic, _ a: DotArguments, _ i: Int) -> Diagnostic {
        guard d.source == nil, i < a.count else { return d }
        return Diagnostic(d.kind, code: d.code, d.message, span: a.spans[i], source: a.source, hints: d.hints)
    }

    static func load(path: String, name: String?, session s: Session) throws(Diagnostic) {
        var bar: ProgressBar?
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        if s.output.errIsTerminal && size >= progressThreshold { bar = ProgressBar(output: s.output, label: "loading \(path)") }
        defer { bar?.finish() }
        let result = try Loader.load(path: path, name: name, maxLoadMB: s.maxLoadMB, threads: s.engine.catalog.threads, progress: bar.map { b in { b.update($0, $1) } })
        bar?.finish()
        bar = nil
        let replaced = s.engine.catalog.table(result.table.name) != nil
        s.workspace.add(result.table)
        s.note(result.report.joined(separator: "\n") + (replaced ? "\n  (it replaces the table \(result.table.name) loaded before)" : ""))
    }

    /// `--load FILE[=NAME]` (repeatable) and `--data DIR`, before any statement runs. Failures
    /// are reported like a statement's; false if any load failed.
    public static func loadFromCommandLine(_ s: Session, files: [String], directory: String?) -> Bool {
        var ok = true
        var problems: [Diagnostic] = []
        var specs = files.compactMap { spec -> (String, String?)? in
            // FILE=NAME: the name is after the last '=', unless the whole argument is a file.
            if let eq = spec.lastIndex(of: "="), eq != spec.startIndex, !FileManager.default.fileExists(atPath: spec) {
                let file = String(spec[..<eq]), name = String(spec[spec.index(after: eq)...])
                if let why = Loader.problem(withName: name) {
                    let fixed = Loader.defaultName(for: name + ".csv")
                    problems.append(Diagnostic(.usage, code: "K310", "--load \(spec): \(why)",
                                               hints: ["name it another way, e.g. --load \(file)=\(fixed == name ? name + "_data" : fixed)"]))
                    return nil
                }
                return (file, name)
            }
            return (spec, nil)
        }
        for p in problems { s.report(p); ok = false }
        if !problems.isEmpty && s.bail { return false }
        if let directory {
            do { specs = try Loader.dataFiles(in: directory).map { ($0, nil) } + specs } catch { s.report(error); ok = false }
        }
        for (path, name) in specs {
            do { try load(path: path, name: name, session: s) } catch {
                s.report(error)
                ok = false
                if s.bail { break }
            }
        }
        return ok
    }
}

/// A one-line bar on standard error while a large file loads: `loading big.csv [#####     ] 48%`.
final class ProgressBar {
    let output: Output
    let label: String
    private var shown = -1
    private var done = false

    init(output: Output, label: String) {
        self.output = output
        self.label = label
    }

    func update(_ bytes: Int64, _ total: Int64) {
        guard !done, total > 0 else { return }
        let percent = Int(min(100, bytes * 100 / total))
        guard percent != shown else { return }
        shown = percent
        let filled = percent * 30 / 100
        output.err("\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] \(percent)%")
    }

    /// Clears the bar so the report starts on a clean line.
    func finish() {
        guard !done else { return }
        done = true
        if shown >= 0 { output.err("\r\u{1B}[K") }
    }
}
