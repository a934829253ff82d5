// The performance profile's ρ (Dolan and Moré's definition) and what its two renderers draw.
import Testing
@testable import SFNPlot

@Suite struct PerformanceProfileTests {
    /// Problems × methods A, B: A best on 1, B best on 2 and 3 (A fails 3), nobody solves 4.
    static let profile = PerformanceProfile(methods: ["A", "B"],
                                            cost: [[10, 20], [30, 15], [.infinity, 5], [.infinity, .infinity]])

    @Test func rhoCountsProblemsWithinTauOfTheBest() {
        let p = Self.profile
        #expect(p.ratios == [[1, 2], [1, 1, 2]])
        #expect(p.rho(0, 1) == 0.25)       // A is best on one problem of four
        #expect(p.rho(0, 1.99) == 0.25)
        #expect(p.rho(0, 2) == 0.5)        // within twice the best on two
        #expect(p.rho(0, 1e9) == 0.5)      // and never solves the other two
        #expect(p.rho(1, 1) == 0.5)
        #expect(p.rho(1, 2) == 0.75)       // the unsolved problem counts against everyone
        #expect(p.maxLog2 >= 1)
    }

    @Test func aBestCostOfZeroIsOnlyMatchedByZero() {
        let p = PerformanceProfile(methods: ["A", "B"], cost: [[0, 3]])
        #expect(p.ratios == [[1], []])
    }

    @Test func svgHasAStepCurveAndALegendEntryPerMethod() {
        let svg = Self.profile.svg()
        #expect(svg.components(separatedBy: "<path class=\"series\"").count - 1 == 2)
        #expect(svg.contains("A (2/4)") && svg.contains("B (3/4)"))
        // A's curve starts at ρ = 0.25 and steps up once (at τ = 2); B's steps once too.
        let paths = svg.components(separatedBy: "<path class=\"series\" d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(paths.map { $0.filter { $0 == "V" }.count } == [1, 1])
    }

    @Test func tenMethodsGetTenColours() {
        let names = (1...10).map { "m\($0)" }
        let svg = PerformanceProfile(methods: names, cost: [(1...10).map(Double.init)]).svg()
        let strokes = svg.components(separatedBy: "<path class=\"series\"").dropFirst().compactMap { path in
            path.components(separatedBy: "stroke=\"").dropFirst().first?.prefix { $0 != "\"" }
        }
        #expect(strokes.count == 10 && Set(strokes).count == 10)
    }

    /// In the terminal the profile is drawn as the learning curves are: one marker per method
    /// without colour, braille in a colour each with it; y runs from 0 to 1 whatever the data.
    @Test func terminalFormDrawsEachMethodAtItsRho() {
        let text = Self.profile.text()
        #expect(text.contains("• A (2/4)") && text.contains("+ B (3/4)"))
        let rows = text.split(separator: "\n").filter { $0.contains("│") || $0.contains("┤") }.map(String.init)
        #expect(rows.first?.hasPrefix("  1 ┤") == true && rows.last?.hasPrefix("  0 ┤") == true)  // 0 to 1, though ρ ≤ 0.75
        // In the first column (τ = 1), A sits at ρ = 0.25 and B at 0.5: B's row is above A's.
        func rowOf(_ marker: Character) -> Int? {
            rows.firstIndex { line in
                guard let axis = line.firstIndex(where: { $0 == "│" || $0 == "┤" }) else { return false }
                let cells = line[line.index(after: axis)...]
                return cells.first == marker
            }
        }
        let a = rowOf("•"), b = rowOf("+")
        #expect(a != nil && b != nil)
        if let a, let b {
            #expect(b < a)
            // ρ = 0.25 and 0.5 on a 0…1 axis: a quarter of the way up and halfway.
            #expect(abs(Double(rows.count - 1 - a) / Double(rows.count - 1) - 0.25) < 0.1)
            #expect(abs(Double(rows.count - 1 - b) / Double(rows.count - 1) - 0.5) < 0.1)
        }
        let coloured = Self.profile.text(TextPlotStyle(columns: 80, colour: true))
        #expect(coloured.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })  // braille dots
        #expect(coloured.contains("\u{1B}["))
    }
}
