/// `having`: which groups a grouped query keeps, and the rows of those groups (for the total
/// row of `with totals`, which totals what is shown).
enum GroupFilter {
    /// The groups where the condition is true (unknown, as in `where`, is not kept).
    static func kept(_ truth: Vec) -> [Int] {
        guard case .bool(let t) = truth else { return [] }
        return t.indices.filter { t[$0] == 1 }
    }

    /// The selected rows that belong to one of the `kept` groups, in table order.
    static func rows(of kept: [Int], _ sel: Selection, _ grouping: Grouping) -> Selection {
        var keep = [Bool](repeating: false, count: grouping.count)
        for g in kept { keep[g] = true }
        let ids = grouping.ids
        var rows: [Int32] = []
        for i in 0..<sel.count where keep[Int(ids[i])] { rows.append(Int32(sel[i])) }
        return Selection(rows: rows, tableRows: 0)
    }
}
