import KpiqlEngine
import KpiqlData

/// The diagnostics of the SQL compiler (codes K660–K665), and the list of constructs that do
/// not translate. `docs/sql-untranslatable.md` is checked against `untranslatable` by a test,
/// so the list users read is the list the compiler refuses.
public enum SQLRefusal {
    /// Constructs with no faithful SQL: the name users write, and why.
    public static let untranslatable: [(construct: String, reason: String)] = [
        ("number literals beyond double range (1e400)", "kpiql reads them as infinity, which neither engine accepts as a literal"),
        ("text containing a NUL character", "neither engine can hold it in a text value"),
    ]

    static func construct(_ what: String, _ why: String, span: SourceSpan, hint: String? = nil) -> Diagnostic {
        Diagnostic(.query, code: "K660", "\(what) cannot be translated to SQL: \(why)", span: span,
                   hints: [hint ?? "run this query in kpiql itself, or leave \(what) out of it"]
                       + ["docs/sql-untranslatable.md lists every construct that does not translate"])
    }

    static func reservedName(_ name: String, table: String) -> Diagnostic {
        Diagnostic(.query, code: "K661", "table \(table) has a field named '\(name)', and names starting with kpiql_ are kept for the columns kpiql adds on a server",
                   hints: ["rename the column in the file (or in its FILE.kpiql.toml mapping) before compiling or pushing"])
    }

    public static func unknownDialect(_ name: String) -> Diagnostic {
        Diagnostic(.usage, code: "K662", "unknown SQL dialect '\(name)'",
                   hints: ["dialects: " + SQLDialect.allCases.map(\.rawValue).joined(separator: ", ") + " (postgres is the default)"])
    }
}
