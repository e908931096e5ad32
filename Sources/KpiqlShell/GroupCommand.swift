import Foundation
import KpiqlEngine
import KpiqlData

/// `.group`: comparator groups of areas for `rank()`, `quartile()`, `group_avg()` and `group_n()`.
///
///     .group                                     list the groups
///     .group neighbours                          show one group's areas (a mapping: each area's list)
///     .group neighbours neighbours.csv           read a group from a CSV or JSON file
///     .group nn nearest.json E08000014           one area's list from a mapping (by code or name)
///     .group neighbours Wirral, Knowsley, "St Helens"
enum GroupCommand {
    static func run(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        let catalog = s.engine.catalog
        if a.count == 0 {
            let groups = catalog.groups.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
            if groups.isEmpty { s.note("no comparator groups yet: .group NAME FILE or .group NAME AREA, AREA …"); return }
            s.emit(TableListing.make(["group", "form", "areas", "first areas", "source"], groups.map { g in
                [.text(g.name), .text(g.form.rawValue), .number(Double(g.areas.count)),
                 .text(g.areas.prefix(4).joined(separator: ", ") + (g.areas.count > 4 ? ", …" : "")), .text(g.source)]
            }, table: "groups"))
            return
        }
        let name = a[0]
        if a.count == 1 {
            guard let g = catalog.groups[name.lowercased()] else { throw unknown(name, a, catalog) }
            if g.form == .list { s.write(g.areas.joined(separator: "\n") + "\n"); return }
            s.write(g.lists.map { "\($0.area): " + $0.comparators.joined(separator: ", ") }.joined(separator: "\n") + "\n")
            return
        }
        if let problem = Loader.problem(withName: name) {
            throw a.error(problem.replacingOccurrences(of: "table", with: "group"), at: 0, hints: ["for example: .group neighbours FILE"])
        }
        var group: ComparatorGroup
        if a.count == 2 || a.count == 3, FileManager.default.fileExists(atPath: a[1]) {
            do { group = try ComparatorGroup.read(name: name, path: a[1]) } catch { throw LoadCommands.placedAt(error, a, 1) }
            if a.count == 3 {
                guard group.form != .list else {
                    throw a.error("\(a[1]) holds one list, not a list per area: nothing to pick \(a[2]) from", at: 2,
                                  hints: ["drop the area: .group \(name) \(a[1])"])
                }
                guard let one = group.picking(a[2], aliases: aliases(of: a[2], in: catalog)) else {
                    let keys = group.lists.map(\.area)
                    var hints = Suggest.closest(to: a[2], in: keys).map { ["did you mean '\($0)'?"] } ?? []
                    hints.append("areas with a list: " + keys.prefix(6).joined(separator: ", ") + (keys.count > 6 ? ", …" : ""))
                    throw a.error("\(a[1]) gives no list for \(a[2])", at: 2, hints: hints)
                }
                group = one
            }
        } else {
            // Everything after the name, split at commas: names may contain spaces.
            let list = String(a.rest.dropFirst(a.rest.hasPrefix("\"") ? name.count + 2 : name.count))
            group = ComparatorGroup.parse(name: name, list: list)
            if group.members.count < 2, a.count == 2 {
                throw a.error("no file \(a[1]), and a group of one area compares nothing", at: 1,
                              hints: ["give a CSV file of areas, or several areas separated by commas: .group \(name) Wirral, Knowsley"])
            }
        }
        catalog.groups[name.lowercased()] = group
        let shown = group.areas.prefix(6).joined(separator: ", ") + (group.areas.count > 6 ? ", …" : "")
        s.note("group \(name): \(group.summary) (\(shown))")
    }

    /// Other names of an area in the loaded tables: its code for a name, its name for a code.
    static func aliases(of area: String, in catalog: Catalog) -> [String] {
        var out: [String] = []
        let key = area.lowercased()
        for t in catalog.tableNames.compactMap({ catalog.table($0) }) {
            guard let n = t.column("area"), let c = t.column("area_code"),
                  case .text(let names, let nd) = n.data, case .text(let codes, let cd) = c.data else { continue }
            for r in 0..<t.rowCount where names[r] >= 0 && codes[r] >= 0 {
                if nd.folded[Int(names[r])] == key { out.append(cd.values[Int(codes[r])]); break }
                if cd.folded[Int(codes[r])] == key { out.append(nd.values[Int(names[r])]); break }
            }
        }
        return out
    }

    static func unknown(_ name: String, _ a: DotArguments, _ catalog: Catalog) -> Diagnostic {
        let names = catalog.groups.values.map(\.name).sorted()
        var hints = Suggest.closest(to: name, in: names).map { ["did you mean '\($0)'?"] } ?? []
        hints.append(names.isEmpty ? "no groups are defined yet: .group \(name) FILE" : "groups: " + names.joined(separator: ", "))
        return a.error("no comparator group named '\(name)'", at: 0, hints: hints)
    }
}
