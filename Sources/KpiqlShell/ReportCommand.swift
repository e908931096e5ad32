import Foundation
import KpiqlEngine

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
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext == "html" || ext == "htm" else {
            var hints = ["the report is an HTML page: give a name ending in .html, e.g. .report \((path as NSString).lastPathComponent).html"]
            if s.savedQueries.find(path) != nil { hints.append("to report saved query \(path): .report \(path).html \(path)") }
            throw a.error("report file '\(path)' does not end in .html", at: 0, hints: hints)
        }
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
        } else {
            guard let query = s.lastQuery else {
                throw a.error("there is no query to report yet", hints: ["run a query first, or name a saved query: .report \(path) children_red"])
            }
            sections.append(try section(s, query, source: SourceFile(name: "last query", text: query), base: 0, parameters: s.parameters))
        }
        let html = HTMLReport(sections: sections, catalog: s.engine.catalog, version: KpiqlVersion.string, generatedAt: now).render()
        do { try AtomicFile.writeChecked(html, to: path, overwrite: true) } catch {
            // The OS reason, not a guess: a full disk must not read as a missing folder.
            guard case .io(let f) = error else { throw error.diagnostic(code: "K606") }
            var d = a.error("cannot write the report to \(path): \(f.reason(for: path))", at: 0, hints: f.hint.map { [$0] } ?? [])
            d.kind = .io   // exit status 4, like every file error
            d.code = "K606"
            throw d
        }
        let rows = sections.map(\.result.rowCount).reduce(0, +), cards = sections.map(\.cards.count).reduce(0, +)
        s.note("wrote \(path): \(rows) row\(rows == 1 ? "" : "s")" + (cards > 0 ? ", \(cards) indicator\(cards == 1 ? "" : "s") with charts" : ""))
    }

    /// Runs one query for a report; the session's last query and result are left as they were.
    static func section(_ s: Session, _ text: String, source: SourceFile, base: Int, parameters: [String: String],
                        origin: String? = nil) throws(Diagnostic) -> ReportSection {
        let result = try s.engine.run(text, source: source, base: base, parameters: parameters, isCancelled: s.isCancelled)
        return ReportSection(query: text, parameters: parameters, result: result, catalog: s.engine.catalog,
                             defaultTable: s.engine.defaultTable, origin: origin)
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
        s.output.out(HTMLReport(sections: sections, catalog: s.engine.catalog, version: KpiqlVersion.string, generatedAt: now).render())
        return true
    }
}
