import Foundation
import KpiqlEngine
import KpiqlData

extension DotCommands {
    /// Every dot command. Dispatch, `.help`, completion and "did you mean" all read this list.
    public static let all: [DotCommand] = [
        DotCommand(name: "help", usage: "help [COMMAND|TOPIC]", help: "show the commands, one command's help, or the language (.help where, functions, rank)",
                   argument: .command) { s, a in
            if a.count > 0, !all.contains(where: { $0.name == a[0].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) }),
               LanguageHelp.find(a[0]) == nil {
                let known = all.map(\.name) + LanguageHelp.allWords
                throw a.error("no help on '\(a[0])'", at: 0, hints: (Suggest.closest(to: a[0], in: known).map { ["did you mean '.help \($0)'?"] } ?? [])
                              + ["'.help' lists the commands; the language: .help " + LanguageHelp.topics.map(\.name).joined(separator: ", ")])
            }
            s.write(helpText(for: a.count > 0 ? a[0] : nil))
        },
        DotCommand(name: "tables", usage: "tables", help: "list the tables with their rows and fields", argument: .none) { s, _ in
            let rows = s.engine.catalog.tableNames.compactMap { s.engine.catalog.table($0) }
            s.emit(TableListing.tables(rows, current: s.defaultTable))
        },
        DotCommand(name: "fields", usage: "fields [TABLE]", help: "list a table's fields: name, type and where each comes from", argument: .table) { s, a in
            let t = try table(s, a.count > 0 ? a[0] : s.defaultTable, a, at: 0)
            s.emit(TableListing.fields(t), untruncated: false)
        },
        DotCommand(name: "use", usage: "use TABLE", help: "set the table that queries without 'from' read", argument: .table) { s, a in
            guard a.count == 1 else { throw a.error(".use needs a table name", hints: ["for example: .use budget"]) }
            let t = try table(s, a[0], a, at: 0)
            s.defaultTable = t.name
        },
        DotCommand(name: "mode", usage: "mode [table|csv|tsv|json|jsonl|markdown|line]", help: "choose how results are written", argument: .mode) { s, a in
            guard a.count > 0 else { s.write("\(s.format.format.rawValue)\n"); return }
            guard let f = OutputFormat(name: a[0]) else {
                if a[0].lowercased() == "html" {
                    throw a.error("html is not a mode: a report is a whole page", at: 0, hints: ["write one with .report FILE.html (the last query) or .report FILE.html NAME"])
                }
                throw a.error("unknown mode '\(a[0])'", at: 0, hints: ["modes: " + OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")]
                              + (Suggest.closest(to: a[0], in: OutputFormat.allCases.map(\.rawValue)).map { ["did you mean '\($0)'?"] } ?? []))
            }
            s.format.format = f
        },
        DotCommand(name: "output", usage: "output [FILE]", help: "write results to FILE; with no FILE, back to the screen", argument: .file) { s, a in
            try s.setRedirect(path: a.count > 0 ? a[0] : nil, once: false)
        },
        DotCommand(name: "once", usage: "once FILE", help: "write the next result only to FILE", argument: .file) { s, a in
            guard a.count == 1 else { throw a.error(".once needs a file name") }
            try s.setRedirect(path: a[0], once: true)
        },
        DotCommand(name: "read", usage: "read FILE", help: "run the statements in FILE", argument: .file) { s, a in
            guard a.count == 1 else { throw a.error(".read needs a file name") }
            try read(a[0], session: s, args: a)
        },
        DotCommand(name: "load", usage: "load FILE [as NAME]", help: "load a CSV or TSV file (or a folder of them) as a table", argument: .file) { s, a in
            try LoadCommands.load(s, a)
        },
        DotCommand(name: "group", usage: "group [NAME [FILE [AREA] | AREA, AREA …]]", help: "define or show a comparator group: one list, or a list per area (JSON or CSV), for rank() and quartile()", argument: .file) { s, a in
            try GroupCommand.run(s, a)
        },
        DotCommand(name: "timer", usage: "timer on|off", help: "show how long each query takes", argument: .onOff) { s, a in
            s.timer = try onOff(a, "timer")
        },
        DotCommand(name: "set", usage: "set [NAME VALUE]", help: "show the settings, or change one (tolerance, missing, decimals, width, max_load_mb)", argument: .setting) { s, a in
            try Settings.set(s, a)
        },
        DotCommand(name: "param", usage: "param [NAME=VALUE …]", help: "show or set values for $parameters in queries", argument: .text) { s, a in
            if a.count == 0 {
                s.write(s.parameters.keys.sorted().map { "\($0) = \(s.parameters[$0]!)" }.joined(separator: "\n") + (s.parameters.isEmpty ? "" : "\n"))
            }
            for (i, w) in a.words.enumerated() {
                guard let eq = w.firstIndex(of: "="), eq != w.startIndex else { throw a.error("expected NAME=VALUE, found '\(w)'", at: i) }
                s.parameters[String(w[..<eq])] = String(w[w.index(after: eq)...])
            }
        },
        DotCommand(name: "scorecard", usage: "scorecard [by FIELD] [from TABLE] [where COND] [--reported] [--show-query]",
                   help: "performance against target, trend and quartile tables with totals (--reported: the council's own)", argument: .text) { s, a in
            try ScrutinyCommands.scorecard(s, a)
        },
        DotCommand(name: "diff", usage: "diff EARLIER LATER [by KEY, KEY …] [--show-query]",
                   help: "since the last meeting: new reds, recovered, worsened, improved, targets changed, indicators added and removed", argument: .table) { s, a in
            try DiffCommand.run(s, a)
        },
        DotCommand(name: "audit", usage: "audit [TABLE]", help: "check published figures and classifications against the values", argument: .table) { s, a in
            try ScrutinyCommands.audit(s, a)
        },
        DotCommand(name: "sql", usage: "sql [postgres|duckdb] [QUERY]",
                   help: "show the SQL a query compiles to (the last query when none is given)", argument: .text) { s, a in
            try SQLCommands.run(s, a)
        },
        DotCommand(name: "engine", usage: "engine [URL | off]",
                   help: "run queries on a PostgreSQL server (postgresql://user@host/db), or in memory again", argument: .text) { s, a in
            try ServerCommands.engine(s, a)
        },
        DotCommand(name: "push", usage: "push TABLE [as NAME] [--replace] [--derive]",
                   help: "upload a table to the server of .engine (COPY, in one transaction); --derive also stores its derived fields in an indexed view", argument: .table) { s, a in
            try ServerCommands.push(s, a)
        },
        DotCommand(name: "save", usage: "save[!] NAME [DESCRIPTION]", help: "save the last query as NAME (.save! replaces)", argument: .savedQuery) { s, a in
            try SavedQueryCommands.save(s, a)
        },
        DotCommand(name: "run", usage: "run NAME [PARAM=VALUE …]", help: "run a saved query, giving its parameters", argument: .savedQuery) { s, a in
            try SavedQueryCommands.run(s, a)
        },
        DotCommand(name: "report", usage: "report FILE.html [NAME [PARAM=VALUE …]]",
                   help: "write an HTML report of the last query, or of saved query NAME, for a committee paper", argument: .file) { s, a in
            try ReportCommand.run(s, a)
        },
        DotCommand(name: "queries", usage: "queries", help: "list saved queries (user and project)", argument: .none) { s, _ in
            s.emit(TableListing.queries(s.savedQueries.list()))
        },
        DotCommand(name: "show", usage: "show NAME", help: "show a saved query's text", argument: .savedQuery) { s, a in
            guard a.count == 1 else { throw a.error(".show needs a saved query name") }
            guard let q = s.savedQueries.find(a[0]) else { throw s.savedQueries.unknown(a[0]) }
            s.write("-- \(q.path)\n" + q.body + (q.body.hasSuffix("\n") ? "" : "\n"))
        },
        DotCommand(name: "drop", usage: "drop NAME", help: "delete a saved query of yours", argument: .savedQuery) { s, a in
            guard a.count == 1 else { throw a.error(".drop needs a saved query name") }
            let q = try s.savedQueries.drop(a[0])
            s.note("dropped \(q.name) (\(q.path))")
        },
        DotCommand(name: "edit", usage: "edit", help: "edit the last query in $EDITOR, then run it", argument: .none) { s, a in
            try Editor.edit(s, a)
        },
        DotCommand(name: "last", usage: "last", help: "show the last result again, untruncated", argument: .none) { s, a in
            guard let r = s.lastResult else { throw a.error("there is no result yet", hints: ["run a query first"]) }
            s.emit(r, untruncated: true)
        },
        DotCommand(name: "quit", usage: "quit", help: "leave kpiql (Ctrl-D does too)", argument: .none) { s, _ in
            s.quitRequested = true
        },
        DotCommand(name: "exit", usage: "exit", help: "leave kpiql", argument: .none) { s, _ in
            s.quitRequested = true
        },
    ]
}
