/// One cell of a result: what formatters print and tests compare.
public enum Value: Equatable, Hashable, Sendable, CustomStringConvertible {
    case missing
    case number(Double)
    case text(String)
    /// An enum value such as `red` or `improving`.
    case symbol(String)
    case bool(Bool)

    public var isMissing: Bool { self == .missing }

    public var number: Double? { if case .number(let v) = self { return v } else { return nil } }

    public var description: String {
        switch self {
        case .missing: return ""
        case .number(let v): return NumberFormat.plain(v)
        case .text(let s), .symbol(let s): return s
        case .bool(let b): return b ? "true" : "false"
        }
    }
}
