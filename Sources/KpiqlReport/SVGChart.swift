import Foundation
import KpiqlEngine
import KpiqlData

/// A small inline SVG line chart of one metric's period values with its target as a dashed
/// line. A period with no value is a gap in the line (and says "no value"), never a zero.
public struct SVGChart {
    public var values: [Double]
    public var labels: [String]
    /// The published target and a profiled period target (NaN when there is none).
    public var target: Double
    public var periodTarget: Double
    /// green/amber/red for the latest point's marker, when known.
    public var status: String?
    /// Read by screen readers and shown as a tooltip: what the chart shows, in words.
    public var title: String
    /// A prefix for element ids, unique within the page (generated, never from data).
    public var idPrefix: String
    /// Decimal places for the values written on the chart.
    public var decimals: Int
    /// Which values are whole-year outturns among quarterly ones: drawn as squares, apart from
    /// the quarters (a dashed divider, no line joining them) and labelled "whole year".
    public var annual: [Bool] = []

    func isAnnual(_ i: Int) -> Bool { i < annual.count && annual[i] }

    public init(values: [Double], labels: [String], target: Double, periodTarget: Double = .nan,
                status: String? = nil, title: String, idPrefix: String, decimals: Int = 2) {
        self.values = values
        self.labels = labels
        self.target = target
        self.periodTarget = periodTarget
        self.status = status
        self.title = title
        self.idPrefix = idPrefix
        self.decimals = decimals
    }

    static let width = 480.0, height = 220.0
    static let left = 52.0, right = 16.0, top = 28.0, bottom = 40.0

    public func render() -> String {
        let w = SVGChart.width, h = SVGChart.height
        var out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" "
            + "aria-labelledby=\"\(idPrefix)-title\" preserveAspectRatio=\"xMidYMid meet\">\n"
        out += "<title id=\"\(idPrefix)-title\">\(HTMLEscape.text(title + ": " + spokenValues()))</title>\n"
        let points = values.filter(\.isFinite)
        let lines = [target, periodTarget].filter(\.isFinite)
        guard !points.isEmpty || !lines.isEmpty, !values.isEmpty else {
            out += "<text class=\"empty\" x=\"\(f(w / 2))\" y=\"\(f(h / 2))\" text-anchor=\"middle\">No period values published</text>\n</svg>"
            return out
        }
        let scale = SVGChart.niceScale(points + lines)
        let plotL = SVGChart.left, plotR = w - SVGChart.right, plotT = SVGChart.top, plotB = h - SVGChart.bottom
        func y(_ v: Double) -> Double { plotB - (v - scale.lo) / (scale.hi - scale.lo) * (plotB - plotT) }
        let slot = (plotR - plotL) / Double(values.count)
        func x(_ i: Int) -> Double { plotL + (Double(i) + 0.5) * slot }

        // Axes: gridlines with labelled ticks on the left, period labels along the bottom.
        out += "<g class=\"axis\">\n"
        for t in scale.ticks {
            out += "<line class=\"grid\" x1=\"\(f(plotL))\" x2=\"\(f(plotR))\" y1=\"\(f(y(t)))\" y2=\"\(f(y(t)))\"/>"
            out += "<text x=\"\(f(plotL - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(HTMLEscape.text(NumberFormat.display(t, decimals: decimals)))</text>\n"
        }
        out += "<line class=\"base\" x1=\"\(f(plotL))\" x2=\"\(f(plotR))\" y1=\"\(f(plotB))\" y2=\"\(f(plotB))\"/>\n"
        for (i, label) in labels.prefix(values.count).enumerated() {
            out += "<text x=\"\(f(x(i)))\" y=\"\(f(plotB + 16))\" text-anchor=\"middle\">\(HTMLEscape.text(label))</text>\n"
            if isAnnual(i) { out += "<text class=\"kind\" x=\"\(f(x(i)))\" y=\"\(f(plotB + 30))\" text-anchor=\"middle\">whole year</text>\n" }
            // Where the kind of period changes, a divider: an annual outturn is not one more quarter.
            if i > 0, isAnnual(i) != isAnnual(i - 1) {
                let xd = plotL + Double(i) * slot
                out += "<line class=\"divider\" x1=\"\(f(xd))\" x2=\"\(f(xd))\" y1=\"\(f(plotT))\" y2=\"\(f(plotB))\"/>\n"
            }
        }
        out += "</g>\n"

        // Targets: the published one dashed, a profiled period target dotted; named in the legend.
        var legend: [(cls: String, label: String)] = [("series", "Value")]
        if target.isFinite {
            out += line(y(target), cls: "target")
            legend.append(("target", "Target " + NumberFormat.display(target, decimals: decimals)))
        }
        if periodTarget.isFinite, periodTarget != target {
            out += line(y(periodTarget), cls: "target period")
            legend.append(("target period", "Period target " + NumberFormat.display(periodTarget, decimals: decimals)))
        }
        out += legendHTML(legend)

        // The values: one polyline per run of consecutive periods, so a gap stays a gap.
        var run: [String] = []
        func flush() {
            if run.count > 1 { out += "<polyline class=\"series\" points=\"\(run.joined(separator: " "))\"/>\n" }
            run = []
        }
        for (i, v) in values.enumerated() {
            if i > 0, isAnnual(i) != isAnnual(i - 1) { flush() }
            if v.isFinite { run.append("\(f(x(i))),\(f(y(v)))") } else { flush() }
        }
        flush()
        let lastIndex = values.lastIndex(where: \.isFinite)
        for (i, v) in values.enumerated() {
            if v.isFinite {
                let cls = i == lastIndex ? "point latest" + (status.map { " rag-" + HTMLEscape.text($0) } ?? "") : "point"
                if isAnnual(i) {
                    out += "<rect class=\"\(cls) annual\" x=\"\(f(x(i) - 4))\" y=\"\(f(y(v) - 4))\" width=\"8\" height=\"8\"/>"
                } else {
                    out += "<circle class=\"\(cls)\" cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"\(i == lastIndex ? 5 : 3.5)\"/>"
                }
                out += "<text class=\"value\" x=\"\(f(x(i)))\" y=\"\(f(y(v) - 9))\" text-anchor=\"middle\">\(HTMLEscape.text(NumberFormat.display(v, decimals: decimals)))</text>\n"
            } else {
                out += "<text class=\"gap\" x=\"\(f(x(i)))\" y=\"\(f(plotB - 6))\" text-anchor=\"middle\">no value</text>\n"
            }
        }
        out += "</svg>"
        return out
    }

