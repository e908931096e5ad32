/// Binding of `rank(x [, group | by FIELD])`, `quartile(…)`, `group_avg(…)` and `group_n(…)`.
///
/// They compare each row with the other areas on the same indicator, so they need a table
/// of areas (`area` and an indicator key, as Fingertips and LG Inform loads have), a number to
/// compare, a polarity for rank and quartile (`good`), and, if named, a comparator group
/// defined with `.group` (one list, or a mapping that gives each area its own) or a field
/// whose value the compared rows share (`by region`). Each missing piece is its own error,
/// saying how to supply it.
extension Binder {
    mutating func bindComparative(_ f: ComparativeFunction, args: [Expr], span: SourceSpan) throws(Diagnostic) -> BoundExpr {
        let name = f.rawValue
        guard args.count == 1 || args.count == 2 else {
            throw BindError.arity(name, expected: "a number and optionally a comparator group or a field to compare within: \(name)(latest), \(name)(latest, neighbours) or \(name)(latest, by region)", span: span)
        }
        guard let key = table.indicatorKey, table.index(of: "area") != nil else { throw ComparativeError.noAreas(name, table: table, span: span) }
        if case .call("by", _, _) = args[0].kind { throw ComparativeError.byFirst(name, span: args[0].span) }
        let saved = allowAggregates
        allowAggregates = false
        defer { allowAggregates = saved }
        let value = try bindExpr(args[0])
        try requireNumber(value, "\(name)()")
        var scope = ComparisonScope(group: nil, members: nil, keyColumns: key.compactMap { table.index(of: $0) },
                                    goodColumn: table.index(of: "good"))
        if args.count == 2, case .call("by", _, let inner) = args[1].kind {
            let field = try bindExpr(inner[0])
            guard case .column(let c) = field.kind else { throw ComparativeError.byNotField(name, source.slice(inner[0].span), span: inner[0].span) }
            scope.keyColumns.append(c)
            scope.partitionField = c
            if let type = table.index(of: "area_type"), type != c { scope.keyColumns.append(type) }
        } else if args.count == 2 {
            let g = args[1]
            guard case .name(let groupName) = g.kind else { throw ComparativeError.notAGroup(name, source.slice(g.span), span: g.span) }
            guard let group = catalog.groups[groupName.lowercased()] else {
                if table.index(of: groupName) != nil { throw ComparativeError.notAGroup(name, groupName, span: g.span, field: true) }
                throw ComparativeError.unknownGroup(groupName, groups: catalog.groups.values.map(\.name).sorted(), span: g.span)
            }
            scope.group = group.name
            if group.form == .list {
                let members = group.rows(in: table)
                guard members.contains(true) else { throw ComparativeError.noMembers(group, table: table, span: g.span) }
                scope.members = members
            } else {
                let peers = group.cache.peers(for: group, in: table)
                guard peers.matchesAny else { throw ComparativeError.noMembers(group, table: table, span: g.span) }
                scope.peers = peers
                for miss in peers.nearMisses {
                    let note = "group \(group.name) names '\(miss.mapping)', which is no area of \(table.name); its '\(miss.table)' is in no list, "
                        + "so it has no \(name)() and the others are compared without it (if they are one area, spell it the same in the group's file)"
                    if !notes.contains(note) { notes.append(note) }
                }
            }
        } else if let type = table.index(of: "area_type") {
            // Without a group, districts rank among districts, not with England or the regions.
            scope.keyColumns.append(type)
        }
        if f == .rank || f == .quartile {
            guard let good = scope.goodColumn, case .enumeration(_, let d) = table.columns[good].data, d == .good else {
                throw ComparativeError.noPolarity(name, table: table, span: span)
            }
        }
        return BoundExpr(.comparative(f, value, scope), .number, span)
    }
}

/// Diagnostics of the comparative functions (codes K215–K219).
enum ComparativeError {
    static func noAreas(_ f: String, table: Table, span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K215", "\(f)() compares areas on the same indicator, but table \(table.name) has no areas", span: span,
                   hints: ["load a file of several areas (a Fingertips or LG Inform download), or name its area column in the file's mapping: area = \"Council\""])
    }

    static func notAGroup(_ f: String, _ text: String, span: SourceSpan, field: Bool = false) -> Diagnostic {
        var hints = ["define a group with .group NAME FILE (or .group NAME AREA, AREA …), then write \(f)(latest, NAME)"]
        if field { hints.append("to compare the rows that share a value of \(text), write \(f)(latest, by \(text))") }
        return Diagnostic(.query, code: "K216", "the second argument of \(f)() is a comparator group, and '\(text)' is not one", span: span,
                          hints: hints)
    }

    static func byNotField(_ f: String, _ text: String, span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K216", "\(f)(x, by FIELD) compares the rows that share a field's value, and '\(text)' is not a field", span: span,
                   hints: ["name a field such as region or family_group: \(f)(latest, by region)"])
    }

    static func byFirst(_ f: String, span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K216", "by FIELD comes after the value to compare", span: span,
                   hints: ["write \(f)(latest, by region)"])
    }

    /// `by` outside the comparative functions.
    static func byOutside(_ f: String, span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K216", "by FIELD belongs in rank(), quartile(), group_avg() or group_n(), not in \(f)()", span: span,
                   hints: ["for example: rank(latest, by region); to group rows write group by FIELD after the query's from"])
    }

    static func unknownGroup(_ name: String, groups: [String], span: SourceSpan) -> Diagnostic {
        var hints = Suggest.closest(to: name, in: groups).map { ["did you mean '\($0)'?"] } ?? []
        hints.append(groups.isEmpty ? "no groups are defined yet: .group \(name) FILE, or .group \(name) AREA, AREA …"
                                    : "groups: " + groups.joined(separator: ", ") + " (.group lists them)")
        return Diagnostic(.query, code: "K217", "no comparator group named '\(name)'", span: span, hints: hints)
    }

    static func noMembers(_ group: ComparatorGroup, table: Table, span: SourceSpan) -> Diagnostic {
        var areas: [String] = []
        if let c = table.column("area"), case .text(_, let dict) = c.data { areas = Array(dict.values.prefix(8)) }
        return Diagnostic(.query, code: "K218", "no area of group \(group.name) is in table \(table.name)", span: span,
                          hints: ["the group's areas (\(group.members.prefix(4).joined(separator: ", "))\(group.members.count > 4 ? ", …" : "")) are matched with area and area_code",
                                  "areas in \(table.name): " + areas.joined(separator: ", ") + (areas.count == 8 ? ", …" : "")])
    }

    static func noPolarity(_ f: String, table: Table, span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K219", "\(f)() ranks with each indicator's polarity, and table \(table.name) has no good field", span: span,
                   hints: ["give one in the file's mapping (FILE.kpiql.toml): good = \"high\" or good = \"low\"; group_avg() needs none"])
    }
}
