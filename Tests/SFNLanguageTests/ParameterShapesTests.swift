// LANGUAGE.md §5's θ-shape rule as a pure function: which shape each parameter gets, and which
// argument a mismatch blames.
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

@Suite struct ParameterShapesTests {
    func resolve(_ start: [Int], _ m: Int, _ k: Int, _ given: [[Int]]? = nil) -> Result<[[Int]], ParameterShapes.Mismatch> {
        ParameterShapes.resolve(startShape: start, elements: m, parameters: k, given: given, function: "f")
    }

    @Test func oneParameterTakesTheStartingPointsShape() {
        #expect(resolve([3], 3, 1) == .success([[3]]))
        #expect(resolve([2, 3], 6, 1) == .success([[2, 3]]))
        #expect(resolve([], 1, 1) == .success([[]]))
    }

    @Test func kParametersAndKElementsAreNumbers() {
        #expect(resolve([2], 2, 2) == .success([[], []]))
        #expect(resolve([3], 3, 2) == .failure(.start("starting point has 3 elements, f takes 2")))
    }

    @Test func shapesOptionSplitsTheta() {
        #expect(resolve([9], 9, 2, [[2, 3], [3]]) == .success([[2, 3], [3]]))
        #expect(resolve([9], 9, 2, [[2, 3]]) == .failure(.shapes("shapes= gives 1 shapes, f takes 2 parameters")))
        #expect(resolve([8], 8, 2, [[2, 3], [3]]) == .failure(.start("starting point has 8 elements, f takes 9")))
        // Extents whose product would overflow an Int are compared in doubles.
        #expect(resolve([4], 4, 1, [[1 << 40, 1 << 40]]) == .failure(.start("starting point has 4 elements, f takes 1.2089258196146292e24")))
    }

    @Test func parsesTheShapesValue() throws {
        let here = SourceLocation(file: "t", line: 1, column: 1)
        #expect(try ParameterShapes.parse(.list([.vector([2, 3]), .vector([3])]), at: here) == [[2, 3], [3]])
        #expect(try ParameterShapes.parse(.vector([2, 3]), at: here) == [[2], [3]])
        #expect(throws: SFNError.self) { try ParameterShapes.parse(.vector([1.5]), at: here) }
    }
}
