/// Factories for the binder's diagnostics (codes K2xx).
enum BindError {
    static func unknownTable(_ name: String, span: SourceSpan, tables: [String]) -> Diagnostic {
        var hints: [String] = []
        if let s = Suggest.closest(to: name, in: tables) { hints.append("did you mean '\(s)'?") }
        hints.append("tables: " + tables.joined(separator: ", "))
        return Diagnostic(.query, code: "K201", "unknown table '\(name)'", span: span, hints: hints)
    }

    static func unknownField(_ name: String, span: SourceSpan, table: Table, nearest: [String]) -> Diagnostic {
        var hints: [String] = []
        if !nearest.isEmpty { hints.append("did you mean " + Suggest.list(nearest.map { "'\($0)'" }) + "?") }
        // A symbol on its own ("where red") reads as a value of some enum field.
        for c in table.columns {
            if case .enumeration(let d) = c.type, d.code(of: name) != nil {
                hints.append("'\(name.lowercased())' is a value of \(c.name): write \(c.name) = \(name.lowercased())")
                break
            }
        }
        if hints.isEmpty {
            hints.append("'.fields \(table.name)' lists the fields; text values go in quotes: \"\(name)\"")
        }
        return Diagnostic(.query, code: "K202", "unknown field '\(name)' in table \(table.name)", span: span, hints: hints)
    }

    static func unknownSymbol(_ word: String, of subject: Subject, domain: EnumDomain, span: SourceSpan, via parameter: String? = nil) -> Diagnostic {
        let field = subject.described
        let what = parameter.map { "$\($0) for \(field)" } ?? field
        var hints: [String] = []
        if let s = Suggest.closest(to: word, in: domain.values) { hints.append("did you mean '\(s)'? (\(field) is \(domain.listed))") }
        else { hints.append("\(field) is \(domain.listed)") }
        return Diagnostic(.query, code: "K203", "unknown \(what) '\(word)'", span: span, hints: hints)
    }

    /// A bare word compared with a text field that is none of its values. The list of values
    /// is shown only when there is one to show and it is short.
    static func unknownTextValue(_ word: String, of subject: Subject, values: [String], span: SourceSpan) -> Diagnostic {
        let field = subject.described
        var hints: [String] = []
        if let s = Suggest.closest(to: word, in: values) { hints.append("did you mean \"\(s)\"?") }
        if !values.isEmpty && values.count <= 12 { hints.append("\(field) is one of: " + values.map { "\"\($0)\"" }.joined(separator: ", ")) }
        hints.append("to match text that is not in the data, write it in quotes: \(field) = \"\(word)\"")
        return Diagnostic(.query, code: "K204", "no \(field) is '\(word)'", span: span, hints: hints)
    }

    static func cannotCompare(_ a: Subject, _ aType: FieldType, with b: Subject, _ bType: FieldType, span: SourceSpan,
                              hint: String?, fix: Fix? = nil) -> Diagnostic {
        Diagnostic(.query, code: "K205", "cannot compare \(a.described) (\(aType)) with \(b.described) (\(bType))", span: span,
                   hints: hint.map { [$0] } ?? [], fix: fix)
    }

    static func typeMismatch(_ message: String, span: SourceSpan, hint: String? = nil) -> Diagnostic {
        Diagnostic(.query, code: "K205", message, span: span, hints: hint.map { [$0] } ?? [])
    }

    static func notACondition(_ e: BoundExpr, clause: String, source: SourceFile) -> Diagnostic {
        Diagnostic(.query, code: "K206", "'\(clause)' needs a condition, but '\(source.slice(e.span))' is a \(e.type)", span: e.span,
                   hints: ["compare it with something, for example: \(source.slice(e.span)) > 0"])
    }

    static func unknownFunction(_ name: String, span: SourceSpan) -> Diagnostic {
        let all = ["abs", "round", "coalesce", "spark", "declining", "improving"] + AggregateFunction.allCases.map(\.rawValue)
            + ComparativeFunction.allCases.map(\.rawValue)
        var hints: [String] = []
        if let s = Suggest.closest(to: name, in: all) { hints.append("did you mean \(s)()?") }
        hints.append("functions: " + all.map { $0 + "()" }.joined(separator: ", "))
        return Diagnostic(.query, code: "K207", "unknown function '\(name)'", span: span, hints: hints)
    }

    static func arity(_ name: String, expected: String, span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K208", "\(name)() takes \(expected)", span: span)
    }

    static func aggregateNotAllowed(_ name: String, span: SourceSpan, clause: String) -> Diagnostic {
        Diagnostic(.query, code: "K209", "\(name)() cannot be used in \(clause)", span: span,
                   hints: ["aggregates belong in select or order by; filter rows in where with plain conditions"])
    }

    static func notGrouped(_ field: String, span: SourceSpan, fix: Fix? = nil) -> Diagnostic {
        Diagnostic(.query, code: "K210", "'\(field)' must be in group by or inside an aggregate such as count() or avg()",
                   span: span, hints: ["add it to group by, or write for example max(\(field))"], fix: fix)
    }

    static func missingParameter(_ name: String, span: SourceSpan, known: [String]) -> Diagnostic {
        var hints = ["give it a value: .run NAME \(name)=VALUE, or --param \(name)=VALUE in batch mode"]
        if let s = Suggest.closest(to: name, in: known) { hints.insert("did you mean $\(s)?", at: 0) }
        return Diagnostic(.query, code: "K211", "parameter $\(name) has no value", span: span, hints: hints)
    }

    static func badRegex(_ pattern: String, span: SourceSpan, reason: String) -> Diagnostic {
        Diagnostic(.query, code: "K212", "'\(pattern)' is not a valid regular expression: \(reason)", span: span,
                   hints: ["to match text literally, use contains \"…\" instead of matches"])
    }

    static func orderByCondition(_ span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K213", "cannot order by a condition", span: span,
                   hints: ["order by a field or a number, for example: order by variance"])
    }

    static func totalsWithoutGroup(_ span: SourceSpan) -> Diagnostic {
        Diagnostic(.query, code: "K214", "'with totals' needs a group by", span: span)
    }
}
