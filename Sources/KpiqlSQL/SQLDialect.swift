import KpiqlEngine
import KpiqlData

/// The SQL engines kpiql compiles to, and the few places where their spelling differs.
///
/// Everything else the compiler writes is the common core of PostgreSQL and DuckDB, so one
/// compiler serves both; a construct with no faithful spelling in a dialect is refused by
/// the compiler (see `SQLRefusal`), never approximated.
public enum SQLDialect: String, CaseIterable, Sendable {
    case postgres, duckdb

    /// A quoted identifier: doubled quotes inside, so no name can end the quoting.
    public func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A quoted text literal. Both dialects read `'…'` with standard conforming strings (a
    /// backslash is an ordinary character), so doubling the quote is the only escape needed.
    /// A NUL cannot be stored in either engine's text, so the caller refuses it first.
    public func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A double-precision literal written so the server reads back the same double: Swift's
    /// shortest round-trip digits, cast so the engine never widens it to an exact decimal.
    public func number(_ v: Double) -> String {
        precondition(v.isFinite, "non-finite literals are refused before SQL is written")
        var digits = "\(v)"
        if digits.hasSuffix(".0") { digits.removeLast(2) }
        return "CAST(\(digits) AS \(doubleType))"
    }

    public var doubleType: String { self == .postgres ? "DOUBLE PRECISION" : "DOUBLE" }

    /// Text compared byte by byte (code point order, what Swift's `<` gives on the lower-cased
    /// strings kpiql compares), whatever the database's default collation.
    public func binary(_ sql: String) -> String {
        self == .postgres ? "(\(sql) COLLATE \"C\")" : sql
    }

    /// `x` matches the (already lower-cased, dialect-neutral) regular expression `re`.
    public func regexMatch(_ x: String, _ re: String) -> String {
        switch self {
        case .postgres: return "(\(x) ~ \(literal(re)))"
        // RE2: (?s) lets `.` match a newline, as in kpiql's matcher and PostgreSQL's.
        case .duckdb: return "regexp_matches(\(x), \(literal("(?s)" + re)))"
        }
    }

    /// The median of the non-missing values of `x`: the middle value, or the mean of the middle
    /// two, written as kpiql computes it ((a + b) / 2 of the two middle values, which for an odd
    /// count are the same value), so the last digit agrees too (an interpolating percentile
    /// computes a + (b − a) × 0.5, which can differ in the last bit).
    public func median(_ x: String) -> String {
        switch self {
        case .postgres:
            return "((percentile_disc(0.5) WITHIN GROUP (ORDER BY \(x)) + percentile_disc(0.5) WITHIN GROUP (ORDER BY \(x) DESC)) / 2)"
        case .duckdb:
            return "((quantile_disc(\(x), 0.5) - quantile_disc(-(\(x)), 0.5)) / 2)"
        }
    }

    /// The first four-digit year in a period label as a number (`MetricsDeriver.firstYear`:
    /// the first four digits not followed by another digit), or NULL.
    public func firstYear(_ x: String) -> String {
        let re = literal("([0-9]{4})(?:[^0-9]|$)")
        switch self {
        case .postgres: return "CAST(substring(\(x) FROM \(re)) AS \(doubleType))"
        case .duckdb: return "CAST(NULLIF(regexp_extract(\(x), \(re), 1), '') AS \(doubleType))"
        }
    }

    /// The first non-missing `x` in the given order (min/max of text, which kpiql compares
    /// ignoring case and resolves ties by the earliest row).
    public func first(_ x: String, orderBy: String) -> String {
        "(array_agg(\(x) ORDER BY \(orderBy)) FILTER (WHERE \(x) IS NOT NULL))[1]"
    }
}
