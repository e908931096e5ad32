import Foundation
import KpiqlEngine
import KpiqlServer

/// A connection to a server made on another thread, with the server's catalog read, while
/// kpiql loads its bundled tables: `kpiql --engine URL -c QUERY` then waits for the slower
/// of the two rather than for both, one after the other (each is a few milliseconds, which
/// is a tenth of a query that takes 30 ms on the server; see BENCHMARKS.md, Server).
public final class ServerConnecting: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<(ServerEngine, PGConnection.Rows), Diagnostic>?

    public init(_ url: String) {
        Thread.detachNewThread { [self] in
            do throws(Diagnostic) {
                let server = try ServerEngine(url)
                result = .success((server, try server.readCatalog()))
            } catch {
                result = .failure(error)
            }
            done.signal()
        }
    }

    /// Waits for the connection, then connects `session` to it (as `ServerCommands.connect`).
    public func finish(_ session: Session) throws(Diagnostic) {
        done.wait()
        switch result! {
        case .success(let (server, rows)): ServerCommands.connect(session, server, catalog: rows)
        case .failure(let error): throw error
        }
    }
}
