import Foundation
import KpiqlEngine
import KpiqlData

/// Draws a `StripChart` as inline SVG, and a report section's strips as one block.
///
/// Everything is drawn with presentation attributes in black and greys, so the page's style
/// sheet cannot hide it and a black-and-white printer keeps every distinction: the council
/// is a filled diamond with its name, neighbours are hollow circles (stacked where they would
/// overlap), the group average a dashed line, the national value a dotted one.
extension StripChart {
    static let width = 560.0, height = 132.0, left = 24.0, right = 24.0, dotsY = 62.0

    /// The block under a section's table: "Where each area sits", one figure per ranked row.
    static func block(_ strips: [StripChart], idPrefix: String, heading h: Int, shownOf total: Int) -> String {
        var out = "<h\(h)>Where each area sits</h\(h)>\n<div class=\"strips\">\n"
        for (i, s) in strips.enumerated() {
            out += "<figure class=\"strip\">\n" + s.svg(idPrefix: "\(idPrefix)-strip\(i + 1)") + "\n"
            out += "<figcaption>\(HTMLEscape.text(s.caption))</figcaption>\n</figure>\n"
        }
        if total > strips.count && strips.count == StripChart.limit {
            out += "<p class=\"note\">The first \(strips.count) of \(total) ranked rows are drawn.</p>\n"
        }
        return out + "</div>\n"
    }

    var caption: String {
        let others = others.count == 1 ? "1 comparator" : "\(others.count) comparators"
        var s = "\(indicator.isEmpty ? "" : indicator + ". ")◆ \(area) and ○ its \(others)"
        if let g = groupLabel { s += " (\(g))" }
        s += "; dashed: group average"
        if let n = national { s += "; dotted: \(n.label)" }
        return s + "."
    }

    func svg(idPrefix: String) -> String {
        let w = StripChart.width, h = StripChart.height, l = StripChart.left, r = w - StripChart.right, y0 = StripChart.dotsY
        var all = others.map(\.value) + [value]
        if average.isFinite { all.append(average) }
        if let n = national { all.append(n.value) }
        var lo = all.min()!, hi = all.max()!
        if hi - lo < 1e-9 { lo -= 1; hi += 1 }
        let pad = (hi - lo) * 0.04
        lo -= pad; hi += pad
        // Better is to the right: a lower-is-better indicator runs high to low.
        let reversed = goodHigh == false
        func x(_ v: Double) -> Double { let t = (v - lo) / (hi - lo); return reversed ? r - t * (r - l) : l + t * (r - l) }

        var out = "<svg class=\"strip-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" "
            + "role=\"img\" aria-labelledby=\"\(idPrefix)-title\" font-size=\"12\" font-family=\"inherit\">\n"
        out += "<title id=\"\(idPrefix)-title\">\(HTMLEscape.text(summary))</title>\n"
        // The axis, its end values, and which way is better.
        out += "<line x1=\"\(f(l))\" x2=\"\(f(r))\" y1=\"\(f(y0 + 16))\" y2=\"\(f(y0 + 16))\" stroke=\"#555\" stroke-width=\"1\"/>\n"
        let (leftValue, rightValue) = reversed ? (hi - pad, lo + pad) : (lo + pad, hi - pad)
        out += text(l, y0 + 30, NumberFormat.display(leftValue), anchor: "start", fill: "#555")
        out += text(r, y0 + 30, NumberFormat.display(rightValue), anchor: "end", fill: "#555")
        out += text((l + r) / 2, y0 + 30, goodHigh == nil ? "higher →" : "better →", anchor: "middle", fill: "#222", weight: "600")

        // Reference lines under the dots: the group average dashed, the national value dotted.
        var labelRow = 0
        if average.isFinite {
            out += "<line x1=\"\(f(x(average)))\" x2=\"\(f(x(average)))\" y1=\"\(f(y0 - 30))\" y2=\"\(f(y0 + 16))\" stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n"
            out += text(x(average), y0 + 46, "group average " + NumberFormat.display(average), anchor: anchor(x(average)), fill: "#222")
            labelRow += 1
        }
        if let n = national {
            out += "<line x1=\"\(f(x(n.value)))\" x2=\"\(f(x(n.value)))\" y1=\"\(f(y0 - 30))\" y2=\"\(f(y0 + 16))\" stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"1.5 3\"/>\n"
            out += text(x(n.value), y0 + 46 + Double(labelRow) * 15, n.label + " " + NumberFormat.display(n.value), anchor: anchor(x(n.value)), fill: "#222")
        }

        // Neighbours: hollow circles, stacked upwards where two would touch.
        var placed: [(x: Double, lane: Int)] = [(x(value), 0)]
        for p in others.sorted(by: { x($0.value) < x($1.value) }) {
            let px = x(p.value)
            var lane = 0
            while placed.contains(where: { $0.lane == lane && abs($0.x - px) < 9 }) { lane += 1 }
            placed.append((px, lane))
            let py = y0 - Double(min(lane, 3)) * 10
            out += "<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"4.5\" fill=\"#fff\" stroke=\"#444\" stroke-width=\"1.5\">"
                + "<title>\(HTMLEscape.text(p.label + ": " + NumberFormat.display(p.value)))</title></circle>\n"
        }
        // The row's own area: a filled diamond, named, on top of everything.
        let ox = x(value)
        out += "<path d=\"M\(f(ox)) \(f(y0 - 8)) L\(f(ox + 8)) \(f(y0)) L\(f(ox)) \(f(y0 + 8)) L\(f(ox - 8)) \(f(y0)) Z\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"1\"/>\n"
        var label = "\(area) \(NumberFormat.display(value))"
        if rank.isFinite { label += " · \(StripChart.ordinal(Int(rank))) of \(Int(size))" }
        out += "<line x1=\"\(f(ox))\" x2=\"\(f(ox))\" y1=\"\(f(y0 - 10))\" y2=\"\(f(22))\" stroke=\"#000\" stroke-width=\"1\"/>\n"
        out += text(ox, 18, label, anchor: anchor(ox), fill: "#000", weight: "700")
        return out + "</svg>"
    }

    private func anchor(_ x: Double) -> String {
        x < StripChart.width * 0.3 ? "start" : (x > StripChart.width * 0.7 ? "end" : "middle")
    }

    private func text(_ x: Double, _ y: Double, _ s: String, anchor: String, fill: String, weight: String? = nil) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(weight.map { " font-weight=\"\($0)\"" } ?? "")>\(HTMLEscape.text(s))</text>\n"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
