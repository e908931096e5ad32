import Foundation
import KpiqlEngine
import KpiqlData

/// The `where` clause of a query in words, for `QueryCaption`: each condition joined by `and`
/// becomes the subject ("Sefton's Children's indicators"), a participle ("rated red") or a
/// clause ("kind is service"). A condition it has no words for is quoted as written.
struct CaptionConditions {
    let source: SourceFile
    let parameters: [String: String]
    var council: String?
    var priority: String?
    var participles: [String] = []
    var clauses: [String] = []

    init(source: SourceFile, parameters: [String: String]) {
        self.source = source
        self.parameters = parameters
    }

    mutating func add(_ e: Expr) {
        if case .binary(.and, let a, let b) = e.kind {
            add(a)
            add(b)
            return
        }
        if describe(e) { return }
        let raw = slice(e)
        // Inside "… and …", an `or` written without brackets would read differently.
        if case .binary(.or, _, _) = e.kind, !raw.hasPrefix("(") { clauses.append("(" + raw + ")") } else { clauses.append(raw) }
    }

    /// Adds the words for a condition kpiql understands; false when it has none.
    private mutating func describe(_ e: Expr) -> Bool {
        switch e.kind {
        case .binary(let op, let lhs, let rhs) where op.isComparison:
            guard let field = fieldName(lhs), let v = value(rhs) else { return false }
            return comparison(field, op, v)
        case .inList(let lhs, let items, let negated):
            guard let field = fieldName(lhs) else { return false }
            let vs = items.compactMap(value)
            guard vs.count == items.count, !vs.isEmpty else { return false }
            if let words = ratingWords(field, vs, negated: negated) { participles.append(words); return true }
            clauses.append("\(field) is " + (negated ? "not " : "") + Suggest.list(vs))
        case .between(let lhs, let low, let high, let negated):
            guard let field = fieldName(lhs), let lo = value(low), let hi = value(high) else { return false }
            clauses.append("\(field) is \(negated ? "not " : "")between \(lo) and \(hi)")
        case .textMatch(let kind, let lhs, let pattern, let negated):
            guard let field = fieldName(lhs), let p = value(pattern) else { return false }
            let verb: String
            switch kind {
            case .contains: verb = negated ? "does not contain" : "contains"
            case .startsWith: verb = negated ? "does not start with" : "starts with"
            case .matches: verb = negated ? "does not match" : "matches"
            }
            clauses.append("\(field) \(verb) “\(p)”")
        case .isMissing(let lhs, let negated):
            guard let field = fieldName(lhs) else { return false }
            switch field.lowercased() {
            case "status": participles.append(negated ? "with a rating" : "with no rating (no target)")
            case "target": participles.append(negated ? "with a target" : "with no target")
            default: clauses.append("\(field) is \(negated ? "not " : "")missing")
            }
        default:
            return false
        }
        return true
    }

    /// `field op value` in words; the subject fields are taken once (a second one is a clause).
    private mutating func comparison(_ field: String, _ op: BinaryOp, _ v: String) -> Bool {
        let f = field.lowercased()
        if op == .eq, f == "council", council == nil { council = v; return true }
        if op == .eq, f == "priority", priority == nil { priority = v; return true }
        if op == .eq || op == .ne, let words = ratingWords(field, [v], negated: op == .ne) {
            participles.append(words)
            return true
        }
        if f == "quartile", op == .eq, let q = Int(v) {
            let which = q == 1 ? "the top quartile" : (q == 4 ? "the bottom quartile" : "quartile \(q)")
            participles.append("in \(which) of their comparator group")
            return true
        }
        if f == "good", op == .eq, ["high", "low"].contains(v.lowercased()) {
            clauses.append(v.lowercased() == "high" ? "higher is better" : "lower is better")
            return true
        }
        let verbs: [BinaryOp: String] = [.eq: "is", .ne: "is not", .lt: "is below", .le: "is at most", .gt: "is above", .ge: "is at least"]
        clauses.append("\(field) \(verbs[op]!) \(v)")
        return true
    }

    /// "rated red or amber", "not worsening", "going up": the enum fields read as English.
    private func ratingWords(_ field: String, _ values: [String], negated: Bool) -> String? {
        let vs = values.map { $0.lowercased() }
        let not = negated ? "not " : ""
        switch field.lowercased() {
        case "status" where vs.allSatisfy(EnumDomain.status.values.contains):
            return not + "rated " + Suggest.list(vs)
        case "reported_status" where vs.allSatisfy(EnumDomain.status.values.contains):
            return not + "rated " + Suggest.list(vs) + " by the council"
        case "trend", "reported_trend":
            guard vs.allSatisfy(EnumDomain.trend.values.contains) else { return nil }
            let words = Suggest.list(vs.map { $0 == "same" ? "unchanged" : $0 })
            return not + words + (field.lowercased() == "reported_trend" ? " as published" : "")
        case "direction":
            guard vs.allSatisfy(EnumDomain.direction.values.contains) else { return nil }
            return not + Suggest.list(vs.map { $0 == "up" ? "going up" : ($0 == "down" ? "going down" : "unchanged") })
        default:
            return nil
        }
    }

    private func fieldName(_ e: Expr) -> String? {
        if case .name(let n) = e.kind { return n }
        return nil
    }

    /// A literal as people read it; a parameter shows its value.
    private func value(_ e: Expr) -> String? {
        switch e.kind {
        case .name(let n): return n
        case .string(let s): return s
        case .number(let d): return NumberFormat.plain(d)
        case .parameter(let p): return parameters[p] ?? "$" + p
        case .negate(let inner):
            if case .number(let d) = inner.kind { return NumberFormat.plain(-d) }
            return nil
        default: return nil
        }
    }

    /// The text of an expression exactly as written (spaces and line breaks collapsed).
    func slice(_ e: Expr) -> String { QueryCaption.collapse(source.slice(e.span)) }
}
