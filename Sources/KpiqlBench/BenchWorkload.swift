import KpiqlEngine
import KpiqlData

/// The six queries of the all-England benchmark (issue 6), run when `kpiql bench` is given
/// no `--query`, and by the tests that check one and two threads agree.
public enum BenchWorkload {
    public static let queries: [(name: String, text: String)] = [
        ("Q1", #"where priority = "Children" and status = red order by variance"#),
        ("Q2", "order by variance limit 20"),
        ("Q3", "group by priority, status select priority, status, count() as n"),
        ("Q4", #"where name contains "children" and trend = worsening select count() as n"#),
        ("Q5", "where latest > target and change < -10 and good = high select id, name, latest, target, change"),
        ("Q6", "group by council select council, avg(variance) as avg_variance order by avg_variance desc limit 10"),
    ]
}
