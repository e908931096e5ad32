// swift-tools-version:6.0
import PackageDescription

let lang: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "kpiql",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kpiql", targets: ["kpiql"]),
        .library(name: "KpiqlEngine", targets: ["KpiqlEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // The engine: text -> tokens -> AST -> bound query -> evaluation -> result -> formatter.
        // It knows nothing of terminals.
        .target(name: "KpiqlEngine", swiftSettings: lang),
        // The system libedit (Debian libedit-dev), found through pkg-config.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The system libpq (Debian libpq-dev): the PostgreSQL client for --engine and push.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Running compiled queries on a PostgreSQL server and pushing tables to it (COPY).
        .target(name: "KpiqlServer", dependencies: ["KpiqlEngine", "CLibPQ"], swiftSettings: lang),
        // Swift cannot call C variadic functions (el_set, history): this wraps the ones we need.
        .target(name: "CEditLineShim", dependencies: ["CLibEdit"]),
        // The shell: statements, dot commands, sessions, line readers (scripted and libedit).
        .target(name: "KpiqlShell", dependencies: ["KpiqlEngine", "KpiqlServer", "CEditLineShim"], swiftSettings: lang),
        .executableTarget(
            name: "kpiql",
            dependencies: [
                "KpiqlShell", "KpiqlEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: lang
        ),
        .testTarget(name: "KpiqlEngineTests", dependencies: ["KpiqlEngine"], swiftSettings: lang),
        .testTarget(name: "KpiqlShellTests", dependencies: ["KpiqlShell", "KpiqlEngine"], swiftSettings: lang),
        // Round trips and invariants checked on generated inputs; the SQL backend against
        // PostgreSQL and DuckDB (golden queries and random ones, see Tests/sql/with-servers.sh).
        .testTarget(
            name: "KpiqlPropertyTests",
            dependencies: ["KpiqlEngine", "KpiqlShell", "KpiqlServer", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: lang
        ),
    ]
)
