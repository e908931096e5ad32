import Foundation
import XCTest
import KpiqlEngine
@testable import KpiqlShell
import KpiqlTestSupport
import KpiqlData
@testable import KpiqlReport
@testable import KpiqlSQL

/// Opens reports in headless Chromium: the Children-red report loads without a console
/// message, holds its rows, a chart per indicator and the datasets' true hashes; a report of
/// hostile data runs nothing.
final class ReportBrowserTests: XCTestCase {
    static let root = Repo.root
    var temp: URL!
    var chromium: HeadlessChromium!

    override func setUpWithError() throws {
        chromium = try HeadlessChromium.make()
        temp = Scratch.url("report")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    }

    override func tearDown() {
        chromium?.cleanUp()
        if let temp { try? FileManager.default.removeItem(at: temp) }
    }

    /// Runs `script` in a session over `engine` (a workspace) (the bundled data by default); returns what it wrote.
    func run(_ script: String, engine: Workspace? = nil) throws -> String {
        let (output, captured) = Output.capturing()
        let e = try engine ?? Workspace.bundled(directory: Repo.datasets)
        let store = SavedQueryStore(userDir: temp.appendingPathComponent("queries").path, projectDir: Self.root.appendingPathComponent("queries").path)
        let session = Session(workspace: e, output: output, savedQueries: store)
        XCTAssertTrue(session.runScript(script, name: "test.kpiql"), captured())
        return captured()
    }

