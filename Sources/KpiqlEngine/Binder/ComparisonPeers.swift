import Foundation

/// A mapping group resolved against one table at bind time: each row's area as a small
/// number, and each area's own comparators as those numbers, so evaluation looks up arrays
/// and never compares text.
///
/// An area is known by its code or its name. A mapping may name an area by code in one place
/// and by name in another (keys by code, lists by name); a table row that has both joins the
/// two into one area, so either spelling finds it.
package struct ComparisonPeers: @unchecked Sendable {
    /// For each table row, its area, or -1 when the mapping does not name the row's area.
    package let rowArea: [Int32]
    /// For each area, its comparators (itself included where its list names it), or nil when
    /// the mapping gives it no list: such a row has no rank, quartile, average or size.
    package let comparators: [[Int32]?]
    /// Rows whose area has no list in the mapping.
    let unlisted: Int
    /// Areas the mapping names that match no area of the table, each beside the table's area
    /// it most likely means (`AreaName.key`): "Edinburgh, City of" and "Edinburgh City". Such
    /// an area silently leaves its group and moves its neighbours' ranks, so the result says so.
    package let nearMisses: [(mapping: String, table: String)]

    var areaCount: Int { comparators.count }

    init(_ group: ComparatorGroup, in table: Table) {
        let vocabulary = group.index.vocabulary

        // Each row's code and name, as vocabulary ids (-1: not in the mapping).
        func lookup(_ field: String) -> [Int32]? {
            guard let c = table.column(field), case .text(let codes, let dict) = c.data else { return nil }
            let byCode = dict.folded.map { vocabulary[$0] ?? -1 }
            return codes.map { $0 >= 0 ? byCode[Int($0)] : -1 }
        }
        let names = lookup("area"), codes = lookup("area_code")

        // Union-find: a row with both a code and a name in the mapping makes them one area.
        var parent = Array(0..<Int32(vocabulary.count))
        func root(_ i: Int32) -> Int32 {
            var i = i
            while parent[Int(i)] != i { parent[Int(i)] = parent[Int(parent[Int(i)])]; i = parent[Int(i)] }
            return i
        }
        if let names, let codes {
            for r in 0..<table.rowCount where names[r] >= 0 && codes[r] >= 0 {
                let a = root(names[r]), b = root(codes[r])
                if a != b { parent[Int(a)] = b }
            }
        }

        var comparators = [[Int32]?](repeating: nil, count: vocabulary.count)
        for entry in group.index.entries {
            let key = Int(root(entry.area))
            var list = comparators[key] ?? []
            for c in entry.comparators {
                let m = root(c)
                if !list.contains(m) { list.append(m) }
            }
            comparators[key] = list
        }
        var rowArea = [Int32](repeating: -1, count: table.rowCount)
        var unlisted = 0
        for r in 0..<table.rowCount {
            let v = codes.map { $0[r] } ?? -1
            let i = v >= 0 ? v : (names.map { $0[r] } ?? -1)
            if i >= 0 { rowArea[r] = root(i) }
            if i < 0 || comparators[Int(root(i))] == nil { unlisted += 1 }
        }
        self.rowArea = rowArea
        self.comparators = comparators
        self.unlisted = unlisted
        self.nearMisses = ComparisonPeers.nearMisses(group, table: table, names: names, codes: codes)
    }

    /// The mapping's names no row matched, paired with an unmatched area of the table whose
    /// `AreaName.key` is the same.
    private static func nearMisses(_ group: ComparatorGroup, table: Table, names: [Int32]?, codes: [Int32]?) -> [(mapping: String, table: String)] {
        var used = Set<Int32>()
        for ids in [names, codes] { for i in ids ?? [] where i >= 0 { used.insert(i) } }
        var unmatchedRows: [String: String] = [:]   // key -> the table's spelling
        if let names, let c = table.column("area"), case .text(let text, let dict) = c.data {
            for r in 0..<table.rowCount where text[r] >= 0 && names[r] < 0 && (codes.map { $0[r] < 0 } ?? true) {
                let name = dict.values[Int(text[r])]
                let key = AreaName.key(name)
                if !key.isEmpty && unmatchedRows[key] == nil { unmatchedRows[key] = name }
            }
        }
        guard !unmatchedRows.isEmpty else { return [] }
        var seen = Set<String>(), out: [(mapping: String, table: String)] = []
        for name in group.lists.flatMap({ [$0.area] + $0.comparators }) + group.members {
            guard let id = group.index.vocabulary[name.lowercased()], !used.contains(id), seen.insert(name.lowercased()).inserted,
                  let match = unmatchedRows[AreaName.key(name)] else { continue }
            out.append((name, match))
        }
        return out
    }

    /// Whether any row of the table has a list to be compared with.
    var matchesAny: Bool { unlisted < rowArea.count }
}

/// The last resolution of one group, kept with the group: a query with a `rank()` per year
/// binds the same group against the same table ten times, and a session asks again and again.
/// The table is held weakly and compared by identity, so a reloaded or dropped table is never
/// mistaken for the one resolved.
final class PeersCache: @unchecked Sendable {
    private let lock = NSLock()
    private weak var table: Table?
    private var peers: ComparisonPeers?

    func peers(for group: ComparatorGroup, in table: Table) -> ComparisonPeers {
        lock.lock()
        defer { lock.unlock() }
        if let p = peers, self.table === table, p.rowArea.count == table.rowCount { return p }
        let p = ComparisonPeers(group, in: table)
        self.table = table
        peers = p
        return p
    }
}

/// How two spellings of one area are told apart from two areas: the same words in any order,
/// with case, punctuation and the words councils add or drop ("of", "and", "&", "Council",
/// "Borough") set aside, so "Edinburgh, City of" is "Edinburgh City" but "City of London" is
/// not "London". Used only to point at a likely match, never to make one.
package enum AreaName {
    static let filler: Set<String> = ["of", "the", "and", "council", "borough", "metropolitan", "district"]

    package static func key(_ name: String) -> String {
        name.lowercased()
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map(String.init)
            .filter { !filler.contains($0) }
            .sorted()
            .joined(separator: " ")
    }
}
