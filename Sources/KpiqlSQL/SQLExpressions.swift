import Foundation
import KpiqlEngine
import KpiqlData

/// Writes bound expressions as SQL over the `kpiql_rows` layer, keeping kpiql's meaning:
/// missing is NULL and conditions are three-valued; text compares ignoring case in code point
/// order; x / 0 is missing; enums are their codes; `round` is half away from zero.
///
/// A grouped query reads its expressions per group, as `GroupEvaluator` does: aggregates over
/// the group's rows, group keys by their alias, and anything else at the group's first row.
struct SQLExpressions {
    enum Mode {
        /// One value per table row.
        case row
        /// One value per group: `keys` maps a key's signature to its column.
        case group(keys: [String: String])
        /// The total row: expressions that are not aggregates or constants are missing.
        case totals
    }

    let shape: SQLTableShape
    let dialect: SQLDialect
    let catalog: Catalog
    /// Columns computed before `where` (rank, quartile, group_avg), by signature.
    var comparatives: [String: String] = [:]
    /// The outputs, for `order by` naming one in a grouped query.
    var outputs: [BoundQuery.Output] = []

    func id(_ s: String) -> String { dialect.identifier(s) }

    /// Every column is read through this alias of the statement's source, so an output alias
    /// (`status` shown as text) can never stand in for the column (its code) in `order by`.
    static let source = "kpiql_r"
    func column(_ name: String) -> String { Self.source + "." + id(name) }

    func null(_ t: FieldType) -> String {
        switch t {
        case .number: return "CAST(NULL AS \(dialect.doubleType))"
        case .text: return "CAST(NULL AS TEXT)"
        case .enumeration: return "CAST(NULL AS INTEGER)"
        case .bool: return "CAST(NULL AS BOOLEAN)"
        }
    }

    /// Text, case-folded and in code point order.
    func folded(_ sql: String) -> String { dialect.binary("lower(\(sql))") }

    func sql(_ e: BoundExpr, _ mode: Mode) throws(Diagnostic) -> String {
        switch mode {
        case .row: break
        case .group(let keys):
            if let k = keys[e.signature] { return k }
            if case .aggregate(let f, let arg) = e.kind { return try aggregate(f, arg, e) }
            if case .outputRef(let i) = e.kind { return try sql(outputs[i].expr, mode) }
            if !e.hasAggregate {
                if e.isConstant { return try sql(e, .row) }
                // Not a key but made of keys (checked by the binder): its value at the group's first row.
                return dialect.first(try sql(e, .row), orderBy: column(SQLTableShape.rowColumn))
            }
            return try structural(e, mode)
        case .totals:
            if case .aggregate(let f, let arg) = e.kind { return try aggregate(f, arg, e) }
            if case .outputRef(let i) = e.kind { return try sql(outputs[i].expr, mode) }
            if !e.hasAggregate { return e.isConstant ? try sql(e, .row) : null(e.type) }
            return try structural(e, mode)
        }
        switch e.kind {
        case .column(let i):
            let name = shape.table.columns[i].name
            return column(name)
        case .series(let f, let n): return SQLSeries(dialect: dialect, periods: shape.periodCount).sql(f, n)
        case .comparative:
            guard let c = comparatives[e.signature] else { preconditionFailure("comparatives are collected before expressions are written") }
            return Self.source + "." + c
        case .aggregate, .outputRef:
            preconditionFailure("aggregates are written per group")
        default:
            return try structural(e, .row)
        }
    }

