import Foundation
import KpiqlEngine

/// `.group`: comparator groups of areas for `rank()`, `quartile()` and `group_avg()`.
///
///     .group                                     list the groups
///     .group neighbours                          show one group's areas
///     .group neighbours neighbours.csv           read a group from a CSV file
///     .group neighbours Wirral, Knowsley, "St Helens"
enum GroupCommand {
    static func run(_ s: Session, _ a: DotArguments) throws(Diagnostic) {
        let catalog = s.engine.catalog
        if a.count == 0 {
            let groups = catalog.groups.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
            if groups.isEmpty { s.note("no comparator groups yet: .group NAME FILE or .group NAME AREA, AREA …"); return }
            s.emit(TableListing.make(["group", "areas", "first areas", "source"], groups.map { g in
                [.text(g.name), .number(Double(g.areas.count)), .text(g.areas.prefix(4).joined(separator: ", ") + (g.areas.count > 4 ? ", …" : "")), .text(g.source)]
            }, table: "groups"))
            return
        }
        let name = a[0]
        if a.count == 1 {
            guard let g = catalog.groups[name.lowercased()] else { throw unknown(name, a, catalog) }
            s.write(g.areas.joined(separator: "\n") + "\n")
            return
        }
        if let problem = Loader.problem(withName: name) {
            throw a.error(problem.replacingOccurrences(of: "table", with: "group"), at: 0, hints: ["for example: .group neighbours FILE"])
        }
        let group: ComparatorGroup
        if a.count == 2, FileManager.default.fileExists(atPath: a[1]) {
            do { group = try ComparatorGroup.read(name: name, path: a[1]) } catch { throw LoadCommands.placedAt(error, a, 1) }
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
        s.note("group \(name): \(group.areas.count) area\(group.areas.count == 1 ? "" : "s") (\(shown))")
    }

    static func unknown(_ name: String, _ a: DotArguments, _ catalog: Catalog) -> Diagnostic {
        let names = catalog.groups.values.map(\.name).sorted()
        var hints = Suggest.closest(to: name, in: names).map { ["did you mean '\($0)'?"] } ?? []
        hints.append(names.isEmpty ? "no groups are defined yet: .group \(name) FILE" : "groups: " + names.joined(separator: ", "))
        return a.error("no comparator group named '\(name)'", at: 0, hints: hints)
    }
}
