import KpiqlEngine

/// A catalog whose metrics tables' derived fields are kept current, and the engine over it.
///
/// The catalog itself is passive (KpiqlEngine knows nothing of metric rules); every table a
/// session gains comes through `add`, which derives a metrics table's fields from its raw
/// inputs (`MetricsDeriver`) before the catalog sees it, and every tolerance change through
/// `setTolerance`, which derives them again. The `audit` table is given to the catalog as a
/// recipe, made when first read after a change (auditing a million-row load took 6 s that
/// nobody asked for).
public final class Workspace: @unchecked Sendable {
    public let catalog: Catalog
    public let engine: Engine

    public init(catalog: Catalog = Catalog()) {
        self.catalog = catalog
        self.engine = Engine(catalog: catalog)
    }

    /// The bundled datasets in `directory` (`metrics`, `budget`, `capital`) and their `audit`.
    public static func bundled(directory: String) throws(Diagnostic) -> Workspace {
        let workspace = Workspace()
        try BundledDatasets.load(into: workspace, directory: directory)
        workspace.catalog.add(Auditor.table(for: workspace.catalog))
        return workspace
    }

    /// Adds (or replaces) a table; a metrics table's derived fields are computed first.
    public func add(_ table: Table) {
        if table.kind == .metrics {
            MetricsDeriver.derive(table, tolerance: catalog.tolerance, threads: catalog.threads)
        }
        catalog.add(table)
        if table.kind == .metrics && table.rowCount > 0 { auditChanged() }
    }

    /// Changes the amber tolerance and derives `status` again in every metrics table.
    public func setTolerance(_ t: Double) throws(Diagnostic) {
        guard t.isFinite, t >= 0, t < 100 else {
            throw Diagnostic(.usage, code: "K301", "tolerance must be a percentage from 0 to 99.9, got \(NumberFormat.plain(t))",
                             hints: ["the default is 5, meaning within 95% of target is amber"])
        }
        catalog.tolerance = t
        for table in catalog.madeTables where table.kind == .metrics {
            MetricsDeriver.derive(table, tolerance: t, threads: catalog.threads)
        }
        // The audit compares published classifications with `status`, which moved.
        auditChanged()
    }

    /// The `audit` table (when the session has one) covers every metrics table: it is made
    /// again, from the catalog as it then is, when next read.
    private func auditChanged() {
        guard catalog.contains("audit") else { return }
        catalog.add("audit", madeWhenRead: { [catalog] in Auditor.table(for: catalog) })
    }
}
