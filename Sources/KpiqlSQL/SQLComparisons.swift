import KpiqlEngine
import KpiqlData

/// The comparisons between areas of a query (`rank`, `quartile`, `group_avg`, `group_n`) as
/// common tables over the whole table, before `where`, as `ComparativeEvaluator` computes them.
///
/// One list, the whole indicator and `by FIELD` are window functions (`SQLComparative`); a
/// comparator mapping is `SQLComparisonPeers`, its areas resolved once in `kpiql_placed`. A
/// comparison of a comparison (`rank(group_avg(x, by region))`) is a layer over the layer that
/// computes the inner one, as in memory the inner is evaluated over the whole table first; the
/// last layer is `kpiql_compared`.
extension SQLCompiler {
    /// Appends the layers to `ctes` and names each comparison's column in `ex`; returns the
    /// table the query reads, and whether the statement needs `WITH RECURSIVE`.
    func comparisons(_ q: BoundQuery, _ uses: SQLUses, _ ex: inout SQLExpressions,
                     _ ctes: inout [(name: String, body: String)]) throws(Diagnostic) -> (source: String, recursive: Bool) {
        guard !uses.comparatives.isEmpty else { return ("kpiql_rows", false) }
        let r = SQLExpressions.source
        let cmp = SQLComparative(dialect: dialect, table: q.table, catalog: catalog)
        func keys(_ scope: ComparisonScope) -> [String] { scope.keyColumns.map { dialect.identifier(q.table.columns[$0].name) } }
        // Each mapping group resolved once, its rows' areas and indicators in `kpiql_placed`.
        var mappings: [String: SQLComparisonPeers] = [:], placed: [String] = [], parts: [String: String] = [:]
        for c in uses.comparatives {
            guard case .comparative(_, _, let scope) = c.kind, scope.peers != nil, let name = scope.group else { continue }
            let k = keys(scope)
            if parts[k.joined(separator: ",")] == nil {
                let part = "kpiql_part\(parts.count)"
                parts[k.joined(separator: ",")] = part
                placed.append(SQLComparisonPeers(dialect: dialect, table: q.table, number: 0).part(keys: k) + " AS \(part)")
            }
            guard let group = catalog.groups[name.lowercased()], mappings[name.lowercased()] == nil else { continue }
            let peers = SQLComparisonPeers(dialect: dialect, table: q.table, number: mappings.count)
            mappings[name.lowercased()] = peers
            ctes += peers.commonTables(group)
            placed.append(peers.rowArea())
        }
        var source = "kpiql_rows"
        if !mappings.isEmpty {
            ctes.append(("kpiql_placed", "SELECT *, " + placed.joined(separator: ", ") + "\n  FROM kpiql_rows AS \(r)"))
            source = "kpiql_placed"
        }
        // Layer of each comparison: one more than the deepest comparison inside its value
        // (`uses.comparatives` lists inner ones before the ones around them).
        var depth: [String: Int] = [:]
        for c in uses.comparatives {
            guard case .comparative(_, let arg, _) = c.kind else { continue }
            var inner = SQLUses(table: q.table)
            inner.visit(arg)
            depth[c.signature] = 1 + (inner.comparatives.compactMap { depth[$0.signature] }.max() ?? 0)
        }
        let layers = depth.values.max() ?? 1
        var statsNames: [String: String] = [:]
        for layer in 1...layers {
            var columns: [String] = [], joins: [String] = []
            for (i, c) in uses.comparatives.enumerated() where depth[c.signature] == layer {
                guard case .comparative(let f, let arg, let scope) = c.kind else { continue }
                let name = "kpiql_c\(i)", value = try ex.sql(arg, .row)
                if scope.peers != nil, let peers = scope.group.flatMap({ mappings[$0.lowercased()] }), let part = parts[keys(scope).joined(separator: ",")] {
                    let good = scope.goodColumn.map { r + "." + dialect.identifier(q.table.columns[$0].name) }
                    // rank and group_n of one value in one mapping share its slots and stats.
                    let shareKey = "\(peers.number)|\(part)|\(value)"
                    let stats = statsNames[shareKey] ?? "kpiql_stats\(i)"
                    if statsNames[shareKey] == nil {
                        statsNames[shareKey] = stats
                        ctes.append(("kpiql_slots\(i)", peers.slots(value: value, part: part, from: source)))
                        ctes.append((stats, peers.stats(value: value, good: good, part: part, slots: "kpiql_slots\(i)", from: source)))
                    }
                    if !joins.contains(where: { $0.contains(" \(stats) ") }) {
                        joins.append("\n  LEFT JOIN \(stats) ON \(stats).kpiql_row = \(r).\(dialect.identifier(SQLTableShape.rowColumn))")
                    }
                    columns.append("\(peers.sql(f, value: value, good: good, stats: stats)) AS \(name)")
                } else if scope.peers != nil {
                    throw SQLRefusal.construct("this comparator group", "it is no longer defined in the session", span: c.span)
                } else {
                    columns.append("\(cmp.sql(f, value: value, scope: scope)) AS \(name)")
                }
                ex.comparatives[c.signature] = name
            }
            let name = layer == layers ? "kpiql_compared" : "kpiql_compared\(layer)"
            ctes.append((name, "SELECT \(r).*, " + columns.joined(separator: ",\n    ") + "\n  FROM \(source) AS \(r)" + joins.joined()))
            source = name
        }
        return (source, !mappings.isEmpty)
    }
}
