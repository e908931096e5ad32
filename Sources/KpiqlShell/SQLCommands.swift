import KpiqlEngine
import KpiqlData
import KpiqlSQL
import KpiqlServer

/// `.sql [postgres|duckdb] [QUERY]` and `kpiql sql`: print the SQL a query compiles to.
/// The text is bound like any query (same parameters, same diagnostics), then handed to
/// the SQL backend instead of the executor.
public enum SQLCommands {
    /// The SQL of `text` (a slice of `source` at byte `base`), ending in `;`.
    public static func compile(_ session: Session, _ text: String, source: SourceFile, base: Int, dialect: SQLDialect) throws(Diagnostic) -> String {
        let bound = try session.engine.prepare(text, source: source, base: base, defaultTable: session.defaultTable, parameters: session.parameters)
        do {
            // On a server, the statement the server would run (its layout, its derived view).
            if dialect == .postgres, let server = session.server { return try server.compile(bound, catalog: session.engine.catalog) + ";\n" }
            return try SQLCompiler(dialect: dialect, catalog: session.engine.catalog).compile(bound) + ";\n"
        } catch {
            throw error.located(in: source)
        }
    }

    /// Every query of a script as SQL; dot commands (`.load`, `.group`, `.use`) run as usual.
    @discardableResult
    public static func runScript(_ session: Session, _ text: String, name: String, dialect: SQLDialect) -> Bool {
        let source = SourceFile(name: name, text: text)
        var ok = true
        for st in StatementSplitter.split(text) {
            if st.kind == .dot {
                if !session.execute(st, source: source) { ok = false; if session.bail { break } }
                continue
            }
            do { session.write(try compile(session, st.text, source: source, base: st.offset, dialect: dialect)) } catch {
                session.report(error)
                ok = false
                if session.bail { break }
            }
        }
        return ok
    }

    /// The dot command: an optional dialect word, then a query (the last one run when none is given).
    static func run(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        var dialect = SQLDialect.postgres
        var first = 0
        if a.count > 0, let d = SQLDialect(rawValue: a[0].lowercased()) { dialect = d; first = 1 }
        if first < a.count {
            let start = a.spans[first].start
            let text = a.source.slice(SourceSpan(start, a.spans[a.count - 1].end))
            s.write(try compile(s, text, source: a.source, base: start, dialect: dialect))
            return
        }
        guard let last = s.lastQuery else {
            throw a.error("there is no query to translate yet", hints: ["write .sql QUERY, or run a query and then .sql"])
        }
        s.write(try compile(s, last, source: SourceFile(name: "last query", text: last), base: 0, dialect: dialect))
    }
}
