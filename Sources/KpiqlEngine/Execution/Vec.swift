/// A column of intermediate values, one per row of a selection (or per group).
///
/// Conditions are three-valued: 1 true, 0 false, 2 unknown (a comparison with a missing
/// value). `where` keeps only true rows; `not` leaves unknown unknown.
enum Vec {
    case number([Double])
    case text([String?])
    case enumeration([UInt8], EnumDomain)
    case bool([UInt8])

    static let unknown: UInt8 = 2

    var count: Int {
        switch self {
        case .number(let v): return v.count
        case .text(let v): return v.count
        case .enumeration(let v, _): return v.count
        case .bool(let v): return v.count
        }
    }

    func value(_ i: Int) -> Value {
        switch self {
        case .number(let v): return v[i].isNaN ? .missing : .number(v[i])
        case .text(let v): return v[i].map { .text($0) } ?? .missing
        case .enumeration(let v, let d): return d.symbol(v[i]).map { .symbol($0) } ?? .missing
        case .bool(let v): return v[i] == 2 ? .missing : .bool(v[i] == 1)
        }
    }

    func isMissing(_ i: Int) -> Bool {
        switch self {
        case .number(let v): return v[i].isNaN
        case .text(let v): return v[i] == nil
        case .enumeration(let v, _): return v[i] == EnumDomain.missingCode
        case .bool(let v): return v[i] == 2
        }
    }

    /// The values at the given positions.
    func gather(_ positions: [Int]) -> Vec {
        switch self {
        case .number(let v): return .number(positions.map { v[$0] })
        case .text(let v): return .text(positions.map { v[$0] })
        case .enumeration(let v, let d): return .enumeration(positions.map { v[$0] }, d)
        case .bool(let v): return .bool(positions.map { v[$0] })
        }
    }

    /// A constant repeated `n` times.
    static func constant(_ value: Value, type: FieldType, count n: Int) -> Vec {
        switch (value, type) {
        case (.number(let d), _): return .number(Array(repeating: d, count: n))
        case (.text(let s), _): return .text(Array(repeating: s, count: n))
        case (.symbol(let s), .enumeration(let d)): return .enumeration(Array(repeating: d.code(of: s) ?? EnumDomain.missingCode, count: n), d)
        case (.bool(let b), _): return .bool(Array(repeating: b ? 1 : 0, count: n))
        case (.missing, .number): return .number(Array(repeating: .nan, count: n))
        case (.missing, .enumeration(let d)): return .enumeration(Array(repeating: EnumDomain.missingCode, count: n), d)
        case (.missing, .bool): return .bool(Array(repeating: 2, count: n))
        default: return .text(Array(repeating: nil, count: n))
        }
    }
}
