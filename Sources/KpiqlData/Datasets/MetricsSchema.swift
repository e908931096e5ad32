import KpiqlEngine

/// The stable field names of `metrics` and where each comes from (shown by `.fields`).
public enum MetricsSchema {
    /// Shown when a query on a metrics table has no `select`.
    public static let defaultFields = ["council", "id", "name", "latest", "target", "variance", "status", "trend"]

    static let docs: [String: String] = [
        "council": "the council that published the row (\"Sefton\", \"St Helens\")",
        "reporting_period": "the period the report covers (\"November 2024\", \"Q2 2024-25\")",
        "id": "the indicator reference as printed (C15, CYP-004)",
        "name": "the indicator as printed",
        "priority": "short label shared across councils (Sefton by ID prefix; St Helens by priority number)",
        "service": "the service, named the same for every council (Children's services, Adult social care, Public health…): recorded per row in the dataset",
        "priority_no": "the priority's number in the council's report (1–6)",
        "priority_title": "the priority's full title as printed",
        "outcome": "the outcome heading (St Helens)",
        "tier": "Tier 1 or 2 (St Helens)",
        "frequency": "Period Type (Sefton) or Reporting Frequency (St Helens) as printed",
        "cumulative": "yes where the figure is a year-to-date total or rate, compared with the same point a year earlier (recorded per row in the dataset)",
        "previous_period": "the period `previous` is (the one just before latest; a year earlier for a cumulative figure); missing with no comparable period",
        "latest_period": "the period `latest` is (\"Q2 Sept\", \"Most Recent\")",
        "comparison": "why there is no comparable period, when there is none (change, direction and trend are then missing)",
        "good": "high or low: Good Is (Sefton), Higher / Lower is better? (St Helens); missing where blank",
        "r3": "Sefton Recent -3", "r2": "Sefton Recent -2", "r1": "Sefton Recent -1",
        "outturn": "St Helens 23/24 Outturn", "q1": "St Helens Q1 June", "q2": "St Helens Q2 Sept",
        "target": "the published target (St Helens: the 24/25 annual target)",
        "period_target": "a profiled year-to-date target where the source gives one (see datasets/README.md)",
        "reported_change": "Sefton Change from Previous as a signed % (▲ +, ▼ −, ↔ 0; inf% is missing)",
        "reported_distance": "Sefton Distance from Target in units (missing when Met / Exceeded)",
        "reported_variance": "published % variance (St Helens as printed; Sefton −(distance %) when not met)",
        "reported_trend": "the published trend (St Helens arrow ↑ ↓ ↔; Sefton arrow read with good)",
        "printed_change": "Sefton Change from Previous exactly as printed",
        "printed_distance": "Sefton Distance from Target exactly as printed",
        "printed_trend": "St Helens Trend cell exactly as printed (↑ ↓ ↔, N/A, or empty where the arrow was lost)",
        "quartile": "St Helens quartile against its comparator group (1 best – 4 worst)",
        "england_avg": "England average from the comparative cell",
        "neighbour_avg": "statistical neighbour (LA Av.) or North West (NW Av.) average",
        "neighbour_group": "LA (statistical neighbours) or NW (North West) for neighbour_avg",
        "benchmark_period": "the period of the comparative figures, as printed",
        "comparative": "the Comparative Performance cell as printed",
        "commentary": "the published commentary (St Helens per row; Sefton where the text names the ID)",
        "action": "the Action for Improvement text (St Helens)",
        "note": "why a value is missing (\"To be reported in Q3\")",
    ]
}
