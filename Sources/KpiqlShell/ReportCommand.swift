import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlReport

/// `.report FILE.html [NAME [PARAM=VALUE …]]` and `kpiql --format html`: the shell's side of
/// `HTMLReport` (the engine builds the page; this runs the queries and writes the file).
public enum ReportCommand {
    /// `.report FILE.html`: the last query, run again now with the session's parameters.
    /// `.report FILE.html NAME`: saved query NAME with its defaults, then the session's
    /// parameters, then any PARAM=VALUE given here (later wins).
    static func run(_ s: Session, _ a: DotArguments, now: Date = Date()) throws(Diagnostic) {
        guard a.count >= 1 else {
            throw a.error(".report needs a file name", hints: ["for example: .report children_red.html, or .report out.html children_red"])
        }
        let path = a[0]
        let target = try destination(s, a)
        var sections: [ReportSection] = []
        if a.count >= 2 {
            let q = try SavedQueryCommands.find(s, a, at: 1)
            let params = q.defaults.merging(s.parameters) { _, new in new }
                .merging(try SavedQueryCommands.arguments(of: q, a, from: 2)) { _, new in new }
            let source = SourceFile(name: q.path, text: q.body)
            for st in StatementSplitter.split(q.body) {
                guard st.kind == .query else {
                    throw Diagnostic(.usage, code: "K707", "a report runs queries only; \(q.name) holds the dot command '\(st.text)'",
                                     span: SourceSpan(st.offset, st.offset + st.text.utf8.count), source: source,
                                     hints: ["take the dot command out of \(q.path), or run it before .report"])
                }
                sections.append(try section(s, st.text, source: source, base: st.offset, parameters: params,
                                            origin: "saved query \(q.name) (\((q.path as NSString).lastPathComponent))"))
            }
            guard !sections.isEmpty else { throw a.error("saved query \(q.name) holds no query", at: 1) }
        } else if let diff = s.lastDiff {
            // The last thing run was `.diff`: the report is its "Since the last report" section.
            sections = try DiffCommand.sections(s, diff, DiffCommand.queries(diff))
        } else {
            try SavedQueryCommands.refuseAfterFailure(s, a, "reported", then: ".report \(path)")
            guard let query = s.lastQuery else {
                throw a.error("there is no query to report yet", hints: ["run a query first, or name a saved query: .report \(path) children_red"])
            }
            sections.append(try section(s, query, source: SourceFile(name: "last query", text: query), base: 0, parameters: s.parameters))
        }
        var report = HTMLReport(sections: sections, catalog: s.engine.catalog, version: KpiqlVersion.string, generatedAt: now)
        report.decimals = s.format.decimals
        let html = report.render()
        do { try AtomicFile.writeChecked(html, to: target, overwrite: true) } catch {
            // The OS reason, not a guess: a full disk must not read as a missing folder.
            guard case .io(let f) = error else { throw error.diagnostic(code: "K606") }
            var d = a.error("cannot write the report to \(path): \(f.reason(for: target))", at: 0, hints: f.hint.map { [$0] } ?? [])
            d.kind = .io   // exit status 4, like every file error
            d.code = "K606"
            throw d
        }
        let rows = sections.map(\.result.rowCount).reduce(0, +), cards = sections.map(\.cards.count).reduce(0, +)
        s.note("wrote \(path): \(rows) row\(rows == 1 ? "" : "s")" + (cards > 0 ? ", \(cards) indicator\(cards == 1 ? "" : "s") with charts" : ""))
    }

    /// Where `.report FILE` writes, by the README's rules: FILE ends in `.html`; a bare name
    /// is in the current folder; a folder in the path must already exist (a typo in a folder
    /// name is an error, not a new folder). Returns the path to write.
    static func destination(_ s: Session, _ a: DotArguments) throws(Diagnostic) -> String {
        let path = a[0]
        let ns = path as NSString
        guard ns.pathExtension.lowercased() == "html" else {
            let stem = ns.pathExtension.lowercased() == "htm" ? ns.deletingPathExtension : path
            var hints = ["the report is an HTML page: give a name ending in .html, e.g. .report \(stem).html"]
            if s.savedQueries.find(path) != nil { hints.append("to report saved query \(path): .report \(path).html \(path)") }
            throw a.error("report file '\(path)' does not end in .html", at: 0, hints: hints)
        }
        let folder = ns.deletingLastPathComponent
        if folder.isEmpty { return "./" + path }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            let isFile = FileManager.default.fileExists(atPath: folder)
            var d = a.error(isFile ? "'\(folder)' is not a folder" : "folder '\(folder)' does not exist", at: 0,
                            hints: [(isFile ? "give a path inside a folder" : "create it first (kpiql does not create folders for a report)")
                                    + ", or write to the current folder: .report \(ns.lastPathComponent)"])
            d.kind = .io   // exit status 4, like every file error
            d.code = "K609"
            throw d
        }
        return path
    }

    /// Runs one query for a report; the session's last query and result are left as they were.
    static func section(_ s: Session, _ text: String, source: SourceFile, base: Int, parameters: [String: String],
                        origin: String? = nil) throws(Diagnostic) -> ReportSection {
        let query = try s.engine.parse(text, source: source, base: base)
        let result = try s.engine.run(query, source: source, defaultTable: s.defaultTable, parameters: parameters, isCancelled: s.isCancelled)
        return ReportSection(query: text, parsed: query, source: source, parameters: parameters, result: result, catalog: s.engine.catalog,
                             defaultTable: s.defaultTable, origin: origin)
    }

    /// Ends a `--format html` run: one report of every query result, on standard output.
    /// Nothing is written when a statement failed, so a report never silently lacks a section.
    /// Returns false when no report was written.
    @discardableResult
    public static func finishBatch(_ s: Session, now: Date = Date()) -> Bool {
        guard let sections = s.reportSections else { return false }
        s.reportSections = nil
        if s.errorCount > 0 {
            s.note("no HTML report written: \(s.errorCount) statement\(s.errorCount == 1 ? "" : "s") failed (see above)")
            return false
        }
        guard !sections.isEmpty else {
            s.report(Diagnostic(.usage, code: "K708", "--format html found no query to report",
                                hints: ["give a query with -c or -f, for example: kpiql -f queries/children_red.kpiql --format html > report.html"]))
            return false
        }
        var report = HTMLReport(sections: sections, catalog: s.engine.catalog, version: KpiqlVersion.string, generatedAt: now)
        report.decimals = s.format.decimals
        s.output.out(report.render())
        return true
    }
}
