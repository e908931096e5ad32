/// A small closed set of symbols stored as one byte per row (`status`: green, amber, red).
///
/// The order of `values` is the sort order (`order by status` puts green first) and the code
/// stored in the column; `missingCode` marks a missing value.
public struct EnumDomain: Equatable, Hashable, Sendable {
    public let name: String
    public let values: [String]
    public static let missingCode: UInt8 = 255

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    public func code(of symbol: String) -> UInt8? {
        let s = symbol.lowercased()
        return values.firstIndex(of: s).map { UInt8($0) }
    }

    public func symbol(_ code: UInt8) -> String? {
        code == EnumDomain.missingCode || Int(code) >= values.count ? nil : values[Int(code)]
    }

    /// "green, amber or red", for hints.
    public var listed: String { Suggest.list(values) }

    public static let status = EnumDomain(name: "status", values: ["green", "amber", "red"])
    public static let good = EnumDomain(name: "good", values: ["high", "low"])
    public static let direction = EnumDomain(name: "direction", values: ["up", "down", "same"])
    public static let trend = EnumDomain(name: "trend", values: ["improving", "worsening", "same"])
    public static let comparison = EnumDomain(name: "comparison", values: ["better", "similar", "worse"])
    /// A value against a benchmark average, read with the metric's polarity.
    public static let versus = EnumDomain(name: "versus", values: ["better", "same", "worse"])
}

/// The distinct strings of a text column; rows hold an `Int32` code into it (-1 is missing).
public final class TextDictionary: @unchecked Sendable {
    public private(set) var values: [String] = []
    /// Lower-cased values: text comparisons in kpiql ignore case.
    public private(set) var folded: [String] = []
    private var index: [String: Int32] = [:]

    public init() {}

    public func code(for value: String) -> Int32 {
        if let c = index[value] { return c }
        let c = Int32(values.count)
        values.append(value)
        folded.append(value.lowercased())
        index[value] = c
        return c
    }

    public func lookup(_ value: String) -> Int32? { index[value] }

    /// A text column from codes into `values` (distinct byte strings, as a CSV loader finds
    /// them): strings that Swift holds equal (canonically equivalent) share one code.
    package static func encoded(_ codes: [Int32], _ values: [String]) -> ColumnData {
        let dict = TextDictionary()
        let remap = values.map { dict.code(for: $0) }
        let same = remap.enumerated().allSatisfy { Int($0.element) == $0.offset }
        return .text(codes: same ? codes : codes.map { $0 < 0 ? -1 : remap[Int($0)] }, dictionary: dict)
    }
    public var count: Int { values.count }

    /// Rank of each code in case-insensitive order, so sorting compares integers.
    public lazy var sortRank: [Int32] = {
        let order = (0..<values.count).sorted {
            folded[$0] != folded[$1] ? folded[$0] < folded[$1] : values[$0] < values[$1]
        }
        var rank = [Int32](repeating: 0, count: values.count)
        for (r, c) in order.enumerated() { rank[c] = Int32(r) }
        return rank
    }()
}
