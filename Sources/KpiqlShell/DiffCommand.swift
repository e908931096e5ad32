import KpiqlEngine
import KpiqlData
import KpiqlReport

/// `.diff EARLIER LATER [by KEY, KEY …] [--show-query]`: "since the last meeting" between two
/// snapshots of a scorecard — new reds, recovered, worsened and improved; targets that
/// changed; indicators added and removed; the counts per priority.
///
/// Like `.scorecard` it is sugar over ordinary join queries, which `--show-query` prints, so
/// a saved query gives the same answers. In `--format html` and `.report` the sections sit
/// under one heading, "Since the last report".
enum DiffCommand {
    struct Options: Equatable {
        var earlier: String
        var later: String
        var keys: [String] = []
        var showQuery = false
    }

    static func parse(_ s: Session, _ a: DotArguments) throws(Diagnostic) -> Options {
        guard a.count >= 2, !a[0].hasPrefix("--"), !a[1].hasPrefix("--") else {
            throw a.error(".diff needs two tables: the earlier snapshot, then the later one",
                          hints: ["for example: .load datasets/st_helens_2024q1.csv as q1, .load datasets/st_helens_2024q2.csv as q2, then .diff q1 q2"])
        }
        var o = Options(earlier: try DotCommands.table(s, a[0], a, at: 0).name, later: try DotCommands.table(s, a[1], a, at: 1).name)
        var i = 2
        while i < a.count {
            switch a[i].lowercased() {
            case "--show-query":
                o.showQuery = true
                i += 1
            case "by" where o.keys.isEmpty:
                i += 1
                while i < a.count, !a[i].hasPrefix("--") { o.keys += a[i].split(separator: ",").map(String.init); i += 1 }
                if o.keys.isEmpty { throw a.error("'by' needs the key fields, for example: by id, council", at: i - 1) }
            default:
                throw a.error("unexpected '\(a[i])'", at: i, hints: ["write .diff EARLIER LATER [by KEY, KEY …] [--show-query]"])
            }
        }
        let earlier = s.engine.catalog.table(o.earlier)!, later = s.engine.catalog.table(o.later)!
        if o.keys.isEmpty {
            o.keys = ["id"] + (earlier.index(of: "council") != nil && later.index(of: "council") != nil ? ["council"] : [])
        }
        try check(o, earlier, later, a)
        return o
    }

    /// The snapshots must be comparable: both metrics tables, each key a field of both with
    /// one type, and at least one key value in common (else the keys do not match at all).
    static func check(_ o: Options, _ earlier: Table, _ later: Table, _ a: DotArguments) throws(Diagnostic) {
        for t in [earlier, later] where t.index(of: "status") == nil || t.index(of: "target") == nil {
            throw a.error("\(t.name) is not a scorecard: .diff compares metrics tables, which have status and target",
                          at: t === earlier ? 0 : 1, hints: ["'.tables' shows which tables are metrics tables"])
        }
        for k in o.keys {
            for t in [earlier, later] where t.index(of: k) == nil {
                var hints = Suggest.closest(to: k, in: t.fieldNames).map { ["did you mean '\($0)'?"] } ?? []
                hints.append("the keys must name each indicator in both tables: .diff \(o.earlier) \(o.later) by id")
                throw a.error("the key '\(k)' is not a field of \(t.name), so the snapshots cannot be matched by it", at: keyIndex(k, a), hints: hints)
            }
            let lt = earlier.column(k)!.type, rt = later.column(k)!.type
            guard lt == rt else {
                throw a.error("the key '\(k)' is \(lt) in \(earlier.name) but \(rt) in \(later.name)", at: keyIndex(k, a),
                              hints: ["diff by fields that hold the same kind of value in both tables"])
            }
        }
        let before = keyValues(earlier, o.keys), after = keyValues(later, o.keys)
        guard !Set(before.map { $0.lowercased() }).isDisjoint(with: after.map { $0.lowercased() }) else {
            func sample(_ v: [String]) -> String { v.prefix(3).joined(separator: ", ") + (v.count > 3 ? " …" : "") }
            throw a.error("no \(o.keys.joined(separator: ", ")) of \(earlier.name) is in \(later.name): the snapshots' keys do not match",
                          hints: ["\(earlier.name) has \(sample(before)); \(later.name) has \(sample(after))",
                                  "are they snapshots of the same scorecard? diff by the fields that name an indicator in both: .diff \(o.earlier) \(o.later) by FIELD"])
        }
    }

    private static func keyIndex(_ k: String, _ a: DotArguments) -> Int? {
        a.words.firstIndex { $0.split(separator: ",").contains { $0.lowercased() == k.lowercased() } }
    }

    private static func keyValues(_ t: Table, _ keys: [String]) -> [String] {
        (0..<t.rowCount).map { r in keys.map { t.column($0)!.data.value(at: r).description }.joined(separator: " / ") }
    }

