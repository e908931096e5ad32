import Foundation
import KpiqlEngine

/// Reads a comparator group from a CSV file, through the loader's own reader (`LoadedFile`),
/// in one of three shapes told apart by the headings:
///
/// - a column headed like a group (`group`, `family`, `family group`, `cluster`) beside an area
///   column: family groups, one row per member, in either order (`group, member` or
///   `area, group`); each area is compared within its own family;
/// - an area column and a column headed like a neighbour (`neighbour`, `comparator`,
///   `nearest neighbour`, … with `code` or `name`): one row per area and one of its own
///   comparators, as nearest-neighbour lists are published long (a neighbour column alone
///   is one council's list);
/// - otherwise one list: the columns headed like an area name or code (both, if there are
///   both), else the first column; a first row that is not such a heading is a member too.
enum ComparatorFile {
    static let groupHeadings: Set<String> = ["group", "family", "family group", "group name", "family group name", "cluster",
                                             "comparator group", "benchmarking group", "group id", "family group id"]
    static let neighbourHeadings: Set<String> = ["neighbour", "neighbours", "neighbor", "neighbours code", "neighbour code",
                                                 "neighbour name", "neighbor code", "neighbor name", "nearest neighbour",
                                                 "nearest neighbour code", "nearest neighbour name", "comparator", "comparator code",
                                                 "comparator name", "comparator area", "comparator area code", "peer", "peer code"]
    static let areaHeadings: Set<String> = {
        let roles = RoleRecognizer.headings.filter { $0.0 == .area || $0.0 == .areaCode }.flatMap(\.1)
        return Set(roles + ["name", "code", "area code", "area name", "member", "members", "member code", "member name", "council name"])
    }()

    static func read(name: String, path: String, size: Int64) throws(Diagnostic) -> ComparatorGroup {
        let file = try LoadedFile.read(path: path)
        let headings = file.headers.map(LoadedFile.normalise)
        let areaColumns = headings.indices.filter { areaHeadings.contains(headings[$0]) }
        let groupColumn = headings.firstIndex { groupHeadings.contains($0) }
        let neighbourColumn = headings.firstIndex { neighbourHeadings.contains($0) }

        if let g = groupColumn {
            guard let member = areaColumns.first ?? neighbourColumn ?? headings.indices.first(where: { $0 != g }) else {
                throw LoadError.file(path, "a column headed '\(file.headers[g])' names the groups, but there is no column of areas",
                                     hints: ["give one row per area: group, area (for example: 1, East Renfrewshire)"], code: "K450")
            }
            return try families(name: name, file: file, group: g, member: member)
        }
        if let nb = neighbourColumn {
            // A column of neighbours alone is one council's own list.
            guard let area = areaColumns.first(where: { $0 != nb }) else {
                return try list(name: name, file: file, columns: headings.indices.filter { neighbourHeadings.contains(headings[$0]) })
            }
            return try neighbours(name: name, file: file, area: area, neighbour: nb)
        }
        return try list(name: name, file: file, columns: areaColumns)
    }

    /// `group, member` rows: every member's comparators are its family, itself included.
    static func families(name: String, file: LoadedFile, group g: Int, member m: Int) throws(Diagnostic) -> ComparatorGroup {
        var order: [String] = []
        var byGroup: [String: [String]] = [:]
        for r in 0..<file.rowCount {
            guard let label = cell(file, g, r), let area = cell(file, m, r) else { continue }
            if byGroup[label] == nil { order.append(label) }
            byGroup[label, default: []].append(area)
        }
        try checkNotEmpty(order.isEmpty, file.path)
        let lists = order.flatMap { label in byGroup[label]!.map { (area: $0, comparators: byGroup[label]!) } }
        return ComparatorGroup(name: name, form: .families, lists: lists, source: file.path)
    }

    /// `area, neighbour` rows: each area's own comparators, in file order.
    static func neighbours(name: String, file: LoadedFile, area a: Int, neighbour nb: Int) throws(Diagnostic) -> ComparatorGroup {
        var order: [String] = []
        var byArea: [String: [String]] = [:]
        for r in 0..<file.rowCount {
            guard let area = cell(file, a, r), let n = cell(file, nb, r) else { continue }
            if byArea[area] == nil { order.append(area) }
            byArea[area, default: []].append(n)
        }
        try checkNotEmpty(order.isEmpty, file.path)
        return ComparatorGroup(name: name, form: .neighbours, lists: order.map { (area: $0, comparators: byArea[$0]!) }, source: file.path)
    }

    /// One list: today's form.
    static func list(name: String, file: LoadedFile, columns found: [Int]) throws(Diagnostic) -> ComparatorGroup {
        var columns = found
        var first: [String] = []
        if columns.isEmpty {
            columns = [0]
            if file.layout.hasHeader { first.append(file.headers[0]) }
        }
        let lists = columns.map { c in first + (0..<file.rowCount).compactMap { cell(file, c, $0) } }
        var seen = Set<String>()
        let members = lists.flatMap { $0 }.filter { seen.insert($0.lowercased()).inserted }
        try checkNotEmpty(members.isEmpty, file.path)
        // Names read better than codes in listings: the column whose values are not all codes.
        let labels = lists.first { !$0.allSatisfy(ComparatorGroup.isCode) } ?? lists[0]
        return ComparatorGroup(name: name, members: members, areas: labels, source: file.path)
    }

    static func checkNotEmpty(_ empty: Bool, _ path: String) throws(Diagnostic) {
        guard empty else { return }
        throw LoadError.file(path, "no area names or codes found",
                             hints: ["list one area per line, or use a column headed 'area' or 'area code'"], code: "K430")
    }

    /// A cell as text: family numbers such as `1` are read as numbers by the loader.
    static func cell(_ file: LoadedFile, _ c: Int, _ r: Int) -> String? {
        switch file.columns[c] {
        case .text(let codes, let dict): return codes[r] >= 0 ? dict.values[Int(codes[r])] : nil
        case .number(let v):
            guard !v[r].isNaN else { return nil }
            return v[r] == v[r].rounded() && abs(v[r]) < 1e15 ? String(Int64(v[r])) : String(v[r])
        case .enumeration(let codes, let domain): return domain.symbol(codes[r])
        }
    }
}

extension ComparatorGroup {
    /// The group in a file: JSON (a list, or an object of area → list) or CSV (see `ComparatorFile`).
    public static func read(name: String, path: String) throws(Diagnostic) -> ComparatorGroup {
        let size = try FileGuard.size(of: path)
        if try ComparatorJSON.looksLikeJSON(path: path, size: size) {
            return try ComparatorJSON.read(name: name, path: path)
        }
        return try ComparatorFile.read(name: name, path: path, size: size)
    }
}
