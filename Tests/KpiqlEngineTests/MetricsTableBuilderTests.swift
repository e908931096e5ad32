import XCTest
@testable import KpiqlEngine

/// A CSV with the Sefton period layout becomes a metrics table with derived fields.
final class MetricsTableBuilderTests: XCTestCase {
    func testBuildsDerivedFieldsFromRoles() throws {
        let text = """
        council,id,name,priority,frequency,good,r3,r2,r1,latest,target
        A,X1,"Children, in care",Children,Quarter,high,1,2,3,4,5
        A,X2,Adults,Adults,Quarter,Low,4,3,,2,1
        """
        let csv = try CSVTable(name: "m.csv", records: try CSVReader.read(bytes: Array(text.utf8), name: "m.csv"))
        let roles = MetricRoles(periods: ["r3", "r2", "r1", "latest"], target: "target", good: "good")
        let catalog = Catalog()
        catalog.add(try MetricsTableBuilder.build(name: "national", csv: csv, roles: roles, source: "m.csv"))
        let r = try Engine(catalog: catalog).run("from national select id, name, latest, previous, variance, status, trend")
        XCTAssertEqual(r.row(0), [.text("X1"), .text("Children, in care"), .number(4), .number(3), .number(-20), .symbol("red"), .symbol("improving")])
        // r1 is blank: latest is not compared with r2 across the gap, so no previous and no trend.
        XCTAssertEqual(r.row(1), [.text("X2"), .text("Adults"), .number(2), .missing, .number(-100), .symbol("red"), .missing])
        let why = try Engine(catalog: catalog).run(#"from national where id = "X2" select previous_period, comparison"#)
        XCTAssertEqual(why.row(0), [.missing, .text("r1, the period before latest, has no value")])
    }
}
