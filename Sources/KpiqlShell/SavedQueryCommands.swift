import Foundation
import KpiqlEngine
import KpiqlData

/// `.save` and `.run`: saved queries with parameters.
enum SavedQueryCommands {
    static func save(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        guard a.count >= 1 else { throw a.error(".save needs a name", hints: ["for example: .save children_red Children's red indicators"]) }
        try refuseAfterFailure(s, a, "saved", then: ".save \(a[0])")
        guard let query = s.lastQuery else { throw a.error("there is no query to save yet", hints: ["run a query, then .save NAME"]) }
        do { try SavedQueryStore.validate(a[0]) } catch { throw a.error(error.message, at: 0, hints: error.hints) }
        let description = a.count > 1 ? String(a.rest.dropFirst(a.spans[0].end - a.spans[0].start)).trimmingCharacters(in: .whitespaces) : ""
        let path: String
        do { path = try s.savedQueries.save(name: a[0], description: description, query: query, defaults: s.parameters, overwrite: a.bang) }
        catch {
            var d = a.error(error.message, at: 0, hints: error.hints)
            d.kind = error.kind   // a disk that refuses the file is a file error (exit 4), not a usage error
            d.code = error.code
            throw d
        }
        s.note("saved \(a[0]) to \(path)")
    }

    static func run(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        guard a.count >= 1 else { throw a.error(".run needs a saved query name", hints: ["'.queries' lists them"]) }
        let q = try find(s, a, at: 0)
        let params = q.defaults.merging(try arguments(of: q, a, from: 1)) { _, new in new }
        let saved = s.parameters
        s.parameters.merge(params) { _, new in new }
        defer { s.parameters = saved }
        s.readDepth += 1
        defer { s.readDepth -= 1 }
        guard s.readDepth <= Session.maxReadDepth else { throw a.error("saved queries nest too deep (does \(q.name) run itself?)", at: 0) }
        if !s.runScript(q.body, name: q.path) && s.bail { throw Diagnostic(.query, code: "K704", "stopped in \(q.name) (--bail)") }
    }

    /// After a failed query, `.save` and `.report` (of the last query) save nothing: the query
    /// before it is not what the user just typed, and a query that does not run is no use saved.
    static func refuseAfterFailure(_ s: Session, _ a: DotArguments, _ what: String, then retry: String) throws(Diagnostic) {
        guard let failed = s.failedQuery else { return }
        let shown = failed.count > 60 ? String(failed.prefix(57)) + "…" : failed
        throw a.error("the last query failed, so nothing was \(what): \(shown)",
                      hints: ["correct it and run it again, then \(retry)"]
                          + (s.lastQuery.map { _ in ["the query that ran before it is not \(what) in its place"] } ?? []))
    }

    /// Finds saved query `a[i]`, with a caret under the name when there is none.
    static func find(_ s: Session, _ a: DotArguments, at i: Int) throws(Diagnostic) -> SavedQuery {
        guard let q = s.savedQueries.find(a[i]) else {
            var d = s.savedQueries.unknown(a[i])
            d.span = a.spans[i]
            d.source = a.source
            throw d
        }
        return q
    }

    /// The `PARAM=VALUE` words from `a[first]` on, each checked against the parameters `q` has.
    static func arguments(of q: SavedQuery, _ a: DotArguments, from first: Int) throws(Diagnostic) -> [String: String] {
        var params: [String: String] = [:]
        for i in first..<max(first, a.count) {
            let w = a[i]
            guard let eq = w.firstIndex(of: "="), eq != w.startIndex else {
                throw a.error("expected PARAM=VALUE, found '\(w)'", at: i, hints: q.parameters.isEmpty ? ["\(q.name) takes no parameters"]
                              : ["\(q.name) takes " + q.parameters.map { $0.name + "=…" }.joined(separator: " ")])
            }
            let key = String(w[..<eq])
            var known = q.parameters.map(\.name)
            for n in Lexer.parameterNames(in: q.body) where !known.contains(n) { known.append(n) }
            guard known.contains(key) else {
                throw a.error("\(q.name) has no parameter '\(key)'", at: i,
                              hints: known.isEmpty ? ["\(q.name) takes no parameters"]
                                  : (Suggest.closest(to: key, in: known).map { ["did you mean \($0)?"] } ?? []) + ["its parameters: " + known.joined(separator: ", ")])
            }
            params[key] = String(w[w.index(after: eq)...])
        }
        return params
    }
}
