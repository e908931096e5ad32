import Foundation
import KpiqlEngine
import KpiqlData

/// Dispatch of dot commands from the one table in `DotCommandTable.swift`.
public enum DotCommands {
    public static func run(_ line: String, session: Session, source: SourceFile, offset: Int) throws(Diagnostic) {
        let (name, args) = DotArguments.parse(line, source: source, offset: offset)
        let command = try resolve(name, args: args)
        do { try command.run(session, args) } catch let d as Diagnostic { throw d } catch {
            throw Diagnostic(.internalError, code: "K799", "\(error)")
        }
    }

    /// Exact name, else an unambiguous prefix (`.mo` is `.mode`), else "did you mean".
    public static func resolve(_ name: String, args: DotArguments) throws(Diagnostic) -> DotCommand {
        let lower = name.lowercased()
        if let c = all.first(where: { $0.name == lower }) { return c }
        let matches = all.filter { $0.name.hasPrefix(lower) }
        if matches.count == 1, !lower.isEmpty { return matches[0] }
        if matches.count > 1, !lower.isEmpty {
            throw Diagnostic(.usage, code: "K702", "'.\(name)' is ambiguous", span: args.commandSpan, source: args.source,
                             hints: ["it could be " + Suggest.list(matches.map { "." + $0.name })])
        }
        var hints: [String] = []
        if let s = Suggest.closest(to: lower, in: all.map(\.name)) { hints.append("did you mean '.\(s)'?") }
        hints.append("'.help' lists the commands")
        throw Diagnostic(.usage, code: "K703", "unknown command '.\(name)'", span: args.commandSpan, source: args.source, hints: hints)
    }

    /// The `.help` text: every command's usage and one line of help; for a command, its own;
    /// for a word of the language (`where`, `pct`, `rank`), its topic in `LanguageHelp`.
    public static func helpText(for name: String? = nil) -> String {
        if let name, let c = all.first(where: { $0.name == name.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) }) {
            return ".\(c.usage)\n    \(c.help)\n"
        }
        if let name, let topic = LanguageHelp.find(name) { return topic.text + "\n" }
        // Long usages (.scorecard) put their help on the next line rather than widening every row.
        let width = 30
        return all.map { c in
            let usage = "." + c.usage
            return usage.count <= width ? usage.padding(toLength: width + 2, withPad: " ", startingAt: 0) + c.help
                : usage + "\n" + String(repeating: " ", count: width + 2) + c.help
        }.joined(separator: "\n") + "\n\nThe language: .help " + LanguageHelp.topics.map(\.name).joined(separator: " | ")
            + " (or a clause, operator or function: .help where, .help pct)\n" + queryNote
    }

    /// What a query can say beyond one table, under the commands in `.help`.
    static let queryNote = """

        Queries combine tables with from A [as X] [left] join B [as Y] on KEY [and KEY …] (fields as X.field),
        keep groups with group by … having CONDITION, and filter areas with FIELD in group NAME (a .group).
        Subqueries (where x in (select …)) are not supported: write a join, or in group NAME.

        """

    static func onOff(_ args: DotArguments, _ what: String) throws(Diagnostic) -> Bool {
        guard args.count == 1 else { throw args.error(".\(what) needs on or off", hints: ["write .\(what) on or .\(what) off"]) }
        switch args[0].lowercased() {
        case "on", "yes", "1", "true": return true
        case "off", "no", "0", "false": return false
        default: throw args.error("expected on or off, found '\(args[0])'", at: 0)
        }
    }

    static func table(_ session: Session, _ name: String, _ args: DotArguments, at i: Int) throws(Diagnostic) -> Table {
        if let t = session.engine.catalog.table(name) { return t }
        var hints: [String] = []
        if let s = Suggest.closest(to: name, in: session.engine.catalog.tableNames) { hints.append("did you mean '\(s)'?") }
        hints.append("tables: " + session.engine.catalog.tableNames.joined(separator: ", "))
        throw args.error("unknown table '\(name)'", at: i, hints: hints)
    }

    /// Runs a file of statements, with a cap on nesting so a file that reads itself stops.
    static func read(_ path: String, session: Session, args: DotArguments) throws(Diagnostic) {
        guard session.readDepth < Session.maxReadDepth else {
            throw args.error(".read is nested more than \(Session.maxReadDepth) deep (does \(path) read itself?)", at: 0)
        }
        let text: String
        do { text = try ScriptFile.read(path) } catch { throw args.error(error.message, at: 0, hints: error.hints) }
        session.readDepth += 1
        defer { session.readDepth -= 1 }
        let ok = session.runScript(text, name: path)
        if !ok && session.bail { throw Diagnostic(.query, code: "K704", "stopped in \(path) (--bail)") }
    }
}
