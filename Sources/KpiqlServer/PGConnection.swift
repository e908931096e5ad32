import CLibPQ
import Foundation
import KpiqlEngine
import KpiqlData
import KpiqlSQL

/// One connection to a PostgreSQL server through libpq.
///
/// The connection string is a `postgresql://` URL or a libpq conninfo (`host=… dbname=…`);
/// passwords come from libpq's own sources (PGPASSWORD, ~/.pgpass, a service file), never
/// from the string: one written there would end up in shell and REPL history, so it is
/// refused. Nothing this type prints (its description, its errors) holds a password.
public final class PGConnection: @unchecked Sendable {
    private var conn: OpaquePointer?

    public init(_ connectionString: String) throws(Diagnostic) {
        if Self.hasPassword(connectionString) { throw ServerError.passwordInString() }
        conn = PQconnectdb(connectionString)
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let message = conn.map { Self.message(PQerrorMessage($0)) } ?? "out of memory"
            if let c = conn { PQfinish(c) }
            self.conn = nil
            throw ServerError.cannotConnect(message)
        }
        // Answers must not depend on the server's settings: shortest round-trip doubles, UTF-8.
        _ = try? exec("SET extra_float_digits = 1; SET client_encoding = 'UTF8'; SET client_min_messages = warning")
    }

    deinit { if let conn { PQfinish(conn) } }

    /// `user@host:port/database`, for `.engine` and report footers; never the password.
    public var description: String {
        guard let conn else { return "(not connected)" }
        let host = String(cString: PQhost(conn)), port = String(cString: PQport(conn))
        return "\(String(cString: PQuser(conn)))@\(host.hasPrefix("/") ? "socket \(host)" : host):\(port)/\(String(cString: PQdb(conn)))"
    }

    public var database: String { conn.map { String(cString: PQdb($0)) } ?? "" }

    /// Whether the string names a password (URL user:password@ or conninfo password=…).
    static func hasPassword(_ s: String) -> Bool {
        var err: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(s, &err) else { if let err { PQfreemem(err) }; return false }
        defer { PQconninfoFree(options) }
        var p = options
        while let keyword = p.pointee.keyword {
            if String(cString: keyword) == "password", let v = p.pointee.val, v.pointee != 0 { return true }
            p += 1
        }
        return false
    }

    /// Rows of a statement's result, read in place from libpq's result (freed with it): a
    /// result of 30 000 rows × 14 columns is 420 000 cells, and copying each into a String
    /// before converting it cost more than the query's transfer (see BENCHMARKS.md, Server).
    /// `PGResultReader` types them.
    public final class Rows {
        private let res: OpaquePointer?
        public let count: Int
        public let names: [String]

        init(_ res: OpaquePointer?) {
            self.res = res
            guard let res else { count = 0; names = []; return }
            count = Int(PQntuples(res))
            names = (0..<Int(PQnfields(res))).map { String(cString: PQfname(res, Int32($0))) }
        }

        deinit { if let res { PQclear(res) } }

        /// The cell's text, nil for NULL.
        public func text(_ row: Int, _ column: Int) -> String? {
            guard let res, column < names.count, PQgetisnull(res, Int32(row), Int32(column)) == 0 else { return nil }
            return String(cString: PQgetvalue(res, Int32(row), Int32(column)))
        }

        /// `body` of the cell's bytes where libpq holds them (`count` bytes, then a NUL; valid
        /// while the rows live), nil for NULL. A finished result is only read, so threads may
        /// share it (`PGResultReader`).
        @inline(__always)
        func withCell<T>(_ row: Int, _ column: Int, _ body: (UnsafePointer<UInt8>, Int) -> T) -> T? {
            guard let res, column < names.count, PQgetisnull(res, Int32(row), Int32(column)) == 0,
                  let p = PQgetvalue(res, Int32(row), Int32(column)) else { return nil }
            let n = Int(PQgetlength(res, Int32(row), Int32(column)))
            return UnsafeRawPointer(p).withMemoryRebound(to: UInt8.self, capacity: n + 1) { body($0, n) }
        }

        /// Every cell as text (nil for NULL), row by row.
        public var cells: [[String?]] {
            (0..<count).map { r in names.indices.map { text(r, $0) } }
        }
    }

    /// Runs one or more statements; the last one's rows are returned.
    @discardableResult
    public func exec(_ sql: String) throws(Diagnostic) -> Rows {
        let conn = try live()
        guard let res = PQexec(conn, sql) else { throw ServerError.lost(Self.message(PQerrorMessage(conn))) }
        switch PQresultStatus(res) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return Rows(res)
        default:
            defer { PQclear(res) }
            if PQstatus(conn) != CONNECTION_OK { throw ServerError.lost(Self.message(PQerrorMessage(conn))) }
            throw ServerError.server(Self.message(PQresultErrorMessage(res)))
        }
    }

    /// Sends `chunks` to a `COPY … FROM STDIN` statement; `progress` is told the chunks done.
    public func copy(_ statement: String, chunks: Int, chunk: (Int) -> String, progress: (Int) -> Void) throws(Diagnostic) {
        let conn = try live()
        guard let res = PQexec(conn, statement) else { throw ServerError.lost(Self.message(PQerrorMessage(conn))) }
        let status = PQresultStatus(res)
        let err = Self.message(PQresultErrorMessage(res))
        PQclear(res)
        guard status == PGRES_COPY_IN else { throw ServerError.server(err) }
        for i in 0..<chunks {
            let bytes = Array(chunk(i).utf8)
            let sent = bytes.withUnsafeBufferPointer { b in
                b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(conn, $0, Int32(b.count)) }
            }
            guard sent == 1 else { throw ServerError.lost(Self.message(PQerrorMessage(conn))) }
            progress(i + 1)
        }
        guard PQputCopyEnd(conn, nil) == 1 else { throw ServerError.lost(Self.message(PQerrorMessage(conn))) }
        var failure: String?
        while let r = PQgetResult(conn) {
            if PQresultStatus(r) != PGRES_COMMAND_OK { failure = Self.message(PQresultErrorMessage(r)) }
            PQclear(r)
        }
        if let failure { throw ServerError.server(failure) }
    }

    /// The connection, re-established once if it was lost (the REPL stays usable).
    private func live() throws(Diagnostic) -> OpaquePointer {
        guard let conn else { throw ServerError.lost("not connected") }
        if PQstatus(conn) != CONNECTION_OK {
            PQreset(conn)
            guard PQstatus(conn) == CONNECTION_OK else { throw ServerError.lost(Self.message(PQerrorMessage(conn))) }
        }
        return conn
    }

    static func message(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