    /// The queries, in the order printed: each a title and the query text.
    static func queries(_ o: Options) -> [(title: String, query: String)] {
        let on = o.keys.joined(separator: " and ")
        let pair = "from \(o.later) as now join \(o.earlier) as was on \(on)"
        let ids = o.keys.joined(separator: ", ")
        let moved = "select \(ids), now.name as name, was.status as was_status, now.status as now_status, was.latest as was_latest, now.latest as now_latest"
        return [
            ("New reds: red now, green or amber in \(o.earlier)", "\(pair)\nwhere now.status = red and was.status in (green, amber)\n\(moved), now.target as target"),
            ("Recovered: red in \(o.earlier), green or amber now", "\(pair)\nwhere was.status = red and now.status in (green, amber)\n\(moved), now.target as target"),
            ("Worsened: green in \(o.earlier), amber now", "\(pair)\nwhere was.status = green and now.status = amber\n\(moved), now.target as target"),
            ("Improved: amber in \(o.earlier), green now", "\(pair)\nwhere was.status = amber and now.status = green\n\(moved), now.target as target"),
            ("Targets that changed", "\(pair)\nwhere now.target != was.target\nselect \(ids), now.name as name, was.target as was_target, now.target as now_target"),
            ("Indicators added (in \(o.later), not in \(o.earlier))",
             "from \(o.later) as now left join \(o.earlier) as was on \(on)\nwhere was.\(o.keys[0]) is missing\nselect \(ids), now.name as name, now.status as status"),
            ("Indicators removed (in \(o.earlier), not in \(o.later))",
             "from \(o.earlier) as was left join \(o.later) as now on \(on)\nwhere now.\(o.keys[0]) is missing\nselect \(ids), was.name as name, was.status as status"),
            ("Counts per priority", "\(pair)\ngroup by now.priority with totals\nselect now.priority as priority, count() as indicators,\n"
                + "  count(was.status = red) as red_before, count(now.status = red) as red_now,\n"
                + "  count(now.status = red and was.status in (green, amber)) as new_reds,\n"
                + "  count(was.status = red and now.status in (green, amber)) as recovered,\n"
                + "  count(was.status = green and now.status = amber) as worsened,\n"
                + "  count(was.status = amber and now.status = green) as improved,\n"
                + "  count(now.target != was.target) as targets_changed"),
        ]
    }

    static func heading(_ o: Options) -> String { "Since the last meeting: \(o.earlier) → \(o.later), by \(o.keys.joined(separator: ", "))" }

    static func run(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        let o = try parse(s, a)
        var qs = queries(o)
        let later = s.engine.catalog.table(o.later)!, earlier = s.engine.catalog.table(o.earlier)!
        // A snapshot without priorities still has every other section.
        if later.index(of: "priority") == nil || earlier.index(of: "priority") == nil { qs.removeLast() }
        if o.showQuery {
            s.write(qs.map { "-- \($0.title)\n\($0.query);\n" }.joined(separator: "\n"))
            return
        }
        if s.reportSections != nil {
            s.reportSections! += try sections(s, o, qs)
            return
        }
        let markdown = s.format.format == .markdown
        s.write(markdown ? "## \(heading(o))\n\n" : "\(heading(o))\n\n")
        for (i, (title, query)) in qs.enumerated() {
            s.write(markdown ? "### \(title)\n\n" : "\(title)\n")
            let result = try runOne(s, query, a)
            if i == 0 { for n in result.notes { s.note(n) } }
            s.emit(result)
            if markdown || i < qs.count - 1 { s.write("\n") }
        }
        s.lastDiff = o
    }

    static func runOne(_ s: Session, _ query: String, _ a: DotArguments) throws(Diagnostic) -> ResultSet {
        do { return try s.engine.run(query, source: SourceFile(name: "diff", text: query), defaultTable: s.defaultTable, parameters: s.parameters, isCancelled: s.isCancelled) } catch {
            throw Diagnostic(error.kind, code: error.code, "in .diff: " + error.message, span: a.commandSpan, source: a.source,
                             hints: error.hints + ["'.diff … --show-query' prints the queries it runs"])
        }
    }

    /// The report sections: one per query, under the heading "Since the last report".
    static func sections(_ s: Session, _ o: Options, _ qs: [(title: String, query: String)]) throws(Diagnostic) -> [ReportSection] {
        var out: [ReportSection] = []
        for (title, query) in qs {
            let source = SourceFile(name: "diff", text: query)
            let parsed = try s.engine.parse(query, source: source)
            let result = try s.engine.run(parsed, source: source, defaultTable: s.defaultTable, parameters: s.parameters, isCancelled: s.isCancelled)
            var section = ReportSection(query: query, parsed: parsed, source: source, parameters: s.parameters, result: result, catalog: s.engine.catalog,
                                        defaultTable: s.defaultTable, origin: ".diff \(o.earlier) \(o.later)")
            section.caption = title
            section.group = "Since the last report: \(o.earlier) → \(o.later)"
            out.append(section)
        }
        return out
    }
}
