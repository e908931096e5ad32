/// Diagnostics of joins, qualified names, `having` and `in group` (codes K231–K239).
enum JoinError {
    static func keyNotInTable(_ key: Query.Name, table: String, stored: String, fields: [String]) -> Diagnostic {
        var hints: [String] = []
        if let s = Suggest.closest(to: key.text, in: fields) { hints.append("did you mean '\(s)'?") }
        hints.append("a key must be a field of both tables; '.fields \(stored)' lists \(table)'s")
        return Diagnostic(.query, code: "K231", "key '\(key.text)' is not a field of \(table)", span: key.span, hints: hints)
    }

    static func keyTypes(_ key: Query.Name, left: String, leftType: FieldType, right: String, rightType: FieldType) -> Diagnostic {
        Diagnostic(.query, code: "K232",
                   "key '\(key.text)' is \(article(leftType)) in \(left) but \(article(rightType)) in \(right), so no rows could pair up",
                   span: key.span,
                   hints: ["join on fields of the same type; load the file with the column as text, or join on another field"])
    }

    static func ambiguous(_ name: String, candidates: [String], span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K233", "'\(name)' is a field of more than one table in this join", span: span,
                   hints: ["say which: " + candidates.joined(separator: " or ")])
    }

    static func sameName(_ name: Query.Name, first: Query.Name) -> Diagnostic {
        Diagnostic(.query, code: "K234", "two tables in this query are called '\(name.text)'", span: name.span,
                   hints: ["name each with 'as': from \(first.text) as now join \(name.text) as was on id"])
    }

    static func unknownQualifier(_ name: String, qualifier: String, sides: [String], span: SourceSpan) -> Diagnostic {
        var hints: [String] = []
        if let s = Suggest.closest(to: qualifier, in: sides) { hints.append("did you mean '\(s)'?") }
        hints.append("the tables of this query are " + sides.joined(separator: " and "))
        return Diagnostic(.query, code: "K235", "no table called '\(qualifier)' in this query (in '\(name)')", span: span, hints: hints)
    }

    static func havingWithoutGroup(_ span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K236", "'having' keeps groups, and this query has no group by", span: span,
                   hints: ["add group by FIELD, or filter rows with where"])
    }

    static func groupOfText(_ what: String, type: FieldType, span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K237", "'in group' matches area names or codes, but \(what) is \(article(type))", span: span,
                   hints: ["write the field that holds the areas: council in group NAME, or area in group NAME"])
    }

    static func noMemberIn(_ group: ComparatorGroup, field: String, values: [String], span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K238", "no area of group \(group.name) is a value of \(field)", span: span,
                   hints: ["the group's areas: " + group.members.prefix(6).joined(separator: ", ") + (group.members.count > 6 ? ", …" : ""),
                           "\(field) holds: " + values.prefix(6).joined(separator: ", ") + (values.count > 6 ? ", …" : ""),
                           "areas are matched by their whole name, ignoring case"])
    }

    static func article(_ t: FieldType) -> String {
        switch t {
        case .number: return "a number"
        case .text: return "text"
        case .enumeration: return "one of \(t)"
        case .bool: return "a condition"
        }
    }
}
