import Foundation

/// A named group of areas a council compares itself with (its statistical or CIPFA nearest
/// neighbours), given as a list or read from a small CSV file; `rank()`, `quartile()` and
/// `group_avg()` compare within it.
///
/// Members are matched with a row's `area` or `area_code`, ignoring case, so a list of names
/// and a list of ONS codes both work.
public struct ComparatorGroup: Sendable {
    public let name: String
    /// Names or codes, as given: what rows are matched with.
    public let members: [String]
    /// One label per area, for listings (the names, where a file gives names and codes).
    public let areas: [String]
    /// The file it was read from, or "a list".
    public let source: String

    public init(name: String, members: [String], areas: [String]? = nil, source: String) {
        self.name = name
        self.members = members
        self.areas = areas ?? members
        self.source = source
    }

    /// Which rows of `table` belong to the group, by area name or code.
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

    /// The group in a file: the column headed like an area name or code (both, if there are
    /// both), else the first column; a first row that is not such a heading is a member too.
    public static func read(name: String, path: String) throws(Diagnostic) -> ComparatorGroup {
        let size = try FileGuard.size(of: path)
        let file = try LoadedFile.read(path: path)
        let areaHeadings = RoleRecognizer.headings.filter { $0.0 == .area || $0.0 == .areaCode }.flatMap(\.1)
            + ["name", "code", "area code", "area name", "neighbour", "neighbours", "comparator"]
        var columns = file.headers.indices.filter { areaHeadings.contains(LoadedFile.normalise(file.headers[$0])) }
        var first: [String] = []
        if columns.isEmpty {
            columns = [0]
            if file.layout.hasHeader { first.append(file.headers[0]) }
        }
        var lists: [[String]] = []
        for c in columns {
            guard case .text(let codes, let dict) = file.columns[c] else { continue }
            lists.append(first + codes.filter { $0 >= 0 }.map { dict.values[Int($0)] })
        }
        var seen = Set<String>()
        let members = lists.flatMap { $0 }.filter { seen.insert($0.lowercased()).inserted }
        guard !members.isEmpty else {
            throw LoadError.file(path, "no area names or codes found", hints: ["list one area per line, or use a column headed 'area' or 'area code'"], code: "K430")
        }
        // Names read better than codes in listings: the column whose values are not all codes.
        let labels = lists.first { l in !l.allSatisfy { $0.count == 9 && $0.first!.isLetter && $0.dropFirst().allSatisfy(\.isNumber) } } ?? lists[0]
        return ComparatorGroup(name: name, members: members, areas: labels, source: path)
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
}
