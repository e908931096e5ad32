import KpiqlEngine
import KpiqlData
import KpiqlSQL

/// Diagnostics of the server connection (codes K664–K671).
public enum ServerError {
    static func passwordInString() -> Diagnostic {
        Diagnostic(.usage, code: "K664", "the connection string holds a password, which would be kept in shell and REPL history",
                   hints: ["leave the password out and give it through PGPASSWORD, ~/.pgpass or a service file (PGSERVICE), as psql reads it"])
    }

    static func cannotConnect(_ message: String) -> Diagnostic {
        Diagnostic(.io, code: "K665", "cannot connect to the server: \(message)",
                   hints: ["check the URL or conninfo (postgresql://user@host/db, or host=… dbname=…); the password comes from PGPASSWORD or ~/.pgpass"])
    }

    static func lost(_ message: String) -> Diagnostic {
        Diagnostic(.io, code: "K666", "the connection to the server was lost" + (message.isEmpty ? "" : ": \(message)"),
                   hints: ["the next query tries to reconnect; .engine URL connects again, .engine off goes back to memory"])
    }

    static func server(_ message: String) -> Diagnostic {
        Diagnostic(.query, code: "K667", "the server refused the query: \(message)",
                   hints: ["push the table first (kpiql push TABLE --engine URL), or see the SQL with .sql"])
    }

    static func exists(_ table: String) -> Diagnostic {
        Diagnostic(.usage, code: "K668", "table \(table) already exists on the server",
                   hints: ["add --replace to replace it, or push it under another name with --as NAME"])
    }

    static func serverOnly(_ table: String) -> Diagnostic {
        Diagnostic(.usage, code: "K671", "table \(table) is on the server only: kpiql holds none of its rows to push",
                   hints: ["load the rows first (.load FILE as \(table)), or push another table"])
    }
}
