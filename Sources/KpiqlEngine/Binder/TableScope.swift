/// The tables of a query with a join (or a table alias), seen as one table to bind names
/// against: `now.status`, `was.status`, and bare names where only one table has the field.
///
/// The schema's columns share their data with the tables (nothing is copied); only their
/// names and types matter to the binder. A field both tables hold is shown qualified
/// (`now.status`, `was.status`) and its bare name is ambiguous, except a join key, whose bare
/// name is the first table's (the key is equal on both sides of every pair).
struct TableScope {
    let schema: Table
    let join: BoundJoin
    /// Lower-cased bare name → its qualified names, for fields of more than one table.
    let ambiguous: [String: [String]]
    let sideNames: [String]

    static func make(_ q: Query, catalog: Catalog, defaultTable: String) throws(Diagnostic) -> TableScope {
        let firstName = q.from ?? Query.Name(text: defaultTable, span: q.span)
        guard let first = catalog.table(firstName.text) else {
            throw BindError.unknownTable(firstName.text, span: firstName.span, tables: catalog.tableNames)
        }
        var names = [q.fromAlias ?? Query.Name(text: first.name, span: firstName.span)]
        var tables = [first]
        for j in q.joins {
            guard let t = catalog.table(j.table.text) else {
                throw BindError.unknownTable(j.table.text, span: j.table.span, tables: catalog.tableNames)
            }
            let name = j.alias ?? Query.Name(text: t.name, span: j.table.span)
            if let earlier = names.first(where: { $0.text.lowercased() == name.text.lowercased() }) {
                throw JoinError.sameName(name, first: earlier)
            }
            names.append(name)
            tables.append(t)
        }
        var steps: [BoundJoin.Step] = []
        var keyNames = Set<String>()
        for (k, j) in q.joins.enumerated() {
            let right = k + 1, rt = tables[right]
            var leftKeys: [(side: Int, column: Int)] = [], rightKeys: [Int] = []
            for key in j.keys {
                // The key on the left is the first earlier table that holds it.
                guard let side = (0..<right).first(where: { tables[$0].index(of: key.text) != nil }) else {
                    throw JoinError.keyNotInTable(key, table: names[0].text, stored: tables[0].name, fields: tables[0].fieldNames)
                }
                guard let rc = rt.index(of: key.text) else {
                    throw JoinError.keyNotInTable(key, table: names[right].text, stored: rt.name, fields: rt.fieldNames)
                }
                let lc = tables[side].index(of: key.text)!
                let lt = tables[side].columns[lc].type, rtType = rt.columns[rc].type
                guard lt == rtType else {
                    throw JoinError.keyTypes(key, left: names[side].text, leftType: lt, right: names[right].text, rightType: rtType)
                }
                leftKeys.append((side, lc))
                rightKeys.append(rc)
                keyNames.insert(key.text.lowercased())
            }
            steps.append(.init(kind: j.kind, right: right, leftKeys: leftKeys, rightKeys: rightKeys, keyNames: j.keys.map(\.text)))
        }
        return build(tables: tables, names: names.map(\.text), steps: steps, keyNames: keyNames)
    }

    /// The schema: every column of every table, bare where the name is the table's alone (or a
    /// key, on the first table holding it), qualified otherwise; qualified names always work.
    private static func build(tables: [Table], names: [String], steps: [BoundJoin.Step], keyNames: Set<String>) -> TableScope {
        var holders: [String: [Int]] = [:]
        for (s, t) in tables.enumerated() {
            for c in t.columns { holders[c.name.lowercased(), default: []].append(s) }
        }
        var columns: [Column] = [], sources: [(side: Int, column: Int)] = [], qualified: [String] = []
        for (s, t) in tables.enumerated() {
            for (i, c) in t.columns.enumerated() {
                let lower = c.name.lowercased(), q = names[s] + "." + c.name
                let bare = holders[lower]!.count == 1 || (keyNames.contains(lower) && holders[lower]!.first == s)
                columns.append(Column(bare ? c.name : q, c.data, doc: "\(names[s]): " + c.doc))
                sources.append((s, i))
                qualified.append(q)
            }
        }
        var ambiguous: [String: [String]] = [:]
        for (lower, sides) in holders where sides.count > 1 && !keyNames.contains(lower) {
            let c = tables[sides[0]].column(lower)!.name
            ambiguous[lower] = sides.map { names[$0] + "." + c }
        }
        // Without `select`: the keys, then each table's usual fields.
        var defaults: [String] = []
        for (s, t) in tables.enumerated() {
            for f in t.defaultFields {
                guard let i = t.index(of: f) else { continue }
                let at = tables[..<s].reduce(0) { $0 + $1.columns.count } + i
                if keyNames.contains(f.lowercased()) && s > 0 { continue }
                defaults.append(columns[at].name)
            }
        }
        let schema = Table(name: names.joined(separator: " join "), kind: .plain, columns: columns, defaultFields: defaults,
                           sources: tables.flatMap(\.sources))
        for (i, q) in qualified.enumerated() where columns[i].name != q { schema.addAlias(q, for: i) }
        let join = BoundJoin(sides: zip(tables, names).map { BoundJoin.Side(table: $0, name: $1) }, steps: steps, sources: sources)
        return TableScope(schema: schema, join: join, ambiguous: ambiguous, sideNames: names)
    }

    /// Why `name` does not resolve, when the join is the reason: it is in several tables, or
    /// it is qualified by a name that is not one of the query's tables.
    func problem(with name: String, span: SourceSpan) -> Diagnostic? {
        if let c = ambiguous[name.lowercased()] { return JoinError.ambiguous(name, candidates: c, span: span) }
        if let dot = name.firstIndex(of: "."), !sideNames.contains(where: { $0.lowercased() == name[..<dot].lowercased() }) {
            return JoinError.unknownQualifier(name, qualifier: String(name[..<dot]), sides: sideNames, span: span)
        }
        return nil
    }
}

extension Binder {
    /// The table a query reads: one from the catalog, or the schema of its join.
    mutating func resolveTable(_ q: Query) throws(Diagnostic) -> Table {
        guard q.joins.isEmpty && q.fromAlias == nil else {
            let s = try TableScope.make(q, catalog: catalog, defaultTable: defaultTable)
            scope = s
            return s.schema
        }
        let tableName = q.from?.text ?? defaultTable
        guard let t = catalog.table(tableName) else {
            throw BindError.unknownTable(tableName, span: q.from?.span ?? q.span, tables: catalog.tableNames)
        }
        return t
    }

}