    /// The operators and functions, the same in every mode.
    private func structural(_ e: BoundExpr, _ mode: Mode) throws(Diagnostic) -> String {
        switch e.kind {
        case .number(let v):
            guard v.isFinite else { throw SQLRefusal.construct("this number", "it is beyond the range of a double", span: e.span) }
            return dialect.number(v)
        case .text(let s):
            guard !s.unicodeScalars.contains("\0") else { throw SQLRefusal.construct("this text", "it contains a NUL character", span: e.span) }
            return dialect.literal(s)
        case .symbol(let code, _): return "\(code)"
        case .missing: return null(e.type)
        case .negate(let a): return "(- \(try sql(a, mode)))"
        case .not(let a): return "(NOT \(try sql(a, mode)))"
        case .logical(let op, let a, let b): return "(\(try sql(a, mode)) \(op == .and ? "AND" : "OR") \(try sql(b, mode)))"
        case .arithmetic(let op, let a, let b):
            let x = try sql(a, mode), y = try sql(b, mode)
            // x / 0 has no answer: missing, as in memory.
            return op == .div ? "(\(x) / NULLIF(\(y), 0))" : "(\(x) \(op.rawValue) \(y))"
        case .compare(let op, let a, let b): return try compare(op, a, b, mode)
        case .inList(let a, let items, let negated):
            var parts: [String] = []
            for item in items { parts.append(try compare(.eq, a, item, mode)) }
            let any = "(" + parts.joined(separator: " OR ") + ")"
            return negated ? "(NOT \(any))" : any
        case .between(let a, let lo, let hi, let negated):
            let both = "(\(try compare(.ge, a, lo, mode)) AND \(try compare(.le, a, hi, mode)))"
            return negated ? "(NOT \(both))" : both
        case .textMatch(let m, let a, let pattern, _, let negated):
            if case .row = mode {} else if e.hasAggregate { return null(.bool) }
            let subject = folded(try text(a, mode))
            let test: String
            switch m {
            case .contains: test = "(\(subject) LIKE \(dialect.literal("%" + Self.likeEscaped(pattern) + "%")) ESCAPE '\\')"
            case .startsWith: test = "(\(subject) LIKE \(dialect.literal(Self.likeEscaped(pattern) + "%")) ESCAPE '\\')"
            case .matches:
                guard let re = SQLRegex(dialect: dialect).translate(pattern) else {
                    throw SQLRefusal.construct("this pattern", "it repeats more than \(SQLRegex.maxCount) times, beyond what PostgreSQL accepts", span: e.span)
                }
                test = dialect.regexMatch(subject, re)
            }
            return negated ? "(NOT \(test))" : test
        case .isMissing(let a, let negated): return "(\(try sql(a, mode)) IS \(negated ? "NOT " : "")NULL)"
        case .function(let f, let args):
            var xs: [String] = []
            for a in args { xs.append(try sql(a, mode)) }
            switch f {
            case .abs: return "abs(\(xs[0]))"
            case .coalesce: return "COALESCE(\(xs.joined(separator: ", ")))"
            case .least: return "LEAST(\(xs.joined(separator: ", ")))"
            case .greatest: return "GREATEST(\(xs.joined(separator: ", ")))"
            case .round:
                var places = 0
                if args.count > 1, case .number(let p) = args[1].kind, p.isFinite, abs(p) < 400 { places = Int(p) }
                return round(xs[0], places: places)
            case .spark: return SQLSpark(dialect: dialect).sql(xs)
            }
        case .series, .comparative, .column:
            return try sql(e, .row)
        case .aggregate, .outputRef:
            return try sql(e, mode)
        }
    }

    /// `NumberFormat.round`: scale, nudge by 1e-9 of the magnitude, round half away from zero
    /// (trunc plus the sign when the exact fraction is at least a half), scale back.
    func round(_ x: String, places: Int) -> String {
        let scale = dialect.number(pow(10.0, Double(places)))
        let scaled = "(\(x) * \(scale))"
        let nudged = "(\(scaled) + CASE WHEN \(scaled) >= 0 THEN \(dialect.number(1e-9)) ELSE \(dialect.number(-1e-9)) END * GREATEST(\(dialect.number(1)), abs(\(scaled))))"
        return "((trunc(\(nudged)) + CASE WHEN abs(\(nudged) - trunc(\(nudged))) >= 0.5 THEN sign(\(nudged)) ELSE 0 END) / \(scale))"
    }

    /// A comparison as kpiql makes it: text ignoring case, the rest by value (enums by code).
    func compare(_ op: BinaryOp, _ a: BoundExpr, _ b: BoundExpr, _ mode: Mode) throws(Diagnostic) -> String {
        var x = try sql(a, mode), y = try sql(b, mode)
        if a.type == .text || b.type == .text { x = folded(x); y = folded(y) }
        let sqlOp = op == .ne ? "<>" : op.rawValue
        return "(\(x) \(sqlOp) \(y))"
    }

    /// Text of a text or enum expression (an enum's symbol).
    func text(_ e: BoundExpr, _ mode: Mode) throws(Diagnostic) -> String {
        let s = try sql(e, mode)
        if case .enumeration(let d) = e.type { return symbol(s, d) }
        return s
    }

    /// An enum code as its symbol's text (for output and text operators).
    func symbol(_ code: String, _ d: EnumDomain) -> String {
        "CASE \(code) " + d.values.enumerated().map { "WHEN \($0) THEN \(dialect.literal($1))" }.joined(separator: " ") + " END"
    }

    /// `%`, `_` and the escape character itself, escaped for LIKE … ESCAPE '\'.
    static func likeEscaped(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
