/// What a bare word of a query names, decided once against the table's schema before any
/// comparison is bound, so that no later step has to guess.
///
/// A word is a field (by exact or case-folded name: fields win over symbols), else a symbol of
/// one of the table's enum domains (`red` is a status), else unresolved: a misspelt field, or a
/// text value written without quotes. Which of the last two it is depends on what it is
/// compared with, and `Binder.bindPair` decides that.
enum ResolvedName: Equatable {
    case field(Int)
    /// The word is a value of these enum fields (column indices), and no field is called so.
    case symbol(fields: [Int])
    case unresolved

    var isField: Bool { if case .field = self { return true } else { return false } }
}

/// Resolves the bare words of a query against one table.
struct NameResolver {
    let table: Table

    func resolve(_ word: String) -> ResolvedName {
        if let i = table.index(of: word) { return .field(i) }
        let fields = table.columns.indices.filter { i in
            if case .enumeration(let d) = table.columns[i].type { return d.code(of: word) != nil }
            return false
        }
        return fields.isEmpty ? .unresolved : .symbol(fields: fields)
    }

    /// The word of a bare-name expression and what it names; nil for anything else.
    func resolve(_ e: Expr) -> (word: String, name: ResolvedName)? {
        guard case .name(let n) = e.kind else { return nil }
        return (n, resolve(n))
    }

    /// The fields nearest a misspelt word, best first (at most three), for "did you mean".
    func nearestFields(to word: String) -> [String] {
        let w = word.lowercased()
        let scored = table.fieldNames.map { ($0, Suggest.distance(w, $0.lowercased())) }
        let limit = max(1, min(3, w.count / 3 + 1))
        var near = scored.filter { $0.1 <= limit }.sorted { $0.1 < $1.1 }.map(\.0)
        if near.isEmpty, let s = Suggest.closest(to: word, in: table.fieldNames) { near = [s] }
        return Array(near.prefix(3))
    }
}

/// What a diagnostic of the binder is about: a field, a literal as written, a symbol, or any
/// other expression. Messages are built from these, never from pre-quoted strings, so a
/// literal is never called a field and a field never gets quotes meant for text.
enum Subject {
    case field(String)
    /// A number, quoted text or parameter, exactly as written (`"Sefton"`, `10`, `$p`).
    case literal(String)
    case symbol(String)
    case expression(String)

    /// How the subject reads inside a sentence.
    var described: String {
        switch self {
        case .field(let f): return f
        case .literal(let t): return t
        case .symbol(let s): return s
        case .expression(let t): return "'\(t)'"
        }
    }

    /// The subject as a field name, if it is one: only fields have a domain to list.
    var fieldName: String? { if case .field(let f) = self { return f } else { return nil } }
}
