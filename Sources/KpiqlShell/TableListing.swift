import KpiqlEngine
import KpiqlData

/// Listings shown by dot commands, built as result sets so every output mode works on them.
enum TableListing {
    static func make(_ names: [String], _ rows: [[Value]], table: String) -> ResultSet {
        let cols = names.enumerated().map { i, n in
            ResultSet.Column(name: n, type: rows.first.map { r -> FieldType in if case .number = r[i] { return .number } else { return .text } } ?? .text,
                             values: rows.map { $0[i] })
        }
        return ResultSet(columns: cols, rowCount: rows.count, tableName: table)
    }

    static func tables(_ tables: [Table], current: String) -> ResultSet {
        make(["table", "rows", "fields", "kind", "source"], tables.map { t in
            [.text(t.name + (t.name.lowercased() == current.lowercased() ? " *" : "")), .number(Double(t.rowCount)),
             .number(Double(t.columns.count)), .text(t.kind == .metrics ? "metrics" : "plain"),
             .text(t.sources.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: ", "))]
        }, table: "tables")
    }

    static func fields(_ t: Table) -> ResultSet {
        make(["field", "type", "source or formula"], t.columns.map { c in
            [.text(c.name), .text(c.type.description), c.doc.isEmpty ? .missing : .text(c.doc)]
        }, table: t.name)
    }

    static func queries(_ qs: [SavedQuery]) -> ResultSet {
        make(["name", "where", "parameters", "description"], qs.map { q in
            [.text(q.name), .text(q.location.rawValue),
             q.parameters.isEmpty ? .missing : .text(q.parameters.map { $0.value.isEmpty ? $0.name : "\($0.name)=\($0.value)" }.joined(separator: " ")),
             q.description.isEmpty ? .missing : .text(q.description)]
        }, table: "queries")
    }
}
