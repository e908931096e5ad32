import KpiqlEngine
import KpiqlData

/// The report's one stylesheet, inline in the page: system fonts only (no font files), a
/// layout that stacks on a phone, and a print stylesheet for A4 committee papers.
///
/// Ratings are never colour alone: every pill carries its word, and each rating has its own
/// border style so a black-and-white print still tells red from amber.
enum ReportStyle {
    static let css = """
    :root { --ink: #1b1f24; --muted: #57606a; --rule: #d0d7de; --paper: #ffffff; --tint: #f6f8fa;
      --green: #17633a; --green-bg: #dcf2e3; --amber: #7a4b00; --amber-bg: #ffefc2;
      --red: #9f1c1c; --red-bg: #fde0df; --accent: #0b4f8a; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; color: var(--ink); background: var(--paper); line-height: 1.45;
      font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
    header.page, main, footer.provenance { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
    header.page { padding-top: 28px; border-bottom: 3px solid var(--accent); padding-bottom: 12px; }
    .kicker { margin: 0; color: var(--accent); font-weight: 600; font-size: 0.85rem; letter-spacing: 0.04em; text-transform: uppercase; }
    h1 { margin: 6px 0 6px; font-size: 1.7rem; line-height: 1.2; }
    h2 { font-size: 1.3rem; margin: 28px 0 10px; }
    h3 { font-size: 1.1rem; margin: 0; }
    h4 { font-size: 0.95rem; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; }
    .subtitle, .legend, .meta, figcaption, .none, .note { color: var(--muted); }
    .subtitle { margin: 0; }
    .legend { font-size: 0.85rem; margin: 8px 0 0; }
    .result-note { font-size: 0.9rem; margin: 8px 0 0; padding-left: 8px; border-left: 3px solid var(--ink); }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .table-wrap { overflow-x: auto; border: 1px solid var(--rule); border-radius: 6px; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 8px 10px; color: var(--muted); caption-side: top; }
    th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-top: 1px solid var(--rule); }
    thead th { background: var(--tint); border-top: none; font-size: 0.85rem; white-space: nowrap; }
    tbody th { font-weight: 600; }
    .num { text-align: right; white-space: nowrap; }
    td.empty { color: var(--muted); font-style: italic; }
    .ref { white-space: nowrap; }
    a { color: var(--accent); }
    .missing { color: var(--muted); }
    .rag { display: inline-block; min-width: 4.2em; text-align: center; padding: 1px 8px; border-radius: 999px;
      font-weight: 700; font-size: 0.82rem; border: 1.5px solid; white-space: nowrap; justify-self: start; }
    .rag-green { color: var(--green); background: var(--green-bg); border-style: solid; }
    .rag-amber { color: var(--amber); background: var(--amber-bg); border-style: dashed; }
    .rag-red { color: var(--red); background: var(--red-bg); border-style: double; border-width: 3px; }
    .rag-none { color: var(--muted); background: var(--tint); border-style: dotted; }
    .trend { font-weight: 600; white-space: nowrap; }
    .trend-improving { color: var(--green); } .trend-worsening { color: var(--red); } .trend-same { color: var(--muted); }
    .dir { font-size: 0.9em; }
    .scorecards { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 16px; }
    .scorecard { border: 1px solid var(--rule); }
    .scorecard tfoot th, .scorecard tfoot td { font-weight: 700; border-top: 2px solid var(--ink); }
    .card + .card { margin-top: 18px; }
    .card { border: 1px solid var(--rule); border-left: 8px solid var(--rule); border-radius: 6px; padding: 14px 18px;
      box-shadow: 0 1px 3px rgba(0,0,0,0.08); display: grid; gap: 4px 24px;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1.3fr);
      grid-template-areas: "head head" "fig chart" "comm comm" "act act" "note note"; }
    .card-green { border-left-color: var(--green); } .card-amber { border-left-color: #c98a00; border-left-style: dashed; }
    .card-red { border-left-color: var(--red); border-left-style: double; } .card-none { border-left-style: dotted; }
    .card > header { grid-area: head; } .card .figures { grid-area: fig; } .card figure { grid-area: chart; }
    .card .commentary { grid-area: comm; } .card .action { grid-area: act; } .card .note { grid-area: note; }
    .card .meta { margin: 2px 0; font-size: 0.9rem; } .badges { margin: 6px 0 0; }
    .card .ref { color: var(--accent); margin-right: 4px; }
    .figures { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px 16px; margin: 10px 0; align-content: start; }
    .figures div { border-top: 1px solid var(--rule); padding-top: 4px; }
    .figures dt { font-size: 0.8rem; color: var(--muted); } .figures dd { margin: 0; font-size: 1.25rem; font-weight: 600; font-variant-numeric: tabular-nums; }
    figure { margin: 8px 0; }
    figcaption { font-size: 0.8rem; }
    svg.chart { width: 100%; height: auto; max-width: 520px; display: block; font-size: 11px; font-family: inherit; }
    svg.chart .grid { stroke: #e5e9ee; stroke-width: 1; } svg.chart .base { stroke: var(--muted); stroke-width: 1; }
    svg.chart text { fill: var(--muted); } svg.chart .value { fill: var(--ink); font-weight: 600; }
    svg.chart .series { fill: none; stroke: var(--accent); stroke-width: 2.5; stroke-linejoin: round; }
    svg.chart .point { fill: var(--accent); stroke: #fff; stroke-width: 1.5; }
    svg.chart .rag-green { fill: var(--green); } svg.chart .rag-amber { fill: #c98a00; } svg.chart .rag-red { fill: var(--red); }
    svg.chart .target { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 6 4; }
    svg.chart .target.period { stroke: var(--muted); stroke-dasharray: 2 3; }
    svg.chart .legend text { fill: var(--ink); }
    svg.chart .gap, svg.chart .empty, svg.chart .kind { font-style: italic; }
    svg.chart .divider { stroke: var(--muted); stroke-width: 1; stroke-dasharray: 3 3; }
    .trend-none { color: var(--muted); font-style: italic; font-weight: 400; }
    .trend-label { font-weight: 600; } .council-trend { color: var(--muted); }
    .cell-note { color: var(--muted); font-size: 0.85em; }
    .commentary p, .action p { margin: 0 0 8px; max-width: 75ch; }
    footer.provenance { margin-top: 36px; padding-top: 8px; padding-bottom: 32px; border-top: 1px solid var(--rule); font-size: 0.85rem; }
    footer.provenance h2 { font-size: 1.05rem; } footer.provenance h3 { font-size: 0.95rem; margin-top: 16px; }
    .facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0 0 12px; }
    .facts dt { font-weight: 600; } .facts dd { margin: 0; }
    .sources code, .query code, .rerun code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.8rem; }
    code.sha256 { word-break: break-all; }
    .query pre { background: var(--tint); padding: 8px 10px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
    .rerun code { overflow-wrap: anywhere; white-space: pre-wrap; }
    .unreadable { color: var(--red); }
    @media (max-width: 700px) {
      body { font-size: 14px; }
      header.page, main, footer.provenance { padding: 0 12px; }
      header.page { padding-top: 16px; }
      h1 { font-size: 1.35rem; }
      .card { grid-template-columns: minmax(0, 1fr); grid-template-areas: "head" "fig" "chart" "comm" "act" "note"; padding: 12px; }
      th, td { padding: 5px 7px; }
      /* The result table stacks: one block per row, each value beside its field name. */
      .table-wrap { border: none; }
      table.result thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      table.result, table.result tbody, table.result tr, table.result tbody th, table.result td { display: block; }
      table.result caption { display: block; padding-left: 0; }
      table.result tr { border: 1px solid var(--rule); border-radius: 6px; padding: 6px 0; margin-bottom: 10px; }
      table.result tbody th, table.result td { border: none; display: grid; grid-template-columns: 6.5em minmax(0, 1fr);
        gap: 10px; padding: 2px 10px; text-align: left; white-space: normal; }
      table.result tbody th::before, table.result td::before { content: attr(data-label); color: var(--muted); font-weight: 400; font-size: 0.85em; }
      table.result td.empty { display: block; }
    }
    @page { size: A4; margin: 14mm 12mm 16mm; }
    @media print {
      body { font-size: 9.5pt; }
      th, td { padding: 3px 5px; }
      table.result { font-size: 8.5pt; }
      h2 { margin: 14px 0 6px; }
      .card { padding: 8px 12px; }
      .card + .card { margin-top: 10px; }
      header.page, main, footer.provenance { max-width: none; padding: 0; }
      .table-wrap { overflow: visible; border: none; }
      thead { display: table-header-group; }
      tr, .scorecard, figure { break-inside: avoid; }
      h2, h3, h4 { break-after: avoid; }
      .card { box-shadow: none; break-inside: avoid; page-break-inside: avoid; }
      a { color: inherit; text-decoration: none; }
      .rag, .card, svg.chart { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .scorecards { grid-template-columns: 1fr 1fr; }
    }
    """
}
