import Foundation

/// A checked expression: names resolved to column indices or symbols, types known.
/// The evaluator accepts only this form, so it never meets an unknown name.
public struct BoundExpr: @unchecked Sendable {
    public indirect enum Kind {
        case column(Int)
        case number(Double)
        case text(String)
        case symbol(UInt8, EnumDomain)
        case missing
        case negate(BoundExpr)
        case not(BoundExpr)
        case logical(BinaryOp, BoundExpr, BoundExpr)
        case arithmetic(BinaryOp, BoundExpr, BoundExpr)
        case compare(BinaryOp, BoundExpr, BoundExpr)
        case inList(BoundExpr, [BoundExpr], negated: Bool)
        case between(BoundExpr, BoundExpr, BoundExpr, negated: Bool)
        /// `pattern` is lower-cased for contains / starts with; `regex` is set for matches.
        case textMatch(TextMatch, BoundExpr, pattern: String, regex: LinearRegex?, negated: Bool)
        case isMissing(BoundExpr, negated: Bool)
        case function(ScalarFunction, [BoundExpr])
        case aggregate(AggregateFunction, BoundExpr?)
        /// A function of a metrics row's own period series (`declining(3)`, `max(periods)`).
        case series(SeriesFunction, Int)
        /// `rank(x, group)`, `quartile(x, group)`, `group_avg(x, group)`: a row against the other
        /// areas on the same indicator (see `ComparativeEvaluator`).
        case comparative(ComparativeFunction, BoundExpr, ComparisonScope)
        /// An output column of a grouped query, referenced from `order by` by its alias.
        case outputRef(Int)
    }

    public var kind: Kind
    public var type: FieldType
    public var span: SourceSpan

    init(_ kind: Kind, _ type: FieldType, _ span: SourceSpan) {
        self.kind = kind
        self.type = type
        self.span = span
    }

    /// True when the expression holds an aggregate anywhere inside.
    package var hasAggregate: Bool {
        switch kind {
        case .aggregate: return true
        case .column, .number, .text, .symbol, .missing, .outputRef, .series: return false
        case .negate(let e), .not(let e), .isMissing(let e, _), .textMatch(_, let e, _, _, _): return e.hasAggregate
        case .logical(_, let a, let b), .arithmetic(_, let a, let b), .compare(_, let a, let b): return a.hasAggregate || b.hasAggregate
        case .inList(let e, let items, _): return e.hasAggregate || items.contains { $0.hasAggregate }
        case .between(let a, let b, let c, _): return a.hasAggregate || b.hasAggregate || c.hasAggregate
        case .function(_, let args): return args.contains { $0.hasAggregate }
        case .comparative(_, let e, _): return e.hasAggregate
        }
    }

    package var isConstant: Bool {
        switch kind {
        case .number, .text, .symbol, .missing: return true
        default: return false
        }
    }

    /// Structural identity, ignoring spans: is this select item the same as a group key?
    package func same(as other: BoundExpr) -> Bool { signature == other.signature }

    package var signature: String {
        switch kind {
        case .column(let i): return "c\(i)"
        case .number(let v): return "n\(v)"
        case .text(let s): return "t\(s.debugDescription)"
        case .symbol(let c, let d): return "s\(d.name)\(c)"
        case .missing: return "m"
        case .negate(let e): return "neg(\(e.signature))"
        case .not(let e): return "not(\(e.signature))"
        case .logical(let op, let a, let b), .arithmetic(let op, let a, let b), .compare(let op, let a, let b):
            return "(\(a.signature)\(op.rawValue)\(b.signature))"
        case .inList(let e, let items, let n): return "in\(n)(\(e.signature);\(items.map(\.signature).joined(separator: ",")))"
        case .between(let a, let b, let c, let n): return "btw\(n)(\(a.signature),\(b.signature),\(c.signature))"
        case .textMatch(let m, let e, let p, _, let n): return "\(m.rawValue)\(n)(\(e.signature),\(p))"
        case .isMissing(let e, let n): return "miss\(n)(\(e.signature))"
        case .function(let f, let args): return "\(f.rawValue)(\(args.map(\.signature).joined(separator: ",")))"
        case .aggregate(let f, let a): return "\(f.rawValue)(\(a?.signature ?? ""))"
        case .comparative(let f, let a, let scope): return "\(f.rawValue)(\(a.signature),\(scope.group ?? scope.partitionField.map { "by \($0)" } ?? ""))"
        case .outputRef(let i): return "o\(i)"
        case .series(let f, let n): return "\(f.rawValue)(\(n))"
        }
    }
}

/// Functions applied row by row.
public enum ScalarFunction: String, CaseIterable, Sendable {
    case abs, round, coalesce
    /// Several arguments to min()/max() compare within the row (SQL's least/greatest).
    case least, greatest
    /// A sparkline of the arguments: spark(r3, r2, r1, latest).
    case spark
}

/// Functions over a metrics row's period values, oldest first, read with its polarity.
public enum SeriesFunction: String, CaseIterable, Sendable {
    case declining, improving
    case periodMin = "min(periods)", periodMax = "max(periods)"
}

/// Functions that compare a row with the other areas on the same indicator.
public enum ComparativeFunction: String, CaseIterable, Sendable {
    case rank, quartile, groupAvg = "group_avg", groupN = "group_n"
}

/// What a comparative function compares a row with, resolved by the binder: the rows of a
/// comparator group (every row without one), split by the fields that name an indicator.
public struct ComparisonScope: @unchecked Sendable {
    /// The group's name as defined, or nil for every area in the table.
    public var group: String?
    /// For each table row, whether its area is in the group; nil: every row is.
    package var members: [Bool]?
    /// Columns whose values must match for two rows to be compared (the indicator).
    package var keyColumns: [Int]
    /// The `good` column: polarity decides which way is better.
    package var goodColumn: Int?
    /// A mapping group's own list for each area (nil: `members` or every row).
    package var peers: ComparisonPeers?
    /// `by FIELD`: the field whose value rows share (also in `keyColumns`); a row without one has no result.
    package var partitionField: Int?
}

/// Functions over the rows of a group.
public enum AggregateFunction: String, CaseIterable, Sendable {
    case count, sum, avg, min, max, median, pct
}

/// A checked query, ready to run. Built only by `Binder`.
public struct BoundQuery: @unchecked Sendable {
    public struct Output {
        public var name: String
        public var expr: BoundExpr
    }

    public let table: Table
    public var filter: BoundExpr?
    public var groupKeys: [BoundExpr] = []
    public var withTotals = false
    public var outputs: [Output] = []
    public var order: [(expr: BoundExpr, descending: Bool)] = []
    public var limit: Int?
    /// `having`: a condition on each group's outputs, aggregates and keys.
    public var having: BoundExpr?
    /// Set when the query reads a join: `table` is then the joined schema, not a stored table.
    public var join: BoundJoin?
    /// Grouped or aggregated: one result row per group rather than per table row.
    public var isAggregate = false
    /// What the binder noticed that the reader should know, shown under the result.
    public var notes: [String] = []
}
