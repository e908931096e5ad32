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
