import Foundation
@testable import KpiqlEngine
@testable import KpiqlData
@testable import KpiqlSQL
@testable import KpiqlShell
@testable import KpiqlServer

/// Whether a server's rows are kpiql's result: the same number of rows and columns in the
/// same order, text and symbols equal, numbers equal to 1e-9 relative, missing as NULL.
enum SQLAgreement {
    static let tolerance = 1e-9

    /// nil when they agree; otherwise the first difference, for the failure message.
    static func difference(_ result: ResultSet, _ outcome: SQLServers.Outcome) -> String? {
        guard case .rows(let rows) = outcome else {
            if case .error(let message) = outcome { return "server error: \(message)" }
            return "no rows"
        }
        guard rows.count == result.rowCount else { return "kpiql has \(result.rowCount) rows, the server \(rows.count)" }
        for r in 0..<rows.count {
            guard rows[r].count == result.columns.count else { return "row \(r): \(rows[r].count) cells, kpiql \(result.columns.count)" }
            for c in 0..<rows[r].count {
                let k = result.value(row: r, column: c), s = rows[r][c]
                if !same(k, s) { return "row \(r) column \(result.columns[c].name): kpiql \(k) (\(k == .missing ? "missing" : "value")), server \(s ?? "NULL")" }
            }
        }
        return nil
    }

    static func same(_ k: Value, _ s: String?) -> Bool {
        switch (k, s) {
        case (.missing, nil): return true
        case (.missing, _), (_, nil): return false
        case (.number(let x), let t?):
            guard let y = Double(t) else { return false }
            return x == y || abs(x - y) <= tolerance * max(abs(x), abs(y))
        case (.text(let a), let t?), (.symbol(let a), let t?): return a == t
        case (.bool(let b), let t?): return t == (b ? "t" : "f") || t == (b ? "true" : "false")
        }
    }
}
