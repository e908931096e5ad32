import Foundation
import XCTest
import KpiqlTestSupport
import KpiqlData
import KpiqlShell
import KpiqlReport
import KpiqlSQL

/// Debian's Chromium, headless, for tests that open a report in a real browser. Each
/// instance has its own throw-away profile; every run is bounded by a timeout.
struct HeadlessChromium {
    let binary: String
    let profile: URL
    /// A run that takes longer than this is killed and the test fails (never hangs).
    static let timeout: TimeInterval = 60

    /// Finds `chromium` or `chromium-browser`; the test is skipped only if neither exists
    /// (`make deps` installs it on Debian).
    static func make() throws -> HeadlessChromium {
        guard let binary = ProcessRunner.find(["chromium", "chromium-browser", "/usr/bin/chromium", "/usr/lib/chromium/chromium"]) else {
            throw XCTSkip("Chromium is not installed (make deps installs it: apt-get install chromium)")
        }
        let profile = Scratch.url("chromium")
        return HeadlessChromium(binary: binary, profile: profile)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: profile) }

    private var common: [String] {
        // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
        // --enable-logging=stderr: console messages (script errors, CSP refusals) reach stderr.
        ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-extensions", "--hide-scrollbars", "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"]
    }

    /// The DOM after the page has loaded and run (virtual time lets late handlers fire too),
    /// and the page's console messages: a clean page has none.
    func dumpDOM(_ page: URL) throws -> (dom: String, console: [String]) {
        let r = try ProcessRunner.run(binary, common + ["--virtual-time-budget=2000", "--dump-dom", page.absoluteString],
                                      timeout: HeadlessChromium.timeout)
        guard !r.timedOut else { throw failure("Chromium did not finish within \(Int(HeadlessChromium.timeout)) s", r) }
        guard r.status == 0, r.out.contains("</html>") else { throw failure("Chromium exited with status \(r.status)", r) }
        return (r.out, HeadlessChromium.consoleLines(r.err))
    }

    /// A PNG of the page at `size` ("1200,1600").
    func screenshot(_ page: URL, to png: URL, size: String) throws {
        let r = try ProcessRunner.run(binary, common + ["--screenshot=\(png.path)", "--window-size=\(size)", page.absoluteString],
                                      timeout: HeadlessChromium.timeout)
        guard !r.timedOut else { throw failure("Chromium did not finish the screenshot within \(Int(HeadlessChromium.timeout)) s", r) }
        guard r.status == 0 else { throw failure("Chromium exited with status \(r.status)", r) }
    }

    /// Console lines Chromium logs for the page ("…:INFO:CONSOLE(12)] "Uncaught …"").
    static func consoleLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
    }

    private func failure(_ what: String, _ r: ProcessRunner.Result) -> Error {
        NSError(domain: "HeadlessChromium", code: 1, userInfo: [NSLocalizedDescriptionKey: what + "\n" + String(r.err.suffix(2000))])
    }
}
