import KpiqlEngine
import KpiqlData
import KpiqlReport

/// `.scorecard` and `.audit`: the summaries a scrutiny officer takes to committee.
///
/// `.scorecard` is sugar over three ordinary queries (shown by `--show-query`), so a saved
/// query can produce the same figures.
enum ScrutinyCommands {
    struct ScorecardOptions {
        var by = "priority"
        var condition: String?
        var reported = false
        var showQuery = false
        var table: String?
    }

    /// `.scorecard [by FIELD] [from TABLE] [where CONDITION] [--reported] [--show-query]`
    static func parse(_ a: DotArguments) throws(Diagnostic) -> ScorecardOptions {
        var o = ScorecardOptions()
        var i = 0
        while i < a.count {
            switch a[i].lowercased() {
            case "by":
                guard i + 1 < a.count else { throw a.error("'by' needs a field, for example: by priority", at: i) }
                o.by = a[i + 1]; i += 2
            case "from":
                guard i + 1 < a.count else { throw a.error("'from' needs a table", at: i) }
                o.table = a[i + 1]; i += 2
            case "--reported": o.reported = true; i += 1
            case "--show-query": o.showQuery = true; i += 1
            case "where":
                // The condition is the rest of the line as typed, quotes and all.
                let start = a.spans[i].end - a.commandSpan.start
                let line = a.source.slice(SourceSpan(a.commandSpan.start, a.spans[a.count - 1].end))
                var cond = String(decoding: Array(line.utf8).dropFirst(start), as: UTF8.self)
                for flag in ["--reported", "--show-query"] where cond.hasSuffix(flag) {
                    cond = String(cond.dropLast(flag.count))
                    if flag == "--reported" { o.reported = true } else { o.showQuery = true }
                }
                o.condition = cond.trimmingCharacters(in: .whitespaces)
                i = a.count
            default:
                throw a.error("unexpected '\(a[i])'", at: i, hints: ["write .scorecard [by FIELD] [from TABLE] [where CONDITION] [--reported] [--show-query]"])
            }
        }
        return o
    }

    /// The three queries: performance against target, trend, benchmark quartiles.
    static func queries(_ o: ScorecardOptions) -> [(title: String, query: String)] {
        let s = o.reported ? "reported_status" : "status", t = o.reported ? "reported_trend" : "trend"
        let head = (o.table.map { "from \($0)\n" } ?? "") + (o.condition.map { "where \($0)\n" } ?? "")
            + "group by \(o.by) with totals\nselect \(o.by)"
        // count() and pct() leave out rows whose condition is unknown (no status, no quartile),
        // so the percentages are of `with_data`, and a group with none prints nothing.
        func part(_ label: String, _ cond: String) -> String {
            ",\n  count(\(cond)) as \(label), round(pct(\(cond))) as \(label)_pct"
        }
        let target = head + ", count(\(s) is not missing) as with_data"
            + part("met", "\(s) = green") + part("within_tolerance", "\(s) = amber") + part("not_met", "\(s) = red")
        let trend = head + ", count(\(t) is not missing) as with_data"
            + part("improved", "\(t) = improving") + part("worse", "\(t) = worsening") + part("same", "\(t) = same")
        let quartiles = head + ", count(quartile is not missing) as with_data"
            + (1...4).map { part("q\($0)", "quartile = \($0)") }.joined()
        return [("Performance against target", target), ("Trend", trend), ("Benchmark quartiles", quartiles)]
    }

    static func scorecard(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        let o = try parse(a)
        for (title, query) in queries(o) {
            if o.showQuery { s.write("-- \(title)\n\(query);\n\n"); continue }
            s.write("\(title)\n")
            let source = SourceFile(name: "scorecard", text: query)
            do { s.emit(try s.engine.run(query, source: source, defaultTable: s.defaultTable, parameters: s.parameters)) } catch {
                // A wrong field or condition is the user's: show it against what they typed.
                throw Diagnostic(.query, code: error.code, "in .scorecard: " + error.message, span: a.commandSpan, source: a.source,
                                 hints: error.hints + ["'.scorecard --show-query' prints the queries it runs"])
            }
        }
    }

    static func audit(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        var tables = s.engine.catalog.tableNames.compactMap { s.engine.catalog.table($0) }.filter { $0.kind == .metrics }
        if a.count > 0 { tables = [try DotCommands.table(s, a[0], a, at: 0)] }
        let findings = tables.flatMap { Auditor.audit($0) }
        let rows: [[Value]] = findings.map { f in
            [f.council.map { .text($0) } ?? .missing, .text(f.id), .text(f.rule.rawValue),
             f.published.isEmpty ? .missing : .text(f.published), f.recomputed.isEmpty ? .missing : .text(f.recomputed),
             f.detail.isEmpty ? .missing : .text(f.detail)]
        }
        s.emit(TableListing.make(["council", "id", "rule", "published", "recomputed", "detail"], rows, table: "audit"))
        let metrics = Set(findings.map { "\($0.council ?? "")/\($0.id)" }).count
        s.note("\(findings.count) findings in \(metrics) metrics; 'from audit' queries them, README explains each rule")
    }
}
