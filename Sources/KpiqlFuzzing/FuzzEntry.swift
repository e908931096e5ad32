import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlShell

/// What the libFuzzer harnesses in `Fuzz/` call, kept in a library target so the regression tests
/// run exactly the same code on every input the fuzzers ever found (`Fuzz/regressions`).
///
/// Each entry must return normally for every input: a crash, a trap or a hang is the bug.
public enum FuzzEntry {
    /// The bundled data, loaded once; queries run against it so binding and execution are fuzzed too.
    static let engine: Engine? = (try? Workspace.bundled(locating: nil))?.engine

    /// Query text: lex, parse, bind, run, format the result, render any diagnostic; and if the
    /// text parses, its canonical form must parse back to the same canonical form.
    public static func query(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        let source = SourceFile(name: "fuzz", text: text)
        for st in StatementSplitter.split(text) where st.kind == .query {
            do {
                guard let engine else { _ = try Parser.parse(st.text, base: st.offset); continue }
                let r = try engine.run(st.text, source: source, base: st.offset, parameters: ["priority": "Children", "n": "3"])
                _ = ResultFormatter.render(r, FormatOptions(format: .table))
                _ = ResultFormatter.render(r, FormatOptions(format: .csv))
            } catch {
                _ = DiagnosticRenderer().render(error)
            }
            if let q = try? Parser.parse(st.text) {
                let canonical = QueryPrinter.format(q)
                let again = (try? Parser.parse(canonical)).map(QueryPrinter.format)
                precondition(again == canonical, "canonical form does not round-trip: \(canonical)")
            }
        }
        _ = StatementSplitter.isComplete(text)
    }

    /// Where the CSV fuzzer writes each input for the loader, which reads files.
    static let scratchPath = FileManager.default.temporaryDirectory.appendingPathComponent("kpiql-fuzz-\(getpid()).csv").path

    /// CSV bytes through the whole loader (encoding, layout, types, roles, Fingertips, LG Inform),
    /// then through the CSV reader and table builder directly, then a query over what loaded.
    public static func csv(_ data: [UInt8]) {
        if FileManager.default.createFile(atPath: scratchPath, contents: Data(data)) {
            do {
                let loaded = try Loader.load(path: scratchPath, name: "fuzz")
                let workspace = Workspace()
                workspace.add(loaded.table)
                if let r = try? workspace.engine.run("from fuzz limit 20") { _ = ResultFormatter.render(r, FormatOptions()) }
            } catch {
                _ = DiagnosticRenderer().render(error)
            }
        }
    }

    /// A saved query file: header, parameters, statements, completeness.
    public static func savedQuery(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        let q = SavedQuery.parse(text, name: "fuzz", path: "fuzz.kpiql", location: .user)
        _ = q.defaults
        _ = Lexer.parameterNames(in: q.body)
        for st in StatementSplitter.split(q.body) {
            if st.kind == .query { _ = try? Parser.parse(st.text, base: st.offset) }
        }
    }
}