    func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            String(text[Range(m.range(at: 1), in: text)!])
        }
    }

    func testChildrenRedReportInChromium() throws {
        let page = temp.appendingPathComponent("children_red.html")
        let said = try run("where priority = \"Children\" and status = red order by variance;\n.report \(page.path)\n")
        XCTAssertTrue(said.hasSuffix("wrote \(page.path): 9 rows, 9 indicators with charts\n"), said)

        let (dom, console) = try chromium.dumpDOM(page)
        XCTAssertEqual(console, [], "the page logs nothing: no script, no refused load")
        XCTAssertEqual(matches("<title>([^<]*)</title>", in: dom), ["Children's indicators rated red, largest adverse variance first"])

        // The rows, in the query's order (largest adverse variance first).
        let ids = matches(##"data-label="id"><a href="#[^"]+">([^<]+)</a>"##, in: dom)
        XCTAssertEqual(ids, ["CYP-005", "C15", "C11", "CYP-004", "CYP-001", "C12", "CYP-012", "E&amp;S-006", "PH-005"])
        let sefton = ids.filter { ["C15", "C11", "C12"].contains($0) }
        XCTAssertEqual(sefton, ["C15", "C11", "C12"])

        // One card per indicator, each with exactly one chart.
        let cards = dom.components(separatedBy: "<article class=\"card").dropFirst().map { $0.components(separatedBy: "</article>")[0] }
        XCTAssertEqual(cards.count, 9)
        for card in cards { XCTAssertEqual(card.components(separatedBy: "<svg").count - 1, 1, String(card.prefix(200))) }
        XCTAssertEqual(dom.components(separatedBy: "class=\"series\"").count - 1 > 0, true, "charts have lines")

        // The footer's hashes are the dataset files' hashes, computed here independently.
        let files = matches(#"<th scope="row" class="file">([^<]+)</th>"#, in: dom)
        let hashes = matches(#"<code class="sha256">([0-9a-f]{64})</code>"#, in: dom)
        XCTAssertEqual(files, ["sefton_2024_11.csv", "st_helens_2024q2.csv"])
        XCTAssertEqual(hashes.count, files.count)
        for (file, hash) in zip(files, hashes) {
            XCTAssertEqual(hash, try Self.sha256sum(Self.root.appendingPathComponent("datasets/" + file).path), file)
        }

        let png = temp.appendingPathComponent("children_red.png")
        try chromium.screenshot(page, to: png, size: "1200,1600")
        let bytes = try Data(contentsOf: png)
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG")
        XCTAssertGreaterThan(bytes.count, 30_000, "a rendered page, not a blank one")
    }

    static let scriptTag = "<script>document.title='pwned'</script>"
    static let imgBreakout = #""><img src=x onerror="document.title='pwned'">"#
    static let styleBreakout = "</style><script>document.title='pwned'</script>"

    /// A metrics table whose text is hostile: names, councils, commentary and actions that
    /// would run script if a report wrote them as markup.
    func hostileEngine() throws -> Workspace {
        func cell(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let rows = [
            ["council", "id", "name", "priority", "good", "q1", "q2", "target", "commentary", "action"],
            [Self.imgBreakout, "X1", Self.scriptTag, "Children", "high", "50", "40", "80",
             "<p>First paragraph.</p><p>\(Self.styleBreakout)</p>", Self.imgBreakout],
            ["Safe", "X2\(Self.imgBreakout)", Self.styleBreakout, "Children", "high", "60", "", "70",
             "<p><img src=x onerror=\"document.title='pwned'\"></p>", Self.scriptTag],
        ]
        let path = temp.appendingPathComponent("hostile.csv").path
        try rows.map { $0.map(cell).joined(separator: ",") }.joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        let workspace = Workspace()
        workspace.add(try Loader.load(path: path, name: "metrics").table)
        return workspace
    }

    func testHostileDataRunsNothing() throws {
        let page = temp.appendingPathComponent("hostile.html")
        // The query and a parameter carry hostile text too: they reach the caption and footer.
        let script = ".param who=\"\(Self.styleBreakout)\"\nwhere council != $who and (name contains '<script>' or name contains '</style>') order by id;\n.report \(page.path)\n"
        let said = try run(script, engine: hostileEngine())
        XCTAssertTrue(said.contains("2 rows, 2 indicators with charts"), said)
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.contains("<h1>Indicators where council is not &lt;/style&gt;&lt;script&gt;"), "the parameter's value is in the caption, escaped")

        // As written (with its Content-Security-Policy), and without it: escaping alone must hold.
        let bare = temp.appendingPathComponent("hostile-no-csp.html")
        try html.replacingOccurrences(of: #"<meta http-equiv="Content-Security-Policy""#, with: "<meta name=\"csp-removed\"")
            .write(to: bare, atomically: true, encoding: .utf8)
        for url in [page, bare] {
            let (dom, console) = try chromium.dumpDOM(url)
            let title = matches("<title>([^<]*)</title>", in: dom)
            XCTAssertEqual(title.count, 1)
            XCTAssertNotEqual(title.first, "pwned", url.lastPathComponent)
            XCTAssertFalse(dom.contains("<img"), "no element from the data: \(url.lastPathComponent)")
            XCTAssertFalse(dom.contains("<script"), url.lastPathComponent)
            XCTAssertEqual(console, [], "nothing tried to run: \(url.lastPathComponent)")
            // The text is there, as text (a serialised DOM escapes < and > in text, not quotes).
            XCTAssertTrue(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), url.lastPathComponent)
            XCTAssertTrue(dom.contains(#""&gt;&lt;img src=x onerror="document.title='pwned'"&gt;"#), url.lastPathComponent)
            XCTAssertTrue(dom.contains("&lt;/style&gt;&lt;script&gt;"), url.lastPathComponent)
            // Commentary markup still reads as paragraphs.
            XCTAssertTrue(dom.contains("<p>First paragraph.</p>"), url.lastPathComponent)
        }
    }

    /// The check above would notice script that ran: the same payload written raw does set the title.
    func testTheCheckSeesAScriptThatRuns() throws {
        let page = temp.appendingPathComponent("control.html")
        try "<!DOCTYPE html><html><head><title>safe</title></head><body>\(Self.imgBreakout)\(Self.scriptTag)</body></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let (dom, _) = try chromium.dumpDOM(page)
        XCTAssertEqual(matches("<title>([^<]*)</title>", in: dom), ["pwned"])
    }

    /// sha256sum when coreutils has it (an independent check of kpiql's SHA-256), else kpiql's own.
    static func sha256sum(_ path: String) throws -> String {
        guard let tool = ProcessRunner.find(["sha256sum"]) else { return try XCTUnwrap(SHA256.hex(ofFile: path)) }
        let r = try ProcessRunner.run(tool, [path], timeout: 30)
        return String(r.out.prefix(64))
    }
}
