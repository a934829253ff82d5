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

    @Test func terminalFormDrawsEachMethodAtItsRho() {
        let text = Self.profile.text()
        #expect(text.contains("* A (2/4)   + B (3/4)"))
        let rows = text.split(separator: "\n").filter { $0.contains("│") || $0.contains("┤") }.map(String.init)
        #expect(rows.count == 15)
        // In the first column (τ = 1), A sits at ρ = 0.25 and B at 0.5: B's row is above A's.
        func rowOf(_ marker: Character) -> Int? {
            rows.firstIndex { line in
                guard let axis = line.firstIndex(where: { $0 == "│" || $0 == "┤" }) else { return false }
                let cells = line[line.index(after: axis)...]
                return cells.first == marker
            }
        }
        let a = rowOf("*"), b = rowOf("+")
        #expect(a != nil && b != nil)
        if let a, let b { #expect(b < a) }
    }
}