    private func line(_ ty: Double, cls: String) -> String {
        "<line class=\"\(cls)\" x1=\"\(f(SVGChart.left))\" x2=\"\(f(SVGChart.width - SVGChart.right))\" y1=\"\(f(ty))\" y2=\"\(f(ty))\"/>\n"
    }

    /// A key above the plot (a sample of each line and its name), where it cannot cover a point.
    private func legendHTML(_ items: [(cls: String, label: String)]) -> String {
        var out = "<g class=\"legend\">"
        var x = SVGChart.left
        for item in items {
            out += "<line class=\"\(item.cls)\" x1=\"\(f(x))\" x2=\"\(f(x + 22))\" y1=\"12\" y2=\"12\"/>"
            out += "<text x=\"\(f(x + 27))\" y=\"16\">\(HTMLEscape.text(item.label))</text>"
            // About 6 units a character at this size; the labels are short and ours.
            x += 27 + Double(item.label.count) * 6.2 + 16
        }
        return out + "</g>\n"
    }

    /// "Recent -3 2, Recent -2 2, Recent -1 no value, Most Recent 1; target 3": the chart in words.
    func spokenValues() -> String {
        var parts: [String] = []
        for (i, v) in values.enumerated() {
            let label = (i < labels.count ? labels[i] : "period \(i + 1)") + (isAnnual(i) ? " (whole year)" : "")
            parts.append(label + " " + (v.isFinite ? NumberFormat.display(v, decimals: decimals) : "no value"))
        }
        var s = parts.joined(separator: ", ")
        if target.isFinite { s += "; target " + NumberFormat.display(target, decimals: decimals) }
        if periodTarget.isFinite, periodTarget != target { s += "; period target " + NumberFormat.display(periodTarget, decimals: decimals) }
        return s
    }

    /// A y range that starts and ends on round ticks (steps of 1, 2 or 5 × 10ⁿ), four to seven of them.
    static func niceScale(_ data: [Double]) -> (lo: Double, hi: Double, ticks: [Double]) {
        var lo = data.min() ?? 0, hi = data.max() ?? 1
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        // A little air so a point on the lowest or highest value does not sit on the frame.
        // Counts and percentages never go below zero, so neither does their axis.
        let air = (hi - lo) * 0.08
        lo = lo >= 0 ? max(0, lo - air) : lo - air
        hi += air
        let raw = (hi - lo) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(lo / step) * step, last = ceil(hi / step) * step
        let count = max(1, Int(((last - first) / step).rounded()))
        // Multiplying, not adding, keeps binary error from piling up across ticks.
        let ticks = (0...count).map { i -> Double in
            let t = first + Double(i) * step
            return abs(t) < step / 1e6 ? 0 : t
        }
        return (first, first + Double(count) * step, ticks)
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
