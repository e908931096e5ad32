import Foundation

/// A named comparator group for `rank()`, `quartile()`, `group_avg()` and `group_n()`: either
/// one list of areas that every row is compared within (a council's own CIPFA or statistical
/// neighbours), or a mapping that gives each area its own list (Oflog's nearest neighbours for
/// every authority, the Scottish family groups).
///
/// Areas are matched with a row's `area` or `area_code`, ignoring case, so names and ONS codes
/// both work. Files are read by `ComparatorFile` (CSV) and `ComparatorJSON`.
public struct ComparatorGroup: Sendable {
    /// How the group was given; the mapping forms compare each area with its own list.
    public enum Form: String, Sendable {
        /// One list for every row.
        case list
        /// Each area's own list of comparators (Oflog nearest neighbours; CSV `area, neighbour` rows).
        case neighbours
        /// Named groups that partition the areas (CSV `group, member` or `area, group` rows):
        /// each area is compared within its own family, itself included.
        case families
    }

    public let name: String
    public let form: Form
    /// The list form's names or codes, as given; for a mapping, every area it names.
    public let members: [String]
    /// One label per area, for listings (the names, where a file gives names and codes).
    public let areas: [String]
    /// The mapping forms: each area (as given) and its comparators, in file order.
    public let lists: [(area: String, comparators: [String])]
    /// The file it was read from, or "a list".
    public let source: String
    /// The mapping with every name folded to a number once, when the group is defined, so
    /// binding a query does not lower-case thousands of names again (see `ComparisonPeers`).
    let index: Index
    /// The group resolved against the table it was last used with.
    let cache = PeersCache()

    struct Index: Sendable {
        /// Lower-cased name or code → number.
        var vocabulary: [String: Int32] = [:]
        /// Per entry of `lists`: the area's number and its comparators' numbers.
        var entries: [(area: Int32, comparators: [Int32])] = []
    }

    public init(name: String, members: [String], areas: [String]? = nil, source: String) {
        self.name = name
        self.form = .list
        self.members = members
        self.areas = areas ?? members
        self.lists = []
        self.source = source
        self.index = Index()
    }

    /// A mapping group: `lists` gives each area its comparators.
    public init(name: String, form: Form, lists: [(area: String, comparators: [String])], source: String) {
        self.name = name
        self.form = form
        self.lists = lists
        var seen = Set<String>()
        let all = lists.flatMap { [$0.area] + $0.comparators }.filter { seen.insert($0.lowercased()).inserted }
        self.members = all
        self.areas = all
        self.source = source
        var index = Index()
        func id(_ s: String) -> Int32 {
            let k = s.lowercased()
            if let i = index.vocabulary[k] { return i }
            let i = Int32(index.vocabulary.count)
            index.vocabulary[k] = i
            return i
        }
        index.entries = lists.map { (area: id($0.area), comparators: $0.comparators.map(id)) }
        self.index = index
    }

    /// How the group reads in `.group` listings: "6 areas", "317 areas, each with its own list".
    public var summary: String {
        let n = "\(areas.count) area\(areas.count == 1 ? "" : "s")"
        switch form {
        case .list: return n
        case .neighbours: return "\(lists.count) areas, each with its own list of comparators"
        case .families:
            let families = Set(lists.map { $0.comparators.map { $0.lowercased() }.sorted() }).count
            return "\(n) in \(families) famil\(families == 1 ? "y" : "ies")"
        }
    }

    /// Which rows of `table` belong to the list, by area name or code (the list form).
    public func rows(in table: Table) -> [Bool] {
        let wanted = Set(members.map { $0.lowercased() })
        var mask = [Bool](repeating: false, count: table.rowCount)
        for field in ["area", "area_code"] {
            guard let c = table.column(field), case .text(let codes, let dict) = c.data else { continue }
            let hit = dict.folded.map { wanted.contains($0) }
            for r in 0..<codes.count where codes[r] >= 0 && hit[Int(codes[r])] { mask[r] = true }
        }
        return mask
    }

    /// One area's own list from a mapping, as a list group: `.group nn neighbours.json E08000014`.
    /// `aliases` are other names of the same area (its code, where `area` is a name).
    public func picking(_ area: String, aliases: [String] = []) -> ComparatorGroup? {
        let keys = Set(([area] + aliases).map { $0.lowercased() })
        guard let entry = lists.first(where: { keys.contains($0.area.lowercased()) }) else { return nil }
        return ComparatorGroup(name: name, members: entry.comparators, source: "\(source), the list for \(entry.area)")
    }

    /// The group in a list: `Wirral, Knowsley, "St Helens"`.
    public static func parse(name: String, list: String) -> ComparatorGroup {
        let members = list.split(separator: ",").map { part -> String in
            var s = part.trimmingCharacters(in: .whitespaces)
            if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { s = String(s.dropFirst().dropLast()) }
            return s
        }.filter { !$0.isEmpty }
        return ComparatorGroup(name: name, members: members, source: "a list")
    }

    /// An ONS-style code (`E08000014`): a letter and eight digits. Names read better in listings.
    package static func isCode(_ s: String) -> Bool {
        s.count == 9 && s.first!.isLetter && s.dropFirst().allSatisfy(\.isNumber)
    }
}
