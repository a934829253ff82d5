import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// The embedded stdlib matches stdlib/*.sfn (run scripts/embed-stdlib.sh after editing them), and
/// classify agrees with the critical points each module's comments list.
@Suite struct StdlibTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedModulesMatchTheFiles() throws {
        let dir = Self.root.appendingPathComponent("stdlib")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".sfn") }
        #expect(Set(files.map { String($0.dropLast(4)) }) == Set(Stdlib.modules.keys))
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            #expect(Stdlib.modules[String(f.dropLast(4))] == text, "stdlib/\(f) differs from Stdlib.swift: run scripts/embed-stdlib.sh")
        }
    }

    /// scripts/embed-stdlib.sh, run now, writes the committed Stdlib.swift byte for byte: the
    /// generator and its output cannot drift apart (they had: the script wrote `public` where the
    /// file says `package`, and the file imported a module it does not use).
    @Test func theScriptReproducesTheCommittedFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-stdlib-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: out) }
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        script.arguments = ["bash", Self.root.appendingPathComponent("scripts/embed-stdlib.sh").path, out.path]
        script.standardOutput = FileHandle.nullDevice
        try script.run()
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        let committed = try Data(contentsOf: Self.root.appendingPathComponent("Sources/SFNLanguage/Stdlib.swift"))
        #expect(try Data(contentsOf: out) == committed,
                "scripts/embed-stdlib.sh writes a different Stdlib.swift: run it, or fix it to match")
    }

    /// (function, point, kind, index) for every critical point the comments of saddles.sfn list.
    static let points: [(String, String, String, Int)] = [
        ("saddle", "[0, 0]", "saddle", 1),
        ("quartic_saddle", "[0, 0]", "saddle", 1),
        ("quartic_saddle", "[0, sqrt(2)]", "minimum", 0),
        ("quartic_saddle", "[0, -sqrt(2)]", "minimum", 0),
        ("monkey", "[0, 0]", "degenerate", 0),
        ("wine_bottle", "[0, 0]", "maximum", 2),
        ("wine_bottle", "[1, 0]", "degenerate", 0),
        ("wine_bottle", "[0.6, -0.8]", "degenerate", 0),
        ("himmelblau", "[3, 2]", "minimum", 0),
        ("himmelblau", "[-2.8051180869527443, 3.1313125182505774]", "minimum", 0),
        ("himmelblau", "[-3.779310253377747, -3.2831859912861696]", "minimum", 0),
        ("himmelblau", "[3.5844283403309616, -1.8481265269695852]", "minimum", 0),
        ("himmelblau", "[-0.2708445906705825, -0.9230385564564756]", "maximum", 2),
        ("himmelblau", "[0.08667750455539636, 2.8842547011747763]", "saddle", 1),
        ("himmelblau", "[-3.073025750764392, -0.0813530442879669]", "saddle", 1),
        ("himmelblau", "[3.385154183607021, 0.07385187983774928]", "saddle", 1),
        ("himmelblau", "[-0.1279613466823281, -1.9537149805743763]", "saddle", 1),
        ("camel", "[0.08984201310031807, -0.7126564030207397]", "minimum", 0),
        ("camel", "[-0.08984201310031807, 0.7126564030207397]", "minimum", 0),
        ("camel", "[1.7036067149699812, -0.7960835686726251]", "minimum", 0),
        ("camel", "[-1.7036067149699812, 0.7960835686726251]", "minimum", 0),
        ("camel", "[1.6071047529204805, 0.5686514548840973]", "minimum", 0),
        ("camel", "[-1.6071047529204805, -0.5686514548840973]", "minimum", 0),
        ("camel", "[1.230229876509323, 0.16233458441128543]", "maximum", 2),
        ("camel", "[-1.230229876509323, -0.16233458441128543]", "maximum", 2),
        ("camel", "[0, 0]", "saddle", 1),
        ("camel", "[1.1092053368047838, -0.7682680925095597]", "saddle", 1),
        ("camel", "[-1.1092053368047838, 0.7682680925095597]", "saddle", 1),
        ("rosenbrock", "[1, 1]", "minimum", 0),
        ("deep_linear", "[0, 0]", "saddle", 1),
        ("deep_linear", "[2, 0.5]", "degenerate", 0),
        ("beale", "[3, 0.5]", "minimum", 0),
    ]

    @Test func classifyAgreesWithTheListedCriticalPoints() throws {
        let sfn = Interpreter()
        sfn.output = { _ in }
        _ = try sfn.run("import \"saddles\"")
        for (f, x, kind, index) in Self.points {
            let r = try sfn.run("c = classify(\(f), \(x), quiet=true); c.kind")
            #expect(ValueDisplay.display(r) == "\"\(kind)\"", "\(f) at \(x)")
            let i = try sfn.run("c.index")
            #expect(ValueDisplay.display(i) == "\(index)", "\(f) at \(x)")
        }
    }
}
