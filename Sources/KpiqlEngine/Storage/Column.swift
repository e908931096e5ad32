/// The type of a field as the binder sees it.
public enum FieldType: Equatable, Hashable, Sendable, CustomStringConvertible {
    case number
    case text
    case enumeration(EnumDomain)
    case bool

    public var description: String {
        switch self {
        case .number: return "number"
        case .text: return "text"
        case .enumeration(let d): return d.name == "comparison" ? "better/similar/worse" : d.values.joined(separator: "/")
        case .bool: return "condition"
        }
    }
}

/// One column of a table: a contiguous typed array.
///
/// Numbers are `Double` with NaN as the missing marker (arithmetic that has no answer, like
/// x / 0, is missing too); text is dictionary-encoded; small enums are one byte per row.
public enum ColumnData: Sendable {
    case number([Double])
    case text(codes: [Int32], dictionary: TextDictionary)
    case enumeration(codes: [UInt8], domain: EnumDomain)

    public var count: Int {
        switch self {
        case .number(let v): return v.count
        case .text(let c, _): return c.count
        case .enumeration(let c, _): return c.count
        }
    }

    /// Bytes the column holds: 8 a number, 4 a text code plus its dictionary's strings
    /// (stored and lower-cased), 1 an enum symbol.
    public var byteSize: Int {
        switch self {
        case .number(let v): return v.count * 8
        case .text(let c, let d): return c.count * 4 + d.values.reduce(0) { $0 + $1.utf8.count } * 2 + d.count * 32
        case .enumeration(let c, _): return c.count
        }
    }

    public var type: FieldType {
        switch self {
        case .number: return .number
        case .text: return .text
        case .enumeration(_, let d): return .enumeration(d)
        }
    }

    /// One cell, for formatting and tests (the evaluator never goes cell by cell).
    public func value(at row: Int) -> Value {
        switch self {
        case .number(let v): return v[row].isNaN ? .missing : .number(v[row])
        case .text(let codes, let dict): return codes[row] < 0 ? .missing : .text(dict.values[Int(codes[row])])
        case .enumeration(let codes, let d): return d.symbol(codes[row]).map { .symbol($0) } ?? .missing
        }
    }
}

/// A named column with a sentence saying where it comes from (shown by `.fields`).
public struct Column: Sendable {
    public var name: String
    public var data: ColumnData
    /// The source column or the formula of a derived field.
    public var doc: String

    public init(_ name: String, _ data: ColumnData, doc: String = "") {
        self.name = name
        self.data = data
        self.doc = doc
    }

    public var type: FieldType { data.type }

    /// Builds a text column from optional strings (nil or "" is missing).
    public static func text(_ name: String, _ values: [String?], doc: String = "") -> Column {
        let dict = TextDictionary()
        let codes = values.map { v -> Int32 in
            guard let v, !v.isEmpty else { return -1 }
            return dict.code(for: v)
        }
        return Column(name, .text(codes: codes, dictionary: dict), doc: doc)
    }

    public static func number(_ name: String, _ values: [Double], doc: String = "") -> Column {
        Column(name, .number(values), doc: doc)
    }

    public static func enumeration(_ name: String, _ domain: EnumDomain, _ values: [String?], doc: String = "") -> Column {
        let codes = values.map { v in v.flatMap { domain.code(of: $0) } ?? EnumDomain.missingCode }
        return Column(name, .enumeration(codes: codes, domain: domain), doc: doc)
    }
}
