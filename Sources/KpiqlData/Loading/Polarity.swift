import KpiqlEngine

/// Reads a polarity cell, case-insensitively, from the words publishers use. The vocabulary
/// (documented in the README):
///
/// | read as high | read as low |
/// |---|---|
/// | high, higher, "high is good", "higher is better", up, h, bigger, more | low, lower, "low is good", "lower is better", down, l, smaller, less |
/// | desc, descending (rank order: higher values rank first) | asc, ascending |
///
/// Anything else is no polarity (missing), counted in the load report.
enum Polarity {
    static func read(_ cell: String) -> String? {
        let c = cell.trimmingCharacters(in: .whitespaces).lowercased()
        if c.contains("low is good") || c.contains("lower is better") || c.contains("low is better") { return "low" }
        if c.contains("high is good") || c.contains("higher is better") || c.contains("high is better") { return "high" }
        if c == "desc" || c == "descending" { return "high" }
        if c == "asc" || c == "ascending" { return "low" }
        if c.hasPrefix("high") || c == "up" || c == "h" || c.hasPrefix("bigger") || c.hasPrefix("more") { return "high" }
        if c.hasPrefix("low") || c == "down" || c == "l" || c.hasPrefix("smaller") || c.hasPrefix("less") { return "low" }
        return nil
    }
}
